use crate::app::Connection;
#[cfg(any(feature = "argilla", feature = "hub"))]
use crate::backend::SignInForm;
#[cfg(feature = "argilla")]
use crate::backend::{host_of, normalize_server};
#[cfg(feature = "argilla")]
use crate::backend::{BackendError, Credentials};
use crate::context::use_app;
use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;
use together_core::route::Route;

const MAX_NAME: usize = 40;

fn go_to(next: &Option<String>) {
    let target = next.clone().unwrap_or_else(|| Route::Tasks.to_hash());
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&target);
    }
}

/// Sign in: a name for the demo, or credentials for a server.
#[component]
pub fn SignInPage(#[prop(optional)] next: Option<String>) -> impl IntoView {
    match use_app().backend().sign_in_form() {
        #[cfg(feature = "argilla")]
        SignInForm::Server { server, username } => {
            view! { <ServerSignIn next=next server=server username=username/> }.into_any()
        }
        #[cfg(feature = "hub")]
        SignInForm::HuggingFace { configured } => view! { <HubSignIn next=next configured=configured/> }.into_any(),
        _ => view! { <NameSignIn next=next/> }.into_any(),
    }
}

#[cfg(feature = "hub")]
/// Sign in with Hugging Face: off to the provider and back. Inside another page's frame (the Space page frames
/// the app) a sign-in cannot finish, so the app offers its own tab instead.
#[component]
fn HubSignIn(next: Option<String>, configured: bool) -> impl IntoView {
    let app = use_app();
    let locale = use_locale();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let return_to = next.unwrap_or_else(|| Route::Tasks.to_hash());
    let action = if !configured {
        view! { <p class="panel error" role="alert">{locale.text(Msg::HfSignInNotConfigured)}</p> }.into_any()
    } else if crate::auth::is_framed() {
        let own_tab = format!("{}{}", crate::auth::redirect_uri(), Route::SignIn { next: Some(return_to) }.to_hash());
        view! {
            <div class="panel">
                <p>{locale.text(Msg::FramedSignIn)}</p>
                <a class="button primary" href=own_tab target="_blank" rel="noopener">{locale.text(Msg::OpenInNewTab)}</a>
            </div>
        }
        .into_any()
    } else {
        let start = move |_| {
            busy.set(true);
            error.set(None);
            let future = app.backend().sign_in_url(return_to.clone());
            leptos::task::spawn_local(async move {
                match future.await {
                    Ok(url) => {
                        if let Some(window) = web_sys::window() {
                            let _ = window.location().assign(&url);
                        }
                    }
                    Err(failure) => {
                        busy.try_set(false);
                        error.try_set(Some(failure.message(locale)));
                    }
                }
            });
        };
        view! {
            <div class="panel">
                <button type="button" class="primary hf" on:click=start disabled=move || busy.get()>
                    {locale.text(Msg::SignInWithHf)}
                </button>
                <p class="question-error" role="alert">{move || error.get()}</p>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="page sign-in">
            <h1>{locale.text(Msg::SignIn)}</h1>
            <p>{locale.text(Msg::HubSignInIntro)}</p>
            {action}
            <UseDemo/>
        </section>
    }
}

/// Local sign-in for the demo: a name is enough, and everything stays in this browser.
#[component]
fn NameSignIn(next: Option<String>) -> impl IntoView {
    let app = use_app();
    let locale = use_locale();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = name.get_untracked().trim().to_owned();
        if chosen.is_empty() {
            error.set(Some(locale.text(Msg::NameMissing)));
            return;
        }
        if chosen.chars().count() > MAX_NAME {
            error.set(Some(locale.count(Msg::NameTooLong, MAX_NAME, &[&locale.number(MAX_NAME)])));
            return;
        }
        app.sign_in(&chosen);
        go_to(&next);
    };
    #[cfg(feature = "argilla")]
    let to_server = connect_to_server(locale);
    #[cfg(not(feature = "argilla"))]
    let to_server = ();
    view! {
        <section class="page sign-in">
            <h1>{locale.text(Msg::SignIn)}</h1>
            <p>{locale.text(Msg::SignInIntro)}</p>
            <form class="panel" on:submit=submit novalidate=true>
                <label for="sign-in-name">{locale.text(Msg::YourName)}</label>
                <input
                    id="sign-in-name"
                    type="text"
                    autocomplete="nickname"
                    required=true
                    maxlength=MAX_NAME.to_string()
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby="sign-in-error"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <p id="sign-in-error" class="question-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary">{locale.text(Msg::SignIn)}</button>
            </form>
            {to_server}
        </section>
    }
}

