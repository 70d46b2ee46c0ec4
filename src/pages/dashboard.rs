use super::{ErrorPanel, Load, Loading};
use crate::backend::{BackendError, DashboardFigures};
use crate::components::{EmbedPanel, ProgressBar};
use crate::context::use_app;
use crate::i18n::{use_locale, Msg};
use crate::sync::now_ms;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use std::rc::Rc;
use std::time::Duration;
use together_core::alpha::{self, Alpha, Reliability};
use together_core::embed;
use together_core::model::QuestionKind;
use together_core::numbers;
use together_core::refresh::{Refresher, REFRESH_MS};
use together_core::route::{encode, Route};
use together_core::stats;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Progress toward the task's target and who got it there, kept live: refreshed on an interval (backing off
/// while the backend fails, paused while the tab is hidden), the last good figures staying on screen with
/// their age.
#[component]
pub fn DashboardPage(task_id: String) -> impl IntoView {
    let app = use_app();
    let embed_tasks = vec![task_id.clone()];
    let task_id_for_pulls = task_id.clone();
    let locale = use_locale();
    let figures = RwSignal::new(None::<DashboardFigures>);
    let first_error = RwSignal::new(None::<BackendError>);
    let refresher = RwSignal::new(Refresher::new(REFRESH_MS));
    let now = RwSignal::new(now_ms());
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let run: StoredValue<Option<Rc<dyn Fn()>>, LocalStorage> = StoredValue::new_local(None);

    let refresh: Rc<dyn Fn()> = Rc::new(move || {
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        let future = app.backend().dashboard(task_id.clone());
        leptos::task::spawn_local(async move {
            let result = future.await;
            let updated = refresher.try_update(|r| match &result {
                Ok(_) => r.succeeded(now_ms()),
                Err(BackendError::RateLimited { wait_s }) => r.throttled(
                    locale.fill(Msg::ErrorRateLimited, &[&locale.number(*wait_s as usize)]),
                    *wait_s as f64 * 1000.0,
                ),
                Err(error) => r.failed(error.message(locale)),
            });
            if updated.is_none() {
                return; // the page is gone
            }
            match result {
                Ok(latest) => figures.set(Some(latest)),
                Err(error) if figures.with_untracked(Option::is_none) => first_error.set(Some(error)),
                Err(_) => {}
            }
            now.set(now_ms());
            // A hidden tab waits: `visibilitychange` refreshes it when it is seen again.
            if !document().hidden() {
                let delay = refresher.with_untracked(Refresher::next_delay_ms);
                let next = set_timeout_with_handle(
                    move || {
                        if let Some(Some(again)) = run.try_get_value() {
                            again();
                        }
                    },
                    Duration::from_millis(delay as u64),
                );
                timer.set_value(next.ok());
            }
        });
    });
    run.set_value(Some(refresh.clone()));

    // A contribution made here shows at once; so does a tab brought back into view.
    {
        let refresh = refresh.clone();
        Effect::new(move || {
            app.delivery.delivered.track();
            refresh();
        });
    }
    let on_visible = {
        let refresh = refresh.clone();
        Closure::<dyn Fn()>::new(move || {
            if !document().hidden() {
                refresh();
            }
        })
    };
    let _ = document().add_event_listener_with_callback("visibilitychange", on_visible.as_ref().unchecked_ref());
    // Cleanups may be sent between threads in general; in the browser there is one, which SendWrapper asserts.
    let on_visible = send_wrapper::SendWrapper::new(on_visible);
    let clock = set_interval_with_handle(move || now.set(now_ms()), Duration::from_secs(1)).ok();
    on_cleanup(move || {
        let _ = document().remove_event_listener_with_callback("visibilitychange", on_visible.as_ref().unchecked_ref());
        drop(on_visible);
        if let Some(clock) = clock {
            clock.clear();
        }
        if let Some(Some(handle)) = timer.try_get_value() {
            handle.clear();
        }
    });

    let freshness = move || {
        let now = now.get();
        refresher.with(|r| {
            let age = r.age_s(now)?;
            Some(match r.last_error() {
                Some(error) => {
                    let retry = locale.number((r.next_delay_ms() / 1000.0) as usize);
                    view! { <p class="panel warning" role="alert">{locale.fill(Msg::RefreshFailed, &[error, &locale.number(age as usize), &retry])}</p> }
                        .into_any()
                }
                None => view! { <p class="hint updated">{locale.fill(Msg::UpdatedAgo, &[&locale.number(age as usize)])}</p> }.into_any(),
            })
        })
    };
    let retry = Callback::new(move |_| {
        first_error.set(None);
        if let Some(Some(again)) = run.try_get_value() {
            again();
        }
    });
    // The Embed panel lives beside the figures, not in them: each refresh draws the figures anew, and the panel
    // (open, with the options chosen) must outlast it. It shows once the task's title is known.
    let title = Memo::new(move |_| figures.with(|f| f.as_ref().map(|f| f.task.title.clone()).unwrap_or_default()));
    let embed = app.backend().embeddable().then(|| {
        view! {
            <div class="actions" hidden=move || title.with(String::is_empty)>
                <EmbedPanel tasks=embed_tasks title=title/>
            </div>
        }
    });
    let pulls = view! { <PullRequests task_id=task_id_for_pulls on_merged=retry/> };
    view! {
        {freshness}
        {pulls}
        {move || match (figures.get(), first_error.get()) {
            (Some(figures), _) => view! { <Dashboard figures=figures/> }.into_any(),
            (None, Some(error)) => view! { <ErrorPanel error=error retry=retry/> }.into_any(),
            (None, None) => view! { <Loading what=Msg::LoadingDashboard/> }.into_any(),
        }}
        {embed}
    }
}

