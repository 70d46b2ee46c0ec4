use super::{suggestion_note, ChoiceFieldset};
use crate::i18n::use_locale;
use leptos::prelude::*;
use together_core::model::{AnswerValue, Answers, Question, RatingOption, Suggestion};

/// A rating question: one radio per value, named by the value ("4"), described by its label ("Good").
#[component]
pub fn RatingQuestion(
    question: Question,
    options: Vec<RatingOption>,
    answers: RwSignal<Answers>,
    /// Shown with its provenance; it is pre-selected by the form.
    #[prop(default = None)]
    suggestion: Option<Suggestion>,
    #[prop(into)] error: Signal<Option<String>>,
    /// Unique per record, so that radios of two records never form one group.
    #[prop(into)]
    group: String,
) -> impl IntoView {
    let note = suggestion
        .as_ref()
        .and_then(|s| Some(suggestion_note(use_locale(), s, Some(s.value.as_rating()?.to_string()))));
    let name = question.name.clone();
    let description_id = format!("{group}-description");
    let selected = {
        let name = name.clone();
        Memo::new(move |_| answers.with(|a| a.rating(&name)))
    };
    let explained = {
        let options = options.clone();
        move || {
            let value = selected.get()?;
            let option = options.iter().find(|o| o.value == value)?;
            let label = option.label.clone().unwrap_or_default();
            let mut explained = format!("{value} · ");
            together_core::i18n::push_isolated(&label, &mut explained);
            if let Some(description) = &option.description {
                explained.push_str(": ");
                together_core::i18n::push_isolated(description, &mut explained);
            }
            Some(explained)
        }
    };
    let buttons = options
        .into_iter()
        .map(|option| {
            let value = option.value;
            let label_id = format!("{group}-option-{value}");
            let name = name.clone();
            view! {
                <label class="rating-option" class:selected=move || selected.get() == Some(value)>
                    // `checked` before `name`: the next record's form is this one rebuilt in place, and a radio
                    // still checked in the old group, renamed into the new one, would uncheck the new choice.
                    <input
                        type="radio"
                        prop:checked=move || selected.get() == Some(value)
                        name=group.clone()
                        value=value.to_string()
                        aria-label=value.to_string()
                        aria-describedby=label_id.clone()
                        on:change=move |_| answers.update(|a| a.set(&name, AnswerValue::Rating(value)))
                    />
                    <span class="rating-value" aria-hidden="true">{value}</span>
                    <span class="rating-label" id=label_id>{option.label.clone().unwrap_or_default()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <ChoiceFieldset question=question kind="rating" description_id=description_id note=note error=error>
            <div class="rating-options">{buttons}</div>
            <p class="rating-explained" aria-live="polite" dir="auto">{explained}</p>
        </ChoiceFieldset>
    }
}
