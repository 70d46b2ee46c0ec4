//! Argilla 2.x, straight from the browser: its REST API (`/api/v1`) with an API key or a password token.

use super::{
    host_of, normalize_server, Backend, BackendError, Credentials, DashboardFigures, LocalFuture, SignInForm,
    TaskOverview,
};
use crate::http::{HttpRequest, HttpResponse, Transport};
use crate::i18n::{Msg, Texts};
use crate::json;
use crate::storage::LocalStore;
use futures::future::join_all;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use together_core::model::{Record, ResponseStatus, Task};
use together_core::outbox::{OutboxItem, OutboxOp};
use together_core::queue::PageRequest;
use together_core::route::encode;
use together_core::stats::{self, Contributor, MyProgress};
use together_core::wire::argilla as wire;

const SESSION_KEY: &str = "argilla-session";

/// Who is signed in where, kept in this browser (as Argilla's own UI keeps its token).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub server: String,
    #[serde(default)]
    pub api_key: Option<String>,
    #[serde(default)]
    pub token: Option<String>,
    /// Unix seconds; the token is not used after this.
    #[serde(default)]
    pub expires_s: Option<u64>,
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub username: String,
}

impl Session {
    fn header(&self, now_s: u64) -> Option<(String, String)> {
        if let Some(key) = &self.api_key {
            return Some(("X-Argilla-Api-Key".to_owned(), key.clone()));
        }
        let token = self.token.as_ref().filter(|_| self.expires_s.is_none_or(|e| e > now_s + 60))?;
        Some(("Authorization".to_owned(), format!("Bearer {token}")))
    }
}

struct Inner {
    transport: Rc<dyn Transport>,
    storage: LocalStore,
    session: RefCell<Session>,
    /// Settings read once per dataset: the task, and the questions by id (suggestions name questions by id).
    tasks: RefCell<Vec<(Task, Vec<wire::Question>)>>,
    /// record id → id of my response on it, which a change must `PUT`.
    responses: RefCell<Vec<(String, String)>>,
    now_s: fn() -> u64,
}

#[derive(Clone)]
pub struct ArgillaBackend(Rc<Inner>);

impl ArgillaBackend {
    /// A backend for `server`, resuming the session saved for it (if the server is the same).
    pub fn new(transport: Rc<dyn Transport>, storage: LocalStore, server: String, now_s: fn() -> u64) -> Self {
        let saved = storage.read_json::<Session>(SESSION_KEY, 0.0).ok().flatten();
        let mut session = saved.filter(|s| s.server == server).unwrap_or(Session { server, ..Default::default() });
        if session.header(now_s()).is_none() {
            session.token = None;
        }
        ArgillaBackend(Rc::new(Inner {
            transport,
            storage,
            session: RefCell::new(session),
            tasks: RefCell::new(Vec::new()),
            responses: RefCell::new(Vec::new()),
            now_s,
        }))
    }

    /// The server remembered from the last sign-in, if any.
    pub fn remembered_server(storage: &LocalStore) -> Option<String> {
        storage.read_json::<Session>(SESSION_KEY, 0.0).ok().flatten().map(|s| s.server)
    }

    pub fn session(&self) -> Session {
        self.0.session.borrow().clone()
    }

    /// Whether requests carry a credential that has not expired.
    pub fn signed_in(&self) -> bool {
        self.0.session.borrow().header((self.0.now_s)()).is_some()
    }

    fn save_session(&self) {
        if let Ok(text) = json::stringify(&*self.0.session.borrow()) {
            let _ = self.0.storage.set(SESSION_KEY, &text);
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.0.session.borrow().server)
    }

