//! The shell: configuration, the hash router, the header with who is signed in and where answers are.

use crate::backend::demo::{DemoBackend, DEMO_TASKS_URL};
use crate::backend::Backend;
use crate::components::DeliveryStatus;
use crate::context::{provide_app, use_app, AppContext};
use crate::http::{HttpRequest, Transport};
use crate::i18n::{apply_to_document, initial_locale, load_texts, remember_locale, Locale, Msg, Texts};
use crate::json;
use crate::pages::{AnnotatePage, DashboardPage, SignInPage, TasksPage};
use crate::storage::LocalStore;
use crate::sync::now_ms;
use leptos::prelude::*;
use std::rc::Rc;
use together_core::config::AppConfig;
use together_core::i18n::I18n;
use together_core::route::Route;

pub const STORAGE_PREFIX: &str = "together:";

/// Read `config.json` beside `index.html`. No file: the defaults. A broken file: the defaults and a message.
pub async fn load_config(transport: &dyn Transport) -> (AppConfig, Option<String>) {
    match transport.send(HttpRequest::get("config.json")).await {
        Ok(response) if response.status == 200 => {
            match json::parse::<AppConfig>(&response.body)
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
    let (config, problem) = load_config(transport).await;
    let demo_tasks = load_demo_tasks(transport).await;
    let i18n = load_texts(transport, initial_locale(&LocalStore::new(STORAGE_PREFIX))).await.unwrap_or_default();
    Boot { config, problem, demo_tasks, i18n }
}

/// The whole app, once booted.
pub fn app(boot: Boot) -> impl IntoView {
    let Boot { config, problem, demo_tasks, i18n } = boot;
    let storage = LocalStore::new(STORAGE_PREFIX);
    match demo_tasks.and_then(|json| DemoBackend::from_json(&json, &config, storage.clone(), now_ms())) {
        Ok(backend) => {
            let backend = StoredValue::new_local(Rc::new(backend) as Rc<dyn Backend>);
            let texts = RwSignal::new(i18n);
            let choose = {
                let storage = storage.clone();
                Callback::new(move |chosen: Locale| {
                    let storage = storage.clone();
                    leptos::task::spawn_local(async move {
                        // A language that cannot be loaded (offline) leaves the interface as it is.
                        if let Ok(loaded) = load_texts(&crate::http::FetchTransport, chosen).await {
                            remember_locale(&storage, chosen);
                            texts.set(loaded);
                        }
                    });
                })
            };
            // A new language re-mounts the shell: every text is then plain, not a reactive closure, which
            // keeps the Wasm small; the state it shows is all persisted or in the URL.
            (move || {
                let current = texts.get();
                apply_to_document(current.locale());
                view! {
                    <Shell
                        backend=backend.get_value()
                        storage=storage.clone()
                        config=config.clone()
                        problem=problem.clone()
                        i18n=current
                        on_locale=choose
                    />
                }
            })
            .into_any()
        }
        Err(message) => {
            view! { <main class="page"><p class="panel error" role="alert">{message}</p></main> }.into_any()
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
) -> impl IntoView {
    let title = config.title.clone().unwrap_or_else(|| "Together".to_owned());
    let locale = Texts::new(i18n);
    let footer = locale.text(backend.label());
    provide_context(locale);
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
            Route::Dashboard { task } => view! { <DashboardPage task_id=task/> }.into_any(),
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
