use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;

/// A labelled progress bar. `value` of `max`; the text beside it says the same for everyone who cannot see it.
#[component]
pub fn ProgressBar(
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<usize>,
    #[prop(into)] max: Signal<usize>,
    /// What the numbers count (`Msg::UnitDone`, `Msg::UnitResponses`).
    unit: Msg,
) -> impl IntoView {
    let percent = move || together_core::numbers::percent(value.get(), max.get());
    let locale = use_locale();
    let text = move || {
        let (value, max, percent) = (locale.number(value.get()), locale.number(max.get()), locale.number(percent()));
        locale.fill(Msg::ProgressText, &[&value, &max, &locale.text(unit), &percent])
    };
    view! {
        <div class="progress">
            <div
                class="progress-track"
                role="progressbar"
                aria-label=label
                aria-valuemin="0"
                aria-valuemax=move || max.get().to_string()
                aria-valuenow=move || value.get().min(max.get()).to_string()
                aria-valuetext=text
            >
                <div class="progress-fill" style:width=move || format!("{}%", percent())></div>
            </div>
            <span class="progress-text">{text}</span>
        </div>
    }
}

/// "3 submitted · 1 drafts · 0 discarded · 46 pending": where a contributor stands on a task, in words.
pub fn my_counts(locale: crate::i18n::Texts, mine: &together_core::stats::MyProgress) -> String {
    let counts = [mine.submitted, mine.drafts, mine.discarded, mine.pending()].map(|n| locale.number(n));
    locale.fill(Msg::MyCounts, &[&counts[0], &counts[1], &counts[2], &counts[3]])
}
