use crate::context::use_app;
use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;
use together_core::outbox::Problem;
use together_core::route::Route;

/// Where the contributor's answers are: all sent, being sent, kept on this device, or waiting for a sign-in.
#[component]
pub fn DeliveryStatus() -> impl IntoView {
    let app = use_app();
    let delivery = app.delivery;
    let locale = use_locale();
    let text = move || {
        let storage = delivery.storage_problem.get();
        let online = delivery.online.get();
        let held = delivery.waiting.get();
        delivery.outbox.with(|o| {
            let waiting = o.len();
            let count = locale.number(waiting);
            let rejected = o.rejected().next().and_then(|i| match &i.problem {
                Some(Problem::Rejected(m)) => Some((
                    m.clone(),
                    Route::Annotate { task: i.task_id.clone(), record: Some(i.record_id.clone()) }.to_hash(),
                )),
                _ => None,
            });
            if let Some(problem) = storage {
                (problem.message(locale), "warning", None)
            } else if o.needs_sign_in() {
                (
                    locale.count(Msg::SignInToSend, waiting, &[&count]),
                    "warning",
                    Some((Msg::SignIn, Route::SignIn { next: None }.to_hash())),
                )
            } else if let Some((message, fix)) = rejected {
                (locale.fill(Msg::AnswerRefused, &[&message]), "warning", Some((Msg::FixIt, fix)))
            } else if waiting == 0 {
                // Answers that wait in a pull request are said to, with a way to see it.
                delivery.delivered.track();
                match app.backend().pull_request_url() {
                    Some(url) => (
                        format!("{}. {}", locale.text(Msg::AllSaved), locale.text(Msg::SentAsPullRequest)),
                        "ok",
                        Some((Msg::SeePullRequest, url)),
                    ),
                    None => (locale.text(Msg::AllSaved), "ok", None),
                }
            } else if let Some(until) = o.throttled_until(crate::sync::now_ms()) {
                let seconds = locale.number(((until - crate::sync::now_ms()) / 1000.0).ceil() as usize);
                (locale.fill(Msg::Throttled, &[&count, &seconds]), "warning", None)
            } else if !online {
                (locale.count(Msg::Offline, waiting, &[&count]), "warning", None)
            } else if held > 0 {
                (locale.fill(Msg::BatchWaiting, &[&locale.number(held)]), "ok", None)
            } else {
                (locale.count(Msg::Sending, waiting, &[&count]), "busy", None)
            }
        })
    };
    view! {
        <p class=move || format!("delivery-status {}", text().1) role="status" aria-live="polite">
            {move || {
                let (message, _, action) = text();
                view! {
                    {message}
                    {action.map(|(name, href)| {
                        // An address of the app stays in its tab; another site's (a pull request) opens its own.
                        let elsewhere = (!href.starts_with('#')).then_some("_blank");
                        view! { " " <a href=href target=elsewhere rel="noopener">{locale.text(name)}</a> }
                    })}
                }
            }}
            {move || (delivery.waiting.get() > 0 && delivery.online.get()).then(|| view! {
                " "
                <button type="button" class="link" on:click=move |_| delivery.send_now()>{locale.text(Msg::SendNow)}</button>
            })}
        </p>
    }
}
