//! The outbox: every response a contributor gives waits here, persisted, until its backend acknowledges it.
//!
//! A state machine with no clock and no I/O: the browser layer calls [`Outbox::take_ready`], sends the item,
//! and reports the outcome with [`Outbox::settle`]. A newer answer to the same record replaces an older one
//! that has not left yet; one that is already on the wire is followed, never overtaken.

use crate::model::{Response, ResponseStatus};
use crate::stats::MyProgress;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxOp {
    /// Create or replace the contributor's response.
    Save { response: Response },
    /// Remove the contributor's response (undoing a discard of a record they had not answered).
    Retract { user: String },
}

impl OutboxOp {
    /// The contributor's response on the record once this is delivered: `None` when it is retracted.
    pub fn status(&self) -> Option<ResponseStatus> {
        match self {
            OutboxOp::Save { response } => Some(response.status),
            OutboxOp::Retract { .. } => None,
        }
    }
}

/// Why an item is still waiting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// The network or the server failed; it is retried with backoff.
    Retrying(String),
    /// The server asked us to slow down (429): it waits the time the server asked for, even when the network
    /// comes back or the contributor presses "Send now" (asking sooner only spends more of the quota).
    Throttled,
    /// The server refused the answer (it said why); the contributor must change it.
    Rejected(String),
    /// The credential expired or was revoked; everything waits for the contributor to sign in again.
    NeedsSignIn,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub seq: u64,
    pub task_id: String,
    pub record_id: String,
    pub op: OutboxOp,
    #[serde(default)]
    pub attempts: u32,
    #[serde(default)]
    pub not_before_ms: f64,
    #[serde(default)]
    pub problem: Option<Problem>,
    /// The tab that sends it (see [`Outbox::claim_all`]); empty in outboxes saved before tabs had names.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// The tab that enqueued it: with `seq`, what names it across tabs.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tab: String,
    /// The contributor's response on the record as the backend had it before this device changed it (what the
    /// backend's figures still count until this is delivered): see [`Outbox::counting_kept`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub was: Option<ResponseStatus>,
    /// Not persisted: after a reload nothing is on the wire any more.
    #[serde(skip)]
    in_flight: bool,
}

impl OutboxItem {
    pub fn in_flight(&self) -> bool {
        self.in_flight
    }

    fn id(&self) -> (u64, &str) {
        (self.seq, &self.tab)
    }

    fn same_record(&self, task_id: &str, record_id: &str) -> bool {
        self.task_id == task_id && self.record_id == record_id
    }
}

/// What happened to an item that was sent.
#[derive(Clone, Debug, PartialEq)]
pub enum SendOutcome {
    Delivered,
    /// Offline, timed out, 5xx: try again later.
    Failed(String),
    /// 429: try again once `wait_ms` have passed (or the backoff, if longer).
    Throttled {
        wait_ms: f64,
    },
    /// 4xx with a message about the answer itself (422, say).
    Rejected(String),
    /// 401: the credential is gone.
    Unauthorized,
}

pub const FIRST_RETRY_MS: f64 = 1_000.0;
/// How many of the latest items that left an outbox remembers (see [`Outbox::rebase`]).
const MAX_GONE: usize = 256;
pub const MAX_RETRY_MS: f64 = 60_000.0;

/// Wait before attempt `attempts + 1`: 1 s, 2 s, 4 s … capped at a minute.
pub fn backoff_ms(attempts: u32) -> f64 {
    let exponent = attempts.saturating_sub(1).min(16) as i32;
    (FIRST_RETRY_MS * 2f64.powi(exponent)).min(MAX_RETRY_MS)
}

/// When a batching backend sends: once `size` answers are ready, when the page is hidden (the contributor is
/// leaving), or once the oldest ready answer has waited `max_wait_ms`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BatchPolicy {
    pub size: usize,
    pub max_wait_ms: f64,
}

impl BatchPolicy {
    /// One answer at a time, at once.
    pub const SINGLE: BatchPolicy = BatchPolicy { size: 1, max_wait_ms: 0.0 };

    pub fn due(&self, ready: usize, waited_ms: f64, page_hidden: bool) -> bool {
        ready > 0 && (ready >= self.size || page_hidden || waited_ms >= self.max_wait_ms)
    }
}

