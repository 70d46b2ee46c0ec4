//! The widget's HTML (the content of its root element). Every text is escaped.

use super::*;
use crate::i18n::Msg;
use crate::numbers::percent;
use crate::route::{encode, Route};
use crate::stats::TaskProgress;

/// What the widget is showing.
#[derive(Clone, Debug, PartialEq)]
pub enum WidgetState {
    Loading,
    /// The last good figures, how old they are, and the error of the last refresh if it failed.
    Shown {
        figures: Figures,
        age_s: Option<u64>,
        error: Option<String>,
    },
    /// Nothing could be read yet.
    Failed(String),
}

/// The widget's HTML (the content of its root element). Every text is escaped.
pub fn render(state: &WidgetState, options: &EmbedOptions, i18n: &WidgetTexts, app_base: &str) -> String {
    let mut html = String::new();
    let t = |m| attr(&i18n.text(m));
    let contribute = |task: Option<&str>| {
        let hash = match task {
            Some(id) => Route::Annotate { task: id.to_owned(), record: None }.to_hash(),
            None => Route::Tasks.to_hash(),
        };
        format!(
            "<a class=\"contribute\" href=\"{}\" target=\"_blank\" rel=\"noopener\">{}</a>",
            attr(&format!("{app_base}{PAGE}{hash}")),
            t(Msg::Contribute)
        )
    };
    match state {
        WidgetState::Loading => {
            html.push_str(&format!("<p class=\"status\" role=\"status\">{}</p>", t(Msg::LoadingProgress)));
        }
        WidgetState::Failed(error) => {
            html.push_str(&format!(
                "<p class=\"status error\" role=\"alert\">{}</p>",
                attr(&i18n.fill(Msg::WidgetFailed, &[error]))
            ));
            html.push_str(&contribute(None));
        }
        WidgetState::Shown { figures, age_s, error } => {
            let single = figures.tasks.len() == 1;
            let heading = match figures.tasks.first() {
                Some(task) if single => task.title.clone(),
                _ => i18n.text(Msg::AllTasksTitle),
            };
            let dashboard = match figures.tasks.first() {
                Some(task) if single => Route::Dashboard { task: task.id.clone() }.to_hash(),
                _ => Route::AllTasks.to_hash(),
            };
            html.push_str(&format!(
                "<h1><a href=\"{}\" target=\"_blank\" rel=\"noopener\">{}</a></h1>",
                attr(&format!("{app_base}{PAGE}{dashboard}")),
                attr(&heading)
            ));
            let bar = |name: &str, p: &TaskProgress, html: &mut String| {
                let pct = percent(p.counted_responses, p.target_responses);
                let shown = i18n
                    .percent_of(p.counted_responses, p.target_responses)
                    .unwrap_or_else(|| i18n.text(Msg::NoRecordsYet));
                let records = i18n.fill(Msg::CountOf, &[&i18n.number(p.completed), &i18n.number(p.records)]);
                let text = i18n.fill(Msg::WidgetLine, &[&shown, &records]);
                html.push_str(&format!(
                    "<div class=\"bar\" role=\"progressbar\" aria-label=\"{}\" aria-valuemin=\"0\" aria-valuemax=\"100\" \
                     aria-valuenow=\"{pct}\" aria-valuetext=\"{}\"><span style=\"width:{pct}%\"></span></div>\
                     <p class=\"line\">{}</p>",
                    attr(name),
                    attr(&text),
                    attr(&text)
                ));
            };
            if single || figures.tasks.is_empty() {
                bar(&heading, &figures.total, &mut html);
            } else {
                html.push_str("<ul class=\"tasks\">");
                for task in &figures.tasks {
                    html.push_str(&format!("<li><h2>{}</h2>", attr(&task.title)));
                    bar(&task.title, &task.progress, &mut html);
                    html.push_str("</li>");
                }
                html.push_str("</ul>");
                if !options.compact {
                    html.push_str(&format!("<h2>{}</h2>", t(Msg::AllTasksTotal)));
                    bar(&i18n.text(Msg::AllTasksTotal), &figures.total, &mut html);
                }
            }
            html.push_str(&format!(
                "<p class=\"kpis\">{}</p>",
                attr(&i18n.fill(
                    Msg::WidgetCounts,
                    &[&i18n.number(figures.total.contributors), &i18n.number(figures.total.submitted)]
                ))
            ));
            if options.contributors && !options.compact && !figures.top.is_empty() {
                html.push_str(&format!(
                    "<h2 id=\"top\">{}</h2><ol class=\"top\" aria-labelledby=\"top\">",
                    t(Msg::TopContributors)
                ));
                for c in &figures.top {
                    let name = attr(&c.user);
                    html.push_str("<li>");
                    match &figures.hub {
                        Some(hub) => {
                            let hub = hub.trim_end_matches('/');
                            let user = encode(&c.user);
                            html.push_str(&format!(
                                "<img class=\"avatar\" src=\"{}\" alt=\"\" width=\"24\" height=\"24\" loading=\"lazy\">\
                                 <a href=\"{}\" target=\"_blank\" rel=\"noopener\">{name}</a>",
                                attr(&format!("{hub}/api/users/{user}/avatar?redirect=true")),
                                attr(&format!("{hub}/{user}")),
                            ));
                        }
                        None => html.push_str(&format!(
                            "<span class=\"avatar\" aria-hidden=\"true\">{}</span><span>{name}</span>",
                            attr(&initial(&c.user))
                        )),
                    }
                    html.push_str(&format!(
                        " <span class=\"count\">{}</span></li>",
                        attr(&i18n.fill(Msg::WidgetSubmitted, &[&i18n.number(c.submitted)]))
                    ));
                }
                html.push_str("</ol>");
            }
            let task = figures.tasks.first().filter(|_| single).map(|t| t.id.as_str());
            html.push_str("<p class=\"foot\">");
            html.push_str(&contribute(task));
            if let Some(age) = age_s {
                html.push_str(&format!(
                    " <span class=\"age\">{}</span>",
                    attr(&i18n.fill(Msg::UpdatedAgo, &[&i18n.number(*age as usize)]))
                ));
            }
            html.push_str("</p>");
            if let Some(error) = error {
                html.push_str(&format!(
                    "<p class=\"status error\" role=\"status\">{}</p>",
                    attr(&i18n.fill(Msg::WidgetStale, &[error]))
                ));
            }
        }
    }
    html
}

/// The first letter of a name (ASCII upper-cased): the avatar of a contributor without a Hub profile. ASCII
/// only, as the Unicode case tables would cost the widget's build more than the rest of its text handling.
pub fn initial(name: &str) -> String {
    name.chars()
        .find(|c| !c.is_ascii_punctuation() && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase().to_string())
        .unwrap_or_else(|| "?".to_owned())
}
