//! The code a page owner pastes to embed the widget, and the widget's address.

use super::*;
use crate::markdown::escape_into;

/// The folder of the app's page, from its address (`https://x.hf.space/dist/index.html#/…` →
/// `https://x.hf.space/dist/`): the widget and its loader are found from there.
pub fn app_base(href: &str) -> String {
    let href = href.split(['#', '?']).next().unwrap_or_default();
    let path = href.find("://").map_or(0, |i| i + 3);
    match href[path..].rfind('/') {
        Some(slash) => href[..path + slash + 1].to_owned(),
        None => format!("{href}/"),
    }
}

/// The widget's address for these options.
pub fn widget_url(app_base: &str, options: &EmbedOptions) -> String {
    let query = options.query();
    let query = if query.is_empty() { String::new() } else { format!("?{query}") };
    format!("{app_base}{WIDGET_DIR}{PAGE}{ROUTE}{query}")
}

/// `text` escaped for HTML text and attribute values.
pub fn attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

/// The code to paste into a page: one script tag that creates the widget's frame and keeps it as tall as its
/// content. `title` names the frame for screen readers.
pub fn script_snippet(app_base: &str, options: &EmbedOptions, title: &str) -> String {
    format!(
        "<script async src=\"{}\" data-together-progress=\"{}\" data-title=\"{}\"></script>",
        attr(&format!("{app_base}{WIDGET_DIR}{LOADER}")),
        attr(&options.query()),
        attr(title),
    )
}

/// The same without a script: a frame of a fixed height.
pub fn iframe_snippet(app_base: &str, options: &EmbedOptions, title: &str) -> String {
    let height = if options.compact {
        96
    } else if options.contributors {
        360
    } else {
        200
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" style=\"border:0\" loading=\"lazy\"></iframe>",
        attr(&widget_url(app_base, options)),
        attr(title),
    )
}
