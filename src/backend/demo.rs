//! The demo backend: the bundled tasks, and responses kept in this browser's storage.

use super::{Backend, BackendError, Credentials, DashboardFigures, Disputed, LocalFuture, SignInForm, TaskOverview};
use crate::i18n::{Msg, Texts};
use crate::json;
use crate::storage::LocalStore;
use std::cell::RefCell;
use std::rc::Rc;
use together_core::config::AppConfig;
use together_core::demo::{DemoBundle, DemoStore, DemoTask};
use together_core::model::{QuestionKind, Record, ResponseStatus, Task};
use together_core::outbox::{OutboxItem, OutboxOp};
use together_core::queue::PageRequest;
use together_core::stats::{self, MyProgress};

const STORE_KEY: &str = "demo-store-v1";
const DAY_MS: f64 = 86_400_000.0;
/// The dashboard's responses-per-day chart covers this many days.
const DAYS: usize = 14;
/// How many disputed records the dashboard lists, and how much of each it shows.
const DISPUTED: usize = 10;
const EXCERPT_CHARS: usize = 80;

pub struct DemoBackend {
    bundle: Rc<DemoBundle>,
    visible: Vec<String>,
    store: Rc<RefCell<DemoStore>>,
    storage: LocalStore,
    /// The saved text `store` was read from or written as: when the saved text differs, another tab of the
    /// app changed it, and it is read again before anything is shown or changed.
    seen: RefCell<Option<String>>,
}

/// Where the demo tasks are served, next to `index.html`. Data, not code: it is not compiled into the Wasm.
pub const DEMO_TASKS_URL: &str = "demo-tasks.json";

impl DemoBackend {
    /// The bundled tasks (`json`) and this browser's saved answers (seeding simulated contributors on first use).
    pub fn from_json(json: &str, config: &AppConfig, storage: LocalStore, now_ms: f64) -> Result<DemoBackend, String> {
        let bundle = json::parse_strict::<DemoBundle>(json)
            .map_err(|e| format!("The demo data is not valid: {e}"))?
            .validate()?;
        // Unreadable saved answers are kept aside by `read_json`, never overwritten; the demo starts afresh.
        let (store, seen) = match storage.read_json::<DemoStore>(STORE_KEY, now_ms) {
            Ok(Some(store)) => (store, storage.get(STORE_KEY)),
            Ok(None) | Err(_) => {
                let store = DemoStore::seeded(&bundle, now_ms);
                let text = json::stringify(&store).ok().filter(|text| storage.set(STORE_KEY, text).is_ok());
                (store, text)
            }
        };
        let visible = config.select(&bundle.tasks, |t| &t.task.id).into_iter().map(|t| t.task.id.clone()).collect();
        Ok(DemoBackend {
            bundle: Rc::new(bundle),
            visible,
            store: Rc::new(RefCell::new(store)),
            storage,
            seen: RefCell::new(seen),
        })
    }

    /// The store as saved last: another tab's answers included.
    fn fresh(&self) -> std::cell::Ref<'_, DemoStore> {
        let saved = self.storage.get(STORE_KEY);
        if saved.is_some() && saved != *self.seen.borrow() {
            // Unreadable text is kept aside by `read_json`; this tab goes on with what it has.
            if let Ok(Some(store)) = self.storage.read_json::<DemoStore>(STORE_KEY, crate::sync::now_ms()) {
                *self.store.borrow_mut() = store;
            }
            *self.seen.borrow_mut() = saved;
        }
        self.store.borrow()
    }

    fn find(&self, task_id: &str) -> Result<&DemoTask, BackendError> {
        self.bundle
            .task(task_id)
            .filter(|_| self.visible.iter().any(|v| v == task_id))
            .ok_or_else(|| BackendError::NotFound { what: Msg::TheTask, name: task_id.to_owned() })
    }

    fn persist(&self) -> Result<(), BackendError> {
        let text = json::stringify(&*self.store.borrow()).map_err(BackendError::Malformed)?;
        self.storage.set(STORE_KEY, &text).map_err(BackendError::Storage)?;
        *self.seen.borrow_mut() = Some(text);
        Ok(())
    }
}

