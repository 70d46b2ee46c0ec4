//! Hub-native tasks, with no server of our own: the task definition and records come from Hugging Face dataset
//! repos (through the dataset viewer, or the raw file), and each contributor's answers are committed as JSONL
//! files to the task's responses repo: a direct commit when they may write there, otherwise a pull request.

use super::demo::{figures_of, ready};
use super::{
    error_of, Backend, BackendError, Credentials, DashboardFigures, LocalFuture, MergeReport, PullsWaiting,
    ReadingListener, SignInForm, TaskOverview,
};
use crate::auth::{self, OAuthClient, SESSION_KEY};
use crate::http::{HttpRequest, HttpResponse, Transport};
use crate::i18n::{Msg, Texts};
use crate::json;
use crate::storage::LocalStore;
use crate::sync::now_ms;
use futures::channel::oneshot;
use futures::future::join_all;
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use together_core::auth::Session;
use together_core::compaction::{self, ReadFile};
use together_core::config::HubConfig;
use together_core::demo::{validate_task, DemoStore, DemoTask};
use together_core::i18n::I18n;
use together_core::model::{Record, ResponseStatus, Task};
use together_core::outbox::{BatchPolicy, OutboxItem};
use together_core::queue::PageRequest;
use together_core::stats::{MyProgress, TaskProgress};
use together_core::summary::{self, Summary, SUMMARY_PATH};
use together_core::wire::hub::{self as wire, ResponseLine, TaskDefinition};
use together_core::wire::hub_prs::{self, Discussion, DiscussionDetails, DiscussionsPage, PullListing};
use together_core::wire::hub_read::{self, HubUrls, TreeListing};

/// Answers are committed five at a time, when the page is hidden, or after a minute.
pub const BATCH: BatchPolicy = BatchPolicy { size: 5, max_wait_ms: 60_000.0 };
const DEVICE_KEY: &str = "device";
/// Responses are read again at most this often (one request when nothing changed).
const REREAD_MS: f64 = 3_000.0;
const STALE_RETRIES: usize = 3;
/// Hub requests in flight at once, whatever asks: a thousand at a time made the browser refuse them (and the
/// task list said "offline"), and a handful keeps the Hub's rate limits and a phone's connection in reach.
const MAX_IN_FLIGHT: usize = 6;

struct HubTask {
    demo: DemoTask,
    /// The responses repo.
    responses: String,
}

#[derive(Default)]
struct Responses {
    /// Head commits last read, by revision (`main`, my pull request).
    heads: Vec<(String, String)>,
    /// Files listed at those heads, and the ones this device committed (which a lagging listing may miss).
    paths: BTreeSet<String>,
    /// The files listed at main's head alone: what a compaction may fold.
    main_paths: Vec<String>,
    /// The snapshot whose lines in `files` come from the compaction's summary: who answered what, without the
    /// values. A page that needs the values (the dashboard, review, a compaction) reads the snapshot itself.
    stand_in: Option<String>,
    /// The batch files outside the snapshot when this app last tried to compact (it tries again once there are more).
    compact_tried: usize,
    read_at_ms: f64,
    store: DemoStore,
}

struct Inner {
    transport: Rc<dyn Transport>,
    storage: LocalStore,
    hub: HubConfig,
    repos: Vec<String>,
    client: Option<OAuthClient>,
    session: RefCell<Option<Session>>,
    tasks: RefCell<Vec<(String, Rc<HubTask>)>>,
    /// Responses files by `repo/path`; a file's name is never reused for other contents.
    files: RefCell<BTreeMap<String, Rc<Vec<ResponseLine>>>>,
    /// Those of `files` with a line nobody could read: a compaction folds them but keeps them.
    incomplete: RefCell<BTreeSet<String>>,
    /// By responses repo (a handful: small maps are plain lists, which keeps the Wasm small).
    responses: RefCell<Vec<(String, Responses)>>,
    device: String,
    /// Reads under way, by key, with whoever waits for each.
    flights: RefCell<Vec<(String, Vec<Waiter>)>>,
    /// Files being read (done, of how many) and who is told (see [`Backend::watch_reading`]).
    reading: std::cell::Cell<(usize, usize)>,
    reading_listener: RefCell<Option<ReadingListener>>,
    /// Requests on the wire, and those waiting for a free slot (see [`MAX_IN_FLIGHT`]).
    in_flight: std::cell::Cell<usize>,
    queued: RefCell<std::collections::VecDeque<oneshot::Sender<()>>>,
}

/// Reads this many files or more say how far they got.
const SAY_READING_FROM: usize = 20;

/// One file of a long read; dropped (read, failed or abandoned), it counts as done.
struct ReadingFile<'a>(&'a Inner);

impl<'a> ReadingFile<'a> {
    fn start(inner: &'a Inner, files: usize) -> Vec<ReadingFile<'a>> {
        if files < SAY_READING_FROM {
            return Vec::new();
        }
        let (done, total) = inner.reading.get();
        inner.reading.set((done, total + files));
        inner.tell_reading();
        (0..files).map(|_| ReadingFile(inner)).collect()
    }
}

impl Drop for ReadingFile<'_> {
    fn drop(&mut self) {
        let (done, total) = self.0.reading.get();
        self.0.reading.set(if done + 1 >= total { (0, 0) } else { (done + 1, total) });
        self.0.tell_reading();
    }
}

impl Inner {
    fn tell_reading(&self) {
        let listener = self.reading_listener.borrow().clone();
        if let Some(listener) = listener {
            let (done, total) = self.reading.get();
            listener((total > 0).then_some((done, total)));
        }
    }
}

/// A slot for one request on the wire; dropped, it goes to the next request waiting, if any.
struct Slot<'a>(&'a Inner);

