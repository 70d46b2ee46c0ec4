use super::{suggestion_note, ChoiceFieldset};
use crate::i18n::{use_locale, Msg};
use leptos::either::Either;
use leptos::prelude::*;
use together_core::model::{AnswerValue, Answers, LabelOption, Question, Rank, Suggestion};

/// Up to this many options, each gets a menu of ranks; more, a number field.
const MENU_MAX: usize = 30;

/// Rank the options, 1 = best: one native menu per option ("Rank of Answer A"), which a phone opens as a
/// picker, so ranking needs no dragging; past `MENU_MAX` options, a number field per option. Options stay in
/// place while ranks change; ties are allowed.
#[component]
pub fn RankingQuestion(
    question: Question,
    options: Vec<LabelOption>,
    answers: RwSignal<Answers>,
    #[prop(default = None)] suggestion: Option<Suggestion>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] group: String,
) -> impl IntoView {
    let locale = use_locale();
    let note = suggestion.as_ref().and_then(|s| {
        let ranks = s.value.as_ranking()?;
        // Best first, without a sort (each sort instantiation costs kilobytes of Wasm).
        let order: Vec<&str> = (1..=ranks.len() as u32)
            .flat_map(|n| ranks.iter().filter(move |r| r.rank == Some(n)))
            .filter_map(|r| options.iter().find(|o| o.value == r.value).map(LabelOption::shown))
            .collect();
        Some(suggestion_note(locale, s, Some(order.join(" › "))))
    });
    let name = question.name.clone();
    let count = options.len();
    let rows = options
        .iter()
        .map(|option| {
            let value = option.value.clone();
            let current = {
                let (name, value) = (name.clone(), value.clone());
                move || {
                    answers.with(|a| {
                        a.get(&name)
                            .and_then(AnswerValue::as_ranking)
                            .and_then(|ranks| ranks.iter().find(|r| r.value == value)?.rank)
                            .map(|n| n.to_string())
                            .unwrap_or_default()
                    })
                }
            };
            let name = name.clone();
            let choose = move |ev: leptos::ev::Event| {
                let rank =
                    event_target_value(&ev).trim().parse::<u32>().ok().filter(|n| (1..=count as u32).contains(n));
                answers.update(|a| {
                    let mut ranks =
                        a.get(&name).and_then(AnswerValue::as_ranking).map(<[Rank]>::to_vec).unwrap_or_default();
                    ranks.retain(|r| r.value != value);
                    if let Some(rank) = rank {
                        ranks.push(Rank { value: value.clone(), rank: Some(rank) });
                    }
                    if ranks.is_empty() {
                        a.clear(&name);
                    } else {
                        a.set(&name, AnswerValue::Ranking(ranks));
                    }
                });
            };
            let label = locale.fill(Msg::RankOf, &[option.shown()]);
            // A menu of every rank per option is n² elements: past a few dozen options (a thousand froze the
            // tab for half a minute), each option gets a number field instead, with the digits keypad.
            let rank = if count > MENU_MAX {
                Either::Left(view! {
                    <input type="number" inputmode="numeric" min="1" max=count.to_string() aria-label=label
                        prop:value=current on:change=choose/>
                })
            } else {
                let choices = (1..=count).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view();
                Either::Right(view! {
                    <select aria-label=label prop:value=current on:change=choose>
                        <option value="">{locale.text(Msg::NotRanked)}</option>
                        {choices}
                    </select>
                })
            };
            view! {
                <li class="rank-row">
                    <span class="label-text" dir="auto">{option.shown().to_owned()}</span>
                    {rank}
                </li>
            }
        })
        .collect_view();
    let description_id = format!("{group}-description");
    view! {
        <ChoiceFieldset question=question kind="ranking" description_id=description_id note=note error=error>
            <p class="hint">{locale.text(Msg::RankingHint)}</p>
            <ol class="rank-rows">{rows}</ol>
        </ChoiceFieldset>
    }
}
