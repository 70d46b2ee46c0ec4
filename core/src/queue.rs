//! The pending queue: the records a contributor has yet to answer, fetched a page ahead so that the next
//! record is on screen the moment they submit, without waiting for any round trip.
//!
//! Backends list "pending" records from the start each time (answered records drop out of that list once the
//! backend has them), so the queue always asks from offset 0 and widens the page by the records it knows the
//! backend will still list: those waiting in the queue and those answered here but not yet acknowledged.

use crate::model::Record;
use std::collections::VecDeque;

/// Argilla's search endpoint caps `limit` at 1000.
pub const MAX_PAGE: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub offset: usize,
    pub limit: usize,
}

#[derive(Clone, Debug)]
pub struct PendingQueue {
    items: VecDeque<Record>,
    /// Answered in this session: never shown again, whatever a backend lists. (A session answers
    /// hundreds of records, not millions: a vector is enough and smaller in the Wasm than a set.)
    answered: Vec<String>,
    /// Answered here and acknowledged as no longer pending by the backend.
    gone: Vec<String>,
    page_size: usize,
    /// Fetch more once this few records are left.
    low_water: usize,
    fetching: bool,
    exhausted: bool,
}

impl PendingQueue {
    pub fn new(page_size: usize, low_water: usize) -> Self {
        PendingQueue {
            items: VecDeque::new(),
            answered: Vec::new(),
            gone: Vec::new(),
            page_size: page_size.clamp(1, MAX_PAGE),
            low_water,
            fetching: false,
            exhausted: false,
        }
    }

    pub fn current(&self) -> Option<&Record> {
        self.items.front()
    }

    /// Records ready to show after the current one.
    pub fn ahead(&self) -> usize {
        self.items.len().saturating_sub(1)
    }

    /// Whether a page should be requested now.
    pub fn wants_more(&self) -> bool {
        !self.fetching && !self.exhausted && self.items.len() <= self.low_water
    }

    /// Start a fetch; `None` if one is under way or nothing is left.
    pub fn begin_fetch(&mut self) -> Option<PageRequest> {
        if self.fetching || self.exhausted {
            return None;
        }
        self.fetching = true;
        let still_listed = self.answered.len() - self.gone.len();
        let limit = (self.items.len() + still_listed + self.page_size).min(MAX_PAGE);
        Some(PageRequest { offset: 0, limit })
    }

    /// A page arrived for `request`. Records already queued or answered here are skipped.
    pub fn receive(&mut self, request: PageRequest, records: Vec<Record>) {
        self.fetching = false;
        if records.len() < request.limit {
            self.exhausted = true;
        }
        let mut fresh = 0;
        for record in records {
            if self.answered.contains(&record.id) || self.items.iter().any(|r| r.id == record.id) {
                continue;
            }
            self.items.push_back(record);
            fresh += 1;
        }
        // A full page with nothing new while the window is capped cannot make progress: stop asking.
        if fresh == 0 && request.limit == MAX_PAGE {
            self.exhausted = true;
        }
    }

    pub fn fetch_failed(&mut self) {
        self.fetching = false;
    }

    /// The contributor answered the current record: it leaves, the next one is current at once.
    pub fn answer_current(&mut self) -> Option<Record> {
        let record = self.items.pop_front()?;
        if !self.answered.contains(&record.id) {
            self.answered.push(record.id.clone());
        }
        Some(record)
    }

    /// The backend acknowledged an answer that takes the record out of its pending list.
    pub fn mark_gone(&mut self, record_id: &str) {
        let id = record_id.to_owned();
        if self.answered.contains(&id) && !self.gone.contains(&id) {
            self.gone.push(id);
        }
    }

    /// Show `record` now (a deep link, or an undo). It is no longer counted as answered.
    pub fn show_first(&mut self, record: Record) {
        self.answered.retain(|id| *id != record.id);
        self.gone.retain(|id| *id != record.id);
        self.items.retain(|r| r.id != record.id);
        self.items.push_front(record);
    }

    /// Nothing left to answer, and nothing more to fetch.
    pub fn is_done(&self) -> bool {
        self.exhausted && !self.fetching && self.items.is_empty()
    }

    pub fn is_fetching(&self) -> bool {
        self.fetching
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str) -> Record {
        Record { id: id.into(), fields: Default::default(), suggestions: vec![], mine: None }
    }

    fn recs(ids: &[&str]) -> Vec<Record> {
        ids.iter().map(|id| rec(id)).collect()
    }

