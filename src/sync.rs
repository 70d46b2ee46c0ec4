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
use together_core::outbox::{Outbox, OutboxOp, SendOutcome};

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
            DeviceProblem::Storage(error) => error.message(texts),
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
}

#[derive(Clone, Copy)]
pub struct Delivery {
    backend: StoredValue<Rc<dyn Backend>, LocalStorage>,
    storage: StoredValue<LocalStore>,
    pub outbox: RwSignal<Outbox>,
    /// The latest acknowledgement; pages watch it to refresh their figures.
    pub delivered: RwSignal<Option<Delivered>>,
    /// A problem with this device's storage, shown to the contributor.
    pub storage_problem: RwSignal<Option<DeviceProblem>>,
    pub online: RwSignal<bool>,
    flushing: StoredValue<bool>,
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl Delivery {
    pub fn new(backend: StoredValue<Rc<dyn Backend>, LocalStorage>, storage: LocalStore) -> Self {
        let (outbox, problem) = match storage.read_json::<Outbox>(OUTBOX_KEY, now_ms()) {
            Ok(saved) => (saved.unwrap_or_default(), None),
            Err(error) => (Outbox::default(), Some(DeviceProblem::Unreadable(error))),
        };
        let online = web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true);
        Delivery {
            backend,
            storage: StoredValue::new(storage),
            outbox: RwSignal::new(outbox),
            delivered: RwSignal::new(None),
            storage_problem: RwSignal::new(problem),
            online: RwSignal::new(online),
            flushing: StoredValue::new(false),
        }
    }

    /// Listen for the network coming back, and send whatever a previous visit left behind.
    pub fn start(self) {
        let online = window_event_listener(leptos::ev::online, move |_| {
            self.online.set(true);
            self.outbox.update(|o| o.retry_now());
            self.flush();
        });
        let offline = window_event_listener(leptos::ev::offline, move |_| self.online.set(false));
        on_cleanup(move || {
            online.remove();
            offline.remove();
        });
        self.flush();
    }

    /// Put an answer in the outbox (persisted before anything is sent) and start sending.
    pub fn enqueue(self, task_id: &str, record_id: &str, op: OutboxOp) {
        self.outbox.update(|o| {
            o.enqueue(task_id, record_id, op);
        });
        self.persist();
        self.flush();
    }

    pub fn resume_after_sign_in(self) {
        self.outbox.update(|o| o.resume_after_sign_in());
        self.persist();
        self.flush();
    }

    fn persist(self) {
        let Ok(text) = self.outbox.with_untracked(json::stringify) else { return };
        let result = self.storage.with_value(|s| s.set(OUTBOX_KEY, &text));
        self.storage_problem.try_set(result.err().map(DeviceProblem::Storage));
    }

    /// Send everything that may go now; one loop at a time.
    pub fn flush(self) {
        if self.flushing.get_value() {
            return;
        }
        self.flushing.set_value(true);
        leptos::task::spawn_local(async move {
            loop {
                let now = now_ms();
                let Some(item) = self.outbox.try_update(|o| o.take_ready(now)).flatten() else { break };
                let backend = self.backend.get_value();
                let result = backend.send(item.clone()).await;
                let outcome = match &result {
                    Ok(()) => SendOutcome::Delivered,
                    Err(error) => error.send_outcome(),
                };
                if matches!(outcome, SendOutcome::Failed(_)) {
                    self.online.try_set(web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(false));
                }
                let settled = self.outbox.try_update(|o| o.settle(item.seq, outcome.clone(), now_ms()));
                if settled.is_none() {
                    break; // the app was unmounted
                }
                self.persist();
                if outcome == SendOutcome::Delivered {
                    let status = match &item.op {
                        OutboxOp::Save { response } => Some(response.status),
                        OutboxOp::Retract { .. } => None,
                    };
                    self.delivered.try_set(Some(Delivered {
                        seq: item.seq,
                        task_id: item.task_id.clone(),
                        record_id: item.record_id.clone(),
                        status,
                    }));
                }
            }
            self.flushing.set_value(false);
            if let Some(due) = self.outbox.try_with_untracked(|o| o.next_due_ms()).flatten() {
                let wait = (due - now_ms()).clamp(0.0, 60_000.0);
                set_timeout(move || self.flush(), Duration::from_millis(wait as u64));
            }
        });
    }
}
