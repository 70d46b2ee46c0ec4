//! The one transport seam: every HTTP request the app makes goes through [`Transport`], so tests swap in a
//! fake and backends never touch `fetch` themselves.

use std::future::Future;
use std::pin::Pin;

pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

#[derive(Clone, Debug, PartialEq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    /// The answer never changes (a file at a commit id): the browser may answer from its cache, however old.
    pub immutable: bool,
}

impl HttpRequest {
    pub fn get(url: impl Into<String>) -> Self {
        HttpRequest { method: "GET", url: url.into(), headers: Vec::new(), body: None, immutable: false }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// The request never got an answer (offline, DNS, CORS, aborted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError(pub String);

pub trait Transport {
    fn send(&self, request: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>>;
}

/// Writes with a body up to this size go with `keepalive`: the browser finishes them even when the page is
/// closed a moment after Submit. Chromium refuses keepalive requests beyond 64 KiB in flight in total.
pub const KEEPALIVE_MAX_BYTES: usize = 48 * 1024;

/// Whether a request may outlive its page: a write small enough for the browser's keepalive quota.
pub fn keeps_alive(request: &HttpRequest) -> bool {
    request.method != "GET" && request.body.as_ref().map_or(0, String::len) <= KEEPALIVE_MAX_BYTES
}

/// The browser's `fetch`, through gloo-net.
#[derive(Clone, Copy, Debug, Default)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    fn send(&self, request: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let failed = |e: wasm_bindgen::JsValue| {
                use wasm_bindgen::JsCast;
                TransportError(
                    e.dyn_ref::<js_sys::Error>().map_or_else(|| "fetch refused".into(), |e| e.message().into()),
                )
            };
            let init = web_sys::RequestInit::new();
            init.set_method(request.method);
            if request.immutable {
                init.set_cache(web_sys::RequestCache::ForceCache);
            }
            if keeps_alive(&request) {
                // `RequestInit.keepalive` is not in web-sys' bindings.
                let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &true.into());
            }
            let headers = web_sys::Headers::new().map_err(failed)?;
            for (name, value) in &request.headers {
                headers.append(name, value).map_err(failed)?;
            }
            init.set_headers(&headers);
            if let Some(body) = &request.body {
                init.set_body(&wasm_bindgen::JsValue::from_str(body));
            }
            // A read whose future is dropped (its page went away, a newer load replaced it) is aborted; a write
            // never is.
            let abort = (request.method == "GET").then(AbortOnDrop::new).flatten();
            if let Some(abort) = &abort {
                init.set_signal(Some(&abort.0.signal()));
            }
            let built = web_sys::Request::new_with_str_and_init(&request.url, &init).map_err(failed)?;
            let response =
                gloo_net::http::Request::from(built).send().await.map_err(|e| TransportError(e.to_string()))?;
            let headers = response.headers().entries().collect();
            let status = response.status();
            let body = response.text().await.map_err(|e| TransportError(e.to_string()))?;
            Ok(HttpResponse { status, headers, body })
        })
    }
}

/// Aborts its request when dropped (once the answer was read, aborting changes nothing).
struct AbortOnDrop(web_sys::AbortController);

impl AbortOnDrop {
    fn new() -> Option<Self> {
        web_sys::AbortController::new().ok().map(AbortOnDrop)
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
