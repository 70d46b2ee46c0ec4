//! Live figures without freezing: when to refresh next, and what to say about the figures on screen.
//!
//! A state machine with no clock: the page reports successes and failures with the time, and asks how long to
//! wait. Failures back off (doubling up to five minutes) and the last good figures stay on screen, with their age.

/// How often a dashboard refreshes while everything works.
pub const REFRESH_MS: f64 = 15_000.0;
/// The longest wait between attempts after repeated failures.
pub const MAX_BACKOFF_MS: f64 = 300_000.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Refresher {
    interval_ms: f64,
    failures: u32,
    last_success_ms: Option<f64>,
    last_error: Option<String>,
    /// What the server asked us to wait after the last failure (a 429), if anything.
    asked_wait_ms: f64,
}

impl Refresher {
    pub fn new(interval_ms: f64) -> Self {
        Refresher {
            interval_ms: interval_ms.max(1_000.0),
            failures: 0,
            last_success_ms: None,
            last_error: None,
            asked_wait_ms: 0.0,
        }
    }

    pub fn succeeded(&mut self, now_ms: f64) {
        self.failures = 0;
        self.last_success_ms = Some(now_ms);
        self.last_error = None;
        self.asked_wait_ms = 0.0;
    }

    pub fn failed(&mut self, message: String) {
        self.failures = self.failures.saturating_add(1);
        self.last_error = Some(message);
        self.asked_wait_ms = 0.0;
    }

    /// The server asked us to wait `wait_ms` before asking again (a 429): the next attempt waits at least that.
    pub fn throttled(&mut self, message: String, wait_ms: f64) {
        self.failed(message);
        self.asked_wait_ms = wait_ms;
    }

    /// The wait before the next attempt: the interval, doubled for each failure in a row, capped; never less
    /// than what a server that answered 429 asked for.
    pub fn next_delay_ms(&self) -> f64 {
        let doublings = self.failures.min(16) as i32;
        let backoff = (self.interval_ms * 2f64.powi(doublings)).min(MAX_BACKOFF_MS.max(self.interval_ms));
        backoff.max(self.asked_wait_ms)
    }

    /// Whole seconds since the figures on screen were fetched; `None` before the first success.
    pub fn age_s(&self, now_ms: f64) -> Option<u64> {
        self.last_success_ms.map(|t| ((now_ms - t).max(0.0) / 1000.0) as u64)
    }

    /// Why the last attempt failed, while the failure lasts.
    pub fn last_error(&self) -> Option<&str> {
        self.last_error.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_429_waits_at_least_what_the_server_asked_then_the_interval_again() {
        let mut r = Refresher::new(5_000.0);
        r.throttled("the server asked to wait 600 s".into(), 600_000.0);
        assert_eq!(r.next_delay_ms(), 600_000.0, "longer than the backoff's five-minute cap");
        assert_eq!(r.last_error(), Some("the server asked to wait 600 s"));
        r.throttled("wait 1 s".into(), 1_000.0);
        assert_eq!(r.next_delay_ms(), 5_000.0 * 4.0, "the backoff when it is longer");
        r.failed("offline".into());
        assert_eq!(r.next_delay_ms(), 5_000.0 * 8.0);
        r.succeeded(1.0);
        assert_eq!(r.next_delay_ms(), 5_000.0);
    }

    #[test]
    fn it_refreshes_on_the_interval_while_all_is_well() {
        let mut r = Refresher::new(REFRESH_MS);
        assert_eq!(r.next_delay_ms(), 15_000.0);
        r.succeeded(1_000.0);
        assert_eq!(r.next_delay_ms(), 15_000.0);
        assert_eq!(r.age_s(13_500.0), Some(12));
    }

    #[test]
    fn failures_back_off_up_to_five_minutes_and_keep_the_age_of_the_last_good_figures() {
        let mut r = Refresher::new(REFRESH_MS);
        assert_eq!(r.age_s(5.0), None, "nothing fetched yet");
        r.succeeded(0.0);
        let delays: Vec<f64> = (0..6)
            .map(|i| {
                r.failed(format!("HTTP 500 #{i}"));
                r.next_delay_ms()
            })
            .collect();
        assert_eq!(delays, [30_000.0, 60_000.0, 120_000.0, 240_000.0, 300_000.0, 300_000.0]);
        assert_eq!(r.last_error(), Some("HTTP 500 #5"));
        assert_eq!(r.age_s(95_000.0), Some(95), "the figures on screen are still the first ones");
        r.succeeded(100_000.0);
        assert_eq!((r.next_delay_ms(), r.last_error()), (15_000.0, None));
    }

    #[test]
    fn a_silly_interval_is_raised_to_a_second() {
        assert_eq!(Refresher::new(0.0).next_delay_ms(), 1_000.0);
    }
}
