use super::suggestion_note;
use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;
use together_core::model::{AnswerValue, Answers, Question, Suggestion, TextDirection};

/// A free-text answer, pre-filled from the suggestion, typed in the task's language and direction.
#[component]
pub fn TextAnswer(
    question: Question,
    answers: RwSignal<Answers>,
    suggestion: Option<Suggestion>,
    direction: TextDirection,
    #[prop(optional)] lang: Option<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] id: String,
) -> impl IntoView {
    let name = question.name.clone();
    let description_id = format!("{id}-description");
    let value = {
        let name = name.clone();
        Memo::new(move |_| answers.with(|a| a.text(&name).unwrap_or_default().to_owned()))
    };
    let suggested_text = suggestion.as_ref().and_then(|s| s.value.as_text()).map(str::to_owned);
    let locale = use_locale();
    let provenance = suggestion.as_ref().map(|s| suggestion_note(locale, s, None));
    let reset = suggested_text.clone().map(|text| {
        let name = name.clone();
        let unchanged = {
            let text = text.clone();
            move || value.get() == text
        };
        view! {
            <button
                type="button"
                class="secondary reset"
                disabled=unchanged
                on:click=move |_| answers.update(|a| a.set(&name, AnswerValue::Text(text.clone())))
            >
                {locale.text(Msg::ResetToSuggestion)}
            </button>
        }
    });
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        answers.update(|a| a.set(&name, AnswerValue::Text(text)));
    };
    view! {
        <div class="question text" class:invalid=move || error.get().is_some()>
            <label class="question-title" for=id.clone() dir="auto">
                {question.title.clone()}
                {question.required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            <p class="question-description" id=description_id.clone() dir="auto">
                {question.description.clone().unwrap_or_default()}
                {provenance.map(|p| view! { <span class="suggestion-note">" " {p}</span> })}
            </p>
            <textarea
                id=id
                rows="5"
                dir=direction.as_attr()
                lang=lang
                aria-describedby=description_id
                aria-invalid=move || error.get().is_some().to_string()
                aria-required=question.required.to_string()
                prop:value=move || value.get()
                on:input=on_input
            ></textarea>
            <div class="question-tools">{reset}</div>
            <p class="question-error" role="alert">{move || error.get()}</p>
        </div>
    }
}