impl Inner {
    async fn slot(&self) -> Slot<'_> {
        if self.in_flight.get() < MAX_IN_FLIGHT {
            self.in_flight.set(self.in_flight.get() + 1);
            return Slot(self);
        }
        let (sender, receiver) = oneshot::channel();
        self.queued.borrow_mut().push_back(sender);
        // Handed over by a slot that was dropped; if its sender is gone too, the slot was released.
        let _ = receiver.await;
        Slot(self)
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        // Hand the slot to the first waiter still waiting (one whose page went away dropped its receiver).
        loop {
            let next = self.0.queued.borrow_mut().pop_front();
            let Some(next) = next else { break };
            if next.send(()).is_ok() {
                return;
            }
        }
        self.0.in_flight.set(self.0.in_flight.get().saturating_sub(1));
    }
}

type Waiter = oneshot::Sender<Result<(), BackendError>>;

/// A read under way. Landing hands over its waiters; dropped without landing (abandoned), it lets them go,
/// and they ask again.
struct Flight<'a> {
    inner: &'a Inner,
    key: String,
}

impl Flight<'_> {
    fn land(self) -> Vec<Waiter> {
        self.take()
    }

    fn take(&self) -> Vec<Waiter> {
        let mut flights = self.inner.flights.borrow_mut();
        match flights.iter().position(|(k, _)| *k == self.key) {
            Some(index) => flights.remove(index).1,
            None => Vec::new(),
        }
    }
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        self.take();
    }
}

#[derive(Clone)]
pub struct HubBackend(Rc<Inner>);

fn pr_key(repo: &str, user: &str) -> String {
    format!("pr:{repo}:{user}")
}

/// Set once this account committed straight to a responses repo's main branch (or merged its pull requests):
/// it may write there, so its app keeps the repo compact.
fn member_key(repo: &str, user: &str) -> String {
    format!("member:{repo}:{user}")
}

fn drafts_key(repo: &str, user: &str) -> String {
    format!("drafts:{repo}:{user}")
}

impl HubBackend {
    /// `repos`: the task repos (each with a `together.json`), in the order the task list shows them.
    pub fn new(
        transport: Rc<dyn Transport>,
        storage: LocalStore,
        hub: HubConfig,
        repos: Vec<String>,
        client: Option<OAuthClient>,
    ) -> Self {
        let session = storage.read_json::<Session>(SESSION_KEY, 0.0).ok().flatten();
        let device = storage.get(DEVICE_KEY).unwrap_or_else(|| {
            // Names this browser's batch files, so two devices of one contributor never write the same file.
            let device = format!("{:x}", (js_sys::Math::random() * 4_294_967_295.0) as u64);
            let _ = storage.set(DEVICE_KEY, &device);
            device
        });
        HubBackend(Rc::new(Inner {
            transport,
            storage,
            hub,
            repos,
            client,
            session: RefCell::new(session),
            tasks: RefCell::new(Vec::new()),
            files: RefCell::new(BTreeMap::new()),
            incomplete: RefCell::new(BTreeSet::new()),
            responses: RefCell::new(Vec::new()),
            device,
            flights: RefCell::new(Vec::new()),
            reading: std::cell::Cell::new((0, 0)),
            reading_listener: RefCell::new(None),
            in_flight: std::cell::Cell::new(0),
            queued: RefCell::new(std::collections::VecDeque::new()),
        }))
    }

    /// Keep a session that a sign-in just produced.
    pub fn store_session(storage: &LocalStore, session: &Session) -> Result<(), String> {
        let text = json::stringify(session)?;
        storage.set(SESSION_KEY, &text).map_err(|_| "This browser cannot keep the sign-in (storage is blocked).".into())
    }

    /// A session that has not expired (nor is about to).
    fn live_session(&self) -> Option<Session> {
        self.0.session.borrow().clone().filter(|s| !s.is_expired(now_ms()))
    }

    pub fn signed_in(&self) -> bool {
        self.live_session().is_some()
    }

    fn endpoint(&self) -> &str {
        self.0.hub.endpoint.trim_end_matches('/')
    }

    async fn request(
        &self,
        method: &'static str,
        url: String,
        content_type: Option<&str>,
        body: Option<String>,
    ) -> Result<HttpResponse, BackendError> {
        // Public reads go without the token: a request with `Authorization` is not a simple CORS request, so
        // each would cost a preflight too. Writes and pull-request refs carry it, and so does a read the Hub
        // refused anonymously (a private repo answers 401).
        let token = self.live_session().map(|s| ("Authorization".to_owned(), format!("Bearer {}", s.access_token)));
        let needs_token = method != "GET" || url.contains("refs%2Fpr%2F") || url.contains("refs/pr/");
        let mut headers: Vec<(String, String)> = token.clone().filter(|_| needs_token).into_iter().collect();
        if let Some(kind) = content_type {
            headers.push(("Content-Type".to_owned(), kind.to_owned()));
        }
        // Files and listings at a commit id never change: a reload, or a reader coming back while the head has
        // not moved, reads them from the browser's cache.
        let immutable = method == "GET" && hub_read::at_commit(&url);
        let mut request = HttpRequest { method, url, headers, body, immutable };
        let transport = &self.0.transport;
        let _slot = self.0.slot().await;
        let response = transport.send(request.clone()).await.map_err(|e| BackendError::Offline(e.0))?;
        match token {
            Some(token) if response.status == 401 && !needs_token => {
                request.headers.push(token);
                transport.send(request).await.map_err(|e| BackendError::Offline(e.0))
            }
            _ => Ok(response),
        }
    }

    async fn get_json<T: DeserializeOwned>(&self, url: String, what: Msg, name: &str) -> Result<T, BackendError> {
        let response = self.request("GET", url.clone(), None, None).await?;
        if response.status != 200 {
            return Err(error_of(&response, what, name));
        }
        json::parse(&response.body).map_err(|e| BackendError::Malformed(format!("{url}: {e}")))
    }

