//! Together's progress widget: the page another site frames (`embed/#/embed/progress?…`). It reads the same
//! `config.json` as the app next to it, then the figures of the tasks it was asked for, from the Hub (anyone
//! can read a public task's answers) or from the built-in demo data, and shows them as `together_core::embed`
//! renders them. It refreshes on an interval with backoff, waits while hidden, tells its host page its height,
//! and keeps what it read of a Hub task for the reader's next visit.

use js_sys::{Array, Date, Object, Promise, Reflect, JSON};
use std::collections::BTreeMap;
use together_core::config::{AppConfig, HubConfig};
use together_core::demo::SimulatedContributor;
use together_core::embed::{
    self, DefinitionSummary, DemoSummary, DemoTaskSummary, EmbedOptions, Figures, Kept, LineSummary, RecordId,
    StoredResponse, TaskInput, TaskSummary, Theme, WidgetState, WidgetTexts,
};
use together_core::i18n::{Locale, Msg, NumberStyle};
use together_core::model::{Response, ResponseStatus};
use together_core::refresh::Refresher;
use together_core::summary::{snapshot_unread, Summary, SUMMARY_PATH};
use together_core::wire::hub::{self as wire, LineStatus, RecordsSource, TreeEntry};
use together_core::wire::hub_read::{HubUrls, TreeListing};
use together_core::wire::wait_after_429 as wire_wait;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Cache, CacheStorage, Element, Window};

/// The app's storage key of the demo's answers (`together:` + the demo backend's key).
const DEMO_STORE: &str = "together:demo-store-v1";
/// Responses files read at once.
const PARALLEL: usize = 24;
/// How often the "updated N s ago" line is brought up to date between refreshes.
const TICK_MS: f64 = 5_000.0;

fn main() {
    wasm_bindgen_futures::spawn_local(run());
}

fn window() -> Window {
    web_sys::window().expect("a window")
}

fn now_ms() -> f64 {
    Date::now()
}

async fn sleep(ms: f64) {
    let promise = Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = JsFuture::from(promise).await;
}

/// Why figures could not be read, said in the widget's language.
enum Failure {
    Offline,
    Status(u16),
    /// 429: the server asked to wait this many seconds.
    RateLimited(u64),
    /// Said as it is: a file that is not what it should be (named), or what the widget cannot show.
    Message(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Message(message)
    }
}

impl Failure {
    fn said(self, words: &WidgetTexts) -> String {
        match self {
            Failure::Offline => words.text(Msg::WidgetOffline),
            Failure::Status(status) => words.fill(Msg::WidgetStatus, &[&status.to_string()]),
            Failure::RateLimited(wait_s) => words.fill(Msg::WidgetRateLimited, &[&words.number(wait_s as usize)]),
            Failure::Message(message) => message,
        }
    }
}

/// `GET url`: the status and body text; `Err` when the network failed.
async fn get(url: &str) -> Result<(u16, String), Failure> {
    finish(start(url)).await
}

/// A request under way: `fetch` sends it at once, so that several travel together while they are awaited.
fn start(url: &str) -> JsFuture {
    JsFuture::from(window().fetch_with_str(url))
}

async fn finish(request: JsFuture) -> Result<(u16, String), Failure> {
    finish_with_link(request).await.map(|(status, _, body)| (status, body))
}

/// The status, the `Link` header (pages of a listing) and the body text.
async fn finish_with_link(request: JsFuture) -> Result<(u16, Option<String>, String), Failure> {
    let response = request.await.map_err(|_| Failure::Offline)?;
    let response: web_sys::Response = response.unchecked_into();
    let headers = response.headers();
    let header = |name| headers.get(name).ok().flatten();
    if response.status() == 429 {
        let wait = wire_wait(header("retry-after").as_deref(), header("ratelimit").as_deref());
        return Err(Failure::RateLimited(wait));
    }
    let link = header("link");
    let text = JsFuture::from(response.text().map_err(|_| Failure::Offline)?).await.map_err(|_| Failure::Offline)?;
    Ok((response.status(), link, text.as_string().unwrap_or_default()))
}

// JSON through the browser's JSON.parse, read field by field: the few fields progress needs do not pay for
// a deserializer (serde's visitors and error messages cost this small build about 15 KB).

