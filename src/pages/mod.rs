//! One file per route.

pub mod annotate;
pub mod dashboard;
pub mod sign_in;
pub mod tasks;

pub use annotate::AnnotatePage;
pub use dashboard::DashboardPage;
pub use sign_in::SignInPage;
pub use tasks::TasksPage;

use crate::backend::BackendError;
use leptos::prelude::*;

/// A failed load, said plainly, with a way to try again.
#[component]
pub fn ErrorPanel(error: BackendError, #[prop(optional)] retry: Option<Callback<()>>) -> impl IntoView {
    view! {
        <div class="panel error" role="alert">
            <p>{error.message()}</p>
            {retry.map(|retry| view! { <button type="button" class="secondary" on:click=move |_| retry.run(())>"Try again"</button> })}
        </div>
    }
}

#[component]
pub fn Loading(#[prop(into)] what: String) -> impl IntoView {
    view! { <p class="loading" role="status">{format!("Loading {what}…")}</p> }
}
