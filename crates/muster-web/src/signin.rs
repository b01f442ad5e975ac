//! Signing in with a password and out again. The sign-in form is protected by a
//! double-submit CSRF cookie (there is no session yet to derive a token from);
//! failures are slowed down per email and per address.

use crate::error::WebError;
use crate::fields::Fields;
use crate::flash::Flash;
use crate::layout::{Layout, render};
use crate::session::{
    SESSION_COOKIE, SIGNIN_CSRF_COOKIE, WebUser, cookie, random_hex, same, set_cookie,
};
use crate::throttle::Throttle;
use askama::Template;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use muster_app::App;
use muster_app::actor::{self as auth, WEB_SESSION};
use serde::Deserialize;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// Twelve hours, like the session itself.
const SESSION_MAX_AGE: u64 = 12 * 60 * 60;

/// A hash of a password nobody has, so that an unknown email costs the same
/// argon2 work as a known one and timing does not reveal who has a login.
fn decoy_hash() -> String {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY
        .get_or_init(|| auth::hash_password(&random_hex()).unwrap_or_default())
        .clone()
}

/// The peer's address when the server was started with connection info.
pub struct Peer(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Peer(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    layout: Layout,
    form_token: String,
    next: String,
    email: String,
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Only local paths: a sign-in link must not bounce the user to another site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

fn show(
    headers: &HeaderMap,
    status: StatusCode,
    next: String,
    email: String,
    message: Option<Flash>,
) -> Response {
    let mut layout = Layout::anonymous("Sign in", headers);
    let had_flash = layout.flash.is_some();
    if message.is_some() {
        layout.flash = message;
    }
    let form_token = cookie(headers, SIGNIN_CSRF_COOKIE)
        .filter(|t| t.len() == 64)
        .map(str::to_owned)
        .unwrap_or_else(random_hex);
    let mut response = render(
        status,
        headers,
        had_flash,
        &SignInPage {
            layout,
            form_token: form_token.clone(),
            next,
            email,
        },
    );
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(headers, SIGNIN_CSRF_COOKIE, &form_token, 3600),
    );
    response
}

pub async fn page(headers: HeaderMap, Query(q): Query<NextQuery>) -> Response {
    show(
        &headers,
        StatusCode::OK,
        safe_next(q.next.as_deref()),
        String::new(),
        None,
    )
}

fn wait_message(wait: std::time::Duration) -> Flash {
    Flash::error(format!(
        "Too many failed sign-ins for this account or from this address: sign-ins are slowed down. Wait {} s and try again.",
        wait.as_secs().max(1)
    ))
}

pub async fn submit(
    State(app): State<App>,
    Extension(throttle): Extension<Arc<Throttle>>,
    Peer(peer): Peer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Fields::parse(&body);
    let next = safe_next(form.get("next"));
    let email = form.get("email").unwrap_or("").to_lowercase();
    let expected = cookie(&headers, SIGNIN_CSRF_COOKIE).unwrap_or("");
    if expected.is_empty() || !same(form.get("csrf").unwrap_or(""), expected) {
        return show(
            &headers,
            StatusCode::FORBIDDEN,
            next,
            email,
            Some(Flash::error(
                "This sign-in form has expired or came from another site: try again.",
            )),
        );
    }
    if let Some(wait) = throttle.wait(&email, peer) {
        return show(
            &headers,
            StatusCode::TOO_MANY_REQUESTS,
            next,
            email,
            Some(wait_message(wait)),
        );
    }
    let password = form.get("password").unwrap_or("").to_owned();
    let person = match app.directory().person_by_contact(&email).await {
        Ok(p) => p,
        Err(e) => return WebError::from(e).into_response(),
    };
    let user = match &person {
        Some(p) => match app.logins().user(p.id).await {
            Ok(u) => u,
            Err(e) => return WebError::from(e).into_response(),
        },
        None => None,
    };
    let phc = user.as_ref().and_then(|u| u.password_hash.clone());
    let has_password = user.as_ref().is_some_and(|u| u.password_hash.is_some());
    // argon2 is deliberately slow: keep it off the async workers.
    let matches = tokio::task::spawn_blocking(move || {
        let phc = phc.unwrap_or_else(decoy_hash);
        auth::verify_password(&password, &phc)
    })
    .await
    .unwrap_or(false);
    let (Some(person), true, true) = (person, has_password, matches) else {
        throttle.failed(&email, peer);
        let message = match throttle.wait(&email, peer) {
            Some(wait) => wait_message(wait),
            None => Flash::error("That email and password do not match a login. Try again."),
        };
        return show(
            &headers,
            StatusCode::UNAUTHORIZED,
            next,
            email,
            Some(message),
        );
    };
    throttle.succeeded(&email);
    let token = match auth::mint_token(app.logins(), person.id, WEB_SESSION).await {
        Ok(t) => t,
        Err(e) => return WebError::from(e).into_response(),
    };
    tracing::info!(person = %person.id, "signed in to the web UI");
    let mut response = Redirect::to(&next).into_response();
    let h = response.headers_mut();
    h.append(
        header::SET_COOKIE,
        set_cookie(&headers, SESSION_COOKIE, &token.token, SESSION_MAX_AGE),
    );
    h.append(
        header::SET_COOKIE,
        set_cookie(&headers, SIGNIN_CSRF_COOKIE, "", 0),
    );
    response
}

pub async fn signout(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Fields::parse(&body);
    if let Err(e) = user.check_csrf(form.get("csrf")) {
        return e.into_response();
    }
    let now = jiff::Timestamp::now().as_microsecond();
    if let Err(e) = app.logins().revoke_token(user.session, now).await {
        tracing::warn!(error = %e, "could not revoke a web session at sign-out");
    }
    // The same secret must stop working on the API at once.
    app.forget_tokens();
    let mut response = Redirect::to("/signin").into_response();
    let h = response.headers_mut();
    h.append(
        header::SET_COOKIE,
        set_cookie(&headers, SESSION_COOKIE, "", 0),
    );
    h.append(
        header::SET_COOKIE,
        Flash::ok("Signed out.").cookie(&headers),
    );
    response
}
