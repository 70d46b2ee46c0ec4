//! Together: a Leptos client-side app for community annotation.
//!
//! Pages and components live here; all logic that can be tested without a browser lives in `together-core`.

pub mod app;
#[cfg(feature = "hub")]
pub mod auth;
pub mod backend;
pub mod components;
pub mod context;
pub mod http;
pub mod i18n;
pub mod json;
pub mod pages;
pub mod storage;
pub mod sync;

pub use together_core as core;

/// Load the configuration and the demo tasks, then mount the app on `<body>` in place of the boot message:
/// with the dashboards in the lead build, without them in the contributor's ([`app::LeadPages`]).
pub fn start(lead: Option<app::LeadPages>) {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async move {
        let booted = app::boot(&http::FetchTransport).await;
        if let Some(message) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot")) {
            message.remove();
        }
        leptos::mount::mount_to_body(move || app::app(booted, lead));
    });
}
