use super::{suggestion_note, ChoiceFieldset};
use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;
use together_core::model::{char_slice, span_tokens, AnswerValue, Answers, LabelOption, Question, Span, Suggestion};

/// Mark stretches of a text with labels, by tapping: pick a label, tap the first word, tap the last word (or the
/// same word again). Works the same with a finger, a mouse or a keyboard; each span can be removed.
#[component]
pub fn SpanQuestion(
    question: Question,
    options: Vec<LabelOption>,
    allow_overlapping: bool,
    /// The text of the field the spans are in.
    text: String,
    answers: RwSignal<Answers>,
    #[prop(default = None)] suggestion: Option<Suggestion>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] group: String,
) -> impl IntoView {
    let locale = use_locale();
    let shown = {
        let options = options.clone();
        move |label: &str| options.iter().find(|o| o.value == label).map_or(label.to_owned(), |o| o.shown().to_owned())
    };
    let note = suggestion.as_ref().and_then(|s| {
        let spans = s.value.as_spans()?;
        let listed: Vec<String> =
            spans.iter().map(|sp| format!("{}: {}", shown(&sp.label), char_slice(&text, sp.start, sp.end))).collect();
        Some(suggestion_note(locale, s, Some(listed.join(", "))))
    });
    let name = question.name.clone();
    let spans = {
        let name = name.clone();
        Memo::new(move |_| {
            answers.with(|a| a.get(&name).and_then(AnswerValue::as_spans).map(<[Span]>::to_vec).unwrap_or_default())
        })
    };
    let label = RwSignal::new(options.first().map(|o| o.value.clone()).unwrap_or_default());
    let from = RwSignal::new(None::<usize>);
    let tokens = span_tokens(&text);
    let set_spans = {
        let name = name.clone();
        move |list: Vec<Span>| {
            answers.update(|a| if list.is_empty() { a.clear(&name) } else { a.set(&name, AnswerValue::Spans(list)) })
        }
    };

    let label_radios = options
        .iter()
        .map(|option| {
            let value = option.value.clone();
            let checked = {
                let value = value.clone();
                move || label.with(|l| *l == value)
            };
            let (highlighted, data_label) = (checked.clone(), value.clone());
            view! {
                <label class="span-label" class:selected=highlighted data-label=data_label>
                    // `checked` before `name`: the next record's form is this one rebuilt in place, and a radio
                    // still checked in the old group, renamed into the new one, would uncheck the new choice.
                    <input
                        type="radio"
                        prop:checked=checked
                        name=format!("{group}-label")
                        aria-label=option.shown().to_owned()
                        on:change=move |_| label.set(value.clone())
                    />
                    <span dir="auto">{option.shown().to_owned()}</span>
                </label>
            }
        })
        .collect_view();

    // The text as it reads, with each word a button and the characters between words as they are.
    let chars: Vec<char> = text.chars().collect();
    let mut pieces = Vec::new();
    let mut at = 0;
    for (index, token) in tokens.iter().enumerate() {
        if token.start > at {
            pieces.push(view! { <span>{chars[at..token.start].iter().collect::<String>()}</span> }.into_any());
        }
        let (start, end) = (token.start, token.end);
        let in_span =
            move || spans.with(|list| list.iter().find(|s| s.start < end && start < s.end).map(|s| s.label.clone()));
        let tokens = tokens.clone();
        let set_spans = set_spans.clone();
        let tap = move |_| match from.get_untracked() {
            None => from.set(Some(index)),
            Some(first) => {
                let (a, b) = (first.min(index), first.max(index));
                let new = Span { label: label.get_untracked(), start: tokens[a].start, end: tokens[b].end };
                let mut list = spans.get_untracked();
                if !allow_overlapping {
                    list.retain(|s| !(s.start < new.end && new.start < s.end));
                }
                let at = list.iter().position(|s| (s.start, s.end) > (new.start, new.end)).unwrap_or(list.len());
                list.insert(at, new);
                set_spans(list);
                from.set(None);
            }
        };
        pieces.push(
            view! {
                <button
                    type="button"
                    class="word"
                    class:marked=move || in_span().is_some()
                    data-label=move || in_span().unwrap_or_default()
                    aria-pressed=move || (from.get() == Some(index)).to_string()
                    on:click=tap
                >
                    {token.text.clone()}
                </button>
            }
            .into_any(),
        );
        at = token.end;
    }
    if at < chars.len() {
        pieces.push(view! { <span>{chars[at..].iter().collect::<String>()}</span> }.into_any());
    }

    let hint = {
        let tokens = tokens.clone();
        move || match from.get() {
            Some(index) => locale.fill(Msg::SpanFrom, &[&tokens[index].text]),
            None => locale.text(Msg::SpanHowTo),
        }
    };
    let marked = {
        let text = text.clone();
        move || {
            let list = spans.get();
            if list.is_empty() {
                return view! { <p class="hint">{locale.text(Msg::NoSpansYet)}</p> }.into_any();
            }
            let items = list
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let (label_text, covered) = (shown(&s.label), char_slice(&text, s.start, s.end));
                    let remove_name = locale.fill(Msg::RemoveSpan, &[&label_text, &covered]);
                    let set_spans = set_spans.clone();
                    view! {
                        <li data-label=s.label.clone()>
                            <span class="span-tag">{label_text}</span>
                            " "
                            <span dir="auto">{covered}</span>
                            <button type="button" class="link" aria-label=remove_name on:click=move |_| {
                                let mut list = spans.get_untracked();
                                list.remove(i);
                                set_spans(list);
                            }>"✕"</button>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="span-list">{items}</ul> }.into_any()
        }
    };
    let description_id = format!("{group}-description");
    let words_label = locale.fill(Msg::WordsOf, &[&question.title]);
    view! {
        <ChoiceFieldset question=question kind="span" description_id=description_id note=note error=error>
            <div class="span-labels" role="radiogroup" aria-label=locale.text(Msg::SpanLabel)>{label_radios}</div>
            <p class="hint" aria-live="polite">{hint}</p>
            <p class="span-text" dir="auto" role="group" aria-label=words_label>{pieces}</p>
            {marked}
        </ChoiceFieldset>
    }
}