/// Answers that wait in pull requests (a Hub task's non-members), and a way for a member to merge them.
#[component]
fn PullRequests(task_id: String, on_merged: Callback<()>) -> impl IntoView {
    let app = use_app();
    let locale = use_locale();
    let waiting = {
        let task_id = task_id.clone();
        Load::new(move || app.backend().pull_requests_waiting(task_id.clone()))
    };
    let merging = RwSignal::new(false);
    // What the last merge said (an error or not), or that one is under way.
    let note = RwSignal::new(None::<(bool, String)>);
    let merge = Callback::new(move |_: ()| {
        merging.set(true);
        note.set(Some((false, locale.text(Msg::Merging))));
        let future = app.backend().merge_pull_requests(task_id.clone());
        leptos::task::spawn_local(async move {
            let said = match future.await {
                Ok(report) => {
                    let mut text = locale.count(Msg::MergedPulls, report.merged, &[&locale.number(report.merged)]);
                    if !report.left.is_empty() {
                        let left: Vec<String> = report.left.iter().map(|(num, why)| format!("#{num}: {why}")).collect();
                        text = format!("{text} {}", locale.fill(Msg::PullsLeft, &[&left.join("; ")]));
                    }
                    (false, text)
                }
                Err(error) => (true, error.message(locale)),
            };
            if merging.try_set(false).is_some() {
                return; // the page is gone (the value came back unset)
            }
            note.set(Some(said));
            waiting.retry().run(());
            on_merged.run(());
        });
    });
    move || {
        let line = match waiting.value.get() {
            Some(Ok(Some(w))) => Some(locale.fill(
                Msg::PullsWaiting,
                &[&locale.number(w.answers), &locale.number(w.contributors), &locale.number(w.pulls)],
            )),
            _ => None,
        };
        (line.is_some() || note.with(Option::is_some)).then(|| {
            view! {
                <section class="panel pulls" aria-label=locale.text(Msg::MergePulls)>
                    {line.map(|line| view! {
                        <p>{line}</p>
                        <button type="button" class="secondary" disabled=move || merging.get() on:click=move |_| merge.run(())>
                            {locale.text(Msg::MergePulls)}
                        </button>
                    })}
                    {move || note.get().map(|(error, text)| view! { <p class=if error { "error" } else { "" } role="status">{text}</p> })}
                </section>
            }
        })
    }
}

