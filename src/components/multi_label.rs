use super::{suggestion_note, ChoiceFieldset};
use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;
use together_core::model::{AnswerValue, Answers, LabelOption, Question, Suggestion};

/// Pick any number of labels: one checkbox per option, named by the text it shows. Long lists show their first
/// `visible` options until the contributor asks for the rest (a picked option is never hidden).
#[component]
pub fn MultiLabelQuestion(
    question: Question,
    options: Vec<LabelOption>,
    visible: Option<u32>,
    answers: RwSignal<Answers>,
    #[prop(default = None)] suggestion: Option<Suggestion>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] group: String,
) -> impl IntoView {
    let locale = use_locale();
    let note = suggestion.as_ref().and_then(|s| {
        let picked: Vec<&str> = s
            .value
            .as_labels()?
            .iter()
            .filter_map(|v| options.iter().find(|o| &o.value == v).map(LabelOption::shown))
            .collect();
        Some(suggestion_note(locale, s, Some(picked.join(", "))))
    });
    let name = question.name.clone();
    let picked = {
        let name = name.clone();
        Memo::new(move |_| answers.with(|a| a.get(&name).and_then(AnswerValue::as_labels).map(<[String]>::to_vec)))
    };
    let visible = visible.map(|v| v as usize).filter(|v| *v < options.len());
    let hidden_picked = visible.is_some_and(|v| {
        picked.with_untracked(|p| p.iter().flatten().any(|l| options.iter().position(|o| &o.value == l) >= Some(v)))
    });
    let expanded = RwSignal::new(visible.is_none() || hidden_picked);
    let boxes = options
        .iter()
        .enumerate()
        .map(|(index, option)| {
            let value = option.value.clone();
            let is_checked = {
                let value = value.clone();
                move || picked.with(|p| p.as_ref().is_some_and(|p| p.contains(&value)))
            };
            let shown_now = move || expanded.get() || visible.is_none_or(|v| index < v);
            let name = name.clone();
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                answers.update(|a| {
                    let mut labels =
                        a.get(&name).and_then(AnswerValue::as_labels).map(<[String]>::to_vec).unwrap_or_default();
                    labels.retain(|l| *l != value);
                    if on {
                        labels.push(value.clone());
                    }
                    if labels.is_empty() {
                        a.clear(&name);
                    } else {
                        a.set(&name, AnswerValue::Labels(labels));
                    }
                });
            };
            let description_id = format!("{group}-option-{index}");
            let highlighted = is_checked.clone();
            view! {
                <label class="label-option" class:selected=highlighted class:hidden=move || !shown_now()>
                    <input
                        type="checkbox"
                        aria-label=option.shown().to_owned()
                        aria-describedby=description_id.clone()
                        prop:checked=is_checked
                        on:change=toggle
                    />
                    <span class="label-text" dir="auto">{option.shown().to_owned()}</span>
                    <span class="label-description" id=description_id dir="auto">
                        {option.description.clone().unwrap_or_default()}
                    </span>
                </label>
            }
        })
        .collect_view();
    let more = visible.map(|v| {
        let hidden = options.len() - v;
        let rest = hidden.to_string();
        view! {
            <button type="button" class="link more-options" aria-expanded=move || expanded.get().to_string() on:click=move |_| expanded.update(|e| *e = !*e)>
                {move || if expanded.get() { locale.text(Msg::ShowFewerOptions) } else { locale.count(Msg::ShowMoreOptions, hidden, &[&rest]) }}
            </button>
        }
    });
    view! {
        <ChoiceFieldset question=question kind="label multi" description_id=format!("{group}-description") note=note error=error>
            <div class="label-options">{boxes}</div>
            {more}
        </ChoiceFieldset>
    }
}
