use super::{ErrorPanel, Load, Loading};
use crate::backend::BackendError;
use crate::components::{my_counts, FormAction, Markdown, ProgressBar, RecordForm};
use crate::context::{use_app, AppContext};
use crate::i18n::{use_locale, Msg};
use crate::json;
use crate::sync::now_ms;
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::time::Duration;
use together_core::model::{AnswerValue, Answers, Record, Response, ResponseStatus, Task};
use together_core::outbox::{OutboxOp, Problem};
use together_core::queue::PendingQueue;
use together_core::route::Route;
use together_core::stats::MyProgress;

const PAGE_SIZE: usize = 10;
const LOW_WATER: usize = 3;
const TOAST_MS: u64 = 8_000;
/// Typing pauses this long before the answer is saved as a draft on the backend.
const AUTOSAVE_MS: u64 = 1_500;

/// The annotate page of one task: records one after another from the prefetched queue.
#[component]
pub fn AnnotatePage(task_id: String, record_id: Option<String>) -> impl IntoView {
    let app = use_app();
    let task = Load::new(move || app.backend().task(task_id.clone()));
    move || match task.value.get() {
        None => view! { <Loading what=Msg::LoadingTask/> }.into_any(),
        Some(Ok(task)) => view! { <Annotator task=task record_id=record_id.clone()/> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error=error retry=task.retry()/> }.into_any(),
    }
}

/// A short message after an action; a discard can be undone from here.
#[derive(Clone, Debug, PartialEq)]
struct Toast {
    message: String,
    undo: Option<Undo>,
    id: u64,
}

#[derive(Clone, Debug, PartialEq)]
struct Undo {
    record: Record,
    values: BTreeMap<String, AnswerValue>,
}

fn unsaved_key(task: &str, record: &str, user: &str) -> String {
    format!("unsaved:{task}:{record}:{user}")
}

/// The local answer wins over what the backend last said: an answer still in the outbox is the truth.
fn with_local_answer(app: &AppContext, task_id: &str, mut record: Record) -> Record {
    if let Some(item) = app.delivery.outbox.with_untracked(|o| o.latest_for(task_id, &record.id).cloned()) {
        record.mine = match item.op {
            OutboxOp::Save { response } => Some(response),
            OutboxOp::Retract { .. } => None,
        };
    }
    record
}

/// What the form starts with: unsaved typing from before a reload, else my response, else suggestions.
fn starting_answers(app: &AppContext, task: &Task, record: &Record, user: &str) -> (Answers, bool) {
    let saved = app.storage.with_value(|s| s.get(&unsaved_key(&task.id, &record.id, user)));
    if let Some(values) = saved.and_then(|text| json::parse::<BTreeMap<String, AnswerValue>>(&text).ok()) {
        return (Answers::from_values(values), true);
    }
    (Answers::initial(task, record), false)
}