/// One outbox per device, shared by every tab of the app: each tab applies its changes to the copy saved last
/// (see [`Outbox::rebase`]), so two tabs never undo each other, and sends only the items it owns, so no answer
/// is sent twice at once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outbox {
    items: Vec<OutboxItem>,
    next_seq: u64,
    /// The latest items that left (delivered, or replaced by a newer answer), so that a copy saved by a tab
    /// that had not seen them go does not bring them back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    gone: Vec<(u64, String)>,
    /// This tab's name (not saved).
    #[serde(skip)]
    me: String,
}

impl Outbox {
    /// Name the tab this outbox lives in: it sends what it enqueues or claims.
    pub fn with_owner(mut self, me: &str) -> Self {
        self.me = me.to_owned();
        self
    }

    /// This tab takes over every waiting item (a newly opened tab sends what closed tabs left behind; a tab
    /// still open sees the change at its next [`Outbox::rebase`] and stops sending them).
    pub fn claim_all(&mut self) {
        for item in &mut self.items {
            item.owner.clone_from(&self.me);
        }
    }

    /// Merge `saved`, the copy another tab may have changed since this tab last saw it: its items (in their
    /// saved state), this tab's items that the copy lacks, less every item either knows has left; what this
    /// tab has on the wire stays marked so. Two tabs that save at nearly the same moment from copies a moment
    /// old lose nothing and bring nothing back.
    pub fn rebase(&mut self, saved: Outbox) {
        for id in saved.gone {
            if !self.gone.contains(&id) {
                self.gone.push(id);
            }
        }
        let excess = self.gone.len().saturating_sub(MAX_GONE);
        self.gone.drain(..excess);
        let gone = |item: &OutboxItem| self.gone.iter().any(|(seq, tab)| (*seq, tab.as_str()) == item.id());
        let in_flight: Vec<(u64, String)> =
            self.items.iter().filter(|i| i.in_flight).map(|i| (i.seq, i.tab.clone())).collect();
        let mut items: Vec<OutboxItem> = saved.items.into_iter().filter(|i| !gone(i)).collect();
        for mine in std::mem::take(&mut self.items) {
            if !gone(&mine) && !items.iter().any(|i| i.id() == mine.id()) {
                items.push(mine);
            }
        }
        let order = crate::stats::sorted_order(items.len(), &|a, b| items[a].seq.cmp(&items[b].seq));
        let mut slots: Vec<Option<OutboxItem>> = items.into_iter().map(Some).collect();
        let mut items: Vec<OutboxItem> = order.into_iter().filter_map(|i| slots[i].take()).collect();
        for item in &mut items {
            item.in_flight =
                item.owner == self.me && in_flight.iter().any(|(seq, tab)| (*seq, tab.as_str()) == item.id());
        }
        self.items = items;
        self.next_seq = self.next_seq.max(saved.next_seq);
    }

    fn leave(&mut self, index: usize) {
        let item = self.items.remove(index);
        self.gone.push((item.seq, item.tab));
    }

    pub fn enqueue(&mut self, task_id: &str, record_id: &str, op: OutboxOp) -> u64 {
        self.enqueue_over(task_id, record_id, None, op)
    }

