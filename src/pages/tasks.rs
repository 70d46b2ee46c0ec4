use super::{ErrorPanel, Loading};
use crate::backend::TaskOverview;
use crate::components::ProgressBar;
use crate::context::use_app;
use leptos::prelude::*;
use together_core::route::Route;

/// The task list: every task with my progress and the team's.
#[component]
pub fn TasksPage() -> impl IntoView {
    let app = use_app();
    let tasks = LocalResource::new(move || {
        let user = app.user.get();
        app.delivery.delivered.track();
        app.backend().tasks(user)
    });
    view! {
        <section class="page tasks">
            <h1>"Tasks"</h1>
            <Transition fallback=|| view! { <Loading what="tasks"/> }>
                {move || Suspend::new(async move {
                    match tasks.await {
                        Ok(list) if list.is_empty() => view! { <p class="panel">"No tasks are open right now."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="task-list">{list.into_iter().map(|t| view! { <TaskCard overview=t/> }).collect_view()}</ul>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorPanel error=error retry=Callback::new(move |_| tasks.refetch())/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TaskCard(overview: TaskOverview) -> impl IntoView {
    let task = overview.task;
    let annotate = Route::Annotate { task: task.id.clone(), record: None }.to_hash();
    let dashboard = Route::Dashboard { task: task.id.clone() }.to_hash();
    let heading_id = format!("task-{}", task.id);
    let mine = overview.mine.map(|mine| {
        let verb = if mine.done() == 0 && mine.drafts == 0 { "Start" } else { "Continue" };
        view! {
            <ProgressBar label=format!("My progress on {}", task.title) value=mine.done() max=mine.total unit="done"/>
            {(mine.drafts > 0).then(|| view! { <p class="hint">{format!("{} saved as draft", mine.drafts)}</p> })}
            <a class="button primary" href=annotate.clone() aria-label=format!("{verb}: {}", task.title)>{verb}</a>
        }
    });
    let sign_in = overview.mine.is_none().then(|| {
        let href = Route::SignIn { next: Some(annotate.clone()) }.to_hash();
        view! { <a class="button primary" href=href aria-label=format!("Sign in to contribute to {}", task.title)>"Sign in to contribute"</a> }
    });
    let team = overview.team;
    let labelled_by = heading_id.clone();
    view! {
        <li class="task-card" aria-labelledby=labelled_by>
            <h2 id=heading_id>{task.title.clone()}</h2>
            {task.language.as_ref().map(|l| view! { <span class="badge" lang=l.code.clone()>{l.name.clone()}</span> })}
            <p class="summary">{task.summary.clone()}</p>
            <ProgressBar
                label=format!("Team progress on {}", task.title)
                value=team.counted_responses
                max=team.target_responses
                unit="responses"
            />
            {mine}
            {sign_in}
            <a class="button secondary" href=dashboard aria-label=format!("Dashboard of {}", task.title)>"Dashboard"</a>
        </li>
    }
}
