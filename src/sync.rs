//! Delivery of the outbox: persists every change, sends items one by one, retries with backoff, resumes when
//! the browser comes back online, and stops to ask for a sign-in on a 401 without dropping anything.

use crate::backend::Backend;
use crate::i18n::{Msg, Texts};
use crate::json;
use crate::storage::{LocalStore, StorageError};
use leptos::prelude::*;
use std::rc::Rc;
use std::time::Duration;
use together_core::model::ResponseStatus;
use together_core::outbox::{Outbox, OutboxItem, OutboxOp, SendOutcome};

const OUTBOX_KEY: &str = "outbox-v1";

/// Something wrong with this device's storage, shown to the contributor.
#[derive(Clone, Debug, PartialEq)]
pub enum DeviceProblem {
    Storage(StorageError),
    /// Saved answers could not be read; their text was kept aside under another key.
    Unreadable(String),
}

impl DeviceProblem {
    pub fn message(&self, texts: Texts) -> String {
        match self {
            DeviceProblem::Storage(error) => texts.text(error.msg()),
            DeviceProblem::Unreadable(detail) => texts.fill(Msg::SavedAnswersUnreadable, &[detail]),
        }
    }
}

/// One item the backend acknowledged.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivered {
    pub seq: u64,
    pub task_id: String,
    pub record_id: String,
    /// `None` when a response was retracted.
    pub status: Option<ResponseStatus>,
    /// What the backend had before ([`OutboxItem::was`](together_core::outbox::OutboxItem)).
    pub was: Option<ResponseStatus>,
}

#[derive(Clone, Copy)]
pub struct Delivery {
    backend: StoredValue<Rc<dyn Backend>, LocalStorage>,
    storage: StoredValue<LocalStore>,
    pub outbox: RwSignal<Outbox>,
    /// Every item of the latest acknowledged delivery (one answer, or a whole batch): pages watch it to refresh
    /// their figures and to tell their queue what the backend no longer lists.
    pub delivered: RwSignal<Vec<Delivered>>,
    /// A problem with this device's storage, shown to the contributor.
    pub storage_problem: RwSignal<Option<DeviceProblem>>,
    pub online: RwSignal<bool>,
    flushing: StoredValue<bool>,
    /// Answers held back until a batch is full (a batching backend); the status line offers to send them.
    pub waiting: RwSignal<usize>,
    forced: StoredValue<bool>,
    batch_since: StoredValue<Option<f64>>,
    /// Whether this tab's last save worked: only then is the saved copy newer than this tab's.
    saved: StoredValue<bool>,
    /// The text this tab last saved: while the saved text is the same, no other tab changed it.
    written: StoredValue<Option<String>>,
}

/// At most this many answers go in one batch.
const MAX_BATCH: usize = 50;

fn page_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}

