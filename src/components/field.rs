use super::Markdown;
use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;
use together_core::model::{Field, FieldKind, FieldValue};

/// One field of a record: its title, then its value as safe markdown, plain text, an image or a conversation.
#[component]
pub fn FieldView(field: Field, value: Option<FieldValue>) -> impl IntoView {
    let locale = use_locale();
    let text = |content: String| {
        if field.use_markdown {
            view! { <Markdown source=content class="field-value"/> }.into_any()
        } else {
            view! { <p class="field-value plain" dir="auto">{content}</p> }.into_any()
        }
    };
    let body = match (field.kind, value) {
        (FieldKind::Image, Some(FieldValue::Text(url))) if is_image_url(&url) => {
            view! { <img class="field-value image" src=url alt=field.title.clone() loading="lazy"/> }.into_any()
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

/// Only web and inline images are shown: no `javascript:` or other schemes reach `src`.
fn is_image_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("data:image/")
}
