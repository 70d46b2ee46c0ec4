//! The steps of the flow: leave for the provider, come back, trade the code, keep the session.

use super::{base64url, Pkce};
use crate::route::{decode, encode, query_pairs};
use serde::{Deserialize, Serialize};

/// A sign-in older than this is refused on return: the provider's codes are short-lived anyway.
pub const PENDING_LOGIN_TTL_MS: f64 = 10.0 * 60.0 * 1000.0;
/// A session is treated as expired this long before the provider would say so, so that no answer is sent
/// with a token that dies on the way.
pub const EXPIRY_MARGIN_MS: f64 = 60.0 * 1000.0;

/// `/.well-known/openid-configuration`: the endpoints are discovered, never hard-coded; the document must
/// name the provider it was asked of as its issuer (OpenID Connect Discovery, section 4.3).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Discovery {
    #[serde(default)]
    pub issuer: Option<String>,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthError {
    /// The provider sent the user back with `error` (they declined, say).
    Provider { error: String, description: Option<String> },
    /// Back from the provider, but this browser holds no sign-in that started (a reload in between, another
    /// tab, cleared storage).
    NoPendingLogin,
    /// `state` does not match the one this browser sent: possibly a forged callback.
    StateMismatch,
    /// The ID token's nonce does not match the one this browser sent.
    NonceMismatch,
    /// The sign-in was started too long ago.
    TooOld,
    /// The provider's discovery document, the callback's `iss` or the ID token names another issuer than the
    /// provider this deployment trusts (a mix-up or a forgery).
    WrongIssuer { expected: String, found: String },
    /// The ID token was issued to another client.
    WrongAudience,
    /// The ID token has expired.
    ExpiredIdToken,
}

impl AuthError {
    pub fn message(&self) -> String {
        match self {
            AuthError::Provider { error, description: Some(d) } => format!("Sign-in failed: {error}: {d}"),
            AuthError::Provider { error, description: None } => format!("Sign-in failed: {error}"),
            AuthError::NoPendingLogin => {
                "This browser no longer has the sign-in you started (was the page reloaded?). Please sign in again."
                    .to_owned()
            }
            AuthError::StateMismatch => {
                "The sign-in response did not match the request this browser sent, so it was refused. Please sign in again."
                    .to_owned()
            }
            AuthError::NonceMismatch => "The identity token was not issued for this sign-in. Please sign in again.".to_owned(),
            AuthError::TooOld => "The sign-in took too long. Please sign in again.".to_owned(),
            AuthError::WrongIssuer { expected, found } => format!(
                "The sign-in answer came from “{found}”, not from the provider this site uses ({expected}), so it was refused."
            ),
            AuthError::WrongAudience => {
                "The identity token was issued to another application, so it was refused. Please sign in again.".to_owned()
            }
            AuthError::ExpiredIdToken => "The identity token has expired. Please sign in again.".to_owned(),
        }
    }
}

/// What this browser keeps between leaving for the provider and coming back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingLogin {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    /// Fixed per deployment (registered with the provider), never the current URL with its query.
    pub redirect_uri: String,
    /// The app page to return to afterwards (a hash route).
    pub return_to: String,
    pub started_at_ms: f64,
}

impl PendingLogin {
    /// `random`: 64 bytes from `crypto.getRandomValues`: 32 for the verifier, 16 each for state and nonce.
    pub fn new(random: &[u8; 64], redirect_uri: &str, return_to: &str, now_ms: f64) -> PendingLogin {
        let mut verifier = [0u8; 32];
        verifier.copy_from_slice(&random[..32]);
        PendingLogin {
            state: base64url::encode(&random[32..48]),
            nonce: base64url::encode(&random[48..64]),
            verifier: Pkce::from_random(&verifier).verifier().to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            return_to: return_to.to_owned(),
            started_at_ms: now_ms,
        }
    }
}