/// "Annotate on an Argilla server": a server address, and on to its sign-in.
#[cfg(feature = "argilla")]
fn connect_to_server(locale: crate::i18n::Texts) -> Option<impl IntoView> {
    let reconnect = use_context::<Callback<Connection>>();
    let server = RwSignal::new(String::new());
    let server_error = RwSignal::new(None::<String>);
    reconnect.map(|reconnect| {
        let connect = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match normalize_server(&server.get_untracked()) {
                Some(url) => reconnect.run(Connection::Argilla(url)),
                None => server_error.set(Some(locale.text(Msg::ServerUrlInvalid))),
            }
        };
        view! {
            <form class="panel" on:submit=connect novalidate=true>
                <h2>{locale.text(Msg::UseArgilla)}</h2>
                <label for="connect-server">{locale.text(Msg::ArgillaServer)}</label>
                <input id="connect-server" type="url" inputmode="url" autocomplete="url" placeholder="https://"
                    aria-describedby="connect-error"
                    prop:value=move || server.get() on:input=move |ev| server.set(event_target_value(&ev))/>
                <p id="connect-error" class="question-error" role="alert">{move || server_error.get()}</p>
                <button type="submit" class="secondary">{locale.text(Msg::Connect)}</button>
            </form>
        }
    })
}

/// Servers this browser has signed in to or was told to trust, one a line.
#[cfg(feature = "argilla")]
const TRUSTED_KEY: &str = "trusted-servers";

/// Whether credentials may be asked for `server` without a word: the deployment's own server, one this browser
/// used before, or none yet (the contributor types it).
#[cfg(feature = "argilla")]
fn is_trusted(app: &crate::context::AppContext, server: &str) -> bool {
    let configured = app.config.with_value(|c| c.argilla_url.as_deref().and_then(normalize_server));
    server.is_empty()
        || configured.as_deref() == Some(server)
        || app.storage.with_value(|s| s.get(TRUSTED_KEY)).is_some_and(|list| list.lines().any(|l| l == server))
}

#[cfg(feature = "argilla")]
fn trust(app: &crate::context::AppContext, server: &str) {
    if is_trusted(app, server) {
        return;
    }
    app.storage.with_value(|s| {
        let list = s.get(TRUSTED_KEY).map(|l| format!("{l}\n{server}")).unwrap_or_else(|| server.to_owned());
        let _ = s.set(TRUSTED_KEY, &list);
    });
}

#[cfg(feature = "argilla")]
/// Sign in to an Argilla server. A link can name any server (`?argilla=…`): one that is neither the
/// deployment's nor used in this browser before gets a step that names it and asks to continue before any
/// credential is asked for.
#[component]
fn ServerSignIn(next: Option<String>, server: String, username: String) -> impl IntoView {
    let app = use_app();
    let locale = use_locale();
    if is_trusted(&app, &server) {
        return view! { <ServerForm next=next server=server username=username/> }.into_any();
    }
    let host = host_of(&server).to_owned();
    // Trusted from now on: the page starts again on the same link, which now shows the form.
    let continue_to = move |_| {
        trust(&app, &server);
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <section class="page sign-in">
            <h1>{locale.fill(Msg::UnknownServerTitle, &[&host])}</h1>
            <p class="panel warning">{locale.fill(Msg::UnknownServerText, &[&host])}</p>
            <button type="button" class="primary" on:click=continue_to>{locale.fill(Msg::ContinueTo, &[&host])}</button>
            <UseDemo/>
        </section>
    }
    .into_any()
}

