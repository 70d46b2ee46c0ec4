use crate::context::use_app;
use leptos::prelude::*;
use together_core::outbox::Problem;

/// Where the contributor's answers are: all sent, being sent, kept on this device, or waiting for a sign-in.
#[component]
pub fn DeliveryStatus() -> impl IntoView {
    let delivery = use_app().delivery;
    let text = move || {
        let storage = delivery.storage_problem.get();
        let online = delivery.online.get();
        delivery.outbox.with(|o| {
            let waiting = o.len();
            let plural = if waiting == 1 { "answer" } else { "answers" };
            let rejected = o.rejected().next().and_then(|i| match &i.problem {
                Some(Problem::Rejected(m)) => Some(m.clone()),
                _ => None,
            });
            if let Some(problem) = storage {
                (problem, "warning")
            } else if o.needs_sign_in() {
                (format!("Sign in again to send {waiting} {plural}. They are kept on this device."), "warning")
            } else if let Some(message) = rejected {
                (format!("An answer was refused: {message}"), "warning")
            } else if waiting == 0 {
                ("All answers saved".to_owned(), "ok")
            } else if !online {
                (format!("Offline: {waiting} {plural} kept on this device, sent when you are back online"), "warning")
            } else {
                (format!("Sending {waiting} {plural}…"), "busy")
            }
        })
    };
    view! {
        <p class=move || format!("delivery-status {}", text().1) role="status" aria-live="polite">
            {move || text().0}
        </p>
    }
}
