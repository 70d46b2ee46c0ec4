//! Hugging Face sign-in (OAuth 2.0 with PKCE) in the browser, as a static Space allows: the pure steps live in
//! `together_core::auth`; this module supplies the random bytes, the storage, the requests and the address bar.

use crate::http::{HttpRequest, Transport};
use crate::json;
use crate::storage::LocalStore;
use crate::sync::now_ms;
use together_core::auth::{self, AuthError, Callback, Discovery, IdClaims, PendingLogin, Session, TokenResponse};
use together_core::config::AppConfig;
use together_core::wire::hub::{ErrorBody, UserInfo};
use wasm_bindgen::JsValue;

const PENDING_KEY: &str = "pending-login";
pub const SESSION_KEY: &str = "session";
const DEFAULT_SCOPES: &str = "openid profile";

/// The OAuth client this deployment signs in with.
#[derive(Clone, Debug, PartialEq)]
pub struct OAuthClient {
    pub client_id: String,
    pub scopes: String,
    /// The issuer: its `/.well-known/openid-configuration` names the endpoints.
    pub provider: String,
}

fn space_variable(name: &str) -> Option<String> {
    let window: JsValue = web_sys::window()?.into();
    let hf = js_sys::Reflect::get(&window, &"huggingface".into()).ok().filter(|v| v.is_object())?;
    let variables = js_sys::Reflect::get(&hf, &"variables".into()).ok().filter(|v| v.is_object())?;
    js_sys::Reflect::get(&variables, &name.into()).ok()?.as_string().filter(|v| !v.trim().is_empty())
}

/// Inside a Space with `hf_oauth: true`, the Space's client (`window.huggingface.variables`); elsewhere the
/// `oauth` client of `config.json`. The provider defaults to the Hub itself.
pub fn oauth_client(config: &AppConfig) -> Option<OAuthClient> {
    let hub = config.hub.endpoint.trim_end_matches('/').to_owned();
    if let Some(client_id) = space_variable("OAUTH_CLIENT_ID") {
        return Some(OAuthClient {
            client_id,
            scopes: space_variable("OAUTH_SCOPES").unwrap_or_else(|| DEFAULT_SCOPES.to_owned()),
            provider: space_variable("OPENID_PROVIDER_URL").unwrap_or(hub),
        });
    }
    let oauth = config.oauth.as_ref()?;
    Some(OAuthClient {
        client_id: oauth.client_id.clone(),
        scopes: oauth.scopes.clone().unwrap_or_else(|| DEFAULT_SCOPES.to_owned()),
        provider: oauth.provider_url.clone().unwrap_or(hub).trim_end_matches('/').to_owned(),
    })
}

/// The fixed address the provider sends the browser back to: this page, without query or hash.
pub fn redirect_uri() -> String {
    web_sys::window()
        .and_then(|w| {
            let location = w.location();
            Some(format!("{}{}", location.origin().ok()?, location.pathname().ok()?))
        })
        .unwrap_or_default()
}

/// Whether the app is shown inside another page (the Space page frames it), where a sign-in cannot finish.
pub fn is_framed() -> bool {
    web_sys::window().and_then(|w| w.top().ok().flatten().map(|top| top != w)).unwrap_or(false)
}

fn message_of(status: u16, body: &str) -> String {
    let detail = json::parse::<ErrorBody>(body).ok().and_then(ErrorBody::text);
    match detail {
        Some(detail) => format!("HTTP {status}: {detail}"),
        None => format!("HTTP {status}"),
    }
}

async fn discover(transport: &dyn Transport, provider: &str) -> Result<Discovery, String> {
    let url = format!("{provider}/.well-known/openid-configuration");
    let response = transport
        .send(HttpRequest::get(url))
        .await
        .map_err(|e| format!("The sign-in provider {provider} could not be reached ({}).", e.0))?;
    if response.status != 200 {
        return Err(format!(
            "The sign-in provider {provider} answered {}.",
            message_of(response.status, &response.body)
        ));
    }
    json::parse::<Discovery>(&response.body)
        .map_err(|e| format!("The sign-in provider's configuration is not valid: {e}"))?
        .verified(provider)
        .map_err(|e| e.message())
}

fn random_bytes() -> Result<[u8; 64], String> {
    let mut bytes = [0u8; 64];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok()).ok_or("This browser has no secure random numbers.")?;
    crypto.get_random_values_with_u8_array(&mut bytes).map_err(|_| "This browser has no secure random numbers.")?;
    Ok(bytes)
}

