use super::{ErrorPanel, Loading};
use crate::backend::DashboardFigures;
use crate::components::ProgressBar;
use crate::context::use_app;
use leptos::prelude::*;
use together_core::numbers::percent_one_decimal;
use together_core::route::{encode, Route};

/// Progress toward the task's target and who got it there.
#[component]
pub fn DashboardPage(task_id: String) -> impl IntoView {
    let app = use_app();
    let figures = LocalResource::new(move || {
        app.delivery.delivered.track();
        app.backend().dashboard(task_id.clone())
    });
    view! {
        <Transition fallback=|| view! { <Loading what="the dashboard"/> }>
            {move || Suspend::new(async move {
                match figures.await {
                    Ok(figures) => view! { <Dashboard figures=figures/> }.into_any(),
                    Err(error) => view! { <ErrorPanel error=error retry=Callback::new(move |_| figures.refetch())/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Dashboard(figures: DashboardFigures) -> impl IntoView {
    let DashboardFigures { task, progress, top, names_are_hub_users } = figures;
    let percent = percent_one_decimal(progress.counted_responses, progress.target_responses)
        .unwrap_or_else(|| "No records yet".to_owned());
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
            <h1>{format!("Dashboard: {}", task.title)}</h1>
            <ProgressBar
                label="Progress toward the target"
                value=progress.counted_responses
                max=progress.target_responses
                unit="responses"
            />
            <dl class="figures">
                <div><dt>"Target reached"</dt><dd>{percent}</dd></div>
                <div><dt>"Completed records"</dt><dd>{format!("{} of {}", progress.completed, progress.records)}</dd></div>
                <div><dt>"Submitted responses"</dt><dd>{progress.submitted}</dd></div>
                <div><dt>"Contributors"</dt><dd>{progress.contributors}</dd></div>
            </dl>
            <p class="hint">{format!("A record is complete with {} submitted responses.", task.min_submitted)}</p>
            <h2 id="top-contributors">"Top contributors"</h2>
            <table class="leaderboard" aria-labelledby="top-contributors">
                <thead><tr><th scope="col">"Rank"</th><th scope="col">"Contributor"</th><th scope="col">"Submitted"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <a class="button primary" href=annotate>"Contribute"</a>
        </section>
    }
}
