//! Wire types: what each backend sends and expects, kept apart from the domain model.

pub mod argilla;
pub mod hub;
pub mod hub_prs;
pub mod hub_read;

/// A 429's wait when the server names none (or names it as a date).
pub const DEFAULT_WAIT_S: u64 = 30;
/// The longest wait a 429 may ask for.
pub const MAX_WAIT_S: u64 = 3_600;

/// How long a server that answered 429 asked us to wait, in seconds: its `Retry-After` (in seconds), else the
/// `t=` of the Hub's `RateLimit` header (`"api";r=0;t=120`), else [`DEFAULT_WAIT_S`]; at least 1, at most
/// [`MAX_WAIT_S`].
pub fn wait_after_429(retry_after: Option<&str>, rate_limit: Option<&str>) -> u64 {
    let from_retry_after = retry_after.and_then(|v| v.trim().parse::<u64>().ok());
    let from_rate_limit = || {
        rate_limit?
            .split(';')
            .find_map(|part| part.trim().strip_prefix("t=").and_then(|t| t.trim().parse::<u64>().ok()))
    };
    from_retry_after.or_else(from_rate_limit).unwrap_or(DEFAULT_WAIT_S).clamp(1, MAX_WAIT_S)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_429_waits_what_the_server_asked_within_bounds() {
        assert_eq!(wait_after_429(Some("12"), None), 12);
        assert_eq!(wait_after_429(Some(" 7 "), Some("\"api\";r=0;t=99")), 7);
        assert_eq!(wait_after_429(None, Some("\"api\";r=0;t=120")), 120);
        assert_eq!(wait_after_429(Some("Wed, 21 Oct 2026 07:28:00 GMT"), None), DEFAULT_WAIT_S);
        assert_eq!(wait_after_429(None, None), DEFAULT_WAIT_S);
        assert_eq!(wait_after_429(Some("0"), None), 1);
        assert_eq!(wait_after_429(Some("999999999999"), None), MAX_WAIT_S);
        assert_eq!(wait_after_429(Some("-5"), Some("garbage")), DEFAULT_WAIT_S);
    }
}
