//! The shell: configuration, the hash router, the header with who is signed in and where answers are.

#[cfg(feature = "argilla")]
use crate::backend::argilla::ArgillaBackend;
use crate::backend::demo::{DemoBackend, DEMO_TASKS_URL};
#[cfg(feature = "hub")]
use crate::backend::hub::HubBackend;
#[cfg(feature = "argilla")]
use crate::backend::normalize_server;
use crate::backend::Backend;
use crate::components::{DeliveryStatus, UpdateOffer};
use crate::context::{provide_app, use_app, AppContext};
use crate::http::{HttpRequest, Transport};
use crate::i18n::{apply_to_document, initial_locale, load_texts, remember_locale, Locale, Msg, Texts};
use crate::json;
use crate::pages::{AnnotatePage, ReviewPage, SignInPage, TasksPage};
use crate::storage::LocalStore;
use crate::sync::now_ms;
use leptos::prelude::*;
use std::rc::Rc;
use together_core::config::AppConfig;
use together_core::i18n::I18n;
use together_core::route::Route;

pub const STORAGE_PREFIX: &str = "together:";

/// Read `config.json` beside `index.html`. No file: the defaults. A broken file: the defaults and a message.
/// Many static hosts (`trunk serve` among them) answer a missing file with `index.html`: a page where JSON was
/// asked for is no file, not a broken one.
pub async fn load_config(transport: &dyn Transport) -> (AppConfig, Option<String>) {
    match transport.send(HttpRequest::get("config.json")).await {
        Ok(response) if response.status == 200 && !is_html_page(&response) => {
            match json::parse_strict::<AppConfig>(&response.body)
                .map_err(|e| format!("config.json is not valid: {e}"))
                .and_then(AppConfig::validate)
            {
                Ok(config) => (config, None),
                Err(message) => (AppConfig::default(), Some(format!("{message}. Running on the built-in demo data."))),
            }
        }
        Ok(_) => (AppConfig::default(), None),
        Err(error) => (AppConfig::default(), Some(format!("config.json could not be loaded ({}).", error.0))),
    }
}

fn is_html_page(response: &crate::http::HttpResponse) -> bool {
    response.header("content-type").is_some_and(|t| t.contains("html")) || response.body.trim_start().starts_with('<')
}

/// Fetch the demo tasks that ship next to the app.
pub async fn load_demo_tasks(transport: &dyn Transport) -> Result<String, String> {
    match transport.send(HttpRequest::get(DEMO_TASKS_URL)).await {
        Ok(response) if response.status == 200 => Ok(response.body),
        Ok(response) => Err(format!("The demo tasks could not be loaded (HTTP {}).", response.status)),
        Err(error) => {
            Err(format!("The demo tasks could not be loaded: {}. Check your connection and reload.", error.0))
        }
    }
}

/// What the app needs before its first render: the configuration and the demo tasks.
pub struct Boot {
    pub config: AppConfig,
    pub problem: Option<String>,
    pub demo_tasks: Result<String, String>,
    /// The interface texts in the contributor's language (English if they could not be loaded).
    pub i18n: I18n,
}

pub async fn boot(transport: &dyn Transport) -> Boot {
    // All at once: on a phone's network each request is a round trip of its own. Values a full `localStorage`
    // could not take are read back before anything else reads storage.
    let texts = async {
        crate::storage::open_overflow().await;
        load_texts(transport, initial_locale(&LocalStore::new(STORAGE_PREFIX))).await.unwrap_or_default()
    };
    let ((config, mut problem), i18n, demo_tasks) =
        futures::join!(load_config(transport), texts, load_demo_tasks(transport));
    if let Some(message) = finish_hub_sign_in(transport, &config).await {
        problem = Some(message);
    }
    Boot { config, problem, demo_tasks, i18n }
}

