//! One file per route.

pub mod all_tasks;
pub mod annotate;
pub mod dashboard;
pub mod leaderboard;
pub mod review;
pub mod sign_in;
pub mod tasks;

pub use all_tasks::AllTasksPage;
pub use annotate::AnnotatePage;
pub use dashboard::DashboardPage;
pub use leaderboard::LeaderboardPage;
pub use review::ReviewPage;
pub use sign_in::SignInPage;
pub use tasks::TasksPage;

use crate::backend::{BackendError, LocalFuture};
use together_core::route::Route;

/// The lead build's pages ([`crate::app::LeadPages`]): a task's dashboard, all tasks', and the leaderboard.
pub fn lead_page(route: Route) -> AnyView {
    match route {
        Route::Dashboard { task } => view! { <DashboardPage task_id=task/> }.into_any(),
        Route::Leaderboard => view! { <LeaderboardPage/> }.into_any(),
        _ => view! { <AllTasksPage/> }.into_any(),
    }
}
use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;

/// A failed load, said plainly, with a way to try again.
#[component]
pub fn ErrorPanel(error: BackendError, #[prop(optional)] retry: Option<Callback<()>>) -> impl IntoView {
    let locale = use_locale();
    let sign_in = (error == BackendError::Unauthorized).then(|| {
        let here = web_sys::window().and_then(|w| w.location().hash().ok()).filter(|h| h.starts_with("#/"));
        let href = together_core::route::Route::SignIn { next: here }.to_hash();
        view! { <a class="button primary" href=href>{locale.text(Msg::SignIn)}</a> }
    });
    view! {
        <div class="panel error" role="alert">
            <p>{error.message(locale)}</p>
            {sign_in}
            {retry.map(|retry| view! { <button type="button" class="secondary" on:click=move |_| retry.run(())>{locale.text(Msg::TryAgain)}</button> })}
        </div>
    }
}

#[component]
pub fn Loading(what: Msg) -> impl IntoView {
    let locale = use_locale();
    // A long read says how far it got.
    let reading = use_context::<crate::context::AppContext>().map(|app| app.reading);
    let progress = move || {
        let (done, total) = reading?.get()?;
        Some(format!(" {}", locale.fill(Msg::ReadingAnswers, &[&locale.number(done), &locale.number(total)])))
    };
    view! { <p class="loading" role="status">{locale.text(what)}{progress}</p> }
}

/// What a page loads from the backend: nothing yet, or the answer. A reload keeps the last answer on screen
/// until the next one arrives, and only the latest load's answer is ever shown: one that started earlier and
/// finishes later (a slow network, a retry) is dropped.
pub struct Load<T: Send + Sync + 'static> {
    pub value: RwSignal<Option<Result<T, BackendError>>>,
    again: Trigger,
    /// Bumped by every load; an answer is kept only if no load started after its own.
    latest: StoredValue<u64>,
    /// Dropping it stops the load on its way (its requests are aborted, see [`crate::http::FetchTransport`]):
    /// replaced by every load, dropped when the page goes away.
    cancel: StoredValue<Option<futures::channel::oneshot::Sender<()>>, LocalStorage>,
}

impl<T: Send + Sync + 'static> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Load<T> {}

impl<T: Send + Sync + 'static> Load<T> {
    /// Run `fetch` now, and again whenever a signal it reads changes or `retry` is pressed. A plain effect and
    /// `spawn_local` rather than `LocalResource` + `Suspense`: the same behaviour for these pages at a fraction
    /// of the Wasm (each resource instantiated the whole async-derived machinery, ~10 KB).
    pub fn new(fetch: impl Fn() -> LocalFuture<Result<T, BackendError>> + 'static) -> Load<T> {
        let load = Load {
            value: RwSignal::new(None),
            again: Trigger::new(),
            latest: StoredValue::new(0),
            cancel: StoredValue::new_local(None),
        };
        Effect::new(move || {
            load.again.track();
            load.latest.update_value(|n| *n += 1);
            let generation = load.latest.get_value();
            let future = fetch();
            let (cancel, cancelled) = futures::channel::oneshot::channel();
            // The load before this one is stopped: its answer would be dropped anyway.
            load.cancel.try_set_value(Some(cancel));
            leptos::task::spawn_local(async move {
                let result = match futures::future::select(future, cancelled).await {
                    futures::future::Either::Left((result, _)) => result,
                    futures::future::Either::Right(_) => return,
                };
                if load.latest.try_get_value() != Some(generation) {
                    return;
                }
                // The server asked us to slow down: the page says so, and loads again once the wait is over.
                if let Err(BackendError::RateLimited { wait_s }) = &result {
                    let again = load.again;
                    let latest = load.latest;
                    set_timeout(
                        move || {
                            if latest.try_get_value() == Some(generation) {
                                again.notify();
                            }
                        },
                        std::time::Duration::from_secs(*wait_s),
                    );
                }
                load.value.try_set(Some(result));
            });
        });
        on_cleanup(move || drop(load.cancel.try_update_value(Option::take)));
        load
    }

    pub fn retry(self) -> Callback<()> {
        Callback::new(move |_| self.again.notify())
    }
}