/// Issuers compare as URLs are written, but for a trailing slash.
fn same_issuer(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

impl Discovery {
    /// The document, if it was issued by `provider`, the issuer this deployment is configured with.
    pub fn verified(self, provider: &str) -> Result<Discovery, AuthError> {
        match &self.issuer {
            Some(issuer) if same_issuer(issuer, provider) => Ok(self),
            other => Err(AuthError::WrongIssuer {
                expected: provider.to_owned(),
                found: other.clone().unwrap_or_else(|| "(no issuer)".to_owned()),
            }),
        }
    }
}

/// Where to send the browser to sign in.
pub fn authorization_url(discovery: &Discovery, client_id: &str, scopes: &str, pending: &PendingLogin) -> String {
    let challenge = Pkce::from_verifier(&pending.verifier).map(|p| p.challenge()).unwrap_or_default();
    let separator = if discovery.authorization_endpoint.contains('?') { '&' } else { '?' };
    format!(
        "{}{separator}client_id={}&response_type=code&redirect_uri={}&scope={}&state={}&nonce={}&code_challenge={}&code_challenge_method=S256",
        discovery.authorization_endpoint,
        encode(client_id),
        encode(&pending.redirect_uri),
        encode(scopes),
        encode(&pending.state),
        encode(&pending.nonce),
        challenge,
    )
}

/// What the query string says on return from the provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    /// An ordinary page load.
    NotACallback,
    Error {
        error: String,
        description: Option<String>,
    },
    Code {
        code: String,
        state: String,
        /// The issuer the provider says sent it (RFC 9207), when it says.
        iss: Option<String>,
    },
}

/// Read `location.search` on load.
pub fn parse_callback(query: &str) -> Callback {
    let (mut code, mut state, mut error, mut description, mut iss) = (None, None, None, None, None);
    for (key, value) in query_pairs(query) {
        match key.as_str() {
            "code" => code = Some(value),
            "state" => state = Some(value),
            "error" => error = Some(value),
            "error_description" => description = Some(value),
            "iss" => iss = Some(value),
            _ => {}
        }
    }
    match (error, code, state) {
        (Some(error), _, _) => Callback::Error { error, description },
        (None, Some(code), state) => Callback::Code { code, state: state.unwrap_or_default(), iss },
        _ => Callback::NotACallback,
    }
}

impl Callback {
    /// Check a return from the provider against what this browser kept and the provider's `issuer`; on
    /// success, the code to trade.
    pub fn verify(self, pending: Option<&PendingLogin>, issuer: &str, now_ms: f64) -> Result<String, AuthError> {
        match self {
            Callback::NotACallback => Err(AuthError::NoPendingLogin),
            Callback::Error { error, description } => Err(AuthError::Provider { error, description }),
            Callback::Code { code, state, iss } => {
                let pending = pending.ok_or(AuthError::NoPendingLogin)?;
                if Pkce::from_verifier(&pending.verifier).is_none() {
                    return Err(AuthError::NoPendingLogin);
                }
                if !constant_time_eq(state.as_bytes(), pending.state.as_bytes()) {
                    return Err(AuthError::StateMismatch);
                }
                if now_ms - pending.started_at_ms > PENDING_LOGIN_TTL_MS {
                    return Err(AuthError::TooOld);
                }
                match iss {
                    Some(found) if !same_issuer(&found, issuer) => {
                        Err(AuthError::WrongIssuer { expected: issuer.to_owned(), found })
                    }
                    _ => Ok(code),
                }
            }
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The token request's form body. `client_id` is sent, as RFC 6749 requires of public clients.
pub fn token_request_body(code: &str, pending: &PendingLogin, client_id: &str) -> String {
    format!(
        "grant_type=authorization_code&code={}&redirect_uri={}&code_verifier={}&client_id={}",
        encode(code),
        encode(&pending.redirect_uri),
        encode(&pending.verifier),
        encode(client_id)
    )
}

/// The token endpoint's answer. Hugging Face issues no refresh token.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    #[serde(default)]
    pub token_type: Option<String>,
    #[serde(default)]
    pub expires_in: Option<f64>,
    #[serde(default)]
    pub id_token: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
}

/// The JSON payload of an ID token (its claims), for the caller to read the `nonce` from.
pub fn id_token_payload(id_token: &str) -> Option<Vec<u8>> {
    let mut parts = id_token.split('.');
    let (_header, payload) = (parts.next()?, parts.next()?);
    parts.next()?;
    base64url::decode(payload)
}

/// What an ID token claims that decides whether to believe it (the signature is the token endpoint's TLS:
/// the token came straight from the provider over the back channel, OpenID Connect Core 3.1.3.7).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct IdClaims {
    #[serde(default)]
    pub iss: Option<String>,
    /// One audience or several.
    #[serde(default, deserialize_with = "one_or_many")]
    pub aud: Vec<String>,
    /// Seconds since the epoch.
    #[serde(default)]
    pub exp: Option<f64>,
    #[serde(default)]
    pub nonce: Option<String>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct OneOrMany;
    impl<'de> serde::de::Visitor<'de> for OneOrMany {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string or a list of strings")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Vec<String>, E> {
            Ok(vec![value.to_owned()])
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut all = Vec::new();
            while let Some(one) = seq.next_element::<String>()? {
                all.push(one);
            }
            Ok(all)
        }
    }
    deserializer.deserialize_any(OneOrMany)
}

