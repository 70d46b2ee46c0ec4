use super::{ErrorPanel, Load, Loading};
use crate::backend::{SignInForm, TaskOverview};
use crate::components::{my_counts, ProgressBar};
use crate::context::use_app;
use crate::i18n::{use_locale, Msg};
use leptos::either::Either;
use leptos::prelude::*;
use together_core::route::Route;

/// The task list: every task with my progress and the team's.
#[component]
pub fn TasksPage() -> impl IntoView {
    let app = use_app();
    let locale = use_locale();
    let tasks = Load::new(move || {
        let user = app.user.get();
        app.delivery.delivered.track();
        app.backend().tasks(user)
    });
    view! {
        <section class="page tasks">
            <h1>{locale.text(Msg::Tasks)}</h1>
            {move || match tasks.value.get() {
                // A server lists its datasets only to a signed-in contributor.
                _ if app.user.get().is_none() && app.backend().sign_in_form() != SignInForm::Name => view! {
                    <p class="panel">
                        <a class="button primary" href=Route::SignIn { next: None }.to_hash()>{locale.text(Msg::SignInToContribute)}</a>
                    </p>
                }
                .into_any(),
                None => view! { <Loading what=Msg::LoadingTasks/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="panel">{locale.text(Msg::NoTasks)}</p> }.into_any(),
                Some(Ok(list)) => {
                    let all = (list.len() > 1).then(|| view! {
                        <p><a href=Route::AllTasks.to_hash()>{locale.text(Msg::AllTasksLink)}</a></p>
                    });
                    let ranked = app.config.with_value(|c| c.leaderboard.is_some()) || app.backend().has_demo_results();
                    let board = ranked.then(|| view! {
                        <p><a href=Route::Leaderboard.to_hash()>{locale.text(Msg::LeaderboardTitle)}</a></p>
                    });
                    // Tasks come grouped (by workspace on a server): one labelled section per group.
                    let mut groups: Vec<(Option<String>, Vec<TaskOverview>)> = Vec::new();
                    for overview in list {
                        match groups.last_mut() {
                            Some((group, items)) if *group == overview.group => items.push(overview),
                            _ => groups.push((overview.group.clone(), vec![overview])),
                        }
                    }
                    let sections = groups
                        .into_iter()
                        .map(|(group, items)| {
                            let cards = view! {
                                <ul class="task-list">{items.into_iter().map(|t| view! { <TaskCard overview=t/> }).collect_view()}</ul>
                            };
                            match group {
                                Some(name) => {
                                    let label = locale.fill(Msg::WorkspaceOf, &[&name]);
                                    view! {
                                    <section class="workspace" aria-label=label>
                                        <h2 class="workspace-name">{name}</h2>
                                        {cards}
                                    </section>
                                    }
                                    .into_any()
                                }
                                None => cards.into_any(),
                            }
                        })
                        .collect_view();
                    view! { {all} {board} {sections} }.into_any()
                }
                Some(Err(error)) => view! { <ErrorPanel error=error retry=tasks.retry()/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn TaskCard(overview: TaskOverview) -> impl IntoView {
    let locale = use_locale();
    let task = overview.task;
    let annotate = Route::Annotate { task: task.id.clone(), record: None }.to_hash();
    let dashboard = Route::Dashboard { task: task.id.clone() }.to_hash();
    let heading_id = format!("task-{}", task.id);
    let app = use_app();
    // Answers kept on this device (offline, or waiting for a batch) count as done already.
    let mine = overview.mine.map(|mine| {
        let mine = app.delivery.outbox.with_untracked(|o| o.counting_kept(&task.id, mine));
        let verb = locale.text(if mine.done() == 0 && mine.drafts == 0 { Msg::Start } else { Msg::Continue });
        view! {
            <ProgressBar label=locale.fill(Msg::MyProgressOn, &[&task.title]) value=mine.done() max=mine.total unit=Msg::UnitDone/>
            <p class="hint">{my_counts(locale, &mine)}</p>
            <a class="button primary" href=annotate.clone() aria-label=locale.fill(Msg::VerbTask, &[&verb, &task.title])>{verb.clone()}</a>
        }
    });
    let sign_in = overview.mine.is_none().then(|| {
        let href = Route::SignIn { next: Some(annotate.clone()) }.to_hash();
        view! {
            <a class="button primary" href=href aria-label=locale.fill(Msg::SignInToContributeTo, &[&task.title])>
                {locale.text(Msg::SignInToContribute)}
            </a>
        }
    });
    let team = overview.team;
    let labelled_by = heading_id.clone();
    if let Some(problem) = overview.problem {
        return Either::Left(view! {
            <li class="task-card broken" aria-labelledby=labelled_by>
                <h2 id=heading_id dir="auto">{task.title.clone()}</h2>
                <p class="panel error" role="alert">{locale.fill(Msg::TaskUnavailable, &[&problem.message(locale)])}</p>
            </li>
        });
    }
    Either::Right(view! {
        <li class="task-card" aria-labelledby=labelled_by>
            <h2 id=heading_id dir="auto">{task.title.clone()}</h2>
            {task.language.as_ref().map(|l| view! { <span class="badge" lang=l.code.clone()>{l.name.clone()}</span> })}
            <p class="summary" dir="auto">{task.summary.clone()}</p>
            <ProgressBar
                label=locale.fill(Msg::TeamProgressOn, &[&task.title])
                value=team.counted_responses
                max=team.target_responses
                unit=Msg::UnitResponses
            />
            {mine}
            {sign_in}
            <a class="button secondary" href=dashboard aria-label=locale.fill(Msg::DashboardOf, &[&task.title])>
                {locale.text(Msg::Dashboard)}
            </a>
        </li>
    })
}
