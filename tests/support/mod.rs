//! Browser test helpers: mount a view in its own host element, wait, and find elements the way a person
//! does: by role, accessible name and label.

use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement, HtmlElement, HtmlInputElement};

/// A mounted view; dropping it unmounts the view and removes its host element.
pub struct Mounted {
    pub root: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> Mounted {
    // With panic=abort an earlier failed test can leave its host behind: sweep them first.
    for old in all_in(&document().body().unwrap(), "[data-test-host]") {
        old.remove();
    }
    let root: HtmlElement = document().create_element("div").unwrap().dyn_into().unwrap();
    root.set_attribute("data-test-host", "").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = mount_to(root.clone(), view);
    Mounted { root, _handle: Box::new(handle) }
}

fn all_in(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}

impl Mounted {
    pub fn all(&self, selector: &str) -> Vec<Element> {
        all_in(&self.root, selector)
    }

    pub fn text_of(&self, selector: &str) -> String {
        self.all(selector).iter().map(|e| e.text_content().unwrap_or_default()).collect::<Vec<_>>().join("")
    }

    /// The form control whose `<label>` says `text`.
    pub fn labelled(&self, text: &str) -> Element {
        let label = self
            .all("label")
            .into_iter()
            .find(|l| l.text_content().unwrap_or_default().trim().trim_end_matches('*').trim() == text)
            .unwrap_or_else(|| panic!("no label {text:?}"));
        let id = label.get_attribute("for").expect("label with for=");
        document().get_element_by_id(&id).expect("labelled control")
    }
}

/// The radio button whose accessible name is `name`.
pub fn radio(mounted: &Mounted, name: &str) -> HtmlInputElement {
    mounted
        .all("input[type=radio]")
        .into_iter()
        .find(|r| r.get_attribute("aria-label").as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no radio named {name:?}"))
        .dyn_into()
        .unwrap()
}

/// The button whose accessible name (aria-label, else its text) is `name`.
pub fn button(mounted: &Mounted, name: &str) -> HtmlButtonElement {
    mounted
        .all("button")
        .into_iter()
        .find(|b| b.get_attribute("aria-label").unwrap_or_else(|| b.text_content().unwrap_or_default()).trim() == name)
        .unwrap_or_else(|| panic!("no button named {name:?}"))
        .dyn_into()
        .unwrap()
}

/// The text of the elements an element's `aria-describedby` points at.
pub fn accessible_description(element: &Element) -> String {
    element
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|id| document().get_element_by_id(id))
        .map(|e| e.text_content().unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Press a key where focus is (the page when nothing is focused). Returns whether the default was prevented.
pub fn press_key(key: &str, ctrl: bool) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let target: web_sys::EventTarget = match document().active_element() {
        Some(active) => active.into(),
        None => document().body().unwrap().into(),
    };
    !target.dispatch_event(&event).unwrap()
}

/// Replace a text box's value and fire `input`, as typing does.
pub fn type_into(textarea: &web_sys::HtmlTextAreaElement, text: &str) {
    textarea.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    textarea.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

pub fn set_hash(hash: &str) {
    let window = web_sys::window().unwrap();
    let url = if hash.is_empty() { window.location().pathname().unwrap() } else { hash.to_owned() };
    window.history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)).unwrap();
}

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Let effects and spawned tasks run.
pub async fn tick() {
    sleep(10).await;
}

/// Poll `condition` every 10 ms for up to 3 s.
pub async fn wait_for(condition: impl Fn() -> bool) {
    for _ in 0..300 {
        if condition() {
            return;
        }
        sleep(10).await;
    }
    panic!("condition not met within 3 s");
}