    async fn send_raw(
        &self,
        method: &'static str,
        path: String,
        body: Option<String>,
    ) -> Result<HttpResponse, BackendError> {
        let mut headers = Vec::new();
        if let Some(header) = self.0.session.borrow().header((self.0.now_s)()) {
            headers.push(header);
        }
        if body.is_some() {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        let request = HttpRequest { method, url: self.url(&path), headers, body, immutable: false };
        self.0.transport.send(request).await.map_err(|e| BackendError::Offline(e.0))
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: &'static str,
        path: String,
        body: Option<String>,
    ) -> Result<T, BackendError> {
        let response = self.send_raw(method, path.clone(), body).await?;
        if (200..300).contains(&response.status) {
            json::parse(&response.body).map_err(|e| BackendError::Malformed(format!("{path}: {e}")))
        } else {
            Err(error_of(&response))
        }
    }

    async fn load_task(&self, id: &str) -> Result<Task, BackendError> {
        if let Some((task, _)) = self.0.tasks.borrow().iter().find(|(t, _)| t.id == id) {
            return Ok(task.clone());
        }
        let id = encode(id);
        let (dataset, fields, questions) = futures::join!(
            self.call::<wire::Dataset>("GET", format!("/datasets/{id}"), None),
            self.call::<wire::Items<wire::Field>>("GET", format!("/datasets/{id}/fields"), None),
            self.call::<wire::Items<wire::Question>>("GET", format!("/datasets/{id}/questions"), None),
        );
        let (dataset, fields, questions) = (dataset?, fields?, questions?);
        let task = wire::to_task(&dataset, fields.items, questions.items.clone());
        check_task(&task)?;
        self.0.tasks.borrow_mut().push((task.clone(), questions.items));
        Ok(task)
    }

    fn questions(&self, task_id: &str) -> Vec<wire::Question> {
        self.0.tasks.borrow().iter().find(|(t, _)| t.id == task_id).map(|(_, q)| q.clone()).unwrap_or_default()
    }

    fn remember_response(&self, record_id: &str, response_id: Option<String>) {
        let mut known = self.0.responses.borrow_mut();
        known.retain(|(r, _)| r != record_id);
        if let Some(id) = response_id {
            known.push((record_id.to_owned(), id));
        }
    }

    fn known_response(&self, record_id: &str) -> Option<String> {
        self.0.responses.borrow().iter().find(|(r, _)| r == record_id).map(|(_, id)| id.clone())
    }

    fn to_records(&self, task_id: &str, page: wire::SearchPage) -> Vec<Record> {
        let questions = self.questions(task_id);
        let session = self.0.session.borrow();
        page.items
            .into_iter()
            .map(|item| {
                let (record, response_id) =
                    wire::to_record(item.record, &questions, &session.user_id, &session.username);
                self.remember_response(&record.id, response_id);
                record
            })
            .collect()
    }

    async fn search(
        &self,
        task_id: &str,
        body: String,
        page: PageRequest,
    ) -> Result<(Vec<Record>, usize), BackendError> {
        self.load_task(task_id).await?;
        let path = format!(
            "/me/datasets/{}/records/search?include=responses&include=suggestions&offset={}&limit={}",
            encode(task_id),
            page.offset,
            page.limit.max(1)
        );
        let found: wire::SearchPage = self.call("POST", path, Some(body)).await?;
        let total = found.total;
        Ok((self.to_records(task_id, found), total))
    }

    /// My response id on a record, asking the server when this session has not seen it.
    async fn find_response(&self, record_id: &str) -> Result<Option<String>, BackendError> {
        if let Some(id) = self.known_response(record_id) {
            return Ok(Some(id));
        }
        let record: wire::Record = self.call("GET", format!("/records/{}", encode(record_id)), None).await?;
        let user_id = self.0.session.borrow().user_id.clone();
        let id = record.responses.into_iter().find(|r| r.user_id == user_id).map(|r| r.id);
        self.remember_response(record_id, id.clone());
        Ok(id)
    }

    /// Send an answer at once: an update when this session knows my response on the record (the queue's search
    /// says), else a creation; a 409 (it exists after all) becomes an update. No round trip before the answer
    /// leaves, so one submitted just before the tab closes is on its way.
    async fn save(&self, record_id: &str, body: String) -> Result<(), BackendError> {
        let existing = self.known_response(record_id);
        let reply = match existing.clone() {
            Some(id) => self.send_raw("PUT", format!("/responses/{}", encode(&id)), Some(body.clone())).await?,
            None => {
                self.send_raw("POST", format!("/records/{}/responses", encode(record_id)), Some(body.clone())).await?
            }
        };
        let reply = match reply.status {
            // Someone (this contributor on another device) answered first: update that response, never lose this one.
            409 => {
                self.remember_response(record_id, None);
                let id = self.find_response(record_id).await?.ok_or_else(|| error_of(&reply))?;
                self.send_raw("PUT", format!("/responses/{}", encode(&id)), Some(body)).await?
            }
            // The response was deleted meanwhile: create it again.
            404 if existing.is_some() => {
                self.remember_response(record_id, None);
                self.send_raw("POST", format!("/records/{}/responses", encode(record_id)), Some(body)).await?
            }
            _ => reply,
        };
        if !(200..300).contains(&reply.status) {
            return Err(error_of(&reply));
        }
        let saved: wire::Response = json::parse(&reply.body).map_err(BackendError::Malformed)?;
        self.remember_response(record_id, Some(saved.id));
        Ok(())
    }

    async fn retract(&self, record_id: &str) -> Result<(), BackendError> {
        let Some(id) = self.find_response(record_id).await? else { return Ok(()) };
        let reply = self.send_raw("DELETE", format!("/responses/{}", encode(&id)), None).await?;
        self.remember_response(record_id, None);
        match reply.status {
            200..=299 | 404 => Ok(()),
            _ => Err(error_of(&reply)),
        }
    }

    /// A dataset's record progress and every annotator's response counts, fetched together.
    async fn team(&self, dataset_id: &str) -> Result<(wire::Progress, wire::UsersProgress), BackendError> {
        let id = encode(dataset_id);
        let (progress, users) = futures::join!(
            self.call::<wire::Progress>("GET", format!("/datasets/{id}/progress"), None),
            self.call::<wire::UsersProgress>("GET", format!("/datasets/{id}/users/progress"), None),
        );
        Ok((progress?, users?))
    }

    async fn overview(&self, dataset: wire::Dataset, workspace: Option<String>) -> Result<TaskOverview, BackendError> {
        let (metrics, team) = futures::join!(
            self.call::<wire::Metrics>("GET", format!("/me/datasets/{}/metrics", encode(&dataset.id)), None),
            self.team(&dataset.id),
        );
        let (progress, users) = team?;
        let task = wire::to_task(&dataset, Vec::new(), Vec::new());
        Ok(TaskOverview {
            team: wire::task_progress(&progress, &users, task.min_submitted),
            mine: Some(metrics?.my_progress()),
            task,
            group: workspace,
            problem: None,
        })
    }

    async fn sign_in_with(&self, credentials: Credentials) -> Result<String, BackendError> {
        let (server, header) = match &credentials {
            Credentials::ApiKey { server, key } => (server, Some(key.clone())),
            Credentials::Password { server, .. } => (server, None),
            Credentials::Name(_) => return Err(BackendError::Rejected("A server sign-in needs credentials.".into())),
        };
        let server = normalize_server(server).ok_or(BackendError::Rejected(String::new()))?;
        {
            let mut session = self.0.session.borrow_mut();
            *session = Session { server, ..Default::default() };
            session.api_key = header;
        }
        if let Credentials::Password { username, password, .. } = &credentials {
            let body = format!("username={}&password={}", encode(username), encode(password));
            let request = HttpRequest {
                method: "POST",
                url: self.url("/token"),
                headers: vec![("Content-Type".into(), "application/x-www-form-urlencoded".into())],
                body: Some(body),
                immutable: false,
            };
            let reply = self.0.transport.send(request).await.map_err(|e| BackendError::Offline(e.0))?;
            if !(200..300).contains(&reply.status) {
                return Err(error_of(&reply));
            }
            let token: wire::Token = json::parse(&reply.body).map_err(BackendError::Malformed)?;
            let mut session = self.0.session.borrow_mut();
            session.expires_s = wire::token_expiry(&token.access_token);
            session.token = Some(token.access_token);
        }
        let me: wire::Me = self.call("GET", "/me".to_owned(), None).await?;
        {
            let mut session = self.0.session.borrow_mut();
            session.user_id = me.id;
            session.username = me.username.clone();
        }
        self.0.tasks.borrow_mut().clear();
        self.0.responses.borrow_mut().clear();
        self.save_session();
        Ok(me.username)
    }
}

/// A dataset the annotate page cannot show: say what is wrong rather than fail later.
fn check_task(task: &Task) -> Result<(), BackendError> {
    let records: [Record; 0] = [];
    together_core::demo::validate_task(task, &records).map_err(BackendError::Malformed)
}

/// An HTTP error as a value the pages and the outbox understand.
fn error_of(response: &HttpResponse) -> BackendError {
    let message = json::parse::<wire::ErrorBody>(&response.body)
        .map(|e| e.message().to_owned())
        .unwrap_or_else(|_| response.body.chars().take(200).collect());
    BackendError::from_status(response, message.clone(), Msg::TheRecord, message)
}

impl Backend for ArgillaBackend {
    fn footer(&self, texts: Texts) -> String {
        texts.fill(Msg::FooterArgilla, &[host_of(&self.0.session.borrow().server)])
    }