/// An ID token, when there is one, is believed only if `issuer` issued it, for `client_id`, it has not
/// expired, and it carries the nonce this browser sent. `claims` is `None` without an ID token.
pub fn check_id_token(
    claims: Option<&IdClaims>,
    issuer: &str,
    client_id: &str,
    pending: &PendingLogin,
    now_ms: f64,
) -> Result<(), AuthError> {
    let Some(claims) = claims else { return Ok(()) };
    let found = claims.iss.clone().unwrap_or_default();
    if !same_issuer(&found, issuer) {
        return Err(AuthError::WrongIssuer { expected: issuer.to_owned(), found });
    }
    if !claims.aud.iter().any(|aud| aud == client_id) {
        return Err(AuthError::WrongAudience);
    }
    if claims.exp.is_none_or(|exp| exp * 1000.0 <= now_ms) {
        return Err(AuthError::ExpiredIdToken);
    }
    match &claims.nonce {
        Some(nonce) if constant_time_eq(nonce.as_bytes(), pending.nonce.as_bytes()) => Ok(()),
        _ => Err(AuthError::NonceMismatch),
    }
}

/// A signed-in contributor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub access_token: String,
    /// `None` when the provider did not say.
    pub expires_at_ms: Option<f64>,
    pub username: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub avatar_url: Option<String>,
}

impl Session {
    pub fn expires_at(token: &TokenResponse, now_ms: f64) -> Option<f64> {
        token.expires_in.filter(|s| s.is_finite() && *s > 0.0).map(|s| now_ms + s * 1000.0)
    }

    /// Expired, or about to: ask to sign in again before sending anything with it.
    pub fn is_expired(&self, now_ms: f64) -> bool {
        self.expires_at_ms.is_some_and(|at| now_ms + EXPIRY_MARGIN_MS >= at)
    }
}