#[component]
fn Annotator(task: Task, record_id: Option<String>) -> impl IntoView {
    let app = use_app();
    let locale = use_locale();
    let user = app.user.get_untracked().unwrap_or_default();
    let queue = RwSignal::new(PendingQueue::new(PAGE_SIZE, LOW_WATER));
    let load_error = RwSignal::new(None::<BackendError>);
    let ready = RwSignal::new(record_id.is_none());
    let toast = RwSignal::new(None::<Toast>);
    let mine = RwSignal::new(None::<MyProgress>);
    let deep_linked = StoredValue::new(record_id.clone());
    // Bumped by every change and every action: a pending autosave runs only if nothing happened since.
    let edits = StoredValue::new(0u64);
    let autosaved = RwSignal::new(false);
    let task_id = task.id.clone();

    let team = RwSignal::new(None::<together_core::stats::TaskProgress>);
    // My figures and the team's, re-read after every acknowledged answer (as Argilla's own UI does).
    let refresh_progress = {
        let (task_id, user) = (task_id.clone(), user.clone());
        move || {
            let future = app.backend().my_progress(task_id.clone(), user.clone());
            let team_progress = app.backend().team_progress(task_id.clone());
            leptos::task::spawn_local(async move {
                if let Ok(progress) = future.await {
                    mine.try_set(Some(progress));
                }
                if let Ok(progress) = team_progress.await {
                    team.try_set(Some(progress));
                }
            });
        }
    };
    refresh_progress();

    let fetch_page = {
        let (task_id, user) = (task_id.clone(), user.clone());
        move || {
            let Some(request) = queue.try_update(|q| q.begin_fetch()).flatten() else { return };
            let future = app.backend().pending(task_id.clone(), user.clone(), request);
            let task_id = task_id.clone();
            leptos::task::spawn_local(async move {
                match future.await {
                    Ok(records) => {
                        // Records answered on this device but not yet delivered are not offered again.
                        let records = records
                            .into_iter()
                            .map(|r| with_local_answer(&app, &task_id, r))
                            .filter(|r| {
                                !matches!(
                                    r.mine.as_ref().map(|m| m.status),
                                    Some(ResponseStatus::Submitted | ResponseStatus::Discarded)
                                )
                            })
                            .collect();
                        queue.try_update(|q| q.receive(request, records));
                        load_error.try_set(None);
                    }
                    Err(error) => {
                        queue.try_update(|q| q.fetch_failed());
                        load_error.try_set(Some(error));
                    }
                }
            });
        }
    };

    // A deep link shows its record first, then the queue continues.
    if let Some(record_id) = record_id {
        let future = app.backend().record(task_id.clone(), record_id, user.clone());
        let task_id = task_id.clone();
        leptos::task::spawn_local(async move {
            match future.await {
                Ok(record) => {
                    let record = with_local_answer(&app, &task_id, record);
                    queue.try_update(|q| q.show_first(record));
                }
                Err(error) => {
                    load_error.try_set(Some(error));
                }
            }
            ready.try_set(true);
        });
    }

    {
        let fetch_page = fetch_page.clone();
        Effect::new(move || {
            if ready.get() && queue.with(|q| q.wants_more()) {
                fetch_page();
            }
        });
    }

    // Acknowledged answers: refresh my progress and tell the queue what the backend no longer lists.
    {
        let task_id = task_id.clone();
        let refresh_progress = refresh_progress.clone();
        let drafts_listed = app.backend().lists_drafts_as_pending();
        Effect::watch(
            move || app.delivery.delivered.get(),
            move |delivered, _, _| {
                let here: Vec<_> = delivered.iter().filter(|d| d.task_id == task_id).collect();
                if here.is_empty() {
                    return;
                }
                // Counted as the backend will until its figures come back: my progress counts an answer from the
                // moment it is given (while in the outbox), and does not step back when it leaves it.
                mine.update(|m| *m = m.map(|m| m.with_changes(here.iter().map(|d| (d.was, d.status)))));
                queue.update(|q| {
                    for delivered in &here {
                        if delivered.status.is_some_and(|s| s != ResponseStatus::Draft || !drafts_listed) {
                            q.mark_gone(&delivered.record_id);
                        }
                    }
                });
                refresh_progress();
            },
            false,
        );
    }

    let current = Memo::new(move |_| queue.with(|q| q.current().cloned()));
    // Every toast has an id of its own, so a timer only hides the toast it was started for.
    let toasts_shown = StoredValue::new(0u64);
    let next_toast_id = move || {
        toasts_shown.update_value(|n| *n += 1);
        toasts_shown.get_value()
    };
    let show_toast = move |message: String, undo: Option<Undo>| {
        let id = next_toast_id();
        toast.set(Some(Toast { message, undo, id }));
        set_timeout(
            move || {
                if toast.try_with_untracked(|t| t.as_ref().map(|t| t.id)).flatten() == Some(id) {
                    toast.try_set(None);
                }
            },
            Duration::from_millis(TOAST_MS),
        );
    };

    let act = {
        let (task_id, user) = (task_id.clone(), user.clone());
        move |action: FormAction, record: Record, answers: Answers| {
            let status = match action {
                FormAction::Submit => ResponseStatus::Submitted,
                FormAction::SaveDraft => ResponseStatus::Draft,
                FormAction::Discard => ResponseStatus::Discarded,
            };
            edits.update_value(|n| *n += 1);
            let response: Response = answers.to_response(&record.id, &user, status, now_ms());
            let was = record.mine.as_ref().map(|m| m.status);
            app.delivery.enqueue(&task_id, &record.id, was, OutboxOp::Save { response });
            app.storage.with_value(|s| s.remove(&unsaved_key(&task_id, &record.id, &user)));
            queue.update(|q| {
                q.answer_current();
            });
            // A deep link was for that record only: a reload from here continues the queue.
            if deep_linked.get_value().as_deref() == Some(record.id.as_str()) {
                deep_linked.set_value(None);
                replace_hash(&Route::Annotate { task: task_id.clone(), record: None }.to_hash());
            }
            if let Some(window) = web_sys::window() {
                window.scroll_to_with_x_and_y(0.0, 0.0);
            }
            match action {
                FormAction::Submit => show_toast(locale.text(Msg::ToastSubmitted), None),
                FormAction::SaveDraft => show_toast(locale.text(Msg::ToastDraftSaved), None),
                FormAction::Discard => show_toast(
                    locale.text(Msg::ToastDiscarded),
                    Some(Undo { record, values: answers.values().clone() }),
                ),
            }
        }
    };

    let undo = {
        let (task_id, user) = (task_id.clone(), user.clone());
        move |undo: Undo| {
            let op = match undo.record.mine.clone() {
                Some(previous) => OutboxOp::Save { response: previous },
                None => OutboxOp::Retract { user: user.clone() },
            };
            // The discard is what the backend has, unless it is still here (the outbox then keeps what it had).
            app.delivery.enqueue(&task_id, &undo.record.id, Some(ResponseStatus::Discarded), op);
            if let Ok(text) = json::stringify(&undo.values) {
                let _ = app.storage.with_value(|s| s.set(&unsaved_key(&task_id, &undo.record.id, &user), &text));
            }
            queue.update(|q| q.show_first(undo.record));
            // It stays until the next action: no timer hides it.
            toast.set(Some(Toast { message: locale.text(Msg::ToastDiscardUndone), undo: None, id: next_toast_id() }));
        }
    };

    let form = {
        let task = task.clone();
        let user = user.clone();
        move || {
            let Some(record) = current.get() else {
                if let Some(error) = load_error.get() {
                    let fetch_page = fetch_page.clone();
                    return view! { <ErrorPanel error=error retry=Callback::new(move |_| fetch_page())/> }.into_any();
                }
                if queue.with(|q| q.is_done()) {
                    let dashboard = Route::Dashboard { task: task.id.clone() }.to_hash();
                    return view! {
                        <div class="panel done">
                            <h2>{locale.text(Msg::AllDone)}</h2>
                            <p>{locale.text(Msg::AllDoneText)}</p>
                            <a class="button primary" href=dashboard>{locale.text(Msg::SeeDashboard)}</a>
                            <a class="button secondary" href="#/">{locale.text(Msg::BackToTasks)}</a>
                        </div>
                    }
                    .into_any();
                }
                return view! { <Loading what=Msg::LoadingNextRecord/> }.into_any();
            };
            let (answers, restored) = starting_answers(&app, &task, &record, &user);
            let answers = RwSignal::new(answers);
            autosaved.set(false);
            // Keep typing across a reload at once, and save it as a draft on the backend once typing pauses
            // (never over a submitted or discarded answer, which only an explicit button changes).
            let was = record.mine.as_ref().map(|m| m.status);
            let may_autosave = matches!(was, None | Some(ResponseStatus::Draft));
            {
                let key = unsaved_key(&task.id, &record.id, &user);
                let (task_id, record_id, user) = (task.id.clone(), record.id.clone(), user.clone());
                Effect::watch(
                    move || answers.get(),
                    move |values, _, _| {
                        if let Ok(text) = json::stringify(values.values()) {
                            let _ = app.storage.with_value(|s| s.set(&key, &text));
                        }
                        edits.update_value(|n| *n += 1);
                        autosaved.set(false);
                        if !may_autosave || values.values().values().all(|v| v.is_blank()) {
                            return;
                        }
                        let generation = edits.get_value();
                        let (task_id, record_id, user) = (task_id.clone(), record_id.clone(), user.clone());
                        set_timeout(
                            move || {
                                let unchanged = edits.try_get_value() == Some(generation);
                                let still_here =
                                    current.try_with_untracked(|c| c.as_ref().map(|r| r.id == record_id)).flatten()
                                        == Some(true);
                                if !(unchanged && still_here) {
                                    return;
                                }
                                let values = answers.with_untracked(|a| {
                                    a.to_response(&record_id, &user, ResponseStatus::Draft, now_ms())
                                });
                                app.delivery.enqueue(&task_id, &record_id, was, OutboxOp::Save { response: values });
                                autosaved.set(true);
                            },
                            Duration::from_millis(AUTOSAVE_MS),
                        );
                    },
                    false,
                );
            }
            let refused = app.delivery.outbox.with_untracked(|o| {
                o.latest_for(&task.id, &record.id).and_then(|item| match &item.problem {
                    Some(Problem::Rejected(message)) => Some(message.clone()),
                    _ => None,
                })
            });
            let on_action = {
                let act = act.clone();
                let record = record.clone();
                Callback::new(move |action| act(action, record.clone(), answers.get_untracked()))
            };
            let note = match record.mine.as_ref().map(|m| m.status) {
                _ if restored => Some(Msg::NoteRestored),
                Some(ResponseStatus::Draft) => Some(Msg::NoteDraft),
                Some(ResponseStatus::Submitted) => Some(Msg::NoteSubmitted),
                Some(ResponseStatus::Discarded) => Some(Msg::NoteDiscarded),
                None => None,
            };
            view! {
                {note.map(|n| view! { <p class="record-note" role="note">{locale.text(n)}</p> })}
                <RecordForm task=task.clone() record=record answers=answers on_action=on_action refused=refused/>
                <p class="hint autosaved" role="status">{move || autosaved.get().then(|| locale.text(Msg::AutoSaved))}</p>
            }
            .into_any()
        }
    };

    let progress_task = task_id.clone();
    let progress = move || {
        mine.get().map(|m| {
            let m = app.delivery.outbox.with(|o| o.counting_kept(&progress_task, m));
            view! {
                <ProgressBar label=locale.text(Msg::MyProgress) value=m.done() max=m.total unit=Msg::UnitDone/>
                <p class="hint counts">{my_counts(locale, &m)}</p>
            }
        })
    };
    let team_progress = move || {
        team.get().map(|t| {
            view! { <ProgressBar label=locale.text(Msg::TeamProgress) value=t.counted_responses max=t.target_responses unit=Msg::UnitResponses/> }
        })
    };

    view! {
        <section class="page annotate">
            // Compact, so that on a phone the record and its first question fit the first screen: the title and
            // language on one line, both progress bars on another, review and guidelines one tap away.
            <header class="task-header">
                <div class="task-title">
                    <h1 dir="auto">{task.title.clone()}</h1>
                    {task.language.as_ref().map(|l| view! { <span class="badge" lang=l.code.clone()>{l.name.clone()}</span> })}
                </div>
                <div class="task-progress">
                    {progress}
                    {team_progress}
                </div>
                <div class="task-tools">
                    <a class="button small secondary" href=Route::Review { task: task.id.clone(), status: ResponseStatus::Submitted }.to_hash()>
                        {locale.text(Msg::Review)}
                    </a>
                    <details class="guidelines">
                        <summary>{locale.text(Msg::Guidelines)}</summary>
                        <Markdown source=task.guidelines.clone()/>
                    </details>
                </div>
            </header>
            {form}
            <div class="toast-region" role="status" aria-live="polite">
                {move || toast.get().map(|t| {
                    let undo = undo.clone();
                    view! {
                        <div class="toast">
                            <span>{t.message}</span>
                            {t.undo.map(|u| view! { <button type="button" class="link" on:click=move |_| undo(u.clone())>{locale.text(Msg::Undo)}</button> })}
                        </div>
                    }
                })}
            </div>
        </section>
    }
}

fn replace_hash(hash: &str) {
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash));
        }
    }
}