fn json(text: &str, what: &str) -> Result<JsValue, String> {
    JSON::parse(text).map_err(|_| format!("{what}: not JSON"))
}

fn field(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue, key: &str) -> Option<String> {
    field(value, key).as_string()
}

fn list(value: &JsValue, key: &str) -> Vec<JsValue> {
    field(value, key).dyn_into::<Array>().map(|a| a.iter().collect()).unwrap_or_default()
}

fn texts_of(value: &JsValue, key: &str) -> Vec<String> {
    list(value, key).iter().filter_map(JsValue::as_string).collect()
}

/// An object's `[key, value]` pairs.
fn entries(value: &JsValue) -> Vec<(String, JsValue)> {
    if !value.is_object() {
        return Vec::new();
    }
    Object::entries(value.unchecked_ref())
        .iter()
        .filter_map(|pair| {
            let pair: Array = pair.unchecked_into();
            Some((pair.get(0).as_string()?, pair.get(1)))
        })
        .collect()
}

fn required(value: &JsValue, key: &str, what: &str) -> Result<String, String> {
    text(value, key).ok_or_else(|| format!("{what} has no “{key}”"))
}

fn config_of(value: &JsValue) -> Result<AppConfig, String> {
    let hub = field(value, "hub");
    let defaults = HubConfig::default();
    AppConfig {
        tasks: texts_of(value, "tasks"),
        argilla_url: text(value, "argilla_url"),
        hub: HubConfig {
            endpoint: text(&hub, "endpoint").unwrap_or(defaults.endpoint),
            datasets_server: text(&hub, "datasets_server").unwrap_or(defaults.datasets_server),
            tasks: texts_of(&hub, "tasks"),
            ..defaults
        },
        ..AppConfig::default()
    }
    .validate()
}

fn task_of(value: &JsValue, what: &str) -> Result<TaskSummary, String> {
    Ok(TaskSummary {
        id: text(value, "id").unwrap_or_default(),
        title: required(value, "title", what)?,
        min_submitted: field(value, "min_submitted").as_f64().map_or(1, |n| n as u32),
    })
}

