//! How a form's outcome reaches the person. Without JavaScript: a redirect back
//! to the page with a one-shot message (POST → redirect → GET). With it, the
//! page's script posts with `X-Muster-Fetch` and gets the same outcome as JSON,
//! so the room stays in place and keeps what was typed.

use crate::error::{WebError, sign_in_url};
use crate::flash::Flash;
use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use muster_app::AppError;
use serde::Serialize;

pub const FETCH_HEADER: &str = "x-muster-fetch";

#[derive(Debug, Serialize)]
struct Outcome<'a> {
    ok: bool,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    /// Where the browser should go next (a new incident, the sign-in page).
    #[serde(skip_serializing_if = "Option::is_none")]
    redirect: Option<String>,
}

pub fn is_fetch(headers: &HeaderMap) -> bool {
    headers.contains_key(FETCH_HEADER)
}

/// A form that did what it said: go to `to` and say `message` there.
pub fn done(headers: &HeaderMap, to: &str, message: impl Into<String>) -> Response {
    let flash = Flash::ok(message);
    if is_fetch(headers) {
        return Json(Outcome {
            ok: true,
            message: &flash.message,
            rule: None,
            field: None,
            redirect: Some(to.to_owned()),
        })
        .into_response();
    }
    let mut response = Redirect::to(to).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, flash.cookie(headers));
    response
}

/// A form the rules (or the input) refused: back to `back`, with the reason.
/// A refusal is never a 500: the domain's message, with its rule, is shown.
pub fn refused(headers: &HeaderMap, back: &str, error: WebError) -> Response {
    if let WebError::SignIn { .. } = &error {
        if is_fetch(headers) {
            let to = sign_in_url(back);
            return (
                StatusCode::UNAUTHORIZED,
                Json(Outcome {
                    ok: false,
                    message: "Your session has ended: sign in again.",
                    rule: None,
                    field: None,
                    redirect: Some(to),
                }),
            )
                .into_response();
        }
        return error.into_response();
    }
    let (rule, field) = match &error {
        WebError::Api(AppError::Rejected(r)) => (
            r.rule.map(muster_domain::Rule::number),
            r.field.map(str::to_owned),
        ),
        WebError::Api(AppError::Invalid { field, .. }) => (None, field.clone()),
        _ => (None, None),
    };
    let (status, message) = error.status_and_message();
    if is_fetch(headers) {
        return (
            status,
            Json(Outcome {
                ok: false,
                message: &message,
                rule,
                field,
                redirect: None,
            }),
        )
            .into_response();
    }
    let mut response = Redirect::to(back).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, Flash::error(message).cookie(headers));
    response
}
