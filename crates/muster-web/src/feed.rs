//! The calls feed's one-click subscription: the room's button mints a token
//! that reads only this incident's `calls.ics` (`muster_app::admin::tokens`),
//! and the answer page carries it in a `webcal://` link a calendar app opens
//! and an `https://` link for the others. The token is shown on that page
//! only; revoking it (the admin tokens page, or `muster token revoke`) stops
//! the calendar.

use crate::error::WebError;
use crate::fields::Fields;
use crate::layout::{Layout, render};
use crate::respond::refused;
use crate::room;
use crate::session::{WebUser, is_https};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use muster_app::App;

#[derive(Template)]
#[template(path = "feed.html")]
struct FeedPage {
    layout: Layout,
    reference: String,
    webcal: String,
    https: String,
}

/// The host the browser reached us at, when it is a plain host name.
fn host(headers: &HeaderMap) -> Option<String> {
    let h = headers.get(header::HOST)?.to_str().ok()?.trim();
    h.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        .then(|| h.to_owned())
        .filter(|h| !h.is_empty())
}

pub async fn mint(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(reference): Path<String>,
    body: Bytes,
) -> Response {
    let back = format!("/incidents/{reference}");
    let outcome = async {
        let form = Fields::parse(&body);
        user.check_csrf(form.get("csrf"))?;
        let token = app
            .mint_feed_token(&user.actor, &reference)
            .await
            .map_err(|e| room::missing_incident(&reference, e))?;
        let host = host(&headers).unwrap_or_else(|| "localhost".into());
        let scheme = if is_https(&headers) { "https" } else { "http" };
        let path = format!(
            "/api/incidents/{}/calls.ics?token={}",
            reference.trim(),
            token.token
        );
        let layout = Layout::new(format!("Calls feed · {reference}"), &user, &headers);
        Ok::<_, WebError>(render(
            StatusCode::CREATED,
            &headers,
            false,
            &FeedPage {
                layout,
                reference: reference.clone(),
                webcal: format!("webcal://{host}{path}"),
                https: format!("{scheme}://{host}{path}"),
            },
        ))
    }
    .await;
    match outcome {
        Ok(page) => page,
        Err(e) => refused(&headers, &back, e),
    }
}