fn demo_of(value: &JsValue) -> Result<DemoSummary, String> {
    let what = "demo-tasks.json";
    let tasks = list(value, "tasks")
        .iter()
        .map(|t| {
            Ok(DemoTaskSummary {
                task: task_of(&field(t, "task"), what)?,
                records: list(t, "records").iter().filter_map(|r| text(r, "id")).map(|id| RecordId { id }).collect(),
                simulated: list(t, "simulated")
                    .iter()
                    .filter_map(|c| {
                        Some(SimulatedContributor {
                            user: text(c, "user")?,
                            submitted: field(c, "submitted").as_f64()? as usize,
                        })
                    })
                    .collect(),
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(DemoSummary { tasks })
}

/// The answers the app keeps in this browser for one demo task (`DemoStore` as JSON).
fn stored_of(value: &JsValue, task_id: &str) -> Vec<StoredResponse> {
    entries(&field(&field(value, "responses"), task_id))
        .into_iter()
        .filter_map(|(_, r)| {
            let status = ResponseStatus::parse(&text(&r, "status")?)?;
            Some(StoredResponse { record_id: text(&r, "record_id")?, user: text(&r, "user")?, status })
        })
        .collect()
}

fn definition_of(value: &JsValue, what: &str) -> Result<DefinitionSummary, String> {
    let records = field(value, "records");
    let defaults = RecordsSource::default();
    Ok(DefinitionSummary {
        task: task_of(&field(value, "task"), what)?,
        records: RecordsSource {
            dataset: text(&records, "dataset"),
            config: text(&records, "config").unwrap_or(defaults.config),
            split: text(&records, "split").unwrap_or(defaults.split),
            path: text(&records, "path"),
            id_column: text(&records, "id_column"),
            // The widget counts answers; what a suggestion says is for the annotation form.
            suggestions: Default::default(),
        },
        responses: required(value, "responses", what)?,
    })
}

fn line_of(text_line: &str) -> Option<LineSummary> {
    let value = JSON::parse(text_line).ok()?;
    Some(LineSummary {
        record_id: text(&value, "record_id")?,
        user: text(&value, "user")?,
        status: LineStatus::parse(&text(&value, "status")?)?,
        updated_at_ms: field(&value, "updated_at_ms").as_f64()?,
    })
}

/// `GET url` as JSON; `what` names the file in messages.
async fn get_json(url: &str, what: &str) -> Result<JsValue, Failure> {
    match get(url).await? {
        (200, body) => Ok(json(&body, what)?),
        (status, _) => Err(Failure::Status(status)),
    }
}

// What a reader's browser keeps between visits, in the Cache API (which secure pages have; elsewhere every
// visit reads afresh). The app's localStorage is left alone: its outbox must never run short of room.

/// The cache, and the last part of a responses repo's address that keys its entry.
const KEPT: &str = "together-widget";

fn kept_key(endpoint: &str, repo: &str) -> String {
    format!("{endpoint}/datasets/{repo}/{KEPT}")
}

fn caches() -> Option<CacheStorage> {
    let caches = Reflect::get(&window(), &"caches".into()).ok()?;
    (!caches.is_undefined()).then(|| caches.unchecked_into())
}

async fn kept(key: &str) -> Option<Kept> {
    let hit = JsFuture::from(caches()?.match_with_str(key)).await.ok()?.dyn_into::<web_sys::Response>().ok()?;
    Kept::parse(&JsFuture::from(hit.text().ok()?).await.ok()?.as_string()?)
}

async fn keep(key: &str, text: String) {
    let Some(caches) = caches() else { return };
    if let (Ok(cache), Ok(response)) =
        (JsFuture::from(caches.open(KEPT)).await, web_sys::Response::new_with_opt_str(Some(&text)))
    {
        let _ = JsFuture::from(cache.unchecked_into::<Cache>().put_with_str(key, &response)).await;
    }
}

/// A Hub task, as far as the widget needs it.
struct HubTask {
    repo: String,
    task: TaskSummary,
    records: usize,
    responses: String,
    /// What was read of `responses`, starting from what this browser kept from an earlier visit.
    read: Read,
}

/// What was read of a responses repo: its head, the answer files listed there, and those files (files no
/// longer listed, say after a spammer's answers were deleted, are no longer counted nor kept).
#[derive(Default)]
struct Read {
    sha: String,
    listed: Vec<String>,
    files: BTreeMap<String, Vec<LineSummary>>,
}

impl Read {
    fn of(kept: Option<Kept>) -> Read {
        let mut read = Read::default();
        if let Some(kept) = kept {
            read.sha = kept.sha;
            for (path, lines) in kept.files {
                read.listed.push(path.clone());
                read.files.insert(path, lines);
            }
        }
        read
    }

    fn known(&self) -> Vec<(&str, &[LineSummary])> {
        self.listed.iter().filter_map(|p| Some((p.as_str(), self.files.get(p)?.as_slice()))).collect()
    }
}

/// Where the figures come from, with what was read so far.
enum Source {
    Demo { bundle: DemoSummary, ids: Vec<String> },
    Hub { endpoint: String, viewer: String, repos: Vec<String>, tasks: Vec<HubTask> },
}

impl Source {
    async fn open(options: &EmbedOptions, words: &WidgetTexts) -> Result<Source, Failure> {
        let no_task = || Failure::Message(words.fill(Msg::WidgetNoTask, &[&options.tasks.join(", ")]));
        let config = match get("../config.json").await? {
            (200, body) => config_of(&json(&body, "config.json")?)?,
            _ => AppConfig::default(),
        };
        if !config.hub.tasks.is_empty() {
            let wanted = if options.tasks.is_empty() { &config.hub.tasks } else { &options.tasks };
            let repos = wanted.iter().filter(|t| config.hub.tasks.contains(t)).cloned().collect::<Vec<_>>();
            if repos.is_empty() {
                return Err(no_task());
            }
            return Ok(Source::Hub {
                endpoint: config.hub.endpoint.trim_end_matches('/').to_owned(),
                viewer: config.hub.datasets_server.trim_end_matches('/').to_owned(),
                repos,
                tasks: Vec::new(),
            });
        }
        if config.argilla_url.is_some() {
            return Err(Failure::Message(words.text(Msg::WidgetMembersOnly)));
        }
        let text = match get("../demo-tasks.json").await? {
            (200, body) => body,
            (status, _) => return Err(Failure::Status(status)),
        };
        let bundle = demo_of(&json(&text, "demo-tasks.json")?)?;
        let listed: Vec<&str> =
            config.select(&bundle.tasks, |t| &t.task.id).into_iter().map(|t| t.task.id.as_str()).collect();
        let ids: Vec<String> = if options.tasks.is_empty() {
            listed.iter().map(|s| (*s).to_owned()).collect()
        } else {
            options.tasks.iter().filter(|t| listed.contains(&t.as_str())).cloned().collect()
        };
        if ids.is_empty() {
            return Err(no_task());
        }
        Ok(Source::Demo { bundle, ids })
    }

    async fn read(&mut self) -> Result<Figures, Failure> {
        match self {
            Source::Demo { bundle, ids } => {
                // The answers given in this browser, when it shares the app's storage; the built-in ones otherwise.
                let stored = web_sys::window()
                    .and_then(|w| w.local_storage().ok().flatten())
                    .and_then(|s| s.get_item(DEMO_STORE).ok().flatten())
                    .and_then(|text| JSON::parse(&text).ok());
                let demos: Vec<_> =
                    ids.iter().filter_map(|id| bundle.tasks.iter().find(|t| &t.task.id == id)).collect();
                let responses: Vec<Vec<Response>> = demos
                    .iter()
                    .map(|d| d.responses(stored.as_ref().map(|s| stored_of(s, &d.task.id)).as_deref()))
                    .collect();
                let inputs = demos
                    .iter()
                    .zip(&responses)
                    .map(|(demo, responses)| TaskInput::of(&demo.task, demo.records.len(), responses))
                    .collect();
                Ok(Figures::of(inputs, None))
            }
            Source::Hub { endpoint, viewer, repos, tasks } => {
                for repo in repos.iter() {
                    if !tasks.iter().any(|t| &t.repo == repo) {
                        tasks.push(hub_task(endpoint, viewer, repo).await?);
                    }
                }
                for task in tasks.iter_mut() {
                    let repo = &task.responses;
                    let urls = HubUrls::new(endpoint);
                    let sha = required(&get_json(&urls.revision(repo, "main"), repo).await?, "sha", repo)?;
                    let read = &mut task.read;
                    if read.sha == sha {
                        continue;
                    }
                    // Every page of the listing, as the app reads it.
                    let mut listing = TreeListing::new(urls, repo, &sha);
                    while let Some(url) = listing.next_url() {
                        match finish_with_link(start(url)).await? {
                            (200, link, body) => {
                                let entries = json(&body, repo)?
                                    .dyn_into::<Array>()
                                    .map_err(|_| format!("{repo}: not a listing"))?
                                    .iter()
                                    .filter_map(|e| {
                                        Some(TreeEntry { kind: text(&e, "type")?, path: text(&e, "path")? })
                                    })
                                    .collect();
                                listing.page(entries, link.as_deref()).map_err(|e| format!("{repo}: {e}"))?;
                            }
                            (404, _, _) if listing.pages() == 0 => listing.missing(), // no answers yet
                            (status, _, _) => return Err(Failure::Status(status)),
                        }
                    }
                    let summarized = listing.has_summary();
                    read.listed = listing.into_files();
                    // A compaction's summary stands in for its snapshot: who answered what is all the figures need.
                    let unread =
                        snapshot_unread(read.listed.iter().map(String::as_str), |p| read.files.contains_key(p));
                    if summarized && unread {
                        let summary = match finish(start(&urls.resolve(repo, &sha, SUMMARY_PATH))).await {
                            Ok((200, body)) => Summary::parse(&body),
                            _ => None,
                        };
                        if let Some(summary) = summary.filter(|s| s.describes(read.listed.iter().map(String::as_str))) {
                            let mut lines = Vec::new();
                            summary.each_line(|record_id, user, status, updated_at_ms| {
                                lines.push(LineSummary {
                                    record_id: record_id.to_owned(),
                                    user: user.to_owned(),
                                    status,
                                    updated_at_ms,
                                })
                            });
                            read.files.insert(summary.snapshot, lines);
                        }
                    }
                    // The files not read yet (a batch file never changes once written), PARALLEL at a time.
                    let missing: Vec<&String> = read.listed.iter().filter(|p| !read.files.contains_key(*p)).collect();
                    for chunk in missing.chunks(PARALLEL) {
                        let requests: Vec<JsFuture> =
                            chunk.iter().map(|path| start(&urls.resolve(repo, &sha, path))).collect();
                        for (path, request) in chunk.iter().zip(requests) {
                            // As in the app: a file gone since it was listed is left out; one that cannot be read
                            // now (the Hub's rate limit, say) fails this refresh, and the next reads only what is
                            // still missing.
                            match finish(request).await? {
                                (200, body) => {
                                    read.files.insert((*path).clone(), body.lines().filter_map(line_of).collect());
                                }
                                (404, _) => {}
                                (status, _) => return Err(Failure::Status(status)),
                            }
                        }
                    }
                    keep(&kept_key(endpoint, repo), Kept::text(&sha, &read.known())).await;
                    read.sha = sha;
                }
                let responses: Vec<Vec<Response>> =
                    tasks.iter().map(|task| embed::hub_responses(&task.read.known())).collect();
                let inputs = tasks
                    .iter()
                    .zip(&responses)
                    .map(|(task, responses)| TaskInput::of(&task.task, task.records, responses))
                    .collect();
                Ok(Figures::of(inputs, Some(endpoint.clone())))
            }
        }
    }
}

/// A Hub task's definition and how many records it has (the viewer's total, else the raw file's rows).
async fn hub_task(endpoint: &str, viewer: &str, repo: &str) -> Result<HubTask, Failure> {
    let url = HubUrls::new(endpoint).resolve(repo, "main", wire::DEFINITION_FILE);
    let what = format!("{repo}/{}", wire::DEFINITION_FILE);
    let mut definition = definition_of(&get_json(&url, &what).await?, &what)?;
    definition.task.id = repo.to_owned();
    let source = &definition.records;
    let dataset = source.dataset.clone().unwrap_or_else(|| repo.to_owned());
    let rows = wire::rows_url(viewer, &dataset, source, 0, 1);
    let total = match get_json(&rows, &dataset).await {
        Ok(value) => {
            field(&value, "num_rows_total").as_f64().ok_or_else(|| Failure::Message(format!("{dataset}: no rows")))
        }
        Err(failure) => Err(failure),
    };
    let records = match (total, &source.path) {
        (Ok(total), _) => total as usize,
        (Err(_), Some(path)) => {
            let url = HubUrls::new(endpoint).resolve(&dataset, "main", path);
            match get(&url).await? {
                (200, body) if path.ends_with(".csv") => wire::count_csv_records(&body),
                (200, body) => body.lines().filter(|l| !l.trim().is_empty()).count(),
                (status, _) => return Err(Failure::Status(status)),
            }
        }
        (Err(error), None) => return Err(error),
    };
    let read = Read::of(kept(&kept_key(endpoint, &definition.responses)).await);
    Ok(HubTask { repo: repo.to_owned(), task: definition.task, records, responses: definition.responses, read })
}

/// The widget's language: the one asked for, else the reader's; English is built in, the others are read
/// from the app's own translation files.
async fn texts(options: &EmbedOptions) -> WidgetTexts {
    let navigator = window().navigator();
    let preferred: Vec<String> = navigator.languages().iter().filter_map(|l| l.as_string()).collect();
    let locale = options.lang.unwrap_or_else(|| Locale::negotiate(preferred.iter().map(String::as_str)));
    if locale == Locale::En {
        return WidgetTexts::english();
    }
    match get_json(&format!("../i18n/{}.json", locale.code()), "i18n").await {
        Ok(value) => WidgetTexts::new(locale, |name| text(&value, name)).with_numbers(number_style(locale.code())),
        Err(_) => WidgetTexts::english(),
    }
}

/// How the language of `code` writes numbers, from the browser's `Intl.NumberFormat`
/// (`together_core::i18n::NumberStyle::from_intl`).
fn number_style(code: &str) -> NumberStyle {
    use js_sys::Intl::NumberFormat;
    let locales = Array::of1(&code.into());
    let percent = Object::new();
    let _ = Reflect::set(&percent, &"style".into(), &"percent".into());
    let formats = [NumberFormat::new(&locales, &Object::new()), NumberFormat::new(&locales, &percent)];
    NumberStyle::from_intl(|percent, n| {
        let parts = formats[usize::from(percent)].format_to_parts(n);
        parts.iter().filter_map(|p| Some((text(&p, "type")?, text(&p, "value")?))).collect()
    })
}

/// Tell the host page how tall the widget is, so that its frame fits.
fn post_height(root: &Element) {
    let window = window();
    let Ok(Some(parent)) = window.parent() else { return };
    if parent == window {
        return;
    }
    let message = Object::new();
    let _ = Reflect::set(&message, &"type".into(), &embed::HEIGHT_MESSAGE.into());
    let _ = Reflect::set(&message, &"height".into(), &root.get_bounding_client_rect().height().ceil().into());
    let _ = parent.post_message(&message, "*");
}

async fn run() {
    let window = window();
    let document = window.document().expect("a document");
    let location = window.location();
    let options =
        EmbedOptions::from_location(&location.search().unwrap_or_default(), &location.hash().unwrap_or_default());
    let root = document.get_element_by_id("widget").expect("the widget's root");
    let html = document.document_element().expect("an html element");
    if options.theme != Theme::Auto {
        let _ = html.set_attribute("data-theme", options.theme.as_str());
    }
    if options.transparent {
        let _ = html.set_attribute("data-transparent", "");
    }
    // The app is the folder above the widget's.
    let base = embed::app_base(&location.href().unwrap_or_default());
    let app = base.strip_suffix(embed::WIDGET_DIR).unwrap_or(&base).to_owned();

    // Keep the host's frame as tall as the content, whatever changes it (a re-render, a narrower window); and
    // when the address gets new options (the dashboard's preview, a hand-edited frame), start again with them.
    // One closure for both: each costs the small build its own glue.
    let observed = root.clone();
    let first_hash = location.hash().unwrap_or_default();
    let on_change = Closure::<dyn Fn()>::new(move || {
        let location = web_sys::window().map(|w| w.location());
        match location {
            Some(location) if location.hash().unwrap_or_default() != first_hash => {
                let _ = location.reload();
            }
            _ => post_height(&observed),
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(on_change.as_ref().unchecked_ref()) {
        observer.observe(&root);
        std::mem::forget(observer);
    }
    window.set_onhashchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();

    let i18n = texts(&options).await;
    let _ = html.set_attribute("lang", i18n.locale().code());
    let _ = html.set_attribute("dir", i18n.locale().direction().as_attr());
    let mut shown = String::new();
    let mut show = |state: &WidgetState| {
        let next = embed::render(state, &options, &i18n, &app);
        if next != shown {
            root.set_inner_html(&next);
            post_height(&root);
            shown = next;
        }
    };
    show(&WidgetState::Loading);

    let mut source = loop {
        match Source::open(&options, &i18n).await {
            Ok(source) => break source,
            Err(error) => {
                show(&WidgetState::Failed(error.said(&i18n)));
                sleep(options.every_s as f64 * 1000.0).await;
            }
        }
    };
    let mut refresher = Refresher::new(options.every_s as f64 * 1000.0);
    let mut last: Option<Figures> = None;
    loop {
        match source.read().await {
            Ok(figures) => {
                refresher.succeeded(now_ms());
                last = Some(figures);
            }
            Err(Failure::RateLimited(wait_s)) => {
                refresher.throttled(Failure::RateLimited(wait_s).said(&i18n), wait_s as f64 * 1000.0)
            }
            Err(error) => refresher.failed(error.said(&i18n)),
        }
        let due = now_ms() + refresher.next_delay_ms();
        loop {
            let state = match &last {
                Some(figures) => WidgetState::Shown {
                    figures: figures.clone(),
                    age_s: refresher.age_s(now_ms()),
                    error: refresher.last_error().map(str::to_owned),
                },
                None => WidgetState::Failed(refresher.last_error().unwrap_or_default().to_owned()),
            };
            show(&state);
            sleep(TICK_MS.min((due - now_ms()).max(0.0))).await;
            // A hidden widget (its page in a background tab) does not ask again until it is seen.
            if now_ms() >= due && !document.hidden() {
                break;
            }
        }
    }
}
