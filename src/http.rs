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
}

impl HttpRequest {
    pub fn get(url: impl Into<String>) -> Self {
        HttpRequest { method: "GET", url: url.into(), headers: Vec::new(), body: None }
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

/// The browser's `fetch`, through gloo-net.
#[derive(Clone, Copy, Debug, Default)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    fn send(&self, request: HttpRequest) -> LocalFuture<Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            use gloo_net::http::{Method, RequestBuilder};
            let method = match request.method {
                "POST" => Method::POST,
                "PUT" => Method::PUT,
                "PATCH" => Method::PATCH,
                "DELETE" => Method::DELETE,
                _ => Method::GET,
            };
            let mut builder = RequestBuilder::new(&request.url).method(method);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            let sent = match request.body {
                Some(body) => builder.body(body).map_err(|e| TransportError(e.to_string()))?.send().await,
                None => builder.send().await,
            };
            let response = sent.map_err(|e| TransportError(e.to_string()))?;
            let headers = response.headers().entries().collect();
            let status = response.status();
            let body = response.text().await.map_err(|e| TransportError(e.to_string()))?;
            Ok(HttpResponse { status, headers, body })
        })
    }
}
