use super::{suggestion_note, ChoiceFieldset};
use crate::i18n::use_locale;
use leptos::prelude::*;
use together_core::model::{AnswerValue, Answers, LabelOption, Question, Suggestion};

/// A single-choice question (👍 / 👎, "A is better"…): one radio per option, named by the text it shows.
/// Digits pick options in order; the digit is shown beside each option.
#[component]
pub fn LabelQuestion(
    question: Question,
    options: Vec<LabelOption>,
    answers: RwSignal<Answers>,
    /// Shown with its provenance; it is pre-selected by the form.
    #[prop(default = None)]
    suggestion: Option<Suggestion>,
    #[prop(into)] error: Signal<Option<String>>,
    /// Unique per record, so that radios of two records never form one group.
    #[prop(into)]
    group: String,
) -> impl IntoView {
    let locale = use_locale();
    let provenance = suggestion.as_ref().and_then(|s| {
        let value = s.value.as_text()?;
        let shown = options.iter().find(|o| o.value == value)?.shown().to_owned();
        Some(suggestion_note(locale, s, Some(shown)))
    });
    let name = question.name.clone();
    let description_id = format!("{group}-description");
    let selected = {
        let name = name.clone();
        Memo::new(move |_| answers.with(|a| a.text(&name).map(str::to_owned)))
    };
    let buttons = options
        .into_iter()
        .enumerate()
        .map(|(index, option)| {
            let value = option.value.clone();
            let is_selected = {
                let value = value.clone();
                move || selected.with(|s| s.as_deref() == Some(value.as_str()))
            };
            let description_id = format!("{group}-option-{index}");
            let name = name.clone();
            let shown = option.shown().to_owned();
            let highlighted = is_selected.clone();
            view! {
                <label class="label-option" class:selected=highlighted>
                    // `checked` before `name`: the next record's form is this one rebuilt in place, and a radio
                    // still checked in the old group, renamed into the new one, would uncheck the new choice.
                    <input
                        type="radio"
                        prop:checked=is_selected
                        name=group.clone()
                        value=value.clone()
                        aria-label=shown.clone()
                        aria-describedby=description_id.clone()
                        on:change=move |_| answers.update(|a| a.set(&name, AnswerValue::Text(value.clone())))
                    />
                    {(index < 9).then(|| view! { <span class="label-key" aria-hidden="true">{index + 1}</span> })}
                    <span class="label-text" dir="auto">{shown}</span>
                    <span class="label-description" id=description_id dir="auto">
                        {option.description.clone().unwrap_or_default()}
                    </span>
                </label>
            }
        })
        .collect_view();
    view! {
        <ChoiceFieldset question=question kind="label" description_id=description_id note=provenance error=error>
            <div class="label-options">{buttons}</div>
        </ChoiceFieldset>
    }
}
