use crate::context::AppContext;
use crate::i18n::{use_locale, Msg};
use leptos::prelude::*;
use together_core::config::host_of_url;
use together_core::markdown::{render_with, Images};
use wasm_bindgen::JsCast;

/// Whether an image at `url` may load without asking (see `AppConfig::trusts_image`); outside the app (a
/// component test), by the default configuration's rules.
pub fn trusts_image(url: &str) -> bool {
    match use_context::<AppContext>() {
        Some(app) => app.config.with_value(|c| c.trusts_image(url)),
        None => together_core::config::AppConfig::default().trusts_image(url),
    }
}

/// `source` as sanitized HTML, images from untrusted hosts behind a button.
pub fn markdown_html(source: &str) -> String {
    let locale = use_locale();
    let show_image = |url: &str| locale.fill(Msg::ShowImageFrom, &[&host_of_url(url).unwrap_or_default()]);
    render_with(source, &Images::Trusted { trusted: &trusts_image, show_image: &show_image })
}

/// Markdown from a dataset or its guidelines, sanitized in `together_core::markdown` before it reaches the DOM.
/// An image from a host the deployment does not trust is a button naming the host; pressed, it shows the image.
#[component]
pub fn Markdown(#[prop(into)] source: String, #[prop(optional, into)] class: Option<String>) -> impl IntoView {
    let html = markdown_html(&source);
    let class = match class {
        Some(extra) => format!("markdown {extra}"),
        None => "markdown".to_owned(),
    };
    view! { <div class=class dir="auto" inner_html=html on:click=show_image_on_click></div> }
}

/// A click on a "Show image from HOST" button (`class="show-image"`, `data-src`, `data-alt`): the image
/// takes its place. Delegated, so markup made as text needs no handler of its own.
pub fn show_image_on_click(ev: web_sys::MouseEvent) {
    let Some(button) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    if !button.class_list().contains("show-image") {
        return;
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(image) = document.create_element("img") else { return };
    for (attribute, from) in [("src", "data-src"), ("alt", "data-alt"), ("class", "data-class")] {
        if let Some(value) = button.get_attribute(from) {
            let _ = image.set_attribute(attribute, &value);
        }
    }
    let _ = button.replace_with_with_node_1(&image);
}