/// Back from the identity provider: finish the sign-in before anything renders. A message when it failed.
#[cfg(feature = "hub")]
async fn finish_hub_sign_in(transport: &dyn Transport, config: &AppConfig) -> Option<String> {
    let hub = LocalStore::new(HUB_PREFIX);
    let session = match crate::auth::complete(transport, crate::auth::oauth_client(config).as_ref(), &hub).await? {
        Ok(session) => session,
        Err(message) => return Some(message),
    };
    if let Err(message) = HubBackend::store_session(&hub, &session) {
        return Some(message);
    }
    let _ = hub.set(crate::context::USER_KEY, &session.username);
    let _ = LocalStore::new(STORAGE_PREFIX).set(CONNECTION_KEY, "hub");
    crate::sync::resume_saved_outbox(&hub);
    None
}

#[cfg(not(feature = "hub"))]
async fn finish_hub_sign_in(_: &dyn Transport, _: &AppConfig) -> Option<String> {
    None
}

/// Where tasks come from and answers go.
#[derive(Clone, Debug, PartialEq)]
pub enum Connection {
    /// The bundled demo tasks, answers kept in this browser.
    Demo,
    /// An Argilla 2.x server (its base URL; empty until the contributor types one).
    Argilla(String),
    /// Hub-native tasks (`hub.tasks` in `config.json`), answers committed to Hub datasets.
    Hub,
}

const CONNECTION_KEY: &str = "connection";
#[cfg(feature = "argilla")]
const ARGILLA_PREFIX: &str = "together:argilla:";
#[cfg(feature = "hub")]
const HUB_PREFIX: &str = "together:hub:";

/// The connection to start with: a `?argilla=URL` link, else the contributor's last choice, else the
/// deployment's `config.json`, else the demo.
fn initial_connection(config: &AppConfig, root: &LocalStore) -> Connection {
    #[cfg(feature = "argilla")]
    {
        let linked = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .and_then(|search| together_core::route::query_value(&search, "argilla"))
            .and_then(|url| normalize_server(&url));
        if let Some(server) = linked {
            return Connection::Argilla(server);
        }
    }
    let has_hub_tasks = cfg!(feature = "hub") && !config.hub.tasks.is_empty();
    match root.get(CONNECTION_KEY).as_deref() {
        Some("demo") => return Connection::Demo,
        Some("hub") if has_hub_tasks => return Connection::Hub,
        #[cfg(feature = "argilla")]
        Some("argilla") => {
            let remembered = ArgillaBackend::remembered_server(&LocalStore::new(ARGILLA_PREFIX));
            return Connection::Argilla(remembered.or(config.argilla_url.clone()).unwrap_or_default());
        }
        _ => {}
    }
    match &config.argilla_url {
        #[cfg(feature = "argilla")]
        Some(url) => Connection::Argilla(normalize_server(url).unwrap_or_default()),
        _ if has_hub_tasks => Connection::Hub,
        _ => Connection::Demo,
    }
}

#[cfg(feature = "argilla")]
fn now_s() -> u64 {
    (now_ms() / 1000.0) as u64
}

/// The backend for a connection, with the storage its outbox and session live in.
fn connect(
    connection: &Connection,
    demo_tasks: &Result<String, String>,
    config: &AppConfig,
) -> Result<(Rc<dyn Backend>, LocalStore), String> {
    match connection {
        Connection::Demo => {
            let storage = LocalStore::new(STORAGE_PREFIX);
            let json = demo_tasks.as_ref().map_err(Clone::clone)?;
            let backend = DemoBackend::from_json(json, config, storage.clone(), now_ms())?;
            Ok((Rc::new(backend), storage))
        }
        #[cfg(feature = "argilla")]
        Connection::Argilla(server) => {
            let storage = LocalStore::new(ARGILLA_PREFIX);
            let backend =
                ArgillaBackend::new(Rc::new(crate::http::FetchTransport), storage.clone(), server.clone(), now_s);
            if !backend.signed_in() {
                storage.remove(crate::context::USER_KEY);
            }
            Ok((Rc::new(backend), storage))
        }
        #[cfg(feature = "hub")]
        Connection::Hub => {
            let storage = LocalStore::new(HUB_PREFIX);
            let backend = HubBackend::new(
                Rc::new(crate::http::FetchTransport),
                storage.clone(),
                config.hub.clone(),
                config.hub.tasks.clone(),
                crate::auth::oauth_client(config),
            );
            if !backend.signed_in() {
                storage.remove(crate::context::USER_KEY);
            }
            Ok((Rc::new(backend), storage))
        }
        #[allow(unreachable_patterns)]
        _ => Err("This build of Together does not include that backend.".to_owned()),
    }
}

