//! The one interface every page uses to read tasks and records and to deliver responses.

#[cfg(feature = "argilla")]
pub mod argilla;
pub mod demo;
#[cfg(feature = "hub")]
pub mod hub;
pub mod results;

use crate::http::HttpResponse;
pub use crate::http::LocalFuture;
use crate::i18n::{Msg, Texts};
use crate::storage::StorageError;
use together_core::i18n::I18n;
use together_core::model::{Record, ResponseStatus, Task};
use together_core::outbox::{BatchPolicy, OutboxItem, SendOutcome};
use together_core::queue::PageRequest;
use together_core::stats::{Contributor, MyProgress, TaskProgress};

/// Errors are values with a message a contributor can act on; pages render them, never unwrap them.
#[derive(Clone, Debug, PartialEq)]
pub enum BackendError {
    /// No answer from the server: offline, a timeout, a blocked request.
    Offline(String),
    /// The credential expired or was revoked.
    Unauthorized,
    /// The account may not do this (403), with the server's reason.
    Forbidden(String),
    /// `what` names the kind of thing (`Msg::TheTask`, `Msg::TheRecord`), `name` which one.
    NotFound { what: Msg, name: String },
    /// This device could not save the answer.
    Storage(StorageError),
    /// The server refused the input and said why (422, 400).
    Rejected(String),
    /// The server failed (5xx).
    Server { status: u16, message: String, request_id: Option<String> },
    /// The server asked us to slow down (429) and to wait this many seconds.
    RateLimited { wait_s: u64 },
    /// The server answered with something we cannot read (a malformed dataset, say).
    Malformed(String),
}

impl BackendError {
    pub fn message(&self, texts: Texts) -> String {
        texts.with(|i18n| self.message_in(i18n))
    }

    pub fn message_in(&self, i18n: &I18n) -> String {
        match self {
            // A request the browser refused while the device is online (a blocked or refused request, too many
            // at once) is not "offline".
            BackendError::Offline(detail) => {
                let online = web_sys::window().is_some_and(|w| w.navigator().on_line());
                i18n.fill(if online { Msg::ErrorRequestFailed } else { Msg::ErrorOffline }, &[detail])
            }
            BackendError::Unauthorized => i18n.text(Msg::ErrorSignInExpired),
            BackendError::Forbidden(reason) => i18n.fill(Msg::ErrorForbidden, &[reason]),
            BackendError::NotFound { what, name } => i18n.fill(Msg::ErrorNotFound, &[&i18n.fill(*what, &[name])]),
            BackendError::Storage(error) => i18n.text(error.msg()),
            BackendError::Rejected(message) => message.clone(),
            BackendError::Server { status, message, request_id } => match request_id {
                Some(id) => i18n.fill(Msg::ErrorServerWithId, &[&status.to_string(), message, id]),
                None => i18n.fill(Msg::ErrorServer, &[&status.to_string(), message]),
            },
            BackendError::Malformed(message) => message.clone(),
            BackendError::RateLimited { wait_s } => i18n.fill(Msg::ErrorRateLimited, &[&wait_s.to_string()]),
        }
    }

    /// An HTTP error status as a value, with the server's `message`. A 404 did not find `what` named `name`.
    pub fn from_status(response: &HttpResponse, message: String, what: Msg, name: String) -> BackendError {
        match response.status {
            401 => BackendError::Unauthorized,
            403 => BackendError::Forbidden(message),
            404 => BackendError::NotFound { what, name },
            400 | 409 | 422 => BackendError::Rejected(message),
            429 => BackendError::RateLimited {
                wait_s: together_core::wire::wait_after_429(
                    response.header("retry-after"),
                    response.header("ratelimit"),
                ),
            },
            status => {
                BackendError::Server { status, message, request_id: response.header("x-request-id").map(str::to_owned) }
            }
        }
    }

    /// What the outbox does about a failed delivery. Its messages stay in English, the language of server
    /// replies, which the status line shows as they are.
    pub fn send_outcome(&self) -> SendOutcome {
        match self {
            BackendError::Unauthorized => SendOutcome::Unauthorized,
            BackendError::Rejected(message) | BackendError::Malformed(message) | BackendError::Forbidden(message) => {
                SendOutcome::Rejected(message.clone())
            }
            BackendError::NotFound { .. } => SendOutcome::Rejected(self.message_in(&I18n::english())),
            BackendError::RateLimited { wait_s } => SendOutcome::Throttled { wait_ms: *wait_s as f64 * 1000.0 },
            other => SendOutcome::Failed(other.message_in(&I18n::english())),
        }
    }
}