/// The current URL without the callback's parameters, for `history.replaceState`: a reload must not replay
/// the code, and the address bar should not show it.
pub fn strip_callback_params(url: &str) -> String {
    let (before_hash, hash) = match url.find('#') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let Some((base, query)) = before_hash.split_once('?') else { return url.to_owned() };
    const CALLBACK: &[&str] = &["code", "state", "iss", "error", "error_description", "error_uri", "session_state"];
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && !CALLBACK.contains(&decode(&key.replace('+', " ")).as_str())
        })
        .collect();
    if kept.is_empty() {
        format!("{base}{hash}")
    } else {
        format!("{base}?{}{hash}", kept.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUER: &str = "https://id.example";

    fn pending(now: f64) -> PendingLogin {
        let mut random = [0u8; 64];
        for (i, b) in random.iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(7);
        }
        PendingLogin::new(&random, "https://together.hf.space/", "#/t/mpep-ar", now)
    }

    fn discovery() -> Discovery {
        Discovery {
            issuer: Some("https://huggingface.co".into()),
            authorization_endpoint: "https://huggingface.co/oauth/authorize".into(),
            token_endpoint: "https://huggingface.co/oauth/token".into(),
            userinfo_endpoint: Some("https://huggingface.co/oauth/userinfo".into()),
        }
    }

    #[test]
    fn a_new_sign_in_draws_verifier_state_and_nonce_from_the_random_bytes() {
        let p = pending(0.0);
        assert_eq!(p.verifier.len(), 43);
        assert_eq!(p.state.len(), 22);
        assert_eq!(p.nonce.len(), 22);
        assert_ne!(p.state, p.nonce);
    }

    #[test]
    fn the_authorization_url_carries_the_s256_challenge_and_a_fixed_redirect() {
        let p = pending(0.0);
        let url = authorization_url(&discovery(), "client-1", "openid profile write-discussions", &p);
        assert!(url.starts_with("https://huggingface.co/oauth/authorize?client_id=client-1&response_type=code&"));
        assert!(url.contains("&redirect_uri=https%3A%2F%2Ftogether.hf.space%2F&"));
        assert!(url.contains("&scope=openid%20profile%20write-discussions&"));
        assert!(url.contains(&format!("&state={}&nonce={}&", p.state, p.nonce)));
        let challenge = Pkce::from_verifier(&p.verifier).unwrap().challenge();
        assert!(url.ends_with(&format!("&code_challenge={challenge}&code_challenge_method=S256")));
        let with_query = Discovery { authorization_endpoint: "https://id.example/auth?tenant=x".into(), ..discovery() };
        assert!(authorization_url(&with_query, "c", "openid", &p)
            .starts_with("https://id.example/auth?tenant=x&client_id=c"));
    }

    #[test]
    fn a_matching_return_yields_the_code() {
        let p = pending(0.0);
        let callback = parse_callback(&format!("?code=abc%2B1&state={}&iss=https%3A%2F%2Fid.example%2F", p.state));
        let iss = Some("https://id.example/".to_owned());
        assert_eq!(callback, Callback::Code { code: "abc+1".into(), state: p.state.clone(), iss });
        assert_eq!(callback.verify(Some(&p), ISSUER, 1_000.0), Ok("abc+1".into()));
    }

    #[test]
    fn a_tampered_state_is_refused() {
        let p = pending(0.0);
        let callback = parse_callback("code=abc&state=forged");
        assert_eq!(callback.verify(Some(&p), ISSUER, 1.0), Err(AuthError::StateMismatch));
        assert_eq!(parse_callback("code=abc").verify(Some(&p), ISSUER, 1.0), Err(AuthError::StateMismatch));
    }

    #[test]
    fn a_return_after_the_verifier_was_lost_asks_to_sign_in_again() {
        let p = pending(0.0);
        let callback = parse_callback(&format!("code=abc&state={}", p.state));
        assert_eq!(callback.clone().verify(None, ISSUER, 1.0), Err(AuthError::NoPendingLogin));
        let broken = PendingLogin { verifier: "short".into(), ..p };
        assert_eq!(callback.verify(Some(&broken), ISSUER, 1.0), Err(AuthError::NoPendingLogin));
        assert!(AuthError::NoPendingLogin.message().contains("sign in again"));
    }

    #[test]
    fn a_provider_error_is_shown_plainly() {
        let callback = parse_callback("error=access_denied&error_description=The+user+said+no&state=x");
        let error = callback.verify(Some(&pending(0.0)), ISSUER, 1.0).unwrap_err();
        assert_eq!(error.message(), "Sign-in failed: access_denied: The user said no");
    }

    #[test]
    fn a_sign_in_left_open_too_long_is_refused() {
        let p = pending(0.0);
        let callback = parse_callback(&format!("code=abc&state={}", p.state));
        assert_eq!(callback.verify(Some(&p), ISSUER, PENDING_LOGIN_TTL_MS + 1.0), Err(AuthError::TooOld));
    }

    #[test]
    fn an_ordinary_load_is_not_a_callback() {
        assert_eq!(parse_callback(""), Callback::NotACallback);
        assert_eq!(parse_callback("?argilla=https%3A%2F%2Fx"), Callback::NotACallback);
    }

    #[test]
    fn the_token_request_sends_the_verifier_and_the_client_id() {
        let p = pending(0.0);
        let body = token_request_body("the code", &p, "client-1");
        assert_eq!(
            body,
            format!(
                "grant_type=authorization_code&code=the%20code&redirect_uri=https%3A%2F%2Ftogether.hf.space%2F&code_verifier={}&client_id=client-1",
                p.verifier
            )
        );
    }

    #[test]
    fn the_id_token_must_carry_our_nonce() {
        let p = pending(0.0);
        let payload = format!("{{\"nonce\":\"{}\"}}", p.nonce);
        let jwt = format!("eyJhbGciOiJSUzI1NiJ9.{}.sig", base64url::encode(payload.as_bytes()));
        assert_eq!(id_token_payload(&jwt).unwrap(), payload.as_bytes());
        assert_eq!(id_token_payload("not-a-jwt"), None);
        let good = claims(&p);
        assert_eq!(check_id_token(Some(&good), ISSUER, "client-1", &p, 1_000.0), Ok(()));
        let other = IdClaims { nonce: Some("other".into()), ..good.clone() };
        assert_eq!(check_id_token(Some(&other), ISSUER, "client-1", &p, 1_000.0), Err(AuthError::NonceMismatch));
        let none = IdClaims { nonce: None, ..good };
        assert_eq!(check_id_token(Some(&none), ISSUER, "client-1", &p, 1_000.0), Err(AuthError::NonceMismatch));
        assert_eq!(check_id_token(None, ISSUER, "client-1", &p, 1_000.0), Ok(()), "plain OAuth without an ID token");
    }

    fn claims(p: &PendingLogin) -> IdClaims {
        IdClaims {
            iss: Some(ISSUER.into()),
            aud: vec!["client-1".into()],
            exp: Some(3_600.0),
            nonce: Some(p.nonce.clone()),
        }
    }

    #[test]
    fn an_id_token_from_another_issuer_for_another_client_or_expired_is_refused() {
        let p = pending(0.0);
        let good = claims(&p);
        let forged = IdClaims { iss: Some("https://evil.example".into()), ..good.clone() };
        assert_eq!(
            check_id_token(Some(&forged), ISSUER, "client-1", &p, 1_000.0),
            Err(AuthError::WrongIssuer { expected: ISSUER.into(), found: "https://evil.example".into() })
        );
        let elsewhere = IdClaims { aud: vec!["other-app".into()], ..good.clone() };
        assert_eq!(check_id_token(Some(&elsewhere), ISSUER, "client-1", &p, 1_000.0), Err(AuthError::WrongAudience));
        assert_eq!(check_id_token(Some(&good), ISSUER, "client-1", &p, 3_600_000.0), Err(AuthError::ExpiredIdToken));
        let no_expiry = IdClaims { exp: None, ..good.clone() };
        assert_eq!(check_id_token(Some(&no_expiry), ISSUER, "client-1", &p, 1.0), Err(AuthError::ExpiredIdToken));
        let several: IdClaims = serde_json::from_str(&format!(
            r#"{{"iss":"{ISSUER}/","aud":["x","client-1"],"exp":3600,"nonce":"{}"}}"#,
            p.nonce
        ))
        .unwrap();
        assert_eq!(check_id_token(Some(&several), ISSUER, "client-1", &p, 1_000.0), Ok(()));
    }

    #[test]
    fn a_discovery_document_naming_another_issuer_is_refused() {
        let document = Discovery { issuer: Some("https://evil.example".into()), ..discovery() };
        assert!(matches!(document.verified("https://huggingface.co"), Err(AuthError::WrongIssuer { .. })));
        let unnamed = Discovery { issuer: None, ..discovery() };
        assert!(matches!(unnamed.verified("https://huggingface.co"), Err(AuthError::WrongIssuer { .. })));
        assert!(discovery().verified("https://huggingface.co/").is_ok());
    }

    #[test]
    fn a_callback_from_another_issuer_is_refused_rfc_9207() {
        let p = pending(0.0);
        let mixed_up = parse_callback(&format!("code=abc&state={}&iss=https%3A%2F%2Fevil.example", p.state));
        assert_eq!(
            mixed_up.verify(Some(&p), ISSUER, 1.0),
            Err(AuthError::WrongIssuer { expected: ISSUER.into(), found: "https://evil.example".into() })
        );
        let silent = parse_callback(&format!("code=abc&state={}", p.state));
        assert_eq!(silent.verify(Some(&p), ISSUER, 1.0), Ok("abc".into()), "iss is optional");
    }

    #[test]
    fn a_session_expires_a_minute_early_and_never_when_the_provider_did_not_say() {
        let token = TokenResponse {
            access_token: "hf_oauth_x".into(),
            token_type: None,
            expires_in: Some(28_800.0),
            id_token: None,
            scope: None,
        };
        let at = Session::expires_at(&token, 1_000.0).unwrap();
        assert_eq!(at, 1_000.0 + 28_800_000.0);
        let session = Session {
            access_token: "t".into(),
            expires_at_ms: Some(at),
            username: "ana".into(),
            name: None,
            avatar_url: None,
        };
        assert!(!session.is_expired(at - EXPIRY_MARGIN_MS - 1.0));
        assert!(session.is_expired(at - EXPIRY_MARGIN_MS));
        let forever = Session { expires_at_ms: None, ..session };
        assert!(!forever.is_expired(f64::MAX));
        let odd = TokenResponse { expires_in: Some(-5.0), ..token };
        assert_eq!(Session::expires_at(&odd, 0.0), None);
    }

    #[test]
    fn the_callback_parameters_leave_the_address_bar_and_the_rest_stays() {
        assert_eq!(strip_callback_params("https://x.hf.space/?code=a&state=b&iss=c"), "https://x.hf.space/");
        assert_eq!(
            strip_callback_params("https://x.hf.space/index.html?argilla=u&code=a&state=b#/t/r"),
            "https://x.hf.space/index.html?argilla=u#/t/r"
        );
        assert_eq!(strip_callback_params("https://x/?error=access_denied&error_description=no"), "https://x/");
        assert_eq!(strip_callback_params("https://x/#/t"), "https://x/#/t");
    }
}