/// The pages a contributor does not need: the dashboards and the leaderboard ([`Route::is_lead`]). The
/// contributor's build (`together`) leaves them out, which keeps what a contributor downloads before the first
/// record about 40 KB gzip smaller; the lead build (`together-lead`, built by `scripts/build-lead`) has them, and the page's
/// loader picks that build for those addresses.
pub type LeadPages = fn(Route) -> AnyView;

/// The whole app, once booted.
pub fn app(boot: Boot, lead: Option<LeadPages>) -> impl IntoView {
    let Boot { config, problem, demo_tasks, i18n } = boot;
    let root = LocalStore::new(STORAGE_PREFIX);
    let connection = RwSignal::new(initial_connection(&config, &root));
    let texts = RwSignal::new(i18n);
    let choose = {
        let root = root.clone();
        Callback::new(move |chosen: Locale| {
            let root = root.clone();
            leptos::task::spawn_local(async move {
                // A language that cannot be loaded (offline) leaves the interface as it is.
                if let Ok(loaded) = load_texts(&crate::http::FetchTransport, chosen).await {
                    remember_locale(&root, chosen);
                    texts.set(loaded);
                }
            });
        })
    };
    let reconnect = Callback::new(move |chosen: Connection| {
        let kind = match chosen {
            Connection::Demo => "demo",
            Connection::Argilla(_) => "argilla",
            Connection::Hub => "hub",
        };
        let _ = root.set(CONNECTION_KEY, kind);
        connection.set(chosen);
    });
    // A new language or a new connection re-mounts the shell: every text is then plain, not a reactive closure,
    // which keeps the Wasm small; the state it shows is all persisted or in the URL.
    move || {
        let current = texts.get();
        apply_to_document(current.locale());
        match connect(&connection.get(), &demo_tasks, &config) {
            Ok((backend, storage)) => view! {
                <Shell
                    backend=backend
                    storage=storage
                    config=config.clone()
                    problem=problem.clone()
                    i18n=current
                    on_locale=choose
                    on_connect=reconnect
                    lead=lead
                />
            }
            .into_any(),
            Err(message) => {
                view! { <main class="page"><p class="panel error" role="alert">{message}</p></main> }.into_any()
            }
        }
    }
}