/// Krippendorff's α of each question, with its interval, Krippendorff's reading of it, and what it rests on.
#[component]
fn AlphaFigures(alphas: Vec<(String, Option<Alpha>)>) -> impl IntoView {
    let locale = use_locale();
    let two = |x: f64| locale.decimal(&numbers::score_text(x));
    let rows = alphas
        .into_iter()
        .map(|(title, alpha)| {
            let said = match alpha {
                Some(a) => {
                    let (low, high) = a.interval.unwrap_or((a.alpha, a.alpha));
                    let reading = match a.reliability() {
                        Reliability::Reliable => Msg::AlphaReliable,
                        Reliability::Tentative => Msg::AlphaTentative,
                        Reliability::Low => Msg::AlphaLow,
                    };
                    format!(
                        "{} · {} · {}",
                        locale.fill(Msg::AlphaValue, &[&two(a.alpha), &two(low), &two(high)]),
                        locale.text(reading),
                        locale.fill(Msg::AlphaBasis, &[&locale.number(a.values), &locale.number(a.units)])
                    )
                }
                None => locale.text(Msg::AlphaNotYet),
            };
            view! { <div><dt>{title}</dt><dd>{said}</dd></div> }
        })
        .collect_view();
    view! {
        <h2 id="alpha">{locale.text(Msg::AlphaTitle)}</h2>
        <p class="hint">{locale.text(Msg::AlphaHint)}</p>
        <dl class="alphas" aria-labelledby="alpha">{rows}</dl>
    }
}

