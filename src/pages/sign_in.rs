use crate::context::use_app;
use leptos::prelude::*;
use together_core::route::Route;

const MAX_NAME: usize = 40;

/// Local sign-in for the demo: a name is enough, and everything stays in this browser.
#[component]
pub fn SignInPage(#[prop(optional)] next: Option<String>) -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = name.get_untracked().trim().to_owned();
        if chosen.is_empty() {
            error.set(Some("Type a name: it is how your answers are counted on the dashboard.".to_owned()));
            return;
        }
        if chosen.chars().count() > MAX_NAME {
            error.set(Some(format!("Keep it under {MAX_NAME} characters.")));
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
            <h1>"Sign in"</h1>
            <p>"This demo keeps everything in this browser. Pick any name: it is how you appear on the dashboard."</p>
            <form class="panel" on:submit=submit novalidate=true>
                <label for="sign-in-name">"Your name"</label>
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
                <button type="submit" class="primary">"Sign in"</button>
            </form>
        </section>
    }
}
