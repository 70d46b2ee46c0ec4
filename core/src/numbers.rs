//! Numbers as text, with integer arithmetic only: float formatting costs ~10 KB of Wasm for a few labels. In
//! 64 bits, not 128: formatting and dividing 128-bit integers costs another 2 KB, for counts that never need it.

/// `part` of `whole` as a whole percentage, rounded half up; 0 when `whole` is 0.
pub fn percent(part: usize, whole: usize) -> usize {
    if whole == 0 {
        return 0;
    }
    let (part, whole) = (part.min(whole) as u64, whole as u64);
    (part.saturating_mul(100).saturating_add(whole / 2) / whole) as usize
}

/// `part` of `whole` with one decimal, as "37.5%"; `None` when `whole` is 0.
pub fn percent_one_decimal(part: usize, whole: usize) -> Option<String> {
    if whole == 0 {
        return None;
    }
    let (part, whole) = (part.min(whole) as u64, whole as u64);
    let tenths = part.saturating_mul(1000).saturating_add(whole / 2) / whole;
    Some(format!("{}.{}%", tenths / 10, tenths % 10))
}

/// A model score with two decimals ("0.82"); scores outside 0..=1 are shown as they are, clamped to ±999.
pub fn score_text(score: f64) -> String {
    if !score.is_finite() {
        return "?".to_owned();
    }
    let hundredths = (score.clamp(-999.0, 999.0) * 100.0).round() as i64;
    let sign = if hundredths < 0 { "-" } else { "" };
    let abs = hundredths.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up_and_never_divide_by_zero() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 200), 1);
        assert_eq!(percent(5, 0), 0);
        assert_eq!(percent(9, 4), 100, "capped at the whole");
    }

    #[test]
    fn one_decimal_percentages() {
        assert_eq!(percent_one_decimal(3, 8).as_deref(), Some("37.5%"));
        assert_eq!(percent_one_decimal(1, 3).as_deref(), Some("33.3%"));
        assert_eq!(percent_one_decimal(0, 10).as_deref(), Some("0.0%"));
        assert_eq!(percent_one_decimal(10_331, 10_331).as_deref(), Some("100.0%"));
        assert_eq!(percent_one_decimal(1, 0), None);
    }

    #[test]
    fn scores_show_two_decimals() {
        assert_eq!(score_text(0.8), "0.80");
        assert_eq!(score_text(0.125), "0.13");
        assert_eq!(score_text(1.0), "1.00");
        assert_eq!(score_text(-0.5), "-0.50");
        assert_eq!(score_text(f64::NAN), "?");
    }
}