    #[test]
    fn an_empty_queue_asks_for_a_first_page() {
        let mut queue = PendingQueue::new(10, 3);
        assert!(queue.wants_more());
        assert_eq!(queue.begin_fetch(), Some(PageRequest { offset: 0, limit: 10 }));
        assert!(queue.begin_fetch().is_none(), "one fetch at a time");
    }

    #[test]
    fn submitting_shows_the_next_record_without_a_request() {
        let mut queue = PendingQueue::new(10, 3);
        let request = queue.begin_fetch().unwrap();
        queue.receive(request, recs(&["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]));
        assert_eq!(queue.current().unwrap().id, "a");
        queue.answer_current();
        assert_eq!(queue.current().unwrap().id, "b");
        assert!(!queue.wants_more(), "still well stocked");
    }

    #[test]
    fn the_next_page_is_prefetched_before_the_queue_runs_dry() {
        let mut queue = PendingQueue::new(4, 2);
        let request = queue.begin_fetch().unwrap();
        queue.receive(request, recs(&["a", "b", "c", "d"]));
        queue.answer_current();
        assert!(!queue.wants_more());
        queue.answer_current();
        assert!(queue.wants_more(), "two left: time to fetch while the contributor works");
        // The two answered records are not acknowledged yet, so the backend still lists them.
        assert_eq!(queue.begin_fetch(), Some(PageRequest { offset: 0, limit: 2 + 2 + 4 }));
    }

    #[test]
    fn records_answered_here_are_never_shown_again() {
        let mut queue = PendingQueue::new(3, 1);
        let request = queue.begin_fetch().unwrap();
        queue.receive(request, recs(&["a", "b", "c"]));
        queue.answer_current();
        queue.answer_current();
        let request = queue.begin_fetch().unwrap();
        queue.receive(request, recs(&["a", "b", "c", "d", "e"]));
        let mut seen = vec![];
        while let Some(r) = queue.answer_current() {
            seen.push(r.id);
        }
        assert_eq!(seen, ["c", "d", "e"]);
    }

    #[test]
    fn acknowledged_answers_no_longer_widen_the_page() {
        let mut queue = PendingQueue::new(5, 1);
        let request = queue.begin_fetch().unwrap();
        queue.receive(request, recs(&["a", "b", "c", "d", "e"]));
        queue.answer_current();
        queue.mark_gone("a");
        queue.mark_gone("never-answered");
        queue.answer_current();
        queue.answer_current();
        queue.answer_current();
        assert_eq!(queue.begin_fetch().unwrap().limit, 1 + 3 + 5);
    }

    #[test]
    fn a_short_page_means_all_done_once_answered() {
        let mut queue = PendingQueue::new(10, 3);
        let request = queue.begin_fetch().unwrap();
        queue.receive(request, recs(&["a"]));
        assert!(!queue.is_done());
        assert!(!queue.wants_more());
        queue.answer_current();
        assert!(queue.is_done());
    }

    #[test]
    fn a_failed_fetch_can_be_tried_again() {
        let mut queue = PendingQueue::new(10, 3);
        queue.begin_fetch().unwrap();
        queue.fetch_failed();
        assert!(!queue.is_done());
        assert!(queue.begin_fetch().is_some());
    }

    #[test]
    fn a_deep_linked_record_comes_first_and_is_not_repeated() {
        let mut queue = PendingQueue::new(10, 3);
        queue.show_first(rec("x"));
        let request = queue.begin_fetch().unwrap();
        queue.receive(request, recs(&["a", "x", "b"]));
        let order: Vec<_> = std::iter::from_fn(|| queue.answer_current()).map(|r| r.id).collect();
        assert_eq!(order, ["x", "a", "b"]);
    }

    #[test]
    fn an_undone_record_comes_back_to_the_front() {
        let mut queue = PendingQueue::new(10, 3);
        let request = queue.begin_fetch().unwrap();
        queue.receive(request, recs(&["a", "b"]));
        let a = queue.answer_current().unwrap();
        queue.show_first(a);
        assert_eq!(queue.current().unwrap().id, "a");
        assert_eq!(queue.ahead(), 1);
    }

    #[test]
    fn a_capped_window_with_nothing_new_stops_asking() {
        let mut queue = PendingQueue::new(MAX_PAGE, 1);
        let request = queue.begin_fetch().unwrap();
        let ids: Vec<String> = (0..MAX_PAGE).map(|i| i.to_string()).collect();
        queue.receive(request, ids.iter().map(|id| rec(id)).collect());
        while queue.answer_current().is_some() {}
        let request = queue.begin_fetch().unwrap();
        assert_eq!(request.limit, MAX_PAGE);
        queue.receive(request, ids.iter().map(|id| rec(id)).collect());
        assert!(queue.is_done());
    }
}
