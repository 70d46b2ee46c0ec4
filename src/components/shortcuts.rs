use leptos::prelude::*;
use together_core::shortcuts::{shortcut_for, Focus, KeyPress, Shortcut};
use wasm_bindgen::JsCast;

/// Where focus is, in the terms of [`together_core::shortcuts`].
fn focus_now() -> Focus {
    let Some(active) = document().active_element() else { return Focus::Page };
    if active.dyn_ref::<web_sys::HtmlElement>().is_some_and(|e| e.is_content_editable()) {
        return Focus::TextField;
    }
    match active.tag_name().to_ascii_lowercase().as_str() {
        "textarea" | "select" => Focus::TextField,
        "input" => match active.get_attribute("type").unwrap_or_default().to_ascii_lowercase().as_str() {
            "radio" | "checkbox" => Focus::Page,
            "button" | "submit" | "reset" => Focus::Control,
            _ => Focus::TextField,
        },
        "button" | "a" | "summary" => Focus::Control,
        _ => Focus::Page,
    }
}

/// Listen for the annotate page's shortcuts while the calling component is mounted.
pub fn use_annotation_shortcuts(ratings: Vec<i64>, on_shortcut: impl Fn(Shortcut) + 'static) {
    let handle = window_event_listener(leptos::ev::keydown, move |event: web_sys::KeyboardEvent| {
        if event.default_prevented() || event.is_composing() {
            return;
        }
        let key = event.key();
        let press = KeyPress {
            key: &key,
            ctrl: event.ctrl_key(),
            meta: event.meta_key(),
            alt: event.alt_key(),
            shift: event.shift_key(),
            focus: focus_now(),
        };
        if let Some(shortcut) = shortcut_for(press, &ratings) {
            // Also stops the browser's own "save page" and the form's implicit submission.
            event.prevent_default();
            on_shortcut(shortcut);
        }
    });
    on_cleanup(move || handle.remove());
}
