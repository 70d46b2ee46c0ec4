use super::{ErrorPanel, Load, Loading};
use crate::backend::DashboardFigures;
use crate::components::ProgressBar;
use crate::context::use_app;
use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;
use together_core::numbers::percent_one_decimal;
use together_core::route::{encode, Route};

/// Progress toward the task's target and who got it there.
#[component]
pub fn DashboardPage(task_id: String) -> impl IntoView {
    let app = use_app();
    let figures = Load::new(move || {
        app.delivery.delivered.track();
        app.backend().dashboard(task_id.clone())
    });
    move || match figures.value.get() {
        None => view! { <Loading what=Msg::LoadingDashboard/> }.into_any(),
        Some(Ok(figures)) => view! { <Dashboard figures=figures/> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error=error retry=figures.retry()/> }.into_any(),
    }
}

#[component]
fn Dashboard(figures: DashboardFigures) -> impl IntoView {
    let locale = use_locale();
    let DashboardFigures { task, progress, top, names_are_hub_users } = figures;
    let percent = percent_one_decimal(progress.counted_responses, progress.target_responses)
        .unwrap_or_else(|| locale.text(Msg::NoRecordsYet));
    let rows = top
        .into_iter()
        .enumerate()
        .map(|(rank, contributor)| {
            let name = if names_are_hub_users {
                let href = format!("https://huggingface.co/{}", encode(&contributor.user));
                view! { <a href=href target="_blank" rel="noopener noreferrer">{contributor.user.clone()}</a> }
                    .into_any()
            } else {
                view! { <span>{contributor.user.clone()}</span> }.into_any()
            };
            view! {
                <tr>
                    <td>{rank + 1}</td>
                    <th scope="row">{name}</th>
                    <td>{contributor.submitted}</td>
                </tr>
            }
        })
        .collect_view();
    let annotate = Route::Annotate { task: task.id.clone(), record: None }.to_hash();
    view! {
        <section class="page dashboard">
            <h1>{locale.fill(Msg::DashboardTitle, &[&task.title])}</h1>
            <ProgressBar
                label=locale.text(Msg::ProgressTowardTarget)
                value=progress.counted_responses
                max=progress.target_responses
                unit=Msg::UnitResponses
            />
            <dl class="figures">
                <div><dt>{locale.text(Msg::TargetReached)}</dt><dd>{percent}</dd></div>
                <div>
                    <dt>{locale.text(Msg::CompletedRecords)}</dt>
                    <dd>{locale.fill(Msg::CountOf, &[&progress.completed.to_string(), &progress.records.to_string()])}</dd>
                </div>
                <div><dt>{locale.text(Msg::SubmittedResponses)}</dt><dd>{progress.submitted}</dd></div>
                <div><dt>{locale.text(Msg::Contributors)}</dt><dd>{progress.contributors}</dd></div>
            </dl>
            <p class="hint">{locale.fill(Msg::RecordCompleteWith, &[&task.min_submitted.to_string()])}</p>
            <h2 id="top-contributors">{locale.text(Msg::TopContributors)}</h2>
            <table class="leaderboard" aria-labelledby="top-contributors">
                <thead>
                    <tr>
                        <th scope="col">{locale.text(Msg::Rank)}</th>
                        <th scope="col">{locale.text(Msg::Contributor)}</th>
                        <th scope="col">{locale.text(Msg::SubmittedColumn)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <a class="button primary" href=annotate>{locale.text(Msg::Contribute)}</a>
        </section>
    }
}
