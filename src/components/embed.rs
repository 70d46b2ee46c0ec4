//! The dashboard's "Embed" panel: the code that shows this progress live on another page, with the widget's
//! options and a preview of it. The code and the widget's address come from `together_core::embed`.
//!
//! The panel is static markup with one delegated handler per event: its options are a form whose fields are
//! named as the widget's query keys, so a change reads the whole form as a query string and parses it as the
//! widget will. Built as typed Leptos views, its dozen controls cost the app about 14 KB of Wasm; this way,
//! a few.

use crate::i18n::{use_locale, Locale, Msg, Texts};
use leptos::prelude::*;
use together_core::embed::{self, attr, EmbedOptions, Theme};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `navigator.clipboard.writeText(text)`; `false` when the browser does not allow it.
async fn write_clipboard(text: &str) -> bool {
    let navigator: JsValue = window().navigator().into();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).unwrap_or(JsValue::UNDEFINED);
    let write =
        js_sys::Reflect::get(&clipboard, &"writeText".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(write) = write else { return false };
    match write.call1(&clipboard, &text.into()).map(|p| p.dyn_into::<js_sys::Promise>()) {
        Ok(Ok(promise)) => JsFuture::from(promise).await.is_ok(),
        _ => false,
    }
}

/// The panel's markup for the default options.
fn panel_html(locale: Texts, base: &str, options: &EmbedOptions, frame_title: &str) -> String {
    let t = |m| attr(&locale.text(m));
    let select = |label: Msg, name: &str, choices: Vec<(&str, String)>| {
        let choices: String = choices
            .into_iter()
            .map(|(value, text)| format!("<option value=\"{value}\">{}</option>", attr(&text)))
            .collect();
        format!("<label>{}<select name=\"{name}\">{choices}</select></label>", t(label))
    };
    let check = |label: Msg, name: &str, value: &str, checked: bool| {
        let checked = if checked { " checked" } else { "" };
        format!(
            "<label class=\"check\"><input type=\"checkbox\" name=\"{name}\" value=\"{value}\"{checked}> {}</label>",
            t(label)
        )
    };
    let themes = [(Theme::Auto, Msg::ThemeAuto), (Theme::Light, Msg::ThemeLight), (Theme::Dark, Msg::ThemeDark)]
        .into_iter()
        .map(|(theme, name)| (theme.as_str(), locale.text(name)))
        .collect();
    let mut langs = vec![("", locale.text(Msg::ReadersLanguage))];
    langs.extend(Locale::ALL.into_iter().map(|l| (l.code(), l.native_name().to_owned())));
    format!(
        "<h2 id=\"embed-title\">{title}</h2><p class=\"hint\">{hint}</p>\
         <form class=\"embed-options\">{theme}{lang}{compact}\
         <input type=\"hidden\" name=\"contributors\" value=\"off\">{contributors}{transparent}</form>\
         <label for=\"embed-code\">{code_label}</label>\
         <textarea id=\"embed-code\" class=\"code\" readonly rows=\"4\" dir=\"ltr\">{code}</textarea>\
         <button type=\"button\" class=\"button\" data-copy=\"embed-code\">{copy}</button>\
         <label for=\"embed-frame\">{frame_label}</label>\
         <textarea id=\"embed-frame\" class=\"code\" readonly rows=\"3\" dir=\"ltr\">{frame}</textarea>\
         <button type=\"button\" class=\"button\" data-copy=\"embed-frame\" aria-label=\"{copy_frame}\">{copy}</button>\
         <p class=\"hint\" role=\"status\" data-said></p>\
         <h3>{preview}</h3>\
         <iframe class=\"embed-preview\" title=\"{frame_title}\" src=\"{src}\" style=\"height:240px\"></iframe>",
        title = t(Msg::EmbedTitle),
        hint = t(Msg::EmbedHint),
        theme = select(Msg::EmbedTheme, "theme", themes),
        lang = select(Msg::EmbedLanguage, "lang", langs),
        compact = check(Msg::EmbedCompact, "mode", "compact", false),
        // Unchecked, the hidden "off" above stands; checked, this "on" after it wins.
        contributors = check(Msg::EmbedContributors, "contributors", "on", true),
        transparent = check(Msg::EmbedTransparent, "transparent", "1", false),
        code_label = t(Msg::EmbedCode),
        code = attr(&embed::script_snippet(base, options, frame_title)),
        copy = t(Msg::Copy),
        frame_label = t(Msg::EmbedFrameCode),
        frame = attr(&embed::iframe_snippet(base, options, frame_title)),
        copy_frame = t(Msg::CopyFrame),
        preview = t(Msg::EmbedPreview),
        frame_title = attr(frame_title),
        src = attr(&embed::widget_url(base, options)),
    )
}

fn find<T: JsCast>(panel: &web_sys::Element, selector: &str) -> Option<T> {
    panel.query_selector(selector).ok().flatten().and_then(|e| e.dyn_into::<T>().ok())
}

