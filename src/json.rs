//! JSON through the browser's own `JSON.parse` / `JSON.stringify`, with serde-wasm-bindgen in between.
//! The browser already ships a fast JSON parser; compiling serde_json's into the Wasm cost ~15 KB gzip.

use serde::de::DeserializeOwned;
use serde::Serialize;

pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|e| {
        e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| "not JSON".to_owned())
    })?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

pub fn stringify<T: Serialize>(value: &T) -> Result<String, String> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value.serialize(&serializer).map_err(|e| e.to_string())?;
    js_sys::JSON::stringify(&value).map(String::from).map_err(|_| "could not be written as JSON".to_owned())
}

use wasm_bindgen::JsCast;
