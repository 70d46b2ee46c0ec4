//! The interface language: chosen by the contributor, else taken from the browser's languages. English is
//! compiled in; other languages are fetched from `i18n/{code}.json` next to the app, only when chosen.

use crate::http::{HttpRequest, Transport};
use crate::json;
use crate::storage::LocalStore;
use leptos::prelude::*;
use std::collections::BTreeMap;
use together_core::i18n::{I18n, NumberStyle};
pub use together_core::i18n::{Locale, Msg};

const LOCALE_KEY: &str = "locale";

/// The words of the current language, as a `Copy` handle for views and callbacks.
#[derive(Clone, Copy)]
pub struct Texts(StoredValue<I18n>);

impl Texts {
    pub fn new(i18n: I18n) -> Texts {
        Texts(StoredValue::new(i18n))
    }

    pub fn text(self, message: Msg) -> String {
        self.0.with_value(|i| i.text(message))
    }

    pub fn fill(self, message: Msg, args: &[&str]) -> String {
        self.0.with_value(|i| i.fill(message, args))
    }

    /// A message about `n` things, in its plural form for `n`.
    pub fn count(self, message: Msg, n: usize, args: &[&str]) -> String {
        self.0.with_value(|i| i.count(message, n, args))
    }

    /// A count as the language writes it.
    pub fn number(self, n: usize) -> String {
        self.0.with_value(|i| i.number(n))
    }

    /// A number written plainly (`0.82`) as the language writes it.
    pub fn decimal(self, plain: &str) -> String {
        self.0.with_value(|i| i.decimal(plain))
    }

    /// A share of a whole with one decimal, as the language writes a percentage; `None` when the whole is 0.
    pub fn percent_of(self, part: usize, whole: usize) -> Option<String> {
        self.0.with_value(|i| i.percent_of(part, whole))
    }

    pub fn locale(self) -> Locale {
        self.0.with_value(I18n::locale)
    }

    pub fn with<R>(self, f: impl FnOnce(&I18n) -> R) -> R {
        self.0.with_value(f)
    }
}

/// The texts of the components below (English where none are provided, as in isolated component tests).
pub fn use_locale() -> Texts {
    use_context::<Texts>().unwrap_or_else(|| Texts::new(I18n::english()))
}

/// Fetch a language's texts. English needs no fetch; a failed fetch keeps English and says why.
pub async fn load_texts(transport: &dyn Transport, locale: Locale) -> Result<I18n, String> {
    if locale == Locale::En {
        return Ok(I18n::english());
    }
    let url = format!("i18n/{}.json", locale.code());
    let response = transport.send(HttpRequest::get(url.clone())).await.map_err(|e| format!("{url}: {}", e.0))?;
    if response.status != 200 {
        return Err(format!("{url}: HTTP {}", response.status));
    }
    let map: BTreeMap<String, String> = json::parse(&response.body).map_err(|e| format!("{url}: {e}"))?;
    Ok(I18n::from_map(locale, &map).0.with_numbers(number_style(locale.code())))
}

/// How the language of `code` writes numbers, as the browser's `Intl.NumberFormat` writes 0 to 9, 1234567.5,
/// 1234 and 50% (see `together_core::i18n::NumberStyle`).
pub fn number_style(code: &str) -> NumberStyle {
    use js_sys::{Array, Intl::NumberFormat, Object, Reflect};
    let locales = Array::of1(&code.into());
    let percent = Object::new();
    let _ = Reflect::set(&percent, &"style".into(), &"percent".into());
    let formats = [NumberFormat::new(&locales, &Object::new()), NumberFormat::new(&locales, &percent)];
    NumberStyle::from_intl(|percent, n| {
        let field = |part: &wasm_bindgen::JsValue, key: &str| Reflect::get(part, &key.into()).ok()?.as_string();
        let parts = formats[usize::from(percent)].format_to_parts(n);
        parts.iter().filter_map(|p| Some((field(&p, "type")?, field(&p, "value")?))).collect()
    })
}

/// The contributor's saved choice, else the first of the browser's languages that Together speaks.
pub fn initial_locale(storage: &LocalStore) -> Locale {
    if let Some(locale) = storage.get(LOCALE_KEY).and_then(|code| Locale::from_code(&code)) {
        return locale;
    }
    let languages: Vec<String> = web_sys::window()
        .map(|w| w.navigator().languages().iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default();
    Locale::negotiate(languages.iter().map(String::as_str))
}

pub fn remember_locale(storage: &LocalStore, locale: Locale) {
    let _ = storage.set(LOCALE_KEY, locale.code());
}

/// `<html lang dir>`, so that screen readers pronounce and the layout mirrors for right-to-left languages.
pub fn apply_to_document(locale: Locale) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", locale.code());
        let _ = root.set_attribute("dir", locale.direction().as_attr());
    }
}
