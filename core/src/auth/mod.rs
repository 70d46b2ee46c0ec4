//! OAuth 2.0 authorization code flow with PKCE (S256) for a public client in the browser, as a static
//! Hugging Face Space allows. Pure: random bytes, time, storage contents and URLs are parameters; the web
//! crate supplies them and performs the requests.

mod base64url;
mod flow;
mod pkce;

pub use base64url::{decode as base64url_decode, encode as base64url_encode, encode_standard as base64_encode};
pub use flow::{
    authorization_url, check_id_token, id_token_payload, parse_callback, strip_callback_params, token_request_body,
    AuthError, Callback, Discovery, IdClaims, PendingLogin, Session, TokenResponse, EXPIRY_MARGIN_MS,
    PENDING_LOGIN_TTL_MS,
};
pub use pkce::Pkce;
