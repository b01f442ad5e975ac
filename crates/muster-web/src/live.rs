//! The room's live feed: the incident's log entries as Server-Sent Events, for
//! the signed-in browser. A reconnecting `EventSource` sends `Last-Event-ID`,
//! which wins over the `after` of the original URL, so the feed resumes from
//! the last entry the page saw: no gap, no duplicate. The dashboard has a
//! feed of its own, which says only that the page should be fetched again.

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
use tokio::sync::broadcast::error::RecvError;

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

/// How often the dashboard's feed looks for new reports: they are not log
/// entries, so the hub does not carry them.
const REPORTS_EVERY: Duration = Duration::from_secs(3);

#[derive(Debug, Deserialize)]
pub struct DashboardQuery {
    /// The reports the page showed (see [`reports_signature`]).
    reports: Option<String>,
}

/// A short fingerprint of the reports awaiting triage, so that the feed
/// can tell the page showed a different list.
pub fn reports_signature<'a>(references: impl IntoIterator<Item = &'a str>) -> String {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    for r in references {
        h.update(r.as_bytes());
        h.update(b"\n");
    }
    hex::encode(&h.finalize()[..8])
}

fn changed(why: &'static str) -> SseEvent {
    SseEvent::default().event("changed").data(why)
}

/// The dashboard's live feed: a `changed` event whenever an incident the
/// person may see takes an entry (a declaration, a phase change, a role, an
/// action…) or the reports awaiting triage change. Rule 10: an entry of an
/// incident hidden from them says nothing, not even that something moved.
/// The page then fetches itself again; without JavaScript it reloads itself
/// every minute instead.
pub async fn dashboard(
    State(app): State<App>,
    user: WebUser,
    Query(q): Query<DashboardQuery>,
) -> Response {
    let actor = user.actor.clone();
    let entries = futures::stream::unfold(
        (app.subscribe(), app.clone(), actor.clone()),
        |(mut rx, app, actor)| async move {
            loop {
                match rx.recv().await {
                    Ok(entry) => {
                        let seen = matches!(
                            app.state(entry.incident).await,
                            Ok(Some(s)) if muster_app::visibility::can_see(&s, &actor)
                        );
                        if seen {
                            return Some((changed("entry"), (rx, app, actor)));
                        }
                    }
                    // Missed some: the page may be stale, so say so.
                    Err(RecvError::Lagged(_)) => {
                        return Some((changed("lagged"), (rx, app, actor)));
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        },
    );
    let reports = futures::stream::unfold(
        (app, actor, q.reports),
        |(app, actor, mut last)| async move {
            loop {
                tokio::time::sleep(REPORTS_EVERY).await;
                let Ok(waiting) = app
                    .reports(&actor, Some(muster_domain::ReportStatus::AwaitingTriage))
                    .await
                else {
                    continue;
                };
                let now = reports_signature(waiting.iter().map(|r| r.reference.as_str()));
                if last.as_deref().is_some_and(|l| l != now) {
                    return Some((changed("reports"), (app, actor, Some(now))));
                }
                last = Some(now);
            }
        },
    );
    let stream = futures::stream::select(entries, reports).map(Ok::<_, Infallible>);
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
