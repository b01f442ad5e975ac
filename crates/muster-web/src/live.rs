//! The room's live feed: the incident's log entries as Server-Sent Events, for
//! the signed-in browser. A reconnecting `EventSource` sends `Last-Event-ID`,
//! which wins over the `after` of the original URL, so the feed resumes from
//! the last entry the page saw: no gap, no duplicate.

use crate::error::WebError;
use crate::room;
use crate::session::WebUser;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use muster_app::App;
use serde::Deserialize;
use std::convert::Infallible;
use std::time::Duration;

#[derive(Debug, Deserialize)]
pub struct LiveQuery {
    after: Option<u64>,
}

/// Where a (re)connecting stream starts: the browser's own memory first.
pub fn resume_point(headers: &HeaderMap, after: Option<u64>) -> u64 {
    headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .or(after)
        .unwrap_or(0)
}

pub async fn events(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(reference): Path<String>,
    Query(q): Query<LiveQuery>,
) -> Result<Response, WebError> {
    let s = room::load(
        &app,
        &user,
        &reference,
        &format!("GET /incidents/{reference}/live"),
    )
    .await?;
    let after = resume_point(&headers, q.after);
    let stream = app.follow(s.id, after).map(|entry| {
        Ok::<_, Infallible>(
            SseEvent::default()
                .id(entry.seq.to_string())
                .event("entry")
                .json_data(&entry)
                .unwrap_or_else(|_| SseEvent::default().comment("unencodable entry")),
        )
    });
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    // Live entries of the incident (a restricted one, often): never cached,
    // where `Sse` alone would say only `no-cache`.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
