//! The administration pages: the people directory and their logins and
//! passwords, API tokens, the on-call rota, the audit of restricted reads,
//! verification of any log, and webhook subscriptions with the delivery log.
//! Administrators only: anyone else gets a 403 page. Every change goes
//! through the same `App` methods the JSON API's routes call (`muster_app::
//! admin`), so the CLI and these pages cannot check a field differently.

mod audit;
mod people;
mod rota;
mod tokens;
mod webhooks;

use crate::error::WebError;
use crate::fields::Fields;
use crate::respond::{done, refused};
use crate::session::WebUser;
use axum::Router;
use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use muster_app::{App, AppError};

/// The admin pages' routes, merged into the web router.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/admin", get(index))
        .route("/admin/people", get(people::list).post(people::add))
        .route(
            "/admin/people/{key}",
            get(people::edit).post(people::change),
        )
        .route("/admin/people/{key}/login", post(people::login))
        .route("/admin/tokens", get(tokens::list).post(tokens::mint))
        .route("/admin/tokens/{id}/revoke", post(tokens::revoke))
        .route("/admin/rota", get(rota::list).post(rota::add))
        .route("/admin/rota/{id}/remove", post(rota::remove))
        .route("/admin/audit", get(audit::list))
        .route("/admin/verify", get(audit::verify))
        .route("/admin/webhooks", get(webhooks::list).post(webhooks::add))
        .route("/admin/webhooks/{id}/delete", post(webhooks::delete))
}

async fn index(user: WebUser) -> Result<impl IntoResponse, WebError> {
    require(&user)?;
    Ok(Redirect::to("/admin/people"))
}

/// Refuses anyone but an administrator, in the API's words.
pub fn require(user: &WebUser) -> Result<(), WebError> {
    muster_app::actor::require_admin(&user.actor, "use the administration pages")?;
    Ok(())
}

/// An administrator's form: the right and the CSRF token checked before any
/// field is read.
pub fn form(user: &WebUser, body: &Bytes) -> Result<Fields, WebError> {
    require(user)?;
    let form = Fields::parse(body);
    user.check_csrf(form.get("csrf"))?;
    Ok(form)
}

/// A uuid from a path, or a 404 in words.
pub fn id(raw: &str, what: &str) -> Result<uuid::Uuid, WebError> {
    uuid::Uuid::parse_str(raw.trim())
        .map_err(|_| WebError::Api(AppError::NotFound(format!("no {what} {raw}"))))
}

/// A form's answer: on success to `to` with a message; a non-administrator
/// gets the 403 page (there is no admin page to go back to); any other
/// refusal goes back to `back` with the reason, as the room's forms do.
pub fn reply(
    headers: &HeaderMap,
    back: &str,
    outcome: Result<(String, String), WebError>,
) -> Response {
    match outcome {
        Ok((to, message)) => done(headers, &to, message),
        Err(e @ WebError::Api(AppError::Forbidden(_))) => e.into_response(),
        Err(e) => refused(headers, back, e),
    }
}