fn say(panel: &web_sys::Element, text: &str) {
    if let Some(said) = find::<web_sys::Element>(panel, "[data-said]") {
        said.set_text_content(Some(text));
    }
}

/// The "Embed" button and, once opened, its panel. `tasks` empty: every task of this deployment; `title` names
/// them (read when the panel is first opened: its markup is made then, not with every dashboard).
#[component]
pub fn EmbedPanel(tasks: Vec<String>, #[prop(into)] title: Signal<String>) -> impl IntoView {
    let locale = use_locale();
    let open = RwSignal::new(false);
    let base = StoredValue::new(embed::app_base(&window().location().href().unwrap_or_default()));
    let tasks = StoredValue::new(tasks);
    let frame_title = move || locale.fill(Msg::WidgetFrameTitle, &[&title.get_untracked()]);

    // An option changed: the code and the preview follow.
    let on_change = move |ev: web_sys::Event| {
        let panel: web_sys::Element = ev.current_target().expect("the panel").unchecked_into();
        let Some(form) = find::<web_sys::HtmlFormElement>(&panel, "form") else { return };
        let query = web_sys::FormData::new_with_form(&form)
            .and_then(|data| web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data))
            .map(|params| String::from(params.to_string()))
            .unwrap_or_default();
        let options = EmbedOptions { tasks: tasks.get_value(), ..EmbedOptions::parse(&query) };
        let (base, title) = (base.get_value(), frame_title());
        for (id, code) in [
            ("#embed-code", embed::script_snippet(&base, &options, &title)),
            ("#embed-frame", embed::iframe_snippet(&base, &options, &title)),
        ] {
            if let Some(area) = find::<web_sys::HtmlTextAreaElement>(&panel, id) {
                area.set_value(&code);
            }
        }
        if let Some(preview) = find::<web_sys::Element>(&panel, "iframe") {
            let _ = preview.set_attribute("src", &embed::widget_url(&base, &options));
        }
        say(&panel, "");
    };
    // A Copy button: the code to the clipboard, or selected for the contributor to copy when that is refused.
    let on_click = move |ev: web_sys::MouseEvent| {
        let panel: web_sys::Element = ev.current_target().expect("the panel").unchecked_into();
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let Some(id) = target.and_then(|t| t.get_attribute("data-copy")) else { return };
        let Some(area) = find::<web_sys::HtmlTextAreaElement>(&panel, &format!("#{id}")) else { return };
        leptos::task::spawn_local(async move {
            if write_clipboard(&area.value()).await {
                say(&panel, &locale.text(Msg::Copied));
            } else {
                area.select();
                say(&panel, &locale.text(Msg::CopyFailed));
            }
        });
    };

    // The preview is as tall as the widget says, as the loader makes it on a host page.
    let origin = window().location().origin().unwrap_or_default();
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let data = event.data();
        let field = |key: &str| js_sys::Reflect::get(&data, &key.into()).unwrap_or(JsValue::UNDEFINED);
        if event.origin() != origin || field("type").as_string().as_deref() != Some(embed::HEIGHT_MESSAGE) {
            return;
        }
        let preview = document().query_selector("#embed-panel iframe").ok().flatten();
        if let (Some(preview), Some(height)) = (preview, field("height").as_f64().filter(|h| *h > 0.0 && *h < 20_000.0))
        {
            let _ = preview.set_attribute("style", &format!("height:{}px", height.ceil()));
        }
    });
    let _ = window().add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    let on_message = send_wrapper::SendWrapper::new(on_message);
    on_cleanup(move || {
        let _ = window().remove_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        drop(on_message);
    });

    // The panel (and its preview, which loads the widget) is made when it is first opened by this instance:
    // moving from one dashboard to another reuses the page's elements, and the markup written into them for
    // the previous dashboard must not stand for this one.
    let made = StoredValue::new(false);
    let toggle = move |ev: web_sys::MouseEvent| {
        open.update(|o| *o = !*o);
        let panel = ev.current_target().and_then(|b| b.unchecked_into::<web_sys::Element>().next_element_sibling());
        if let Some(panel) = panel.filter(|_| !made.get_value()) {
            let options = EmbedOptions { tasks: tasks.get_value(), ..EmbedOptions::default() };
            panel.set_inner_html(&panel_html(locale, &base.get_value(), &options, &frame_title()));
            made.set_value(true);
        }
    };
    view! {
        <button
            type="button"
            class="button"
            aria-expanded=move || open.get().to_string()
            aria-controls="embed-panel"
            on:click=toggle
        >
            {locale.text(Msg::Embed)}
        </button>
        <section
            id="embed-panel"
            class="panel embed-panel"
            aria-labelledby="embed-title"
            hidden=move || !open.get()
            on:change=on_change
            on:click=on_click
        ></section>
    }
}