fn current_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The app around a given backend. Tests mount this with their own backend and storage.
#[component]
pub fn Shell(
    backend: Rc<dyn Backend>,
    storage: LocalStore,
    config: AppConfig,
    problem: Option<String>,
    /// The interface texts (English by default).
    #[prop(optional)]
    i18n: I18n,
    /// Offer a language picker that calls this with the chosen language.
    #[prop(optional)]
    on_locale: Option<Callback<Locale>>,
    /// Switch between the demo and a server (the sign-in page offers it).
    #[prop(optional)]
    on_connect: Option<Callback<Connection>>,
    /// The dashboards; without them their addresses reload the page, whose loader then starts the lead build.
    #[prop(default = None)]
    lead: Option<LeadPages>,
) -> impl IntoView {
    let title = config.title.clone().unwrap_or_else(|| "Together".to_owned());
    let locale = Texts::new(i18n);
    let footer = backend.footer(locale);
    provide_context(locale);
    if let Some(reconnect) = on_connect {
        provide_context(reconnect);
    }
    provide_app(AppContext::new(backend, storage, config));
    let app = use_app();
    let route = RwSignal::new(Route::parse(&current_hash()));
    let listener = window_event_listener(leptos::ev::hashchange, move |_| route.set(Route::parse(&current_hash())));
    on_cleanup(move || listener.remove());

    {
        let title = title.clone();
        Effect::new(move || {
            let page = match route.get() {
                Route::Tasks => locale.text(Msg::Tasks),
                Route::SignIn { .. } => locale.text(Msg::SignIn),
                Route::Annotate { task, .. } => locale.fill(Msg::AnnotateTitle, &[&task]),
                Route::Dashboard { task } => locale.fill(Msg::DashboardTitleShort, &[&task]),
                Route::Review { .. } => locale.text(Msg::Review),
                Route::AllTasks => locale.text(Msg::AllTasksTitle),
                Route::Leaderboard => locale.text(Msg::LeaderboardTitle),
                Route::NotFound(_) => locale.text(Msg::PageNotFound),
            };
            document().set_title(&format!("{page} · {title}"));
        });
    }

    let page = move || {
        let route = route.get();
        if route.needs_sign_in() && app.user.get().is_none() {
            return view! { <SignInPage next=route.to_hash()/> }.into_any();
        }
        match route {
            Route::Tasks => view! { <TasksPage/> }.into_any(),
            Route::SignIn { next } => {
                view! { <SignInPage next=next.unwrap_or_else(|| Route::Tasks.to_hash())/> }.into_any()
            }
            Route::Annotate { task, record } => view! { <AnnotatePage task_id=task record_id=record/> }.into_any(),
            route @ (Route::Dashboard { .. } | Route::AllTasks | Route::Leaderboard) => match lead {
                Some(render) => render(route),
                None => {
                    let _ = window().location().reload();
                    view! { <p class="loading" role="status">{locale.text(Msg::LoadingDashboard)}</p> }.into_any()
                }
            },
            Route::Review { task, status } => view! { <ReviewPage task_id=task status=status/> }.into_any(),
            Route::NotFound(hash) => view! {
                <section class="page">
                    <h1>{locale.text(Msg::PageNotFound)}</h1>
                    <p>{locale.fill(Msg::NothingLivesAt, &[&hash])}</p>
                    <a class="button primary" href="#/">{locale.text(Msg::GoToTasks)}</a>
                </section>
            }
            .into_any(),
        }
    };

    let account = move || match app.user.get() {
        Some(name) => view! {
            <span class="user" title=locale.text(Msg::SignedIn)>{name}</span>
            <button type="button" class="link" on:click=move |_| app.sign_out()>{locale.text(Msg::SignOut)}</button>
        }
        .into_any(),
        None => {
            view! { <a class="button small" href=Route::SignIn { next: None }.to_hash()>{locale.text(Msg::SignIn)}</a> }
                .into_any()
        }
    };

    view! {
        <a class="skip-link" href="#main" on:click=|ev| {
            ev.prevent_default();
            if let Some(main) = document().get_element_by_id("main") {
                main.scroll_into_view();
            }
        }>{locale.text(Msg::SkipToContent)}</a>
        <header class="app-header">
            <a class="brand" href="#/">{title}</a>
            <nav aria-label=locale.text(Msg::Account)>
                {on_locale.map(|choose| view! { <LanguagePicker texts=locale choose=choose/> })}
                {account}
            </nav>
        </header>
        <DeliveryStatus/>
        <UpdateOffer texts=locale/>
        {problem.map(|p| view! { <p class="panel warning" role="alert">{p}</p> })}
        <main id="main" tabindex="-1">{page}</main>
        <footer class="app-footer">{footer}</footer>
    }
}

/// A labelled list of the interface languages, each named in itself.
#[component]
fn LanguagePicker(texts: Texts, choose: Callback<Locale>) -> impl IntoView {
    let current = texts.locale();
    let options = Locale::ALL
        .into_iter()
        .map(|l| view! { <option value=l.code() lang=l.code() selected=l == current>{l.native_name()}</option> })
        .collect_view();
    view! {
        <label class="language">
            <span class="visually-hidden">{texts.text(Msg::Language)}</span>
            <select on:change=move |ev| {
                if let Some(chosen) = Locale::from_code(&event_target_value(&ev)) {
                    choose.run(chosen);
                }
            }>{options}</select>
        </label>
    }
}