    fn urls(&self) -> HubUrls<'_> {
        HubUrls::new(&self.0.hub.endpoint)
    }

    fn resolve_url(&self, repo: &str, revision: &str, path: &str) -> String {
        self.urls().resolve(repo, revision, path)
    }

    /// A task's definition and records, read once: callers that ask while it is being read wait for that read.
    async fn load(&self, repo: &str) -> Result<Rc<HubTask>, BackendError> {
        loop {
            if let Some((_, task)) = self.0.tasks.borrow().iter().find(|(r, _)| r == repo) {
                return Ok(task.clone());
            }
            if let Some(result) = self.single_flight(format!("task {repo}"), self.fetch_task(repo)).await {
                result?;
            }
        }
    }

    async fn fetch_task(&self, repo: &str) -> Result<(), BackendError> {
        let not_found = || BackendError::NotFound { what: Msg::TheTask, name: repo.to_owned() };
        if !self.0.repos.iter().any(|r| r == repo) {
            return Err(not_found());
        }
        let url = self.resolve_url(repo, "main", wire::DEFINITION_FILE);
        let response = self.request("GET", url, None, None).await?;
        let definition = match response.status {
            200 => json::parse_strict::<TaskDefinition>(&response.body)
                .map_err(|e| format!("{repo}/{}: {e}", wire::DEFINITION_FILE))
                .and_then(|d| wire::read_definition(repo, d))
                .map_err(BackendError::Malformed)?,
            404 if response.header("x-error-code") == Some("EntryNotFound") => {
                return Err(BackendError::Malformed(format!(
                    "The dataset {repo} has no {} describing the task.",
                    wire::DEFINITION_FILE
                )));
            }
            _ => return Err(error_of(&response, Msg::TheTask, repo)),
        };
        let dataset = definition.records.dataset.clone().unwrap_or_else(|| repo.to_owned());
        let records = self.records(&definition, &dataset).await?;
        validate_task(&definition.task, &records).map_err(BackendError::Malformed)?;
        let task = Rc::new(HubTask {
            demo: DemoTask { task: definition.task, records, simulated: Vec::new() },
            responses: definition.responses,
        });
        self.0.tasks.borrow_mut().push((repo.to_owned(), task));
        Ok(())
    }

    /// Every record: from the raw file the task names, in one request; else through the dataset viewer, a
    /// hundred a request (a 10,000-record task is a hundred requests there). When the raw file cannot be read
    /// (gone, the Hub failing), the viewer serves the rows; a raw file that is malformed is said as it is.
    async fn records(&self, definition: &TaskDefinition, dataset: &str) -> Result<Vec<Record>, BackendError> {
        let source = &definition.records;
        let raw = match &source.path {
            Some(path) => match self.raw_records(definition, dataset, path).await {
                Ok(records) => return Ok(records),
                Err(error @ BackendError::Malformed(_)) => return Err(error),
                Err(error) => Some(error),
            },
            None => None,
        };
        let viewer = self.0.hub.datasets_server.trim_end_matches('/');
        let page = |offset| {
            let url = wire::rows_url(viewer, dataset, source, offset, wire::ROWS_PAGE);
            async move { self.get_json::<wire::RowsPage>(url, Msg::TheTask, dataset).await }
        };
        let first = match (page(0).await, raw) {
            (Ok(first), _) => first,
            (Err(_), Some(raw)) => return Err(raw),
            (Err(error), None) => return Err(error),
        };
        let rest =
            join_all((1..first.num_rows_total.div_ceil(wire::ROWS_PAGE)).map(|i| page(i * wire::ROWS_PAGE))).await;
        let mut records = Vec::with_capacity(first.num_rows_total);
        for page in std::iter::once(Ok(first)).chain(rest) {
            for entry in page?.rows {
                records.push(wire::record_from_row(&definition.task, source, entry.row_idx, entry.row));
            }
        }
        Ok(records)
    }

    async fn raw_records(
        &self,
        definition: &TaskDefinition,
        dataset: &str,
        path: &str,
    ) -> Result<Vec<Record>, BackendError> {
        let response = self.request("GET", self.resolve_url(dataset, "main", path), None, None).await?;
        if response.status != 200 {
            return Err(error_of(&response, Msg::TheTask, &format!("{dataset}/{path}")));
        }
        wire::records_from_file(definition, &format!("{dataset}/{path}"), &response.body, json::parse::<wire::Row>)
            .map_err(BackendError::Malformed)
    }

    /// What is known of a responses repo (found, or started empty).
    fn responses<T>(&self, repo: &str, read: impl FnOnce(&mut Responses) -> T) -> T {
        let mut all = self.0.responses.borrow_mut();
        let index = match all.iter().position(|(r, _)| r == repo) {
            Some(index) => index,
            None => {
                all.push((repo.to_owned(), Responses::default()));
                all.len() - 1
            }
        };
        read(&mut all[index].1)
    }

    fn my_pr(&self, repo: &str) -> Option<String> {
        let user = self.live_session()?.username;
        self.0.storage.get(&pr_key(repo, &user))
    }

    /// Read the responses repo again if it changed: one request for each head, then only the new files.
    /// Callers that ask while the repo is being read (the annotate page asks for the queue, my progress and the
    /// team's at once) wait for that read instead of repeating it.
    /// With `values`, the answers' values too (the snapshot rather than its summary).
    async fn refresh(&self, task: &Rc<HubTask>, values: bool) -> Result<(), BackendError> {
        let repo = &task.responses;
        loop {
            let fresh = self.responses(repo, |r| now_ms() - r.read_at_ms < REREAD_MS);
            if fresh && !(values && self.has_stand_ins(repo)) {
                return Ok(());
            }
            let read = self.read_responses(task, values);
            match self.single_flight(format!("responses {repo}"), read).await {
                // The read waited for may have been a summary's: look again.
                Some(Ok(())) if values && self.has_stand_ins(repo) => {}
                Some(result) => return result,
                None => {}
            }
        }
    }

    fn has_stand_ins(&self, repo: &str) -> bool {
        self.responses(repo, |r| r.stand_in.is_some())
    }

    /// The compaction's summary at main's head, when it speaks for the snapshot listed there and that snapshot
    /// is not read yet: its lines (without values) stand in for the snapshot's. Any failure only means the
    /// snapshot is read instead.
    async fn read_summary(&self, repo: String, head: String, listed: Vec<String>) {
        let read = |p: &str| self.0.files.borrow().contains_key(&format!("{repo}/{p}"));
        if !summary::snapshot_unread(listed.iter().map(String::as_str), read) {
            return;
        }
        let Ok(response) = self.request("GET", self.resolve_url(&repo, &head, SUMMARY_PATH), None, None).await else {
            return;
        };
        let Some(summary) = (response.status == 200).then(|| Summary::parse(&response.body)).flatten() else {
            return;
        };
        if summary.describes(listed.iter().map(String::as_str)) {
            self.0.files.borrow_mut().insert(format!("{repo}/{}", summary.snapshot), Rc::new(summary.lines()));
            self.responses(&repo, |r| r.stand_in = Some(summary.snapshot));
        }
    }

    /// Run `work` unless the same `key` is already running, in which case wait for that run and share its
    /// result. `None` when the run being waited for was abandoned (its page went away): ask again.
    async fn single_flight(
        &self,
        key: String,
        work: impl std::future::Future<Output = Result<(), BackendError>>,
    ) -> Option<Result<(), BackendError>> {
        let waiting = {
            let mut flights = self.0.flights.borrow_mut();
            match flights.iter_mut().find(|(k, _)| *k == key) {
                Some((_, waiters)) => {
                    let (sender, receiver) = oneshot::channel();
                    waiters.push(sender);
                    Some(receiver)
                }
                None => {
                    flights.push((key.clone(), Vec::new()));
                    None
                }
            }
        };
        if let Some(receiver) = waiting {
            return receiver.await.ok();
        }
        let flight = Flight { inner: &self.0, key };
        let result = work.await;
        for waiter in flight.land() {
            let _ = waiter.send(result.clone());
        }
        Some(result)
    }

    async fn read_responses(&self, task: &Rc<HubTask>, values: bool) -> Result<(), BackendError> {
        self.fetch_responses(&task.responses, values).await?;
        self.rebuild(task);
        self.responses(&task.responses, |entry| entry.read_at_ms = now_ms());
        self.compact_if_due(task);
        Ok(())
    }

    /// Read a responses repo's heads, listings and the files not read yet (with `values`, the snapshot too
    /// when its summary stood in for it).
    async fn fetch_responses(&self, repo: &str, values: bool) -> Result<(), BackendError> {
        let reread = if values { self.responses(repo, |r| r.stand_in.clone()) } else { None };
        let forgot = reread.is_some();
        let mut revisions = vec!["main".to_owned()];
        revisions.extend(self.my_pr(repo));
        let mut heads: Vec<(String, String)> = Vec::new();
        for revision in revisions {
            let url = self.urls().revision(repo, &revision);
            match self.get_json::<wire::RevisionInfo>(url, Msg::TheTask, repo).await {
                Ok(info) => {
                    heads.push((revision, info.sha));
                }
                // My pull request was merged or closed: my answers are on main now, or were declined.
                Err(BackendError::NotFound { .. }) if revision != "main" => {
                    if let Some(user) = self.live_session().map(|s| s.username) {
                        self.0.storage.remove(&pr_key(repo, &user));
                    }
                }
                Err(error) => return Err(error),
            }
        }
        let unchanged = self.responses(repo, |r| r.heads == heads);
        if !unchanged || forgot {
            let (mut paths, mut main_paths) = self.responses(repo, |r| (r.paths.clone(), r.main_paths.clone()));
            let mut summary = false;
            // Heads unchanged: what was listed stands, and only the snapshot its summary stood for is read.
            for (revision, sha) in heads.iter().filter(|_| !unchanged) {
                // Every page of the listing: past the first, answers would drop out of the queue and the figures.
                let mut listing = TreeListing::new(self.urls(), repo, sha);
                while let Some(url) = listing.next_url().map(str::to_owned) {
                    let response = self.request("GET", url.clone(), None, None).await?;
                    match response.status {
                        200 => {
                            let entries = json::parse::<Vec<wire::TreeEntry>>(&response.body)
                                .map_err(|e| BackendError::Malformed(format!("{url}: {e}")))?;
                            listing
                                .page(entries, response.header("link"))
                                .map_err(|e| BackendError::Malformed(format!("{repo}: {e}")))?;
                        }
                        // No answers yet: the folder does not exist.
                        404 if listing.pages() == 0 && response.header("x-error-code") == Some("EntryNotFound") => {
                            listing.missing();
                        }
                        _ => return Err(error_of(&response, Msg::TheTask, repo)),
                    }
                }
                if revision == "main" {
                    summary = listing.has_summary();
                }
                let listed = listing.into_files();
                paths.extend(listed.iter().cloned());
                if revision == "main" {
                    main_paths = listed;
                }
            }
            let head = heads.first().map(|(_, sha)| sha.clone()).unwrap_or_default();
            if summary && !values {
                // Boxed: its steps stay out of this long read's own (they cost the Wasm twice otherwise).
                let read: std::pin::Pin<Box<dyn std::future::Future<Output = ()> + '_>> =
                    Box::pin(self.read_summary(repo.to_owned(), head.clone(), main_paths.clone()));
                read.await;
            }
            let missing: Vec<String> = paths
                .iter()
                .filter(|p| reread.as_ref() == Some(*p) || !self.0.files.borrow().contains_key(&format!("{repo}/{p}")))
                .cloned()
                .collect();
            let reading = ReadingFile::start(&self.0, missing.len());
            let mut reading = reading.into_iter();
            let fetched = join_all(missing.iter().map(|path| {
                // A file only on my pull request's branch is read there.
                let sha = heads.last().map(|(_, sha)| sha.clone()).unwrap_or_else(|| head.clone());
                let head = head.clone();
                let file = reading.next();
                async move {
                    let _file = file;
                    let mut response = self.request("GET", self.resolve_url(repo, &head, path), None, None).await?;
                    if response.status == 404 && sha != head {
                        response = self.request("GET", self.resolve_url(repo, &sha, path), None, None).await?;
                    }
                    Ok::<_, BackendError>((path, response))
                }
            }))
            .await;
            // A file that cannot be read now (the Hub's rate limit, a server error) fails this read once the others
            // are kept: the next read asks only for what is still missing. Skipped, it would stay out of the
            // figures and the queue until the head moved.
            let mut unread = None;
            for result in fetched {
                let (path, response) = result?;
                match response.status {
                    200 => {}
                    404 => continue, // listed a moment ago, gone now
                    _ => {
                        unread.get_or_insert_with(|| error_of(&response, Msg::TheTask, repo));
                        continue;
                    }
                }
                let (lines, complete) = wire::read_lines(&response.body, |l| json::parse(l).ok());
                let key = format!("{repo}/{path}");
                if !complete {
                    self.0.incomplete.borrow_mut().insert(key.clone());
                }
                self.0.files.borrow_mut().insert(key, Rc::new(lines));
            }
            if let Some(error) = unread {
                return Err(error);
            }
            self.responses(repo, |entry| {
                entry.heads = heads;
                entry.paths = paths;
                entry.main_paths = main_paths;
                if forgot {
                    entry.stand_in = None;
                }
            });
        }
        Ok(())
    }

    fn member(&self, repo: &str) -> bool {
        self.live_session().is_some_and(|s| self.0.storage.get(&member_key(repo, &s.username)).is_some())
    }

    fn set_member(&self, repo: &str, member: bool) {
        if let Some(user) = self.live_session().map(|s| s.username) {
            if member {
                let _ = self.0.storage.set(&member_key(repo, &user), "1");
            } else {
                self.0.storage.remove(&member_key(repo, &user));
            }
        }
    }

    /// In a member's app, once `compact_after` batch files sit outside the snapshot, fold them in the
    /// background (the contributor's page does not wait for it). A failed try is not repeated until more
    /// files arrive.
    fn compact_if_due(&self, task: &Rc<HubTask>) {
        let repo = &task.responses;
        let (batches, tried) = self
            .responses(repo, |r| (compaction::batch_files(r.main_paths.iter().map(String::as_str)), r.compact_tried));
        if batches < self.0.hub.compact_after || batches <= tried || !self.member(repo) {
            return;
        }
        self.responses(repo, |r| r.compact_tried = batches);
        let (this, task) = (self.clone(), task.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let key = format!("compact {}", task.responses);
            if let Some(Err(error)) = this.single_flight(key, this.compact(&task)).await {
                web_sys::console::warn_1(
                    &format!("Compacting {}: {}", task.responses, error.message_in(&I18n::english())).into(),
                );
            }
        });
    }

    /// Commit files inline on `target` (a revision, with `?create_pr=1` for a pull request): their preupload
    /// (the Hub says whether they may go inline), then the commit on `parent` (else the head the preupload saw),
    /// deleting `delete`. The commit's reply, or the preupload's when it refused.
    async fn upload(
        &self,
        repo: &str,
        target: &str,
        files: &[(&str, &str)],
        summary: &str,
        parent: Option<&str>,
        delete: &[String],
    ) -> Result<HttpResponse, BackendError> {
        let base = self.urls().api(repo);
        let preupload = json::stringify(&wire::Preupload::of(files)).map_err(BackendError::Malformed)?;
        let response = self
            .request("POST", format!("{base}/preupload/{target}"), Some("application/json"), Some(preupload))
            .await?;
        if response.status != 200 {
            return Ok(response);
        }
        let reply = json::parse::<wire::PreuploadReply>(&response.body)
            .map_err(|e| BackendError::Malformed(format!("preupload: {e}")))?;
        if !reply.all_regular() {
            let path = files.first().map_or("", |(path, _)| path);
            return Err(BackendError::Rejected(format!(
                "The Hub asked for a large-file upload of {path}, which Together does not make."
            )));
        }
        let mut body = String::new();
        let parent = parent.or(reply.commit_oid.as_deref());
        for line in wire::commit_lines(summary, parent, files).into_iter().chain(compaction::deletions(delete, files)) {
            body.push_str(&json::stringify(&line).map_err(BackendError::Malformed)?);
            body.push('\n');
        }
        self.request("POST", format!("{base}/commit/{target}"), Some("application/x-ndjson"), Some(body)).await
    }

    /// Fold every file listed at main's head into one snapshot, as `together-hub compact` does (the rules are
    /// `together_core::compaction`'s): one commit on the head read, so when someone committed meanwhile the Hub
    /// refuses it (412), nothing changes, and the next read tries again.
    async fn compact(&self, task: &Rc<HubTask>) -> Result<(), BackendError> {
        let repo = &task.responses;
        // Every answer with its values: a snapshot is written from them. (Boxed: the read is compiled once.)
        let read: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), BackendError>> + '_>> =
            Box::pin(self.refresh(task, true));
        read.await?;
        let Some(head) =
            self.responses(repo, |r| r.heads.iter().find(|(rev, _)| rev == "main").map(|(_, s)| s.clone()))
        else {
            return Ok(());
        };
        let (listed, stand_in) = self.responses(repo, |r| (r.main_paths.clone(), r.stand_in.clone()));
        let prepared = {
            let files = self.0.files.borrow();
            let incomplete = self.0.incomplete.borrow();
            let read: Vec<ReadFile> = listed
                .iter()
                .filter_map(|path| {
                    let key = format!("{repo}/{path}");
                    let lines = files.get(&key).filter(|_| stand_in.as_ref() != Some(path))?;
                    Some(ReadFile { path, lines, complete: !incomplete.contains(&key) })
                })
                .collect();
            if read.len() < listed.len() {
                return Ok(()); // not every file could be read: the next read tries again
            }
            match compaction::plan(&read) {
                None => None,
                Some(plan) => {
                    let output = plan.output(&head, json::stringify).map_err(BackendError::Malformed)?;
                    let lines: Vec<ResponseLine> = plan.lines.iter().map(|l| (*l).clone()).collect();
                    Some((output, plan.delete, lines))
                }
            }
        };
        let Some((output, delete, lines)) = prepared else { return Ok(()) };
        let (snapshot, summary) = (output.snapshot, output.summary.text());
        let message = compaction::message(delete.len(), lines.len());
        let written = [(snapshot.as_str(), output.contents.as_str()), (SUMMARY_PATH, summary.as_str())];
        let response = self.upload(repo, "main", &written, &message, Some(&head), &delete).await?;
        match response.status {
            200 | 201 => {
                self.0.files.borrow_mut().insert(format!("{repo}/{snapshot}"), Rc::new(lines));
                self.responses(repo, |entry| entry.read_at_ms = 0.0);
                Ok(())
            }
            412 => Ok(()),
            403 => {
                self.set_member(repo, false);
                Ok(())
            }
            _ => Err(error_of(&response, Msg::TheTask, repo)),
        }
    }

    /// My drafts for a responses repo, kept in this browser only, as the lines of a responses file (JSONL, read
    /// and written as batches are: no other JSON shape compiled in).
    fn my_drafts(&self, repo: &str) -> Option<(String, Vec<ResponseLine>)> {
        let user = self.live_session()?.username;
        let text = self.0.storage.get(&drafts_key(repo, &user)).unwrap_or_default();
        Some((user, text.lines().filter_map(|l| json::parse::<ResponseLine>(l).ok()).collect()))
    }

    /// Keep drafts on this device (replacing older drafts of the same records), or with `clear`, forget the
    /// drafts of the records given (their answer was committed).
    fn update_drafts(&self, repo: &str, items: &[OutboxItem], clear: bool) -> Result<(), BackendError> {
        let Some((user, mut lines)) = self.my_drafts(repo) else { return Ok(()) };
        let before = lines.len();
        lines.retain(|line| !items.iter().any(|i| i.record_id == line.record_id));
        if !clear {
            lines.extend(items.iter().map(|i| ResponseLine::from_item(i, now_ms())));
        } else if lines.len() == before {
            return Ok(());
        }
        self.0.storage.set(&drafts_key(repo, &user), &jsonl(&lines)?).map_err(BackendError::Storage)
    }

    /// The store of a task's responses, from the files known for its responses repo and my drafts.
    fn rebuild(&self, task: &HubTask) {
        let repo = &task.responses;
        let paths = self.responses(repo, |entry| entry.paths.clone());
        let files = self.0.files.borrow();
        let drafts = self.my_drafts(repo).map(|(user, lines)| (wire::device_drafts_path(&user), lines));
        let known: Vec<(&str, &[ResponseLine])> = paths
            .iter()
            .filter_map(|p| files.get(&format!("{repo}/{p}")).map(|lines| (p.as_str(), lines.as_slice())))
            .chain(drafts.as_ref().map(|(path, lines)| (path.as_str(), lines.as_slice())))
            .collect();
        let mut store = DemoStore::default();
        wire::apply_lines(&mut store, &task.demo.task.id, &known);
        store.keep_known_records(&task.demo);
        self.responses(repo, |entry| entry.store = store);
    }

    /// Read a task's responses, fresh. On a flaky network the contributor keeps working from the last read
    /// (the queue, their counts); the dashboard says when it is stale (`strict`).
    async fn with_store<T>(
        &self,
        task_id: &str,
        strict: bool,
        values: bool,
        read: impl FnOnce(&HubTask, &DemoStore) -> T,
    ) -> Result<T, BackendError> {
        let task = self.load(task_id).await?;
        if let Err(error) = self.refresh(&task, values).await {
            let read_before = self.responses(&task.responses, |r| !r.heads.is_empty());
            if strict || !read_before {
                return Err(error);
            }
        }
        Ok(self.responses(&task.responses, |r| read(&task, &r.store)))
    }

    /// The open pull requests of a responses repo, every page, each with its details (its diff).
    async fn open_pulls(&self, repo: &str) -> Result<Vec<(Discussion, DiscussionDetails)>, BackendError> {
        let mut listing = PullListing::new(self.urls(), repo);
        while let Some(url) = listing.next_url() {
            listing.page(self.get_json::<DiscussionsPage>(url, Msg::TheTask, repo).await?);
        }
        let open = listing.into_open();
        let mut with_details = Vec::with_capacity(open.len());
        for pull in open {
            let url = hub_prs::details_url(self.urls(), repo, pull.num);
            let details = self.get_json::<DiscussionDetails>(url, Msg::TheTask, repo).await?;
            with_details.push((pull, details));
        }
        Ok(with_details)
    }

    /// Commit one batch of one task's answers, rebasing on a moved head and falling back to a pull request.
    async fn commit(&self, task_id: &str, items: &[OutboxItem]) -> Result<(), BackendError> {
        let session = self.live_session().ok_or(BackendError::Unauthorized)?;
        let task = self.load(task_id).await?;
        let repo = &task.responses;
        let now = now_ms();
        let lines: Vec<ResponseLine> = items.iter().map(|i| ResponseLine::from_item(i, now)).collect();
        let content = jsonl(&lines)?;
        let (first, last) =
            (items.iter().map(|i| i.seq).min().unwrap_or(0), items.iter().map(|i| i.seq).max().unwrap_or(0));
        let path = wire::batch_path(&session.username, &self.0.device, first, last);
        let summary = format!("{} answers from {} (Together)", lines.len(), session.username);
        let mut revision = self.my_pr(repo).unwrap_or_else(|| "main".to_owned());
        let mut create_pr = false;
        for _ in 0..STALE_RETRIES {
            let query = if create_pr { "?create_pr=1" } else { "" };
            let target = format!("{}{query}", wire::revision_segment(&revision));
            let response = self.upload(repo, &target, &[(&path, &content)], &summary, None, &[]).await?;
            match response.status {
                200 | 201 => {
                    let reply = json::parse::<wire::CommitReply>(&response.body)
                        .map_err(|e| BackendError::Malformed(format!("commit: {e}")))?;
                    if let Some(pr) = reply.pull_request_url.as_deref().and_then(wire::pr_revision) {
                        let _ = self.0.storage.set(&pr_key(repo, &session.username), &pr);
                    } else if revision == "main" && !create_pr {
                        self.set_member(repo, true);
                    }
                    self.0.files.borrow_mut().insert(format!("{repo}/{path}"), Rc::new(lines));
                    self.responses(repo, |entry| {
                        entry.paths.insert(path);
                        entry.read_at_ms = 0.0;
                    });
                    self.rebuild(&task);
                    return Ok(());
                }
                // Someone committed since the preupload: read the new head and try again.
                412 => continue,
                // Not a member: contribute through a pull request.
                403 if !create_pr && revision == "main" => {
                    create_pr = true;
                    self.set_member(repo, false);
                }
                // My pull request is gone (merged or closed): start from main again.
                403 | 404 if revision != "main" => {
                    self.0.storage.remove(&pr_key(repo, &session.username));
                    revision = "main".to_owned();
                }
                _ => return Err(error_of(&response, Msg::TheTask, repo)),
            }
        }
        Err(BackendError::Server {
            status: 412,
            message: "The dataset kept changing while your answers were sent; they will be sent again.".into(),
            request_id: None,
        })
    }
}