/// Prepare a sign-in: draw the verifier, state and nonce, keep them for the return, and say where to go.
pub async fn start(
    transport: &dyn Transport,
    client: &OAuthClient,
    storage: &LocalStore,
    return_to: &str,
) -> Result<String, String> {
    let discovery = discover(transport, &client.provider).await?;
    let pending = PendingLogin::new(&random_bytes()?, &redirect_uri(), return_to, now_ms());
    let text = json::stringify(&pending)?;
    storage.set(PENDING_KEY, &text).map_err(|_| "This browser cannot keep the sign-in (storage is blocked).")?;
    Ok(auth::authorization_url(&discovery, &client.client_id, &client.scopes, &pending))
}

/// On load: if the provider just sent the browser back, finish the sign-in. `None` on an ordinary load.
/// The code and state leave the address bar first, whatever happens next, and the verifier is forgotten.
pub async fn complete(
    transport: &dyn Transport,
    client: Option<&OAuthClient>,
    storage: &LocalStore,
) -> Option<Result<Session, String>> {
    let window = web_sys::window()?;
    let callback = auth::parse_callback(&window.location().search().ok()?);
    if callback == Callback::NotACallback {
        return None;
    }
    let href = window.location().href().ok()?;
    let pending = storage.read_json::<PendingLogin>(PENDING_KEY, now_ms()).ok().flatten();
    storage.remove(PENDING_KEY);
    let mut clean = auth::strip_callback_params(&href);
    if let Some(pending) = &pending {
        if !pending.return_to.is_empty() {
            clean = format!("{}{}", clean.split('#').next().unwrap_or_default(), pending.return_to);
        }
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&clean));
    }
    let Some(client) = client else {
        return Some(Err("Sign-in is not set up for this page (no OAuth client).".to_owned()));
    };
    Some(finish(transport, client, callback, pending).await)
}

async fn finish(
    transport: &dyn Transport,
    client: &OAuthClient,
    callback: Callback,
    pending: Option<PendingLogin>,
) -> Result<Session, String> {
    let now = now_ms();
    // The provider's own refusal needs no network to be said.
    if let Callback::Error { error, description } = callback {
        return Err(AuthError::Provider { error, description }.message());
    }
    let discovery = discover(transport, &client.provider).await?;
    let issuer = discovery.issuer.clone().unwrap_or_default();
    let code = callback.verify(pending.as_ref(), &issuer, now).map_err(|e| e.message())?;
    let pending = pending.ok_or_else(|| AuthError::NoPendingLogin.message())?;
    let request = HttpRequest {
        method: "POST",
        url: discovery.token_endpoint.clone(),
        headers: vec![
            ("Content-Type".to_owned(), "application/x-www-form-urlencoded".to_owned()),
            ("Accept".to_owned(), "application/json".to_owned()),
        ],
        body: Some(auth::token_request_body(&code, &pending, &client.client_id)),
        immutable: false,
    };
    let response =
        transport.send(request).await.map_err(|e| format!("The sign-in could not be completed ({}).", e.0))?;
    if response.status != 200 {
        return Err(format!("Sign-in failed: {}", message_of(response.status, &response.body)));
    }
    let token = json::parse::<TokenResponse>(&response.body).map_err(|e| format!("Sign-in failed: {e}"))?;
    // An ID token that cannot be read counts as one with no claims: refused below, never skipped.
    let claims = token.id_token.as_deref().map(|jwt| {
        auth::id_token_payload(jwt)
            .and_then(|payload| String::from_utf8(payload).ok())
            .and_then(|text| json::parse::<IdClaims>(&text).ok())
            .unwrap_or_default()
    });
    auth::check_id_token(claims.as_ref(), &issuer, &client.client_id, &pending, now).map_err(|e| e.message())?;
    let userinfo = discovery.userinfo_endpoint.clone().ok_or("The sign-in provider has no userinfo endpoint.")?;
    let response = transport
        .send(HttpRequest {
            method: "GET",
            url: userinfo,
            headers: vec![("Authorization".to_owned(), format!("Bearer {}", token.access_token))],
            body: None,
            immutable: false,
        })
        .await
        .map_err(|e| format!("Your profile could not be read ({}).", e.0))?;
    if response.status != 200 {
        return Err(format!("Your profile could not be read: {}", message_of(response.status, &response.body)));
    }
    let info = json::parse::<UserInfo>(&response.body).map_err(|e| format!("Your profile could not be read: {e}"))?;
    let username = info.username().ok_or("The sign-in provider did not say who you are.")?.to_owned();
    Ok(Session {
        expires_at_ms: Session::expires_at(&token, now),
        access_token: token.access_token,
        username,
        name: info.name,
        avatar_url: info.picture,
    })
}
