//! The one interface every page uses to read tasks and records and to deliver responses.

pub mod demo;

pub use crate::http::LocalFuture;
use crate::i18n::{Msg, Texts};
use crate::storage::StorageError;
use together_core::i18n::I18n;
use together_core::model::{Record, Task};
use together_core::outbox::{OutboxItem, SendOutcome};
use together_core::queue::PageRequest;
use together_core::stats::{Contributor, MyProgress, TaskProgress};

/// Errors are values with a message a contributor can act on; pages render them, never unwrap them.
#[derive(Clone, Debug, PartialEq)]
pub enum BackendError {
    /// No answer from the server: offline, a timeout, a blocked request.
    Offline(String),
    /// The credential expired or was revoked.
    Unauthorized,
    /// `what` names the kind of thing (`Msg::TheTask`, `Msg::TheRecord`), `name` which one.
    NotFound { what: Msg, name: String },
    /// This device could not save the answer.
    Storage(StorageError),
    /// The server refused the input and said why (422, 400).
    Rejected(String),
    /// The server failed (5xx, 429).
    Server { status: u16, message: String, request_id: Option<String> },
    /// The server answered with something we cannot read (a malformed dataset, say).
    Malformed(String),
}

impl BackendError {
    pub fn message(&self, texts: Texts) -> String {
        texts.with(|i18n| self.message_in(i18n))
    }

    pub fn message_in(&self, i18n: &I18n) -> String {
        match self {
            BackendError::Offline(detail) => i18n.fill(Msg::ErrorOffline, &[detail]),
            BackendError::Unauthorized => i18n.text(Msg::ErrorSignInExpired),
            BackendError::NotFound { what, name } => i18n.fill(Msg::ErrorNotFound, &[&i18n.fill(*what, &[name])]),
            BackendError::Storage(error) => i18n.text(error.msg()),
            BackendError::Rejected(message) => message.clone(),
            BackendError::Server { status, message, request_id } => match request_id {
                Some(id) => i18n.fill(Msg::ErrorServerWithId, &[&status.to_string(), message, id]),
                None => i18n.fill(Msg::ErrorServer, &[&status.to_string(), message]),
            },
            BackendError::Malformed(message) => message.clone(),
        }
    }

    /// What the outbox does about a failed delivery. Its messages stay in English, the language of server
    /// replies, which the status line shows as they are.
    pub fn send_outcome(&self) -> SendOutcome {
        match self {
            BackendError::Unauthorized => SendOutcome::Unauthorized,
            BackendError::Rejected(message) | BackendError::Malformed(message) => {
                SendOutcome::Rejected(message.clone())
            }
            BackendError::NotFound { .. } => SendOutcome::Rejected(self.message_in(&I18n::english())),
            other => SendOutcome::Failed(other.message_in(&I18n::english())),
        }
    }
}

/// A task on the task list, with the progress shown beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskOverview {
    pub task: Task,
    pub mine: Option<MyProgress>,
    pub team: TaskProgress,
}

/// Figures for the dashboard.
#[derive(Clone, Debug, PartialEq)]
pub struct DashboardFigures {
    pub task: Task,
    pub progress: TaskProgress,
    pub top: Vec<Contributor>,
    /// Whether contributor names are Hugging Face usernames (and so may link to profiles).
    pub names_are_hub_users: bool,
}

pub trait Backend {
    /// Shown in the footer, so a contributor knows where answers go.
    fn label(&self) -> Msg;

    fn tasks(&self, user: Option<String>) -> LocalFuture<Result<Vec<TaskOverview>, BackendError>>;

    fn task(&self, task_id: String) -> LocalFuture<Result<Task, BackendError>>;

    /// The contributor's pending records, from the start of the list (see `PendingQueue`).
    fn pending(
        &self,
        task_id: String,
        user: String,
        page: PageRequest,
    ) -> LocalFuture<Result<Vec<Record>, BackendError>>;

    fn record(&self, task_id: String, record_id: String, user: String) -> LocalFuture<Result<Record, BackendError>>;

    fn my_progress(&self, task_id: String, user: String) -> LocalFuture<Result<MyProgress, BackendError>>;

    fn dashboard(&self, task_id: String) -> LocalFuture<Result<DashboardFigures, BackendError>>;

    /// Deliver one outbox item.
    fn send(&self, item: OutboxItem) -> LocalFuture<Result<(), BackendError>>;

    /// Whether a record with the contributor's draft is still listed as pending.
    fn lists_drafts_as_pending(&self) -> bool;
}
