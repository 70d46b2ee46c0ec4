//! The model leaderboard: models evaluated on the community's prompts, ranked per language and across
//! languages (`together_core::leaderboard`), each language linked to the task that collects its prompts.

use super::Load;
use crate::backend::results::{read_demo_results, read_results};
use crate::context::use_app;
use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;
use together_core::leaderboard::{rank, render};
use together_core::markdown::escape_into;
use together_core::model::Task;

#[component]
pub fn LeaderboardPage() -> impl IntoView {
    let app = use_app();
    let locale = use_locale();
    let (source, hub) = app.config.with_value(|c| (c.leaderboard.clone(), c.hub.clone()));
    let from = source.as_ref().map(|s| (s.page_url(&hub.endpoint), s.dataset.clone()));
    let results = Load::new(move || {
        let (source, hub, demo) = (source.clone(), hub.clone(), app.backend().has_demo_results());
        Box::pin(async move {
            let transport = crate::http::FetchTransport;
            match source {
                Some(source) => read_results(&transport, &hub, &source).await.map(Some),
                None if demo => read_demo_results(&transport).await.map(Some),
                None => Ok(None),
            }
        })
    });
    // The tasks, to link each language to its own; the boards do not wait for them.
    let tasks = Load::new(move || app.backend().tasks(None));
    // One element's HTML (see `leaderboard::render`), and one listener for its button: as Leptos views, these
    // tables cost the lead build several times the bytes.
    let page = move || {
        let mut html = String::new();
        let t = |m| locale.text(m);
        push_tag(&mut html, "h1", "", &t(Msg::LeaderboardTitle));
        push_tag(&mut html, "p", " class=\"hint\"", &t(Msg::LeaderboardIntro));
        if let Some((href, name)) = &from {
            html.push_str("<p>");
            escape_into(&t(Msg::ResultsDataset), &mut html);
            html.push_str(": <a rel=\"noopener\" target=\"_blank\" href=\"");
            escape_into(href, &mut html);
            html.push_str("\">");
            escape_into(name, &mut html);
            html.push_str("</a></p>");
        }
        match results.value.get() {
            None => push_tag(&mut html, "p", " class=\"loading\" role=\"status\"", &t(Msg::LoadingLeaderboard)),
            Some(Err(error)) => {
                push_tag(&mut html, "p", " class=\"panel error\" role=\"alert\"", &error.message(locale));
                push_tag(&mut html, "button", " type=\"button\" class=\"secondary\" data-retry", &t(Msg::TryAgain));
            }
            Some(Ok(None)) => push_tag(&mut html, "p", " class=\"panel\"", &t(Msg::NoLeaderboard)),
            Some(Ok(Some(read))) => {
                let tasks: Vec<Task> = match tasks.value.get() {
                    Some(Ok(list)) => list.into_iter().filter(|o| o.problem.is_none()).map(|o| o.task).collect(),
                    _ => Vec::new(),
                };
                locale.with(|i18n| html.push_str(&render(&rank(&read.results), &tasks, &read.left_out, i18n)));
            }
        }
        html
    };
    let retry = results.retry();
    let on_click = move |event: leptos::ev::MouseEvent| {
        let target = event.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
        if target.is_some_and(|t| t.has_attribute("data-retry")) {
            retry.run(());
        }
    };
    view! { <section class="page dashboard" inner_html=page on:click=on_click></section> }
}

/// `<tag attributes>text</tag>`, the text escaped.
fn push_tag(html: &mut String, tag: &str, attributes: &str, text: &str) {
    html.push_str(&format!("<{tag}{attributes}>"));
    escape_into(text, html);
    html.push_str(&format!("</{tag}>"));
}