/// Lines as a responses file: one JSON object a line.
fn jsonl<'a>(lines: impl IntoIterator<Item = &'a ResponseLine>) -> Result<String, BackendError> {
    let mut content = String::new();
    for line in lines {
        content.push_str(&json::stringify(line).map_err(BackendError::Malformed)?);
        content.push('\n');
    }
    Ok(content)
}

impl Backend for HubBackend {
    fn footer(&self, texts: Texts) -> String {
        texts.fill(Msg::FooterHub, &[super::host_of(self.endpoint())])
    }

    fn sign_in_form(&self) -> SignInForm {
        SignInForm::HuggingFace { configured: self.0.client.is_some() }
    }

    fn sign_in(&self, _credentials: Credentials) -> LocalFuture<Result<String, BackendError>> {
        ready(Err(BackendError::Rejected("Sign in with Hugging Face.".to_owned())))
    }

    fn sign_in_url(&self, return_to: String) -> LocalFuture<Result<String, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            let client = this.0.client.clone().ok_or_else(|| BackendError::Rejected("No OAuth client.".into()))?;
            auth::start(this.0.transport.as_ref(), &client, &this.0.storage, &return_to)
                .await
                .map_err(BackendError::Rejected)
        })
    }

    fn sign_out(&self) {
        *self.0.session.borrow_mut() = None;
        self.0.storage.remove(SESSION_KEY);
    }

    fn tasks(&self, user: Option<String>) -> LocalFuture<Result<Vec<TaskOverview>, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            let overviews = join_all(this.0.repos.iter().map(|repo| {
                let user = user.clone();
                let this = this.clone();
                let group = repo.split('/').next().map(str::to_owned);
                async move {
                    let overview = this
                        .with_store(repo, false, false, |task, store| TaskOverview {
                            task: task.demo.task.clone(),
                            group: group.clone(),
                            mine: user.as_deref().map(|u| store.my_progress(&task.demo, u)),
                            team: store.progress(&task.demo),
                            problem: None,
                        })
                        .await;
                    match overview {
                        // A broken task is a card of its own; the others are listed as usual.
                        Err(problem @ (BackendError::Malformed(_) | BackendError::NotFound { .. })) => {
                            Ok(TaskOverview::broken(repo, group, problem))
                        }
                        other => other,
                    }
                }
            }))
            .await;
            overviews.into_iter().collect()
        })
    }

    fn task(&self, task_id: String) -> LocalFuture<Result<Task, BackendError>> {
        let this = self.clone();
        Box::pin(async move { this.load(&task_id).await.map(|t| t.demo.task.clone()) })
    }

    fn pending(
        &self,
        task_id: String,
        user: String,
        page: PageRequest,
    ) -> LocalFuture<Result<Vec<Record>, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            this.with_store(&task_id, false, false, |task, store| store.pending(&task.demo, &user, page)).await
        })
    }

    fn reviewed(
        &self,
        task_id: String,
        user: String,
        status: ResponseStatus,
        page: PageRequest,
    ) -> LocalFuture<Result<(Vec<Record>, usize), BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            this.with_store(&task_id, false, true, |task, store| store.reviewed(&task.demo, &user, status, page)).await
        })
    }

    fn record(&self, task_id: String, record_id: String, user: String) -> LocalFuture<Result<Record, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            this.with_store(&task_id, false, true, |task, store| store.record(&task.demo, &record_id, &user))
                .await?
                .ok_or(BackendError::NotFound { what: Msg::TheRecord, name: record_id })
        })
    }

    fn my_progress(&self, task_id: String, user: String) -> LocalFuture<Result<MyProgress, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            this.with_store(&task_id, false, false, |task, store| store.my_progress(&task.demo, &user)).await
        })
    }

    fn dashboard(&self, task_id: String) -> LocalFuture<Result<DashboardFigures, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            this.with_store(&task_id, true, true, |task, store| figures_of(&task.demo, store, true)).await
        })
    }

    fn team_progress(&self, task_id: String) -> LocalFuture<Result<TaskProgress, BackendError>> {
        let this = self.clone();
        Box::pin(async move { this.with_store(&task_id, false, false, |task, store| store.progress(&task.demo)).await })
    }

    fn batch_policy(&self) -> BatchPolicy {
        BATCH
    }

    fn send(&self, item: OutboxItem) -> LocalFuture<Result<(), BackendError>> {
        self.send_batch(vec![item])
    }

    fn send_batch(&self, items: Vec<OutboxItem>) -> LocalFuture<Result<(), BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            this.live_session().ok_or(BackendError::Unauthorized)?;
            let mut tasks: Vec<&str> = Vec::new();
            for item in &items {
                if !tasks.contains(&item.task_id.as_str()) {
                    tasks.push(&item.task_id);
                }
            }
            for task_id in tasks {
                // Drafts stay on this device: only submitted and discarded answers are committed.
                let (drafts, batch): (Vec<OutboxItem>, Vec<OutboxItem>) =
                    items.iter().filter(|i| i.task_id == task_id).cloned().partition(wire::is_draft);
                let task = this.load(task_id).await?;
                if !drafts.is_empty() {
                    this.update_drafts(&task.responses, &drafts, false)?;
                }
                if batch.is_empty() {
                    this.rebuild(&task);
                } else {
                    // The commit rebuilds the store, with the drafts just kept; the drafts it clears are older
                    // than the answers it committed, which win anyway.
                    this.commit(task_id, &batch).await?;
                    this.update_drafts(&task.responses, &batch, true)?;
                }
            }
            Ok(())
        })
    }

    fn pull_request_url(&self) -> Option<String> {
        let tasks = self.0.tasks.borrow();
        tasks.iter().find_map(|(_, task)| {
            let number = self.my_pr(&task.responses)?.strip_prefix("refs/pr/")?.to_owned();
            Some(format!("{}/datasets/{}/discussions/{number}", self.endpoint(), task.responses))
        })
    }

    fn lists_drafts_as_pending(&self) -> bool {
        true
    }

    fn watch_reading(&self, listener: ReadingListener) {
        *self.0.reading_listener.borrow_mut() = Some(listener);
    }

    fn pull_requests_waiting(&self, task_id: String) -> LocalFuture<Result<Option<PullsWaiting>, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            let task = this.load(&task_id).await?;
            let pulls = this.open_pulls(&task.responses).await?;
            if pulls.is_empty() {
                return Ok(None);
            }
            // The answers each holds, read from its diff; a line only counts in its author's folder.
            let mut files: Vec<(String, Vec<ResponseLine>)> = Vec::new();
            for (_, details) in &pulls {
                for (path, lines) in hub_prs::added_lines(details.diff.as_deref().unwrap_or("")) {
                    files.push((path, lines.into_iter().filter_map(|l| json::parse::<ResponseLine>(l).ok()).collect()));
                }
            }
            let pairs: Vec<(&str, &[ResponseLine])> = files.iter().map(|(p, l)| (p.as_str(), l.as_slice())).collect();
            let submitted: Vec<&ResponseLine> =
                wire::latest_lines(&pairs).into_iter().filter(|l| l.status == wire::LineStatus::Submitted).collect();
            let mut people: Vec<&str> = Vec::new();
            for line in &submitted {
                if !people.contains(&line.user.as_str()) {
                    people.push(&line.user);
                }
            }
            Ok(Some(PullsWaiting { pulls: pulls.len(), answers: submitted.len(), contributors: people.len() }))
        })
    }

    fn merge_pull_requests(&self, task_id: String) -> LocalFuture<Result<MergeReport, BackendError>> {
        let this = self.clone();
        Box::pin(async move {
            this.live_session().ok_or(BackendError::Unauthorized)?;
            let task = this.load(&task_id).await?;
            let repo = &task.responses;
            let mut report = MergeReport { merged: 0, left: Vec::new() };
            for (pull, details) in this.open_pulls(repo).await? {
                let checked = match pull.author_name() {
                    Some(author) => hub_prs::may_merge(author, &details),
                    None => Err("its author's account is gone".to_owned()),
                };
                if let Err(reason) = checked {
                    report.left.push((pull.num, reason));
                    continue;
                }
                let url = hub_prs::merge_url(this.urls(), repo, pull.num);
                let body = Some("{\"comment\":\"Merged in Together.\"}".to_owned());
                let response = this.request("POST", url, Some("application/json"), body).await?;
                match response.status {
                    200 | 201 => report.merged += 1,
                    400 | 409 => report
                        .left
                        .push((pull.num, error_of(&response, Msg::TheTask, repo).message_in(&I18n::english()))),
                    _ => return Err(error_of(&response, Msg::TheTask, repo)),
                }
            }
            // Read the repo afresh (the merged answers are on main now), then fold them into the snapshot.
            this.responses(repo, |entry| entry.read_at_ms = 0.0);
            if report.merged > 0 {
                this.set_member(repo, true);
                this.refresh(&task, true).await?;
                // A compaction that lands marks the repo to be read again.
                if let Some(result) = this.single_flight(format!("compact {repo}"), this.compact(&task)).await {
                    result?;
                }
            }
            Ok(report)
        })
    }
}
