//! JSON through the browser's own `JSON.parse` / `JSON.stringify`, with serde-wasm-bindgen in between.
//! The browser already ships a fast JSON parser; compiling serde_json's into the Wasm cost ~15 KB gzip.
//!
//! Two guards serde-wasm-bindgen lacks. Nesting is bounded before anything is decoded (an array nested 10,000
//! deep overflowed the stack while an error message was being written). And the files a person writes by hand
//! (`config.json`, `together.json`, the demo tasks) are read strictly: serde-wasm-bindgen reads a struct by
//! asking an object for the fields it knows, so a misspelt key was never seen. [`parse_strict`] records what
//! was read and names the first key nobody asked for.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Deeper than this is not data anyone writes by hand or exports.
const MAX_DEPTH: u32 = 64;
/// Error messages quote at most this many characters of what they complain about.
const MAX_MESSAGE: usize = 300;

#[wasm_bindgen(inline_js = r#"
export function too_deep(root, max) {
  const stack = [[root, 0, null, ""]];
  while (stack.length) {
    const node = stack.pop();
    const value = node[0];
    if (value === null || typeof value !== "object") continue;
    if (node[1] >= max) return path_of(node);
    for (const key of Object.keys(value)) stack.push([value[key], node[1] + 1, node, key]);
  }
  return undefined;
}
function path_of(node) {
  const keys = [];
  for (let n = node; n && n[2]; n = n[2]) keys.push(n[3]);
  return keys.reverse().join(".") || "the top";
}
export function recording(root) {
  const read = new Map(), views = new WeakMap();
  const view = (value) => {
    if (value === null || typeof value !== "object") return value;
    let proxy = views.get(value);
    if (proxy) return proxy;
    const keys = new Set();
    read.set(value, keys);
    proxy = new Proxy(value, {
      get(target, key) { if (typeof key === "string") keys.add(key); return view(Reflect.get(target, key)); },
      has(target, key) { if (typeof key === "string") keys.add(key); return Reflect.has(target, key); },
      ownKeys(target) { const all = Reflect.ownKeys(target); for (const k of all) keys.add(k); return all; },
    });
    views.set(value, proxy);
    return proxy;
  };
  return [view(root), read];
}
export function unread_key(root, read) {
  const stack = [[root, ""]];
  while (stack.length) {
    const [value, path] = stack.pop();
    const keys = read.get(value);
    if (!keys) continue;
    const name = (key) => (path ? path + "." + key : key);
    if (Array.isArray(value)) {
      for (const key of keys) {
        if (key !== "length" && !/^[0-9]+$/.test(key)) return "!" + (path || "the file");
      }
      value.forEach((item, i) => stack.push([item, path + "[" + i + "]"]));
      continue;
    }
    for (const key of Object.keys(value)) {
      if (!keys.has(key)) return name(key);
      stack.push([value[key], name(key)]);
    }
  }
  return undefined;
}
"#)]
extern "C" {
    fn too_deep(root: &JsValue, max: u32) -> Option<String>;
    fn recording(root: &JsValue) -> js_sys::Array;
    fn unread_key(root: &JsValue, read: &JsValue) -> Option<String>;
}

/// Parse and decode `text`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = parse_value(text)?;
    serde_wasm_bindgen::from_value(value).map_err(decode_error)
}

/// Out of line: one copy for every type decoded.
#[inline(never)]
fn decode_error(error: serde_wasm_bindgen::Error) -> String {
    short(error.to_string())
}

/// Parse and decode a file a person wrote: a key that `T` does not have is an error naming where it is.
pub fn parse_strict<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = parse_value(text)?;
    let pair = recording(&value);
    let decoded = serde_wasm_bindgen::from_value(pair.get(0)).map_err(decode_error);
    match unread_problem(&value, &pair.get(1)) {
        Some(problem) => Err(problem),
        None => decoded,
    }
}

#[inline(never)]
fn unread_problem(value: &JsValue, read: &JsValue) -> Option<String> {
    let found = unread_key(value, read)?;
    Some(match found.strip_prefix('!') {
        Some(list) => format!("{list} must be an object, not a list"),
        None => format!("unknown key “{}”", short(found)),
    })
}

fn parse_value(text: &str) -> Result<JsValue, String> {
    let value = js_sys::JSON::parse(text).map_err(|e| {
        e.dyn_ref::<js_sys::Error>().map(|e| short(String::from(e.message()))).unwrap_or_else(|| "not JSON".to_owned())
    })?;
    match too_deep(&value, MAX_DEPTH) {
        Some(path) => Err(format!("nested more than {MAX_DEPTH} deep at {}", short(path))),
        None => Ok(value),
    }
}

/// At most `MAX_MESSAGE` characters of a message, cut at a character.
fn short(mut message: String) -> String {
    if let Some((at, _)) = message.char_indices().nth(MAX_MESSAGE) {
        message.truncate(at);
        message.push('…');
    }
    message
}

pub fn stringify<T: Serialize>(value: &T) -> Result<String, String> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value.serialize(&serializer).map_err(|e| e.to_string())?;
    js_sys::JSON::stringify(&value).map(String::from).map_err(|_| "could not be written as JSON".to_owned())
}
