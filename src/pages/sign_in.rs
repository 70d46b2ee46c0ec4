use crate::context::use_app;
use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;
use together_core::route::Route;

const MAX_NAME: usize = 40;

/// Local sign-in for the demo: a name is enough, and everything stays in this browser.
#[component]
pub fn SignInPage(#[prop(optional)] next: Option<String>) -> impl IntoView {
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
            error.set(Some(locale.fill(Msg::NameTooLong, &[&MAX_NAME.to_string()])));
            return;
        }
        app.sign_in(&chosen);
        let target = next.clone().unwrap_or_else(|| Route::Tasks.to_hash());
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_hash(&target);
        }
    };
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
        </section>
    }
}