#[cfg(feature = "argilla")]
/// The credentials for a server: a username and password, or an API key. The form always says which host they
/// go to.
#[component]
fn ServerForm(next: Option<String>, server: String, username: String) -> impl IntoView {
    let app = use_app();
    let locale = use_locale();
    let reconnect = use_context::<Callback<Connection>>();
    let current_server = server.clone();
    let server = RwSignal::new(server);
    let with_key = RwSignal::new(false);
    let username = RwSignal::new(username);
    let password = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let host = move || {
        normalize_server(&server.get()).map(|s| locale.fill(Msg::CredentialsGoTo, &[host_of(&s)])).unwrap_or_default()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(url) = normalize_server(&server.get_untracked()) else {
            error.set(Some(locale.text(Msg::ServerUrlInvalid)));
            return;
        };
        let credentials = if with_key.get_untracked() {
            let key = key.get_untracked().trim().to_owned();
            if key.is_empty() {
                error.set(Some(locale.text(Msg::FillApiKey)));
                return;
            }
            Credentials::ApiKey { server: url.clone(), key }
        } else {
            let (user, pass) = (username.get_untracked().trim().to_owned(), password.get_untracked());
            if user.is_empty() || pass.is_empty() {
                error.set(Some(locale.text(Msg::FillUsernamePassword)));
                return;
            }
            Credentials::Password { server: url.clone(), username: user, password: pass }
        };
        busy.set(true);
        error.set(None);
        let future = app.backend().sign_in(credentials);
        let next = next.clone();
        let current_server = current_server.clone();
        leptos::task::spawn_local(async move {
            let result = future.await;
            busy.try_set(false);
            match result {
                Ok(name) => {
                    password.try_set(String::new());
                    trust(&app, &url);
                    app.sign_in(&name);
                    go_to(&next);
                    // Another server than the one the app was showing: start again on it.
                    if url != current_server {
                        if let Some(reconnect) = reconnect {
                            reconnect.run(Connection::Argilla(url));
                        }
                    }
                }
                Err(BackendError::Unauthorized) => {
                    error.try_set(Some(locale.text(Msg::WrongCredentials)));
                }
                Err(other) => {
                    error.try_set(Some(other.message(locale)));
                }
            }
        });
    };
    view! {
        <section class="page sign-in">
            <h1>{locale.text(Msg::SignIn)}</h1>
            <p>{locale.text(Msg::ArgillaSignInIntro)}</p>
            <form class="panel" on:submit=submit novalidate=true aria-busy=move || busy.get().to_string()>
                <label for="sign-in-server">{locale.text(Msg::ArgillaServer)}</label>
                <input id="sign-in-server" type="url" inputmode="url" autocomplete="url" placeholder="https://"
                    aria-describedby="sign-in-host"
                    prop:value=move || server.get() on:input=move |ev| server.set(event_target_value(&ev))/>
                <p id="sign-in-host" class="hint">{host}</p>
                <fieldset class="sign-in-method">
                    <legend>{locale.text(Msg::SignInWith)}</legend>
                    <label class="inline">
                        <input type="radio" name="sign-in-method" prop:checked=move || !with_key.get() on:change=move |_| with_key.set(false)/>
                        {locale.text(Msg::UsernamePassword)}
                    </label>
                    <label class="inline">
                        <input type="radio" name="sign-in-method" prop:checked=move || with_key.get() on:change=move |_| with_key.set(true)/>
                        {locale.text(Msg::ApiKey)}
                    </label>
                </fieldset>
                <div class:hidden=move || with_key.get()>
                    <label for="sign-in-username">{locale.text(Msg::Username)}</label>
                    <input id="sign-in-username" type="text" autocomplete="username" autocapitalize="none"
                        prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev))/>
                    <label for="sign-in-password">{locale.text(Msg::Password)}</label>
                    <input id="sign-in-password" type="password" autocomplete="current-password"
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                <div class:hidden=move || !with_key.get()>
                    <label for="sign-in-key">{locale.text(Msg::ApiKey)}</label>
                    <input id="sign-in-key" type="password" autocomplete="off"
                        prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev))/>
                </div>
                <p class="question-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || locale.text(if busy.get() { Msg::SigningIn } else { Msg::SignIn })}
                </button>
            </form>
            <UseDemo/>
        </section>
    }
}

/// Back to the built-in demo, when the app may switch connections.
#[component]
fn UseDemo() -> impl IntoView {
    let locale = use_locale();
    use_context::<Callback<Connection>>().map(|reconnect| {
        view! {
            <button type="button" class="link" on:click=move |_| reconnect.run(Connection::Demo)>
                {locale.text(Msg::UseDemo)}
            </button>
        }
    })
}
