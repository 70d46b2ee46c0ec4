//! Every task's progress side by side: one translation task per language, say, as the multilingual efforts
//! tracked them.

use super::{ErrorPanel, Load, Loading};
use crate::components::{EmbedPanel, ProgressBar};
use crate::context::use_app;
use crate::i18n::{use_locale, Msg};
use leptos::either::Either;
use leptos::prelude::*;
use together_core::route::Route;

/// A table of every task: its language, completed records, the share of its target and its contributors,
/// with the total of all of them above.
#[component]
pub fn AllTasksPage() -> impl IntoView {
    let app = use_app();
    let locale = use_locale();
    let embeddable = app.backend().embeddable();
    let tasks = Load::new(move || {
        app.delivery.delivered.track();
        app.backend().tasks(None)
    });
    let table = move || match tasks.value.get() {
        None => view! { <Loading what=Msg::LoadingTasks/> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error=error retry=tasks.retry()/> }.into_any(),
        Some(Ok(list)) => {
            let (counted, target) =
                list.iter().fold((0, 0), |(c, t), o| (c + o.team.counted_responses, t + o.team.target_responses));
            let rows = list
                .into_iter()
                .map(|overview| {
                    let task = overview.task;
                    let team = overview.team;
                    let href = Route::Dashboard { task: task.id.clone() }.to_hash();
                    if let Some(problem) = overview.problem {
                        return Either::Left(view! {
                            <tr>
                                <th scope="row">{task.title}</th>
                                <td colspan="5" role="alert">{locale.fill(Msg::TaskUnavailable, &[&problem.message(locale)])}</td>
                            </tr>
                        });
                    }
                    Either::Right(view! {
                        <tr>
                            <th scope="row"><a href=href>{task.title}</a></th>
                            <td>{task.language.map(|l| view! { <span lang=l.code>{l.name}</span> })}</td>
                            <td>{locale.fill(Msg::CountOf, &[&locale.number(team.completed), &locale.number(team.records)])}</td>
                            <td>{locale.percent_of(team.counted_responses, team.target_responses).unwrap_or_default()}</td>
                            <td>{locale.number(team.submitted)}</td>
                            <td>{locale.number(team.contributors)}</td>
                        </tr>
                    })
                })
                .collect_view();
            view! {
                <ProgressBar label=locale.text(Msg::AllTasksTotal) value=counted max=target unit=Msg::UnitResponses/>
                <div class="table-scroll">
                    <table class="leaderboard all-tasks" aria-labelledby="all-tasks-title">
                        <thead>
                            <tr>
                                <th scope="col">{locale.text(Msg::TaskColumn)}</th>
                                <th scope="col">{locale.text(Msg::LanguageColumn)}</th>
                                <th scope="col">{locale.text(Msg::CompletedRecords)}</th>
                                <th scope="col">{locale.text(Msg::TargetColumn)}</th>
                                <th scope="col">{locale.text(Msg::SubmittedResponses)}</th>
                                <th scope="col">{locale.text(Msg::Contributors)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <section class="page dashboard">
            <h1 id="all-tasks-title">{locale.text(Msg::AllTasksTitle)}</h1>
            {table}
            {embeddable.then(|| view! {
                <div class="actions"><EmbedPanel tasks=Vec::new() title=locale.text(Msg::AllTasksTitle)/></div>
            })}
        </section>
    }
}