/// A Hub reply's error as a value: its message from the `X-Error-Message` header or the JSON body.
pub(crate) fn error_of(response: &HttpResponse, what: Msg, name: &str) -> BackendError {
    let message = response
        .header("x-error-message")
        .map(str::to_owned)
        .or_else(|| {
            crate::json::parse::<together_core::wire::hub::ErrorBody>(&response.body)
                .ok()
                .and_then(together_core::wire::hub::ErrorBody::text)
        })
        .unwrap_or_else(|| response.body.chars().take(200).collect());
    BackendError::from_status(response, message, what, name.to_owned())
}

/// Told how a long read goes: files read, of how many; `None` once it is over.
pub type ReadingListener = std::rc::Rc<dyn Fn(Option<(usize, usize)>)>;

/// Answers waiting in open pull requests.
#[derive(Clone, Debug, PartialEq)]
pub struct PullsWaiting {
    pub pulls: usize,
    /// Submitted answers (the latest per record and person), and how many people gave them.
    pub answers: usize,
    pub contributors: usize,
}

/// What a merge did: how many pull requests it merged, and each one it left open with why.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeReport {
    pub merged: usize,
    pub left: Vec<(u64, String)>,
}

/// A task on the task list, with the progress shown beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskOverview {
    pub task: Task,
    /// The workspace (or other grouping) the task belongs to, for the task list's headings.
    pub group: Option<String>,
    pub mine: Option<MyProgress>,
    pub team: TaskProgress,
    /// Why the task cannot be opened (a broken definition file, say): its card says so, and every other task
    /// is listed as usual.
    pub problem: Option<BackendError>,
}

impl TaskOverview {
    /// The card of a task that could not be read: named by its id, with what went wrong.
    pub fn broken(id: &str, group: Option<String>, problem: BackendError) -> TaskOverview {
        TaskOverview {
            task: Task {
                id: id.to_owned(),
                title: id.to_owned(),
                summary: String::new(),
                guidelines: String::new(),
                language: None,
                fields: Vec::new(),
                questions: Vec::new(),
                min_submitted: 1,
            },
            group,
            mine: None,
            team: TaskProgress::default(),
            problem: Some(problem),
        }
    }
}

/// Figures for the dashboard.
#[derive(Clone, Debug, PartialEq)]
pub struct DashboardFigures {
    pub task: Task,
    pub progress: TaskProgress,
    pub top: Vec<Contributor>,
    /// Whether contributor names are Hugging Face usernames (and so may link to profiles).
    pub names_are_hub_users: bool,
    /// The first rating question's title and how many submitted ratings each value got, when known.
    pub ratings: Option<(String, Vec<(i64, usize)>)>,
    /// Submitted responses per day, oldest first (empty when the backend cannot say).
    pub per_day: Vec<usize>,
    /// Records rated by two or more, by level of agreement (see `stats::agreement_levels`), when known.
    pub agreement: Option<[usize; 4]>,
    /// The records whose ratings agree least (see `stats::least_agreement`), when known.
    pub disputed: Vec<Disputed>,
    /// Every submitted answer, when the backend sees them all (not on Argilla, where only owners may list
    /// them): the dashboard works out chance-corrected agreement from them (`alpha::question_alpha`), so that
    /// the contributor's build, which has no dashboard, carries none of that.
    pub submitted: Option<Vec<together_core::model::Response>>,
}

/// A record whose ratings disagree: what it says, and its mean rating and agreement among its ratings.
#[derive(Clone, Debug, PartialEq)]
pub struct Disputed {
    pub record_id: String,
    /// The start of its first text field.
    pub excerpt: String,
    pub ratings: usize,
    pub mean: f64,
    pub agreement: f64,
}

/// What the sign-in page asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum SignInForm {
    /// Any name (the demo keeps everything in this browser).
    Name,
    /// Credentials for a server, shown with the host they go to.
    Server { server: String, username: String },
    /// Hugging Face OAuth; `configured` is false when the deployment has no OAuth client.
    HuggingFace { configured: bool },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Credentials {
    Name(String),
    Password { server: String, username: String, password: String },
    ApiKey { server: String, key: String },
}

pub trait Backend {
    /// Shown in the footer, so a contributor knows where answers go.
    fn footer(&self, texts: Texts) -> String;

    fn sign_in_form(&self) -> SignInForm;

    /// Check the credentials; the contributor's name on success.
    fn sign_in(&self, credentials: Credentials) -> LocalFuture<Result<String, BackendError>>;

