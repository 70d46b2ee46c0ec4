use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;
// `attr` escapes for text and attribute values alike.
use together_core::embed::attr;
use together_core::model::{Field, FieldKind, FieldValue};

/// One field of a record: its title, then its value as safe markdown, plain text, an image or a conversation.
#[component]
pub fn FieldView(field: Field, value: Option<FieldValue>) -> impl IntoView {
    let locale = use_locale();
    let markdown = field.use_markdown;
    // Written as HTML (one element type for markdown and plain text); a very long value (a 5 MB record) shows
    // its start with a "Show all" button, which the element's one click handler answers.
    let text = move |content: String| {
        let html = field_html(&content, markdown, Some(PREVIEW_CHARS));
        let class = if markdown { "markdown field-value" } else { "field-value plain" };
        // A click comes later, outside the component: it renders with the component's context (its language
        // and the deployment's trusted image hosts).
        let owner = Owner::current();
        let on_click = move |ev: web_sys::MouseEvent| match &owner {
            Some(owner) => owner.with(|| on_field_click(&ev, &content, markdown)),
            None => on_field_click(&ev, &content, markdown),
        };
        view! { <div class=class dir="auto" inner_html=html on:click=on_click></div> }.into_any()
    };
    let body = match (field.kind, value) {
        (FieldKind::Image, Some(FieldValue::Text(url)))
            if is_image_url(&url) && super::markdown::trusts_image(&url) =>
        {
            view! { <img class="field-value image" src=url alt=field.title.clone() loading="lazy"/> }.into_any()
        }
        (FieldKind::Image, Some(FieldValue::Text(url))) if is_image_url(&url) => {
            // From elsewhere: a button naming the host, which a click turns into the image.
            let host = together_core::config::host_of_url(&url).unwrap_or_default();
            view! {
                <div class="field-value image-elsewhere" on:click=super::markdown::show_image_on_click>
                    <p class="hint">{locale.fill(Msg::ImageFromElsewhere, &[&host])}</p>
                    <button type="button" class="secondary show-image" data-src=url data-alt=field.title.clone()
                        data-class="field-value image">
                        {locale.fill(Msg::ShowImageFrom, &[&host])}
                    </button>
                </div>
            }
            .into_any()
        }
        (FieldKind::Image, _) | (_, Some(FieldValue::Other)) => {
            view! { <p class="field-value hint">{locale.text(Msg::FieldNotShown)}</p> }.into_any()
        }
        (_, Some(FieldValue::Chat(messages))) => {
            let messages = messages
                .into_iter()
                .map(|m| {
                    let class = format!(
                        "message role-{}",
                        m.role.chars().filter(char::is_ascii_alphanumeric).collect::<String>()
                    );
                    view! { <li class=class><span class="role">{m.role}</span>{text(m.content)}</li> }
                })
                .collect_view();
            view! { <ol class="field-value chat">{messages}</ol> }.into_any()
        }
        (_, Some(FieldValue::Text(content))) => text(content),
        (_, None) => text(String::new()),
    };
    let label = field.title.clone();
    view! {
        <section class="field" aria-label=label>
            <h2 class="field-title">{field.title}</h2>
            {body}
        </section>
    }
}

/// How much of a field shows before "Show all".
const PREVIEW_CHARS: usize = 20_000;

/// A field's value as HTML: markdown rendered safely, or plain text escaped; cut at `limit` characters with
/// a "Show all (N characters)" button after it.
fn field_html(content: &str, markdown: bool, limit: Option<usize>) -> String {
    let cut = limit.and_then(|limit| content.char_indices().nth(limit)).map(|(at, _)| at);
    let shown = cut.map_or(content, |at| &content[..at]);
    let mut html = if markdown { super::markdown::markdown_html(shown) } else { attr(shown) };
    if cut.is_some() {
        let locale = use_locale();
        let label = locale.fill(Msg::ShowAll, &[&locale.number(content.chars().count())]);
        html.push_str(&format!("… <button type=\"button\" class=\"secondary show-all\">{}</button>", attr(&label)));
    }
    html
}

/// A click inside a field: "Show image from HOST" shows the image, "Show all" the whole value.
fn on_field_click(ev: &web_sys::MouseEvent, content: &str, markdown: bool) {
    use wasm_bindgen::JsCast;
    let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    if target.is_some_and(|t| t.class_list().contains("show-all")) {
        if let Some(field) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            field.set_inner_html(&field_html(content, markdown, None));
        }
        return;
    }
    super::markdown::show_image_on_click(ev.clone());
}

/// Only web and inline images are shown: no `javascript:` or other schemes reach `src`.
fn is_image_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("data:image/")
}
