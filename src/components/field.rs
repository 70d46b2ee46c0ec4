use super::Markdown;
use leptos::prelude::*;
use together_core::model::Field;

/// One field of a record: its title, then its value as safe markdown or as plain text.
#[component]
pub fn FieldView(field: Field, value: String) -> impl IntoView {
    let body = if field.use_markdown {
        view! { <Markdown source=value class="field-value"/> }.into_any()
    } else {
        view! { <p class="field-value plain" dir="auto">{value}</p> }.into_any()
    };
    let label = field.title.clone();
    view! {
        <section class="field" aria-label=label>
            <h2 class="field-title">{field.title}</h2>
            {body}
        </section>
    }
}
