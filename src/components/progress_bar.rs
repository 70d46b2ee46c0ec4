use leptos::prelude::*;

/// A labelled progress bar. `value` of `max`; the text beside it says the same for everyone who cannot see it.
#[component]
pub fn ProgressBar(
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<usize>,
    #[prop(into)] max: Signal<usize>,
    /// What the numbers count ("done", "responses").
    #[prop(into)]
    unit: String,
) -> impl IntoView {
    let percent = move || together_core::numbers::percent(value.get(), max.get());
    let text = move || format!("{} of {} {unit} ({}%)", value.get(), max.get(), percent());
    view! {
        <div class="progress">
            <div
                class="progress-track"
                role="progressbar"
                aria-label=label
                aria-valuemin="0"
                aria-valuemax=move || max.get().to_string()
                aria-valuenow=move || value.get().min(max.get()).to_string()
                aria-valuetext=text.clone()
            >
                <div class="progress-fill" style:width=move || format!("{}%", percent())></div>
            </div>
            <span class="progress-text">{text}</span>
        </div>
    }
}
