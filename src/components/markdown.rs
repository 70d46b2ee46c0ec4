use leptos::prelude::*;
use together_core::markdown::render_safe;

/// Markdown from a dataset or its guidelines, sanitized in `together_core::markdown` before it reaches the DOM.
#[component]
pub fn Markdown(#[prop(into)] source: String, #[prop(optional, into)] class: Option<String>) -> impl IntoView {
    let html = render_safe(&source);
    let class = match class {
        Some(extra) => format!("markdown {extra}"),
        None => "markdown".to_owned(),
    };
    view! { <div class=class dir="auto" inner_html=html></div> }
}