    /// [`Outbox::enqueue`] for a record on which the backend has the contributor's response `was`. An answer that
    /// replaces or follows one still here keeps that one's `was`: the backend has not seen either yet.
    pub fn enqueue_over(&mut self, task_id: &str, record_id: &str, was: Option<ResponseStatus>, op: OutboxOp) -> u64 {
        let was = self.items.iter().find(|i| i.same_record(task_id, record_id)).map_or(was, |i| i.was);
        while let Some(index) = self.items.iter().position(|i| !i.in_flight && i.same_record(task_id, record_id)) {
            self.leave(index);
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.items.push(OutboxItem {
            seq,
            task_id: task_id.to_owned(),
            record_id: record_id.to_owned(),
            op,
            attempts: 0,
            not_before_ms: 0.0,
            problem: None,
            owner: self.me.clone(),
            tab: self.me.clone(),
            was,
            in_flight: false,
        });
        seq
    }

    fn is_ready(&self, item: &OutboxItem, now_ms: f64) -> bool {
        !item.in_flight
            && item.owner == self.me
            && matches!(item.problem, None | Some(Problem::Retrying(_) | Problem::Throttled))
            && item.not_before_ms <= now_ms
            && !self.items.iter().any(|other| other.seq < item.seq && other.same_record(&item.task_id, &item.record_id))
    }

    /// The next item to send, marked as on the wire; `None` when nothing may go now.
    pub fn take_ready(&mut self, now_ms: f64) -> Option<OutboxItem> {
        let index = self.items.iter().position(|item| self.is_ready(item, now_ms))?;
        let item = &mut self.items[index];
        item.in_flight = true;
        Some(item.clone())
    }

    /// Up to `max` items that may go now, oldest first, all marked as on the wire (a backend that commits
    /// files sends them as one batch). Each item is settled on its own afterwards.
    pub fn take_batch(&mut self, now_ms: f64, max: usize) -> Vec<OutboxItem> {
        std::iter::from_fn(|| self.take_ready(now_ms)).take(max).collect()
    }

    /// How many items may go now.
    pub fn ready_count(&self, now_ms: f64) -> usize {
        self.items.iter().filter(|item| self.is_ready(item, now_ms)).count()
    }

    pub fn settle(&mut self, seq: u64, outcome: SendOutcome, now_ms: f64) {
        if outcome == SendOutcome::Unauthorized {
            for item in &mut self.items {
                item.in_flight = false;
                item.problem = Some(Problem::NeedsSignIn);
            }
            return;
        }
        let Some(index) = self.items.iter().position(|i| i.seq == seq && i.owner == self.me) else {
            return;
        };
        match outcome {
            SendOutcome::Delivered => self.leave(index),
            SendOutcome::Failed(message) => {
                let item = &mut self.items[index];
                item.in_flight = false;
                item.attempts += 1;
                item.not_before_ms = now_ms + backoff_ms(item.attempts);
                item.problem = Some(Problem::Retrying(message));
            }
            SendOutcome::Throttled { wait_ms } => {
                let item = &mut self.items[index];
                item.in_flight = false;
                item.attempts += 1;
                item.not_before_ms = now_ms + wait_ms.max(backoff_ms(item.attempts));
                item.problem = Some(Problem::Throttled);
            }
            SendOutcome::Rejected(message) => {
                let item = &mut self.items[index];
                item.in_flight = false;
                item.problem = Some(Problem::Rejected(message));
            }
            SendOutcome::Unauthorized => unreachable!("handled above"),
        }
    }

    /// After a fresh sign-in: everything that waited for it may go.
    pub fn resume_after_sign_in(&mut self) {
        for item in &mut self.items {
            if item.problem == Some(Problem::NeedsSignIn) {
                item.problem = None;
                item.not_before_ms = 0.0;
            }
        }
    }

    /// The browser says it is online again: retry now instead of waiting out the backoff.
    pub fn retry_now(&mut self) {
        for item in &mut self.items {
            if matches!(item.problem, Some(Problem::Retrying(_))) {
                item.not_before_ms = 0.0;
            }
        }
    }

    /// When the earliest waiting retry becomes due.
    pub fn next_due_ms(&self) -> Option<f64> {
        self.items
            .iter()
            .filter(|i| {
                !i.in_flight
                    && i.owner == self.me
                    && matches!(i.problem, None | Some(Problem::Retrying(_) | Problem::Throttled))
            })
            .map(|i| i.not_before_ms)
            .reduce(f64::min)
    }

    /// The newest local answer to a record, which wins over whatever the backend last said.
    pub fn latest_for(&self, task_id: &str, record_id: &str) -> Option<&OutboxItem> {
        self.items.iter().filter(|i| i.same_record(task_id, record_id)).max_by_key(|i| i.seq)
    }

    /// My figures on a task as the backend gave them, with what this device keeps for it counted as the
    /// backend will once it is delivered: an answer given offline, or waiting for a batch, is done already.
    pub fn counting_kept(&self, task_id: &str, mine: MyProgress) -> MyProgress {
        let mut records: Vec<&str> = Vec::new();
        for item in self.items.iter().filter(|i| i.task_id == task_id) {
            if !records.contains(&item.record_id.as_str()) {
                records.push(&item.record_id);
            }
        }
        mine.with_changes(records.into_iter().filter_map(|record| {
            let first = self.items.iter().filter(|i| i.same_record(task_id, record)).min_by_key(|i| i.seq)?;
            let last = self.latest_for(task_id, record)?;
            Some((first.was, last.op.status()))
        }))
    }

    pub fn items(&self) -> &[OutboxItem] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn needs_sign_in(&self) -> bool {
        self.items.iter().any(|i| i.problem == Some(Problem::NeedsSignIn))
    }

    pub fn rejected(&self) -> impl Iterator<Item = &OutboxItem> {
        self.items.iter().filter(|i| matches!(i.problem, Some(Problem::Rejected(_))))
    }

    /// While the server has asked us to slow down: when the first throttled item may go again.
    pub fn throttled_until(&self, now_ms: f64) -> Option<f64> {
        self.items
            .iter()
            .filter(|i| i.problem == Some(Problem::Throttled) && i.not_before_ms > now_ms)
            .map(|i| i.not_before_ms)
            .reduce(f64::min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnswerValue, ResponseStatus};

    fn save(record: &str, rating: i64, status: ResponseStatus) -> OutboxOp {
        OutboxOp::Save {
            response: Response {
                record_id: record.into(),
                user: "ana".into(),
                status,
                values: [("quality".to_owned(), AnswerValue::Rating(rating))].into(),
                updated_at_ms: 1.0,
            },
        }
    }

    fn rating_of(item: &OutboxItem) -> i64 {
        match &item.op {
            OutboxOp::Save { response } => response.values["quality"].as_rating().unwrap(),
            OutboxOp::Retract { .. } => panic!("not a save"),
        }
    }

    fn progress(total: usize, submitted: usize, drafts: usize, discarded: usize) -> MyProgress {
        MyProgress { total, submitted, drafts, discarded }
    }

    #[test]
    fn answers_kept_on_this_device_count_in_my_progress_before_they_are_delivered() {
        let mut outbox = Outbox::default();
        // Two new answers given offline, one draft on a record the backend had nothing for, another task's answer.
        outbox.enqueue_over("t", "r1", None, save("r1", 4, ResponseStatus::Submitted));
        outbox.enqueue_over("t", "r2", None, save("r2", 2, ResponseStatus::Submitted));
        outbox.enqueue_over("t", "r3", None, save("r3", 1, ResponseStatus::Draft));
        outbox.enqueue_over("other", "r9", None, save("r9", 5, ResponseStatus::Submitted));
        let mine = outbox.counting_kept("t", progress(10, 1, 0, 0));
        assert_eq!(mine, progress(10, 3, 1, 0));
        assert_eq!(mine.done(), 3);
        // Nothing kept for a task: its figures as the backend gave them.
        assert_eq!(outbox.counting_kept("empty", progress(10, 1, 0, 0)), progress(10, 1, 0, 0));
    }

    #[test]
    fn a_changed_answer_moves_its_record_and_adds_none() {
        let mut outbox = Outbox::default();
        // The backend has r1 submitted and r2 as a draft; this device discards r1 and submits r2.
        outbox.enqueue_over("t", "r1", Some(ResponseStatus::Submitted), save("r1", 4, ResponseStatus::Discarded));
        outbox.enqueue_over("t", "r2", Some(ResponseStatus::Draft), save("r2", 3, ResponseStatus::Submitted));
        assert_eq!(outbox.counting_kept("t", progress(5, 1, 1, 0)), progress(5, 1, 0, 1));
        // Undoing a discard of a record the backend had nothing for takes it out again.
        outbox.enqueue_over("t", "r3", None, save("r3", 1, ResponseStatus::Discarded));
        outbox.enqueue_over("t", "r3", Some(ResponseStatus::Discarded), OutboxOp::Retract { user: "ana".into() });
        assert_eq!(outbox.counting_kept("t", progress(5, 1, 1, 0)), progress(5, 1, 0, 1));
    }

    #[test]
    fn an_answer_over_a_kept_one_keeps_what_the_backend_had_even_while_the_first_is_on_the_wire() {
        let mut outbox = Outbox::default();
        outbox.enqueue_over("t", "r1", None, save("r1", 4, ResponseStatus::Draft));
        let on_the_wire = outbox.take_ready(0.0).unwrap();
        // The page now believes r1 is a draft (the kept one): the backend still has nothing.
        outbox.enqueue_over("t", "r1", Some(ResponseStatus::Draft), save("r1", 5, ResponseStatus::Submitted));
        assert_eq!(outbox.counting_kept("t", progress(3, 0, 0, 0)), progress(3, 1, 0, 0));
        outbox.settle(on_the_wire.seq, SendOutcome::Delivered, 0.0);
        assert!(outbox.items().iter().all(|i| i.was.is_none()));
    }

    #[test]
    fn kept_answers_never_make_more_answers_than_records() {
        let mut outbox = Outbox::default();
        for record in ["r1", "r2", "r3"] {
            outbox.enqueue_over("t", record, None, save(record, 3, ResponseStatus::Submitted));
        }
        // The backend counted two of them already (delivered by another tab a moment ago).
        assert_eq!(outbox.counting_kept("t", progress(3, 2, 0, 0)).done(), 3);
    }

    #[test]
    fn what_the_backend_had_is_kept_across_a_reload_and_outboxes_saved_before_it_still_read() {
        let mut outbox = Outbox::default();
        outbox.enqueue_over("t", "r1", Some(ResponseStatus::Draft), save("r1", 4, ResponseStatus::Submitted));
        let saved = serde_json::to_string(&outbox).unwrap();
        let back: Outbox = serde_json::from_str(&saved).unwrap();
        assert_eq!(back.items()[0].was, Some(ResponseStatus::Draft));
        let older = saved.replace(r#","was":"draft""#, "");
        assert_ne!(older, saved);
        let back: Outbox = serde_json::from_str(&older).unwrap();
        assert_eq!(back.items()[0].was, None);
    }

    #[test]
    fn a_delivered_item_leaves_the_outbox() {
        let mut outbox = Outbox::default();
        outbox.enqueue("t", "r1", save("r1", 4, ResponseStatus::Submitted));
        let item = outbox.take_ready(0.0).unwrap();
        assert!(outbox.take_ready(0.0).is_none(), "an item on the wire is not handed out twice");
        outbox.settle(item.seq, SendOutcome::Delivered, 0.0);
        assert!(outbox.is_empty());
    }

    #[test]
    fn a_batch_takes_what_may_go_and_leaves_the_rest() {
        let mut outbox = Outbox::default();
        for record in ["r1", "r2", "r3"] {
            outbox.enqueue("t", record, save(record, 3, ResponseStatus::Submitted));
        }
        assert_eq!(outbox.ready_count(0.0), 3);
        let batch = outbox.take_batch(0.0, 2);
        assert_eq!(batch.iter().map(|i| i.record_id.as_str()).collect::<Vec<_>>(), ["r1", "r2"]);
        assert_eq!(outbox.ready_count(0.0), 1);
        // A change to a record on the wire waits for it: it is not ready, and not in the next batch.
        outbox.enqueue("t", "r1", save("r1", 5, ResponseStatus::Submitted));
        assert_eq!(outbox.take_batch(0.0, 10).len(), 1);
        for item in batch {
            outbox.settle(item.seq, SendOutcome::Failed("offline".into()), 0.0);
        }
        assert_eq!(outbox.ready_count(0.0), 0, "failed items wait out their backoff");
        assert_eq!(
            outbox.ready_count(backoff_ms(1)),
            2,
            "then both again; r1's newer answer still follows its older one"
        );
        assert!(outbox.take_batch(0.0, 0).is_empty());
    }

    #[test]
    fn a_batch_goes_when_full_when_the_page_hides_or_when_it_waited_long_enough() {
        let policy = BatchPolicy { size: 5, max_wait_ms: 30_000.0 };
        assert!(!policy.due(0, 1e9, true), "nothing to send");
        assert!(!policy.due(4, 29_999.0, false));
        assert!(policy.due(5, 0.0, false));
        assert!(policy.due(1, 0.0, true));
        assert!(policy.due(1, 30_000.0, false));
        assert!(BatchPolicy::SINGLE.due(1, 0.0, false));
    }

    #[test]
    fn a_newer_answer_replaces_one_that_has_not_left() {
        let mut outbox = Outbox::default();
        outbox.enqueue("t", "r1", save("r1", 2, ResponseStatus::Draft));
        outbox.enqueue("t", "r1", save("r1", 5, ResponseStatus::Submitted));
        assert_eq!(outbox.len(), 1);
        assert_eq!(rating_of(&outbox.take_ready(0.0).unwrap()), 5);
    }

    #[test]
    fn a_newer_answer_waits_behind_the_one_on_the_wire() {
        let mut outbox = Outbox::default();
        outbox.enqueue("t", "r1", save("r1", 2, ResponseStatus::Draft));
        let first = outbox.take_ready(0.0).unwrap();
        outbox.enqueue("t", "r1", save("r1", 5, ResponseStatus::Submitted));
        assert!(outbox.take_ready(0.0).is_none(), "same record: strictly in order");
        outbox.settle(first.seq, SendOutcome::Delivered, 0.0);
        assert_eq!(rating_of(&outbox.take_ready(0.0).unwrap()), 5);
    }

    #[test]
    fn other_records_are_not_held_up_by_one_in_flight() {
        let mut outbox = Outbox::default();
        outbox.enqueue("t", "r1", save("r1", 2, ResponseStatus::Submitted));
        outbox.enqueue("t", "r2", save("r2", 3, ResponseStatus::Submitted));
        let a = outbox.take_ready(0.0).unwrap();
        let b = outbox.take_ready(0.0).unwrap();
        assert_ne!(a.record_id, b.record_id);
    }

    #[test]
    fn a_failed_send_is_retried_with_growing_backoff() {
        let mut outbox = Outbox::default();
        outbox.enqueue("t", "r1", save("r1", 4, ResponseStatus::Submitted));
        let item = outbox.take_ready(0.0).unwrap();
        outbox.settle(item.seq, SendOutcome::Failed("offline".into()), 100.0);
        assert!(outbox.take_ready(500.0).is_none());
        assert_eq!(outbox.next_due_ms(), Some(1_100.0));
        let item = outbox.take_ready(1_100.0).unwrap();
        outbox.settle(item.seq, SendOutcome::Failed("offline".into()), 1_100.0);
        assert_eq!(outbox.next_due_ms(), Some(3_100.0));
        assert_eq!(outbox.items()[0].problem, Some(Problem::Retrying("offline".into())));
    }

    #[test]
    fn a_throttled_item_waits_what_the_server_asked_even_when_the_network_comes_back() {
        let mut outbox = Outbox::default();
        outbox.enqueue("t", "r1", save("r1", 4, ResponseStatus::Submitted));
        let item = outbox.take_ready(0.0).unwrap();
        outbox.settle(item.seq, SendOutcome::Throttled { wait_ms: 30_000.0 }, 1_000.0);
        assert_eq!(outbox.items()[0].problem, Some(Problem::Throttled));
        assert_eq!(outbox.throttled_until(1_000.0), Some(31_000.0));
        outbox.retry_now();
        assert!(outbox.take_ready(30_999.0).is_none(), "online again, it still waits");
        assert_eq!(outbox.next_due_ms(), Some(31_000.0));
        let again = outbox.take_ready(31_000.0).expect("then it goes");
        assert_eq!(outbox.throttled_until(31_000.0), None);
        outbox.settle(again.seq, SendOutcome::Delivered, 31_500.0);
        assert!(outbox.is_empty(), "nothing is lost, nothing is left");
        // A wait shorter than the backoff waits the backoff.
        outbox.enqueue("t", "r2", save("r2", 2, ResponseStatus::Submitted));
        let item = outbox.take_ready(40_000.0).unwrap();
        outbox.settle(item.seq, SendOutcome::Throttled { wait_ms: 0.0 }, 40_000.0);
        assert_eq!(outbox.next_due_ms(), Some(40_000.0 + backoff_ms(1)));
    }

    #[test]
    fn backoff_is_capped_at_a_minute() {
        assert_eq!(backoff_ms(1), 1_000.0);
        assert_eq!(backoff_ms(3), 4_000.0);
        assert_eq!(backoff_ms(40), MAX_RETRY_MS);
    }

    #[test]
    fn coming_back_online_retries_at_once() {
        let mut outbox = Outbox::default();
        outbox.enqueue("t", "r1", save("r1", 4, ResponseStatus::Submitted));
        let item = outbox.take_ready(0.0).unwrap();
        outbox.settle(item.seq, SendOutcome::Failed("offline".into()), 0.0);
        outbox.retry_now();
        assert!(outbox.take_ready(1.0).is_some());
    }

    #[test]
    fn a_rejected_answer_stays_until_the_contributor_changes_it() {
        let mut outbox = Outbox::default();
        outbox.enqueue("t", "r1", save("r1", 9, ResponseStatus::Submitted));
        let item = outbox.take_ready(0.0).unwrap();
        outbox.settle(item.seq, SendOutcome::Rejected("9 is not a valid rating".into()), 0.0);
        assert!(outbox.take_ready(1e12).is_none());
        assert_eq!(outbox.rejected().count(), 1);
        outbox.enqueue("t", "r1", save("r1", 4, ResponseStatus::Submitted));
        assert_eq!(outbox.rejected().count(), 0);
        assert_eq!(rating_of(&outbox.take_ready(0.0).unwrap()), 4);
    }

    #[test]
    fn an_expired_sign_in_holds_everything_and_loses_nothing() {
        let mut outbox = Outbox::default();
        outbox.enqueue("t", "r1", save("r1", 4, ResponseStatus::Submitted));
        outbox.enqueue("t", "r2", save("r2", 3, ResponseStatus::Submitted));
        let item = outbox.take_ready(0.0).unwrap();
        outbox.settle(item.seq, SendOutcome::Unauthorized, 0.0);
        assert!(outbox.needs_sign_in());
        assert!(outbox.take_ready(1e12).is_none());
        assert_eq!(outbox.len(), 2);
        outbox.resume_after_sign_in();
        assert!(outbox.take_ready(0.0).is_some());
    }

    #[test]
    fn a_reload_puts_items_that_were_on_the_wire_back_in_line() {
        let mut outbox = Outbox::default();
        outbox.enqueue("t", "r1", save("r1", 4, ResponseStatus::Submitted));
        outbox.take_ready(0.0).unwrap();
        let mut restored: Outbox = serde_json::from_str(&serde_json::to_string(&outbox).unwrap()).unwrap();
        assert_eq!(restored.len(), 1);
        assert!(restored.take_ready(0.0).is_some());
        assert_eq!(restored.enqueue("t", "r2", save("r2", 1, ResponseStatus::Draft)), 1, "sequence numbers continue");
    }

    #[test]
    fn an_outbox_of_the_wrong_shape_is_an_error_not_an_empty_outbox() {
        assert!(serde_json::from_str::<Outbox>("{\"items\":{}}").is_err());
    }

    #[test]
    fn the_latest_local_answer_is_found_per_record() {
        let mut outbox = Outbox::default();
        outbox.enqueue("t", "r1", save("r1", 2, ResponseStatus::Draft));
        outbox.take_ready(0.0).unwrap();
        outbox.enqueue("t", "r1", OutboxOp::Retract { user: "ana".into() });
        assert!(matches!(outbox.latest_for("t", "r1").unwrap().op, OutboxOp::Retract { .. }));
        assert!(outbox.latest_for("t", "r2").is_none());
        assert!(outbox.latest_for("other", "r1").is_none());
    }

    /// Two tabs sharing one saved outbox, each applying its change to the copy saved last, as the app does.
    struct Device {
        saved: String,
    }

    impl Device {
        fn change<R>(&mut self, tab: &mut Outbox, f: impl FnOnce(&mut Outbox) -> R) -> R {
            tab.rebase(serde_json::from_str(&self.saved).unwrap());
            let result = f(tab);
            self.saved = serde_json::to_string(tab).unwrap();
            result
        }
    }

    #[test]
    fn two_tabs_never_undo_each_other_and_never_send_the_same_item() {
        let mut device = Device { saved: serde_json::to_string(&Outbox::default()).unwrap() };
        let (mut a, mut b) = (Outbox::default().with_owner("a"), Outbox::default().with_owner("b"));
        device.change(&mut a, |o| o.enqueue("t1", "r1", save("r1", 1, ResponseStatus::Submitted)));
        device.change(&mut a, |o| o.enqueue("t1", "r2", save("r2", 2, ResponseStatus::Submitted)));
        device.change(&mut b, |o| o.enqueue("t2", "r1", save("r1", 3, ResponseStatus::Submitted)));
        device.change(&mut a, |o| o.enqueue("t1", "r3", save("r3", 4, ResponseStatus::Submitted)));
        let saved: Outbox = serde_json::from_str(&device.saved).unwrap();
        assert_eq!(saved.len(), 4, "every tab's answer is kept");
        let seqs: std::collections::BTreeSet<u64> = saved.items().iter().map(|i| i.seq).collect();
        assert_eq!(seqs.len(), 4, "numbers stay unique across tabs");

        // Each tab sends its own; one on the wire stays so across another tab's change.
        let mut sent_by_a = Vec::new();
        device.change(&mut a, |o| sent_by_a = o.take_batch(0.0, 10));
        assert_eq!(sent_by_a.iter().map(|i| i.task_id.as_str()).collect::<Vec<_>>(), ["t1", "t1", "t1"]);
        device.change(&mut b, |o| o.enqueue("t2", "r2", save("r2", 5, ResponseStatus::Submitted)));
        device.change(&mut a, |o| assert!(o.take_ready(0.0).is_none(), "a's items are on the wire, b's are b's"));
        let mut sent_by_b = Vec::new();
        device.change(&mut b, |o| sent_by_b = o.take_batch(0.0, 10));
        assert_eq!(sent_by_b.len(), 2);
        for item in &sent_by_a {
            device.change(&mut a, |o| o.settle(item.seq, SendOutcome::Delivered, 0.0));
        }
        let saved: Outbox = serde_json::from_str(&device.saved).unwrap();
        assert_eq!(saved.len(), 2, "b's two answers are still waiting: {saved:?}");
    }

    #[test]
    fn a_new_tab_takes_over_what_a_closed_tab_left_behind() {
        let mut device = Device { saved: serde_json::to_string(&Outbox::default()).unwrap() };
        let mut old = Outbox::default().with_owner("old");
        device.change(&mut old, |o| o.enqueue("t", "r1", save("r1", 1, ResponseStatus::Submitted)));
        let mut new = Outbox::default().with_owner("new");
        device.change(&mut new, |o| assert_eq!(o.ready_count(0.0), 0, "not its own yet"));
        device.change(&mut new, Outbox::claim_all);
        device.change(&mut new, |o| assert_eq!(o.ready_count(0.0), 1));
        device.change(&mut old, |o| assert!(o.take_ready(0.0).is_none(), "the old tab no longer sends it"));
        // An outbox saved before tabs had names is taken over as well.
        let legacy: Outbox = serde_json::from_str(
            r#"{"items":[{"seq":0,"task_id":"t","record_id":"r","op":{"retract":{"user":"ana"}}}],"next_seq":1}"#,
        )
        .unwrap();
        let mut tab = Outbox::default().with_owner("tab");
        tab.rebase(legacy);
        tab.claim_all();
        assert_eq!(tab.ready_count(0.0), 1);
    }

    #[test]
    fn a_copy_saved_from_a_moment_old_read_loses_nothing_and_brings_nothing_back() {
        let (mut a, mut b) = (Outbox::default().with_owner("a"), Outbox::default().with_owner("b"));
        a.enqueue("t", "r1", save("r1", 1, ResponseStatus::Submitted));
        let stale = a.clone(); // what b reads before a's next change reaches it
        let sent = a.take_ready(0.0).unwrap();
        a.settle(sent.seq, SendOutcome::Delivered, 0.0);
        a.enqueue("t", "r2", save("r2", 2, ResponseStatus::Submitted));
        let a_saved = a.clone();
        // b changes the stale copy and saves it over a's.
        b.rebase(stale);
        b.enqueue("t", "r3", save("r3", 3, ResponseStatus::Submitted));
        let b_saved = b.clone();
        // a's next change merges b's copy: r1 stays delivered, r2 (which b never saw) and r3 are both kept.
        a.rebase(b_saved);
        let mut records: Vec<&str> = a.items().iter().map(|i| i.record_id.as_str()).collect();
        records.sort_unstable();
        assert_eq!(records, ["r2", "r3"], "both kept, though both tabs numbered theirs 1");
        // And b, merging a's copy, agrees.
        b.rebase(a_saved);
        let mut records: Vec<&str> = b.items().iter().map(|i| i.record_id.as_str()).collect();
        records.sort_unstable();
        assert_eq!(records, ["r2", "r3"]);
        // A replaced answer stays replaced too.
        let old = a.clone();
        a.enqueue("t", "r2", save("r2", 5, ResponseStatus::Submitted));
        a.rebase(old);
        assert_eq!(a.items().iter().filter(|i| i.record_id == "r2").map(rating_of).collect::<Vec<_>>(), [5]);
    }
}