    fn sign_in_form(&self) -> SignInForm {
        let session = self.0.session.borrow();
        SignInForm::Server { server: session.server.clone(), username: session.username.clone() }
    }

    fn sign_in(&self, credentials: Credentials) -> LocalFuture<Result<String, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            // A failed attempt (a typo in the server or the key) leaves the previous session as it was.
            let before = this.session();
            let result = this.sign_in_with(credentials).await;
            if result.is_err() {
                *this.0.session.borrow_mut() = before;
            }
            result
        })
    }

    fn sign_out(&self) {
        let mut session = self.0.session.borrow_mut();
        session.token = None;
        session.api_key = None;
        drop(session);
        self.save_session();
    }

    fn tasks(&self, _user: Option<String>) -> LocalFuture<Result<Vec<TaskOverview>, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            // Signed out, the answer is known without asking the server.
            if !this.signed_in() {
                return Err(BackendError::Unauthorized);
            }
            let (workspaces, datasets) = futures::join!(
                this.call::<wire::Items<wire::Workspace>>("GET", "/me/workspaces".to_owned(), None),
                this.call::<wire::Items<wire::Dataset>>("GET", "/me/datasets".to_owned(), None),
            );
            let (workspaces, datasets) = (workspaces?.items, datasets?.items);
            // Workspace by workspace, in the server's order (a dataset of an unlisted workspace comes last).
            let ready = datasets.iter().filter(|d| d.status == wire::DatasetStatus::Ready);
            let grouped = workspaces
                .iter()
                .flat_map(|w| {
                    ready.clone().filter(move |d| d.workspace_id == w.id).map(move |d| (d, Some(w.name.clone())))
                })
                .chain(ready.clone().filter(|d| !workspaces.iter().any(|w| w.id == d.workspace_id)).map(|d| (d, None)))
                .map(|(d, workspace)| this.overview(d.clone(), workspace));
            join_all(grouped).await.into_iter().collect()
        })
    }

    fn task(&self, task_id: String) -> LocalFuture<Result<Task, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            this.load_task(&task_id).await.map_err(|e| match e {
                BackendError::NotFound { .. } => BackendError::NotFound { what: Msg::TheTask, name: task_id },
                other => other,
            })
        })
    }

    fn pending(
        &self,
        task_id: String,
        _user: String,
        page: PageRequest,
    ) -> LocalFuture<Result<Vec<Record>, BackendError>> {
        let this = self.clone();
        Box::pin(async move { Ok(this.search(&task_id, wire::pending_search().to_owned(), page).await?.0) })
    }

    fn reviewed(
        &self,
        task_id: String,
        _user: String,
        status: ResponseStatus,
        page: PageRequest,
    ) -> LocalFuture<Result<(Vec<Record>, usize), BackendError>> {
        let this = self.clone();
        Box::pin(async move { this.search(&task_id, wire::review_search(status), page).await })
    }

    fn record(&self, task_id: String, record_id: String, _user: String) -> LocalFuture<Result<Record, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            this.load_task(&task_id).await?;
            let record: wire::Record =
                this.call("GET", format!("/records/{}", encode(&record_id)), None).await.map_err(|e| match e {
                    BackendError::NotFound { .. } => BackendError::NotFound { what: Msg::TheRecord, name: record_id },
                    other => other,
                })?;
            let page = wire::SearchPage { items: vec![wire::SearchItem { record }], total: 1 };
            Ok(this.to_records(&task_id, page).remove(0))
        })
    }

    fn my_progress(&self, task_id: String, _user: String) -> LocalFuture<Result<MyProgress, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            let metrics: wire::Metrics =
                this.call("GET", format!("/me/datasets/{}/metrics", encode(&task_id)), None).await?;
            Ok(metrics.my_progress())
        })
    }

    fn dashboard(&self, task_id: String) -> LocalFuture<Result<DashboardFigures, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            let task = this.load_task(&task_id).await?;
            let (progress, users) = this.team(&task_id).await?;
            let mut top: Vec<Contributor> = users
                .users
                .iter()
                .filter(|u| u.submitted() > 0)
                .map(|u| Contributor { user: u.username.clone(), submitted: u.submitted() })
                .collect();
            stats::rank_contributors(&mut top, 10);
            Ok(DashboardFigures {
                progress: wire::task_progress(&progress, &users, task.min_submitted),
                task,
                top,
                names_are_hub_users: false,
                // Every annotator's responses are listed to owners only (403 for annotators).
                ratings: None,
                per_day: Vec::new(),
                agreement: None,
                disputed: Vec::new(),
                submitted: None,
            })
        })
    }

    fn send(&self, item: OutboxItem) -> LocalFuture<Result<(), BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            match &item.op {
                OutboxOp::Save { response } => {
                    let body = json::stringify(&wire::response_body(response)).map_err(BackendError::Malformed)?;
                    this.save(&item.record_id, body).await
                }
                OutboxOp::Retract { .. } => this.retract(&item.record_id).await,
            }
        })
    }

    fn embeddable(&self) -> bool {
        false
    }

    fn lists_drafts_as_pending(&self) -> bool {
        false
    }
}
