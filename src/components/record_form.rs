use super::{
    use_annotation_shortcuts, FieldView, LabelQuestion, MultiLabelQuestion, RankingQuestion, RatingQuestion,
    SpanQuestion, TextAnswer,
};
use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;
use together_core::model::{AnswerError, AnswerValue, Answers, QuestionKind, Record, Task};
use together_core::shortcuts::Shortcut;

/// What the contributor did with a record. The page turns it into a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormAction {
    Submit,
    SaveDraft,
    Discard,
}

/// One record: its fields, its questions, and the Discard / Save draft / Submit bar.
#[component]
pub fn RecordForm(
    task: Task,
    record: Record,
    answers: RwSignal<Answers>,
    on_action: Callback<FormAction>,
    /// What the server said when it refused this record's answer; shown next to the question it names.
    #[prop(default = None)]
    refused: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let errors = RwSignal::new(Vec::<AnswerError>::new());
    let refused_question =
        refused.as_deref().and_then(|m| together_core::wire::argilla::question_in_message(&task, m)).map(str::to_owned);
    let refused = RwSignal::new(refused.map(|m| locale.fill(Msg::ServerRefused, &[&m])));
    // An answer that changes clears the complaint about it.
    Effect::watch(
        move || answers.get(),
        move |_, _, _| errors.update(|e| e.retain(|err| answers.with_untracked(|a| a.get(&err.question).is_none()))),
        false,
    );
    let error_for = move |question: String, server: bool| {
        Signal::derive(move || {
            errors
                .with(|e| e.iter().find(|x| x.question == question).map(|x| locale.with(|i18n| x.message(i18n))))
                .or_else(|| server.then(|| refused.get()).flatten())
        })
    };
    // A changed answer may be what the server wants: its complaint goes once the contributor edits anything.
    let refused_answers = answers.get_untracked();
    Effect::new(move || {
        if answers.with(|a| *a != refused_answers) {
            refused.set(None);
        }
    });

    let submit = {
        let task = task.clone();
        let record = record.clone();
        move || match answers.with_untracked(|a| a.validate_for_submit(&task, &record)) {
            Ok(()) => on_action.run(FormAction::Submit),
            Err(found) => {
                let first = found.first().map(|e| e.question.clone());
                errors.set(found);
                if let Some(question) = first {
                    focus_question(&question);
                }
            }
        }
    };

    // Digits answer the first choice question: a rating by its value, a label by its position (1 = first).
    let digit_question = task.questions.iter().find_map(|q| match &q.kind {
        QuestionKind::Rating { options } => {
            let values = options.iter().map(|o| o.value).collect::<Vec<_>>();
            Some((q.name.clone(), values, Vec::new()))
        }
        QuestionKind::Label { options } => {
            let labels = options.iter().take(9).map(|o| o.value.clone()).collect::<Vec<_>>();
            Some((q.name.clone(), (1..=labels.len() as i64).collect(), labels))
        }
        _ => None,
    });
    {
        let submit = submit.clone();
        let (question, digits, labels) = digit_question.unwrap_or_default();
        use_annotation_shortcuts(digits, move |shortcut| match shortcut {
            Shortcut::Rate(digit) => {
                let value = match labels.get((digit - 1).max(0) as usize) {
                    Some(label) if !labels.is_empty() => AnswerValue::Text(label.clone()),
                    _ => AnswerValue::Rating(digit),
                };
                answers.update(|a| a.set(&question, value));
            }
            Shortcut::Submit => submit(),
            Shortcut::SaveDraft => on_action.run(FormAction::SaveDraft),
        });
    }

    let fields = task
        .fields
        .iter()
        .map(|field| {
            let value = record.fields.get(&field.name).cloned();
            view! { <FieldView field=field.clone() value=value/> }
        })
        .collect_view();

    let direction = task.answer_direction();
    let lang = task.language.as_ref().map(|l| l.code.clone());
    let questions = task
        .questions
        .iter()
        .map(|question| {
            let id = question_dom_id(&question.name);
            let error = error_for(question.name.clone(), refused_question.as_deref() == Some(question.name.as_str()));
            let group = format!("q-{}-{}", question.name, record.id);
            let suggestion = record.suggestion_for(&question.name).cloned();
            match &question.kind {
                QuestionKind::Rating { options } => view! {
                    <div id=id>
                        <RatingQuestion
                            question=question.clone()
                            options=options.clone()
                            answers=answers
                            suggestion=suggestion.clone()
                            error=error
                            group=group.clone()
                        />
                    </div>
                }
                .into_any(),
                QuestionKind::Label { options } => view! {
                    <div id=id>
                        <LabelQuestion
                            question=question.clone()
                            options=options.clone()
                            answers=answers
                            suggestion=suggestion.clone()
                            error=error
                            group=group.clone()
                        />
                    </div>
                }
                .into_any(),
                QuestionKind::MultiLabel { options, visible_options } => view! {
                    <div id=id>
                        <MultiLabelQuestion
                            question=question.clone()
                            options=options.clone()
                            visible=*visible_options
                            answers=answers
                            suggestion=suggestion
                            error=error
                            group=group
                        />
                    </div>
                }
                .into_any(),
                QuestionKind::Ranking { options } => view! {
                    <div id=id>
                        <RankingQuestion
                            question=question.clone()
                            options=options.clone()
                            answers=answers
                            suggestion=suggestion
                            error=error
                            group=group
                        />
                    </div>
                }
                .into_any(),
                QuestionKind::Span { field, options, allow_overlapping } => view! {
                    <div id=id>
                        <SpanQuestion
                            question=question.clone()
                            options=options.clone()
                            allow_overlapping=*allow_overlapping
                            text=record.text(field).to_owned()
                            answers=answers
                            suggestion=suggestion
                            error=error
                            group=group
                        />
                    </div>
                }
                .into_any(),
                QuestionKind::Text { .. } => view! {
                    <TextAnswer
                        question=question.clone()
                        answers=answers
                        suggestion=suggestion.clone()
                        direction=direction
                        lang=lang.clone().unwrap_or_default()
                        error=error
                        id=id
                    />
                }
                .into_any(),
            }
        })
        .collect_view();

    view! {
        <form
            class="record"
            aria-label=locale.text(Msg::AnnotationForm)
            novalidate=true
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
        >
            {move || (refused_question.is_none()).then(|| refused.get()).flatten().map(|m| view! { <p class="panel error" role="alert">{m}</p> })}
            <div class="record-fields">{fields}</div>
            <div class="record-questions">{questions}</div>
            <div class="action-bar">
                <button type="button" class="secondary discard" on:click=move |_| on_action.run(FormAction::Discard)>
                    {locale.text(Msg::Discard)}
                </button>
                <button type="button" class="secondary draft" aria-keyshortcuts="Control+S Meta+S" on:click=move |_| on_action.run(FormAction::SaveDraft)>
                    {locale.text(Msg::SaveDraft)}
                </button>
                <button type="submit" class="primary submit" aria-keyshortcuts="Enter">
                    {locale.text(Msg::Submit)}
                </button>
            </div>
        </form>
    }
}

/// The DOM id of a question's container (or of its text box).
pub fn question_dom_id(question: &str) -> String {
    let safe: String = question.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("question-{safe}")
}

fn focus_question(question: &str) {
    use wasm_bindgen::JsCast;
    let Some(element) = document().get_element_by_id(&question_dom_id(question)) else { return };
    let target = if element.tag_name().eq_ignore_ascii_case("textarea") {
        Some(element)
    } else {
        element.query_selector("input").ok().flatten()
    };
    if let Some(target) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = target.focus();
    }
}