    /// Start a sign-in at an identity provider: the address to send the browser to. `return_to` is the page
    /// to come back to.
    fn sign_in_url(&self, _return_to: String) -> LocalFuture<Result<String, BackendError>> {
        Box::pin(std::future::ready(Err(BackendError::Rejected("This backend signs in on the page.".to_owned()))))
    }

    /// Forget the credential. Unsent answers stay in the outbox.
    fn sign_out(&self);

    fn tasks(&self, user: Option<String>) -> LocalFuture<Result<Vec<TaskOverview>, BackendError>>;

    fn task(&self, task_id: String) -> LocalFuture<Result<Task, BackendError>>;

    /// The contributor's pending records, from the start of the list (see `PendingQueue`).
    fn pending(
        &self,
        task_id: String,
        user: String,
        page: PageRequest,
    ) -> LocalFuture<Result<Vec<Record>, BackendError>>;

    /// My records with a response in `status` (review mode), a page of them and how many there are.
    fn reviewed(
        &self,
        task_id: String,
        user: String,
        status: ResponseStatus,
        page: PageRequest,
    ) -> LocalFuture<Result<(Vec<Record>, usize), BackendError>>;

    fn record(&self, task_id: String, record_id: String, user: String) -> LocalFuture<Result<Record, BackendError>>;

    fn my_progress(&self, task_id: String, user: String) -> LocalFuture<Result<MyProgress, BackendError>>;

    fn dashboard(&self, task_id: String) -> LocalFuture<Result<DashboardFigures, BackendError>>;

    /// The team's progress alone (the annotate page shows it). By default, read off the dashboard; a backend
    /// whose dashboard computes more than it needs overrides this.
    fn team_progress(&self, task_id: String) -> LocalFuture<Result<TaskProgress, BackendError>> {
        let figures = self.dashboard(task_id);
        Box::pin(async move { figures.await.map(|f| f.progress) })
    }

    /// Deliver one outbox item.
    fn send(&self, item: OutboxItem) -> LocalFuture<Result<(), BackendError>>;

    /// How answers are grouped for delivery: one at a time by default.
    fn batch_policy(&self) -> BatchPolicy {
        BatchPolicy::SINGLE
    }

    /// Deliver several outbox items at once (all or none). By default, one after the other.
    fn send_batch(&self, items: Vec<OutboxItem>) -> LocalFuture<Result<(), BackendError>> {
        let sends: Vec<_> = items.into_iter().map(|item| self.send(item)).collect();
        Box::pin(async move {
            for send in sends {
                send.await?;
            }
            Ok(())
        })
    }

    /// The contributor's open pull request, where answers wait for the dataset's owners to merge them (a Hub
    /// task whose responses repo they may not write to).
    /// Answers that wait in pull requests nobody merged yet (a Hub task's non-members); `None` where a backend
    /// has no such thing.
    fn pull_requests_waiting(&self, _task_id: String) -> LocalFuture<Result<Option<PullsWaiting>, BackendError>> {
        Box::pin(async { Ok(None) })
    }

    /// Merge every open pull request of a task that may be merged (see `together_core::wire::hub_prs`).
    fn merge_pull_requests(&self, _task_id: String) -> LocalFuture<Result<MergeReport, BackendError>> {
        Box::pin(async { Err(BackendError::Rejected("This backend has no pull requests.".into())) })
    }

    fn pull_request_url(&self) -> Option<String> {
        None
    }

    /// Tell `listener` how a long read goes (files read, of how many), and `None` when it is over: a page that
    /// waits for thousands of files says how far it got.
    fn watch_reading(&self, _listener: ReadingListener) {}

    /// Whether a record with the contributor's draft is still listed as pending.
    fn lists_drafts_as_pending(&self) -> bool;

    /// Whether the progress widget can show this backend's tasks to anyone, signed in or not (`embed/`):
    /// the demo's and public Hub tasks' yes; an Argilla server's progress is for its members only.
    fn embeddable(&self) -> bool {
        true
    }

    /// Whether the leaderboard, when `config.json` names no results dataset, ranks the demo's results
    /// ([`results::DEMO_RESULTS_URL`]).
    fn has_demo_results(&self) -> bool {
        false
    }
}

/// A server address as typed: trimmed, with no trailing slash. `None` unless it is http(s).
pub fn normalize_server(url: &str) -> Option<String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    (!rest.is_empty() && !rest.contains(char::is_whitespace)).then(|| url.to_owned())
}

/// The host credentials go to, as the sign-in form shows it.
pub fn host_of(server: &str) -> &str {
    let rest = server.split_once("://").map_or(server, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest)
}
