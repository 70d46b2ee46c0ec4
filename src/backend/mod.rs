//! The one interface every page uses to read tasks and records and to deliver responses.

pub mod demo;

pub use crate::http::LocalFuture;
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
    NotFound(String),
    /// The server refused the input and said why (422, 400).
    Rejected(String),
    /// The server failed (5xx, 429).
    Server {
        status: u16,
        message: String,
        request_id: Option<String>,
    },
    /// The server answered with something we cannot read (a malformed dataset, say).
    Malformed(String),
}

impl BackendError {
    pub fn message(&self) -> String {
        match self {
            BackendError::Offline(detail) => {
                format!("You seem to be offline ({detail}). Your answers are kept on this device.")
            }
            BackendError::Unauthorized => {
                "Your sign-in has expired. Sign in again: nothing you did is lost.".to_owned()
            }
            BackendError::NotFound(what) => format!("{what} was not found."),
            BackendError::Rejected(message) => message.clone(),
            BackendError::Server { status, message, request_id } => match request_id {
                Some(id) => format!("The server failed ({status}): {message} (request {id})"),
                None => format!("The server failed ({status}): {message}"),
            },
            BackendError::Malformed(message) => message.clone(),
        }
    }

    /// What the outbox does about a failed delivery.
    pub fn send_outcome(&self) -> SendOutcome {
        match self {
            BackendError::Unauthorized => SendOutcome::Unauthorized,
            BackendError::Rejected(message) | BackendError::Malformed(message) => {
                SendOutcome::Rejected(message.clone())
            }
            BackendError::NotFound(what) => SendOutcome::Rejected(format!("{what} was not found.")),
            other => SendOutcome::Failed(other.message()),
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
    fn label(&self) -> String;

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
