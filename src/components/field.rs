use super::Markdown;
use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;
use together_core::model::{Field, FieldKind, FieldValue};

/// One field of a record: its title, then its value as safe markdown, plain text, an image or a conversation.
#[component]
pub fn FieldView(field: Field, value: Option<FieldValue>) -> impl IntoView {
    let locale = use_locale();
    let markdown = field.use_markdown;
    // A very long value (a 5 MB record) shows its start at once, and the rest when asked for.
    let text = move |content: String| {
        let (shown, whole) = match content.char_indices().nth(PREVIEW_CHARS) {
            Some((cut, _)) => (format!("{}…", &content[..cut]), Some(content)),
            None => (content, None),
        };
        let more = whole.map(|whole| {
            let label = locale.fill(Msg::ShowAll, &[&whole.chars().count().to_string()]);
            // The click comes later, outside the component: it renders with the component's context.
            let owner = Owner::current();
            let show = move |ev: web_sys::MouseEvent| match &owner {
                Some(owner) => owner.with(|| show_all(&ev, &whole, markdown)),
                None => show_all(&ev, &whole, markdown),
            };
            view! {
                <button type="button" class="secondary show-all" on:click=show>
                    {label}
                </button>
            }
        });
        if markdown {
            view! { <Markdown source=shown class="field-value"/> {more} }.into_any()
        } else {
            view! { <p class="field-value plain" dir="auto">{shown}</p> {more} }.into_any()
        }
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

/// "Show all": the whole value takes the place of its start (the element before the button), and the button
/// goes. Written to the DOM directly: it is shown once, and never changes afterwards.
fn show_all(ev: &web_sys::MouseEvent, whole: &str, markdown: bool) {
    use wasm_bindgen::JsCast;
    let Some(button) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    if let Some(value) = button.previous_element_sibling() {
        if markdown {
            value.set_inner_html(&super::markdown::markdown_html(whole));
        } else {
            value.set_text_content(Some(whole));
        }
    }
    button.remove();
}

/// Only web and inline images are shown: no `javascript:` or other schemes reach `src`.
fn is_image_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("data:image/")
}
