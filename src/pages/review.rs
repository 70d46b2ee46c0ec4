use super::{ErrorPanel, Load, Loading};
use crate::context::use_app;
use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;
use together_core::model::{Record, ResponseStatus, Task};
use together_core::queue::PageRequest;
use together_core::route::Route;

const PAGE: usize = 20;
const SNIPPET: usize = 120;

/// Review mode: my records with a response in one status, each opening in the annotate form to be edited.
#[component]
pub fn ReviewPage(task_id: String, status: ResponseStatus) -> impl IntoView {
    let app = use_app();
    let task = {
        let task_id = task_id.clone();
        Load::new(move || app.backend().task(task_id.clone()))
    };
    move || match task.value.get() {
        None => view! { <Loading what=Msg::LoadingTask/> }.into_any(),
        Some(Ok(task)) => view! { <ReviewList task=task status=status/> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error=error retry=task.retry()/> }.into_any(),
    }
}

#[component]
fn ReviewList(task: Task, status: ResponseStatus) -> impl IntoView {
    let app = use_app();
    let locale = use_locale();
    let user = app.user.get_untracked().unwrap_or_default();
    let limit = RwSignal::new(PAGE);
    let list = {
        let task_id = task.id.clone();
        Load::new(move || {
            let page = PageRequest { offset: 0, limit: limit.get() };
            app.delivery.delivered.track();
            app.backend().reviewed(task_id.clone(), user.clone(), status, page)
        })
    };
    let tabs = [
        (ResponseStatus::Draft, Msg::DraftsTab),
        (ResponseStatus::Submitted, Msg::SubmittedTab),
        (ResponseStatus::Discarded, Msg::DiscardedTab),
    ]
    .into_iter()
    .map(|(tab, name)| {
        let href = Route::Review { task: task.id.clone(), status: tab }.to_hash();
        view! { <a class="tab" href=href aria-current=(tab == status).then_some("page")>{locale.text(name)}</a> }
    })
    .collect_view();
    let first_field = task.fields.first().map(|f| f.name.clone()).unwrap_or_default();
    let task_id = task.id.clone();
    let item = move |record: Record| {
        let mut snippet: String = record.text(&first_field).chars().take(SNIPPET).collect();
        if snippet.is_empty() {
            snippet.clone_from(&record.id);
        } else if record.text(&first_field).chars().count() > SNIPPET {
            snippet.push('…');
        }
        let href = Route::Annotate { task: task_id.clone(), record: Some(record.id.clone()) }.to_hash();
        view! { <li><a href=href dir="auto">{snippet}</a></li> }
    };
    let back = Route::Annotate { task: task.id.clone(), record: None }.to_hash();
    view! {
        <section class="page review">
            <h1 dir="auto">{locale.fill(Msg::ReviewTitle, &[&task.title])}</h1>
            <nav class="tabs" aria-label=locale.text(Msg::ReviewStatus)>{tabs}</nav>
            {move || match list.value.get() {
                None => view! { <Loading what=Msg::LoadingTask/> }.into_any(),
                Some(Ok((records, _))) if records.is_empty() => {
                    view! { <p class="panel">{locale.text(Msg::ReviewEmpty)}</p> }.into_any()
                }
                Some(Ok((records, total))) => {
                    let more = (records.len() < total).then(|| view! {
                        <button type="button" class="secondary" on:click=move |_| limit.update(|l| *l += PAGE)>
                            {locale.text(Msg::ShowMore)}
                        </button>
                    });
                    view! {
                        <p class="hint">{locale.count(Msg::ReviewCount, total, &[&locale.number(total)])}</p>
                        <ul class="review-list">{records.into_iter().map(item.clone()).collect_view()}</ul>
                        {more}
                    }
                    .into_any()
                }
                Some(Err(error)) => view! { <ErrorPanel error=error retry=list.retry()/> }.into_any(),
            }}
            <a class="button secondary" href=back>{locale.text(Msg::BackToAnnotating)}</a>
        </section>
    }
}
