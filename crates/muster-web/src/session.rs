//! Browser sessions. A session is an API token row named "web session" whose
//! secret lives only in the `HttpOnly` cookie; signing out revokes the row, and
//! a session older than twelve hours is refused (and revoked when seen). Every
//! form carries a CSRF token derived from the session secret, so a page on
//! another site cannot post on the user's behalf.

use crate::error::WebError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use muster_app::App;
use muster_app::actor::{self as auth, Actor};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub const SESSION_COOKIE: &str = "muster_session";
/// The pre-session CSRF cookie of the sign-in form (double-submit).
pub const SIGNIN_CSRF_COOKIE: &str = "muster_signin";

/// The signed-in user of a web request.
#[derive(Debug, Clone)]
pub struct WebUser {
    pub actor: Actor,
    pub session: Uuid,
    /// The token every form of this session must send back.
    pub csrf: String,
}

/// The CSRF token of a session: public, but only computable from its secret.
pub fn csrf_token(session_secret: &str) -> String {
    let mut h = Sha256::new();
    h.update(session_secret.as_bytes());
    h.update(b"\0muster web form");
    hex::encode(h.finalize())
}

/// Compares without an early exit, so timing tells nothing about the token.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// Whether the browser reached us over TLS (directly or through a proxy).
pub fn is_https(headers: &HeaderMap) -> bool {
    let header_says = |name: &str, needle: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains(needle))
    };
    header_says("x-forwarded-proto", "https") || header_says("forwarded", "proto=https")
}

/// A `Set-Cookie` value: always `HttpOnly`, `SameSite=Lax`, `Path=/`, and
/// `Secure` when served over TLS. `max_age` of 0 deletes the cookie.
pub fn set_cookie(headers: &HeaderMap, name: &str, value: &str, max_age: u64) -> HeaderValue {
    let secure = if is_https(headers) { "; Secure" } else { "" };
    let text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// A fresh random token for cookies (hex, 256 bits).
pub fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    if getrandom::fill(&mut bytes).is_err() {
        // Without randomness no token is safe; an empty one never matches a form.
        return String::new();
    }
    hex::encode(bytes)
}

impl FromRequestParts<App> for WebUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, WebError> {
        if let Some(user) = parts.extensions.get::<WebUser>() {
            return Ok(user.clone());
        }
        let next = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into());
        let sign_in = || WebError::SignIn { next: next.clone() };
        let Some(secret) = cookie(&parts.headers, SESSION_COOKIE).filter(|s| !s.is_empty()) else {
            return Err(sign_in());
        };
        let token = app
            .logins()
            .token_by_hash(&auth::token_hash(secret))
            .await?
            .filter(|t| t.name == auth::WEB_SESSION)
            .ok_or_else(sign_in)?;
        let now = jiff::Timestamp::now().as_microsecond();
        if auth::is_expired_session(&token, now) {
            // Dead sessions stop working on the API at once too.
            if let Err(e) = app.logins().revoke_token(token.id, now).await {
                tracing::warn!(error = %e, "could not revoke an expired web session");
            }
            app.forget_tokens();
            return Err(sign_in());
        }
        let peer = parts
            .extensions
            .get::<axum::extract::connect_info::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string());
        let actor = auth::actor_for_person(app, token.person)
            .await?
            .ok_or_else(sign_in)?
            .from_source(peer);
        let user = WebUser {
            actor,
            session: token.id,
            csrf: csrf_token(secret),
        };
        parts.extensions.insert(user.clone());
        Ok(user)
    }
}

impl WebUser {
    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, sent: Option<&str>) -> Result<(), WebError> {
        match sent {
            Some(t) if same(t, &self.csrf) => Ok(()),
            _ => Err(WebError::Csrf),
        }
    }
}