/// After a sign-in that happened before the app started (a return from the identity provider): the answers
/// that waited for it may go.
pub fn resume_saved_outbox(storage: &LocalStore) {
    if let Ok(Some(mut outbox)) = storage.read_json::<Outbox>(OUTBOX_KEY, now_ms()) {
        outbox.resume_after_sign_in();
        if let Ok(text) = json::stringify(&outbox) {
            let _ = storage.set(OUTBOX_KEY, &text);
        }
    }
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A name for this tab, new at every page load.
fn tab_name() -> String {
    format!("{:012x}", (js_sys::Math::random() * 2f64.powi(48)) as u64)
}

impl Delivery {
    pub fn new(backend: StoredValue<Rc<dyn Backend>, LocalStorage>, storage: LocalStore) -> Self {
        let (outbox, problem) = match storage.read_json::<Outbox>(OUTBOX_KEY, now_ms()) {
            Ok(saved) => (saved.unwrap_or_default().with_owner(&tab_name()), None),
            Err(error) => (Outbox::default().with_owner(&tab_name()), Some(DeviceProblem::Unreadable(error))),
        };
        let online = web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true);
        Delivery {
            backend,
            storage: StoredValue::new(storage),
            outbox: RwSignal::new(outbox),
            delivered: RwSignal::new(Vec::new()),
            storage_problem: RwSignal::new(problem),
            online: RwSignal::new(online),
            flushing: StoredValue::new(false),
            waiting: RwSignal::new(0),
            forced: StoredValue::new(false),
            batch_since: StoredValue::new(None),
            saved: StoredValue::new(true),
            written: StoredValue::new(None),
        }
    }

    /// The outbox as saved last, which another tab of the app may have changed; `None` when this tab's own
    /// last save failed (its copy is then newer than the saved one).
    fn saved_copy(self) -> Option<Outbox> {
        if !self.saved.get_value() {
            return None;
        }
        let unchanged = self
            .written
            .with_value(|written| written.is_some() && self.storage.with_value(|s| s.get(OUTBOX_KEY)) == *written);
        if unchanged {
            return None;
        }
        self.storage.with_value(|s| s.read_json::<Outbox>(OUTBOX_KEY, now_ms())).ok().flatten()
    }

    /// Change the outbox as saved last, then save it.
    fn change<R>(self, f: impl FnOnce(&mut Outbox) -> R) -> Option<R> {
        let saved = self.saved_copy();
        let result = self.outbox.try_update(|o| {
            if let Some(saved) = saved {
                o.rebase(saved);
            }
            f(o)
        })?;
        self.persist();
        Some(result)
    }

    /// Listen for the network coming back, and send whatever a previous visit left behind.
    pub fn start(self) {
        // This tab sends whatever waits, closed tabs' answers included.
        self.change(Outbox::claim_all);
        let online = window_event_listener(leptos::ev::online, move |_| {
            self.online.set(true);
            self.change(Outbox::retry_now);
            self.flush();
        });
        // Another tab changed the outbox: show it as it is.
        let key = self.storage.with_value(|s| s.key_of(OUTBOX_KEY));
        let other_tab = window_event_listener_untyped("storage", move |event| {
            let changed = js_sys::Reflect::get(&event, &"key".into()).ok().and_then(|k| k.as_string());
            if changed.as_deref() == Some(key.as_str()) {
                if let Some(saved) = self.saved_copy() {
                    self.outbox.try_update(|o| o.rebase(saved));
                }
            }
        });
        let offline = window_event_listener(leptos::ev::offline, move |_| self.online.set(false));
        // Leaving the page (another app, another tab, closing it): everything that waits leaves at once.
        let hidden = window_event_listener(leptos::ev::pagehide, move |_| self.leave());
        // `visibilitychange` bubbles from the document to the window.
        let visibility = window_event_listener_untyped("visibilitychange", move |_| {
            if page_hidden() {
                self.leave();
            }
        });
        on_cleanup(move || {
            online.remove();
            offline.remove();
            hidden.remove();
            visibility.remove();
            other_tab.remove();
        });
        self.flush();
    }

    /// Put an answer in the outbox (persisted before anything is sent) and start sending. `was`: my response on
    /// the record as the page knows it, which the figures count until this is delivered.
    pub fn enqueue(self, task_id: &str, record_id: &str, was: Option<ResponseStatus>, op: OutboxOp) {
        self.change(|o| o.enqueue_over(task_id, record_id, was, op));
        self.flush();
    }

    pub fn resume_after_sign_in(self) {
        self.change(Outbox::resume_after_sign_in);
        self.flush();
    }

    fn persist(self) {
        let Ok(text) = self.outbox.with_untracked(json::stringify) else { return };
        // Saved as it is already (only an item going on the wire changed, say): no write, no storage event.
        let result = self.storage.with_value(|s| match s.get(OUTBOX_KEY) {
            Some(saved) if saved == text => Ok(()),
            _ => s.set(OUTBOX_KEY, &text),
        });
        self.saved.set_value(result.is_ok());
        self.written.set_value(result.is_ok().then_some(text));
        self.storage_problem.try_set(result.err().map(DeviceProblem::Storage));
    }

    /// Send everything that may go now; one loop at a time. A batching backend waits for a full batch.
    pub fn flush(self) {
        self.flush_with(false);
    }

    /// Send what waits for a batch now (the page is being hidden, or the contributor asked).
    pub fn send_now(self) {
        self.flush_with(true);
    }

    /// The page is going away: a backend that takes one answer per request gets every ready answer at once,
    /// not one after the other, so that all of them are on the wire (with `keepalive`, see
    /// [`crate::http::keeps_alive`]) before the page closes. A batching backend sends its batch now.
    fn leave(self) {
        if self.backend.get_value().batch_policy().size > 1 {
            self.send_now();
            return;
        }
        let Some(items) = self.change(|o| o.take_batch(now_ms(), MAX_BATCH)) else { return };
        if items.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            let backend = self.backend.get_value();
            let results = futures::future::join_all(items.iter().map(|item| backend.send(item.clone()))).await;
            self.settle(items.into_iter().zip(results).collect());
        });
    }

    /// Record what became of items that were sent, each with its own result; `false` when the app is gone.
    fn settle(self, sent: Vec<(OutboxItem, Result<(), crate::backend::BackendError>)>) -> bool {
        let outcomes: Vec<(OutboxItem, SendOutcome)> = sent
            .into_iter()
            .map(|(item, result)| {
                let outcome = match &result {
                    Ok(()) => SendOutcome::Delivered,
                    Err(error) => error.send_outcome(),
                };
                (item, outcome)
            })
            .collect();
        if outcomes.iter().any(|(_, outcome)| matches!(outcome, SendOutcome::Failed(_))) {
            self.online.try_set(web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(false));
        }
        let settled = self.change(|o| {
            for (item, outcome) in &outcomes {
                o.settle(item.seq, outcome.clone(), now_ms());
            }
        });
        if settled.is_none() {
            return false;
        }
        let delivered: Vec<Delivered> = outcomes
            .into_iter()
            .filter(|(_, outcome)| *outcome == SendOutcome::Delivered)
            .map(|(item, _)| Delivered {
                seq: item.seq,
                status: item.op.status(),
                was: item.was,
                task_id: item.task_id,
                record_id: item.record_id,
            })
            .collect();
        if !delivered.is_empty() {
            self.delivered.try_set(delivered);
        }
        true
    }

    fn flush_with(self, force: bool) {
        if force {
            self.forced.set_value(true);
        }
        if self.flushing.get_value() {
            return;
        }
        self.flushing.set_value(true);
        leptos::task::spawn_local(async move {
            let mut wake_at = None;
            loop {
                let now = now_ms();
                let backend = self.backend.get_value();
                let policy = backend.batch_policy();
                let Some(ready) = self.outbox.try_with_untracked(|o| o.ready_count(now)) else { break };
                if ready == 0 {
                    self.batch_since.set_value(None);
                    break;
                }
                let since = self.batch_since.get_value().unwrap_or(now);
                self.batch_since.set_value(Some(since));
                let retrying = self.outbox.with_untracked(|o| o.items().iter().any(|i| i.attempts > 0));
                let force = self.forced.get_value() || retrying || page_hidden();
                if !policy.due(ready, now - since, force) {
                    wake_at = Some(since + policy.max_wait_ms);
                    break;
                }
                let size = if policy.size <= 1 { 1 } else { ready.min(MAX_BATCH) };
                let Some(items) = self.change(|o| o.take_batch(now, size)) else { break };
                self.waiting.try_set(0);
                let result = if items.len() == 1 && policy.size <= 1 {
                    backend.send(items[0].clone()).await
                } else {
                    backend.send_batch(items.clone()).await
                };
                self.forced.set_value(false);
                self.batch_since.set_value(None);
                if !self.settle(items.into_iter().map(|item| (item, result.clone())).collect()) {
                    break; // the app was unmounted
                }
            }
            self.flushing.set_value(false);
            let now = now_ms();
            self.waiting.try_set(if wake_at.is_some() {
                self.outbox.try_with_untracked(|o| o.ready_count(now)).unwrap_or(0)
            } else {
                0
            });
            let retry = self.outbox.try_with_untracked(|o| o.next_due_ms()).flatten().filter(|due| *due > now);
            let wake = match (retry, wake_at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if let Some(due) = wake {
                let wait = (due - now).clamp(0.0, 60_000.0);
                set_timeout(move || self.flush(), Duration::from_millis(wait as u64));
            }
        });
    }
}