/// The dashboard's figures from every response held in this browser (the demo's, or a Hub task's read back).
pub(crate) fn figures_of(demo: &DemoTask, store: &DemoStore, names_are_hub_users: bool) -> DashboardFigures {
    let task_id = &demo.task.id;
    let rating = demo.task.questions.iter().find_map(|q| match &q.kind {
        QuestionKind::Rating { options } => Some((q, options)),
        _ => None,
    });
    let agreements = rating.map(|(q, _)| stats::rating_agreement(&q.name, store.responses(task_id)));
    let excerpt = |record_id: &str| {
        let record = demo.records.iter().find(|r| r.id == record_id);
        let text = record.and_then(|r| r.fields.values().find_map(|v| v.as_text())).unwrap_or(record_id);
        let mut excerpt: String = text.chars().take(EXCERPT_CHARS).collect();
        if text.chars().nth(EXCERPT_CHARS).is_some() {
            excerpt.push('…');
        }
        excerpt
    };
    DashboardFigures {
        submitted: Some(store.responses(task_id).filter(|r| r.status == ResponseStatus::Submitted).cloned().collect()),
        task: demo.task.clone(),
        progress: store.progress(demo),
        top: stats::leaderboard(store.responses(task_id), 10),
        names_are_hub_users,
        agreement: agreements.as_deref().map(stats::agreement_levels),
        disputed: agreements
            .as_deref()
            .map(|all| {
                stats::least_agreement(all, DISPUTED)
                    .into_iter()
                    .map(|a| Disputed {
                        record_id: a.record_id.clone(),
                        excerpt: excerpt(&a.record_id),
                        ratings: a.responses,
                        mean: a.mean,
                        agreement: a.agreement.unwrap_or(1.0),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        ratings: rating.map(|(q, options)| {
            let scale: Vec<i64> = options.iter().map(|o| o.value).collect();
            (q.title.clone(), stats::rating_distribution(&q.name, &scale, store.responses(task_id)))
        }),
        per_day: stats::responses_over_time(store.responses(task_id), crate::sync::now_ms(), DAY_MS, DAYS)
            .into_iter()
            .map(|(_, n)| n)
            .collect(),
    }
}

pub(crate) fn ready<T: 'static>(value: T) -> LocalFuture<T> {
    Box::pin(std::future::ready(value))
}

impl Backend for DemoBackend {
    fn footer(&self, texts: Texts) -> String {
        texts.text(Msg::FooterDemo)
    }

    fn sign_in_form(&self) -> SignInForm {
        SignInForm::Name
    }

    fn sign_in(&self, credentials: Credentials) -> LocalFuture<Result<String, BackendError>> {
        ready(match credentials {
            Credentials::Name(name) => Ok(name),
            _ => Err(BackendError::Rejected("The demo signs in with a name.".to_owned())),
        })
    }

    fn sign_out(&self) {}

    fn reviewed(
        &self,
        task_id: String,
        user: String,
        status: ResponseStatus,
        page: PageRequest,
    ) -> LocalFuture<Result<(Vec<Record>, usize), BackendError>> {
        ready(self.find(&task_id).map(|demo| self.fresh().reviewed(demo, &user, status, page)))
    }

    fn tasks(&self, user: Option<String>) -> LocalFuture<Result<Vec<TaskOverview>, BackendError>> {
        let store = self.fresh();
        let overviews = self
            .visible
            .iter()
            .filter_map(|id| self.bundle.task(id))
            .map(|demo| TaskOverview {
                task: demo.task.clone(),
                group: None,
                mine: user.as_deref().map(|u| store.my_progress(demo, u)),
                team: store.progress(demo),
                problem: None,
            })
            .collect();
        ready(Ok(overviews))
    }

    fn task(&self, task_id: String) -> LocalFuture<Result<Task, BackendError>> {
        ready(self.find(&task_id).map(|d| d.task.clone()))
    }

    fn pending(
        &self,
        task_id: String,
        user: String,
        page: PageRequest,
    ) -> LocalFuture<Result<Vec<Record>, BackendError>> {
        ready(self.find(&task_id).map(|demo| self.fresh().pending(demo, &user, page)))
    }

    fn record(&self, task_id: String, record_id: String, user: String) -> LocalFuture<Result<Record, BackendError>> {
        ready(self.find(&task_id).and_then(|demo| {
            self.fresh()
                .record(demo, &record_id, &user)
                .ok_or_else(|| BackendError::NotFound { what: Msg::TheRecord, name: record_id.clone() })
        }))
    }

    fn my_progress(&self, task_id: String, user: String) -> LocalFuture<Result<MyProgress, BackendError>> {
        ready(self.find(&task_id).map(|demo| self.fresh().my_progress(demo, &user)))
    }

    fn dashboard(&self, task_id: String) -> LocalFuture<Result<DashboardFigures, BackendError>> {
        ready(self.find(&task_id).map(|demo| figures_of(demo, &self.fresh(), false)))
    }

    fn team_progress(&self, task_id: String) -> LocalFuture<Result<stats::TaskProgress, BackendError>> {
        ready(self.find(&task_id).map(|demo| self.fresh().progress(demo)))
    }

    fn send(&self, item: OutboxItem) -> LocalFuture<Result<(), BackendError>> {
        let result = self.find(&item.task_id).map(|_| ()).and_then(|_| {
            drop(self.fresh());
            {
                let mut store = self.store.borrow_mut();
                match item.op {
                    OutboxOp::Save { response } => store.save(&item.task_id, response),
                    OutboxOp::Retract { user } => store.retract(&item.task_id, &item.record_id, &user),
                }
            }
            self.persist()
        });
        ready(result)
    }

    fn lists_drafts_as_pending(&self) -> bool {
        true
    }

    fn has_demo_results(&self) -> bool {
        true
    }
}