#[component]
fn Dashboard(figures: DashboardFigures) -> impl IntoView {
    let locale = use_locale();
    let app = use_app();
    let hub = app.config.with_value(|c| c.hub.endpoint.trim_end_matches('/').to_owned());
    let DashboardFigures { task, progress, top, names_are_hub_users, ratings, per_day, agreement, disputed, submitted } =
        figures;
    let disputed_table = (!disputed.is_empty()).then(|| {
        let rows = disputed
            .into_iter()
            .map(|d| {
                let href = Route::Annotate { task: task.id.clone(), record: Some(d.record_id) }.to_hash();
                view! {
                    <tr>
                        <th scope="row"><a href=href>{d.excerpt}</a></th>
                        <td>{d.ratings}</td>
                        <td>{stats::mean_text(d.mean)}</td>
                        <td>{format!("{}%", numbers::percent((d.agreement * 1000.0).round() as usize, 1000))}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <h2 id="disputed">{locale.text(Msg::DisagreeTitle)}</h2>
            <p class="hint">{locale.text(Msg::DisagreeHint)}</p>
            <div class="table-scroll">
                <table class="leaderboard disputed" aria-labelledby="disputed">
                    <thead>
                        <tr>
                            <th scope="col">{locale.text(Msg::RecordColumn)}</th>
                            <th scope="col">{locale.text(Msg::RatingsColumn)}</th>
                            <th scope="col">{locale.text(Msg::MeanColumn)}</th>
                            <th scope="col">{locale.text(Msg::AgreementColumn)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    });
    let alphas: Vec<(String, Option<Alpha>)> = submitted
        .map(|answers| {
            task.questions
                .iter()
                .filter(|q| !matches!(q.kind, QuestionKind::Text { .. } | QuestionKind::Span { .. }))
                .map(|q| (q.title.clone(), alpha::question_alpha(q, &answers)))
                .collect()
        })
        .unwrap_or_default();
    let alpha_section = (!alphas.is_empty()).then(|| view! { <AlphaFigures alphas=alphas/> });
    let agreement_chart = agreement.filter(|levels| levels.iter().sum::<usize>() > 0).map(|levels| {
        let names = ["100%", "75–99%", "50–74%", "<50%"];
        let listed: Vec<String> = names.iter().zip(levels).map(|(name, n)| format!("{name}: {n}")).collect();
        let label = locale.fill(Msg::AgreementChart, &[&listed.join(", ")]);
        let caption = locale.fill(Msg::AgreementCaption, &[&locale.number(levels.iter().sum::<usize>())]);
        let bars: Vec<(String, usize)> = names.iter().zip(levels).map(|(name, n)| ((*name).to_owned(), n)).collect();
        view! { <BarChart caption=caption label=label bars=bars/> }
    });
    let ratings_chart = ratings.filter(|(_, counts)| counts.iter().any(|(_, n)| *n > 0)).map(|(title, counts)| {
        let listed: Vec<String> = counts.iter().map(|(value, n)| format!("{value}: {n}")).collect();
        let label = locale.fill(Msg::RatingsChart, &[&title, &listed.join(", ")]);
        let bars: Vec<(String, usize)> = counts.into_iter().map(|(value, n)| (value.to_string(), n)).collect();
        view! { <BarChart caption=locale.fill(Msg::RatingsCaption, &[&title]) label=label bars=bars/> }
    });
    let per_day_chart = (!per_day.is_empty()).then(|| {
        let listed: Vec<String> = per_day.iter().map(usize::to_string).collect();
        let label = locale.fill(Msg::PerDayChart, &[&locale.number(per_day.len()), &listed.join(", ")]);
        let caption = locale.fill(Msg::PerDayCaption, &[&locale.number(per_day.len())]);
        let bars: Vec<(String, usize)> = per_day.into_iter().map(|n| (String::new(), n)).collect();
        view! { <BarChart caption=caption label=label bars=bars/> }
    });
    let percent = locale
        .percent_of(progress.counted_responses, progress.target_responses)
        .unwrap_or_else(|| locale.text(Msg::NoRecordsYet));
    let rows = top
        .into_iter()
        .enumerate()
        .map(|(rank, contributor)| {
            // A Hub user's name links to their profile, beside their avatar; others get their initial.
            let name = if names_are_hub_users {
                let user = encode(&contributor.user);
                let href = format!("{hub}/{user}");
                let avatar = format!("{hub}/api/users/{user}/avatar?redirect=true");
                view! {
                    <img class="avatar" src=avatar alt="" width="24" height="24" loading="lazy"/>
                    <a href=href target="_blank" rel="noopener noreferrer">{contributor.user.clone()}</a>
                }
                .into_any()
            } else {
                view! {
                    <span class="avatar" aria-hidden="true">{embed::initial(&contributor.user)}</span>
                    <span>{contributor.user.clone()}</span>
                }
                .into_any()
            };
            view! {
                <tr>
                    <td>{rank + 1}</td>
                    <th scope="row"><span class="who">{name}</span></th>
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
                    <dd>{locale.fill(Msg::CountOf, &[&locale.number(progress.completed), &locale.number(progress.records)])}</dd>
                </div>
                <div><dt>{locale.text(Msg::SubmittedResponses)}</dt><dd>{locale.number(progress.submitted)}</dd></div>
                <div><dt>{locale.text(Msg::Contributors)}</dt><dd>{locale.number(progress.contributors)}</dd></div>
            </dl>
            <p class="hint">{locale.count(Msg::RecordCompleteWith, task.min_submitted as usize, &[&locale.number(task.min_submitted as usize)])}</p>
            <DoneVsPending completed=progress.completed records=progress.records/>
            {ratings_chart}
            {agreement_chart}
            {per_day_chart}
            {alpha_section}
            {disputed_table}
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

/// Completed against pending records, as one bar: an image named by its figures.
#[component]
fn DoneVsPending(completed: usize, records: usize) -> impl IntoView {
    let locale = use_locale();
    let pending = records.saturating_sub(completed);
    let done_width = (completed * 1000).checked_div(records).unwrap_or(0);
    let label = locale.fill(Msg::RecordsDoneVsPending, &[&locale.number(completed), &locale.number(pending)]);
    let caption = label.clone();
    view! {
        <p class="chart-caption" aria-hidden="true">{caption}</p>
        <svg class="chart done-pending" viewBox="0 0 1000 40" preserveAspectRatio="none" role="img" aria-label=label>
            <rect class="pending" x="0" y="0" width="1000" height="40"/>
            <rect class="done" x="0" y="0" width=done_width.to_string() height="40"/>
        </svg>
    }
}

/// Vertical bars with an optional caption under each; the whole chart is one image named by its figures.
#[component]
fn BarChart(caption: String, label: String, bars: Vec<(String, usize)>) -> impl IntoView {
    const HEIGHT: usize = 260;
    let highest = bars.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let step = 1000 / bars.len().max(1);
    let columns = bars
        .into_iter()
        .enumerate()
        .map(|(i, (caption, n))| {
            let height = n * HEIGHT / highest;
            let x = i * step + step / 8;
            let width = step * 3 / 4;
            view! {
                <rect class="bar" x=x.to_string() y=(HEIGHT - height).to_string() width=width.to_string() height=height.to_string()/>
                <text x=(x + width / 2).to_string() y=(HEIGHT + 32).to_string() text-anchor="middle">{caption}</text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart-figure">
            <figcaption aria-hidden="true">{caption}</figcaption>
            <svg class="chart bars" viewBox=format!("0 0 1000 {}", HEIGHT + 40) role="img" aria-label=label>
                {columns}
            </svg>
        </figure>
    }
}
