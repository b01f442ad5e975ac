//! Signing in with a password and out again. The sign-in form is protected by a
//! double-submit CSRF cookie (there is no session yet to derive a token from);
//! the password is checked by `App::sign_in`, which throttles guesses per
//! (client address, account).

use crate::client::Client;
use crate::error::WebError;
use crate::fields::Fields;
use crate::flash::Flash;
use crate::layout::{Layout, render};
use crate::oidc::SignOn;
use crate::session::{
    SESSION_COOKIE, SIGNIN_CSRF_COOKIE, WebUser, cookie, random_hex, same, set_cookie,
};
use askama::Template;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use muster_app::App;
use muster_app::actor::{self as auth, WEB_SESSION};
use muster_app::signin::SignIn;
use serde::Deserialize;
use std::time::Duration;

/// Twelve hours, like the session itself.
pub(crate) const SESSION_MAX_AGE: u64 = 12 * 60 * 60;

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    layout: Layout,
    form_token: String,
    next: String,
    email: String,
    /// "Sign in with <provider>", when sign-on is configured.
    sso_name: String,
    sso_href: String,
    passwords: bool,
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Only local paths: a sign-in link must not bounce the user to another site.
pub(crate) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

pub(crate) fn show(
    headers: &HeaderMap,
    sign_on: &SignOn,
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
            sso_href: format!(
                "/auth/oidc/start?next={}",
                form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
            ),
            sso_name: sign_on.button().unwrap_or("").to_owned(),
            passwords: sign_on.passwords(),
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

pub async fn page(
    Extension(sign_on): Extension<SignOn>,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Response {
    show(
        &headers,
        &sign_on,
        StatusCode::OK,
        safe_next(q.next.as_deref()),
        String::new(),
        None,
    )
}

fn wait_message(wait: Duration) -> Flash {
    Flash::error(format!(
        "Too many wrong passwords for this account from your address: wait {} s and try again. \
         Signing in from anywhere else is not slowed down.",
        whole_seconds(wait)
    ))
}

/// Rounded up, so that trying again after this many seconds is never early.
fn whole_seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

pub async fn submit(
    State(app): State<App>,
    Extension(sign_on): Extension<SignOn>,
    Client(client): Client,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Fields::parse(&body);
    let next = safe_next(form.get("next"));
    let email = form.get("email").unwrap_or("").trim().to_lowercase();
    let sign_on = &sign_on;
    if !sign_on.passwords() {
        tracing::warn!(email = %email, "password sign-in refused: passwords are switched off");
        let message = format!(
            "Password sign-in is switched off on this server: sign in with {}.",
            sign_on.button().unwrap_or("the identity provider")
        );
        return show(
            &headers,
            sign_on,
            StatusCode::FORBIDDEN,
            next,
            email,
            Some(Flash::error(message)),
        );
    }
    let expected = cookie(&headers, SIGNIN_CSRF_COOKIE).unwrap_or("");
    if expected.is_empty() || !same(form.get("csrf").unwrap_or(""), expected) {
        return show(
            &headers,
            sign_on,
            StatusCode::FORBIDDEN,
            next,
            email,
            Some(Flash::error(
                "This sign-in form has expired or came from another site: try again.",
            )),
        );
    }
    let password = form.get("password").unwrap_or("").to_owned();
    let person = match app.sign_in(client, &email, password).await {
        Ok(SignIn::Accepted(person)) => person,
        Ok(SignIn::Throttled { wait }) => {
            let mut response = show(
                &headers,
                sign_on,
                StatusCode::TOO_MANY_REQUESTS,
                next,
                email,
                Some(wait_message(wait)),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(whole_seconds(wait)));
            return response;
        }
        Ok(SignIn::Refused { wait }) => {
            let message = match wait {
                Some(wait) => wait_message(wait),
                None => Flash::error("That email and password do not match a login. Try again."),
            };
            return show(
                &headers,
                sign_on,
                StatusCode::UNAUTHORIZED,
                next,
                email,
                Some(message),
            );
        }
        Err(e) => return WebError::from(e).into_response(),
    };
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
