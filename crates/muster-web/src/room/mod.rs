//! The incident room: one page with everything a team needs in a crisis, and
//! the fragments its script swaps in when the log moves.

mod brief;
pub mod indicator_forms;
mod indicators;
mod log_filter;
mod model;
pub mod obligations;
mod offer;
mod owed;
pub mod seen;
mod timeline;
pub mod view;

use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::session::WebUser;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jiff::Timestamp;
use muster_app::App;
use muster_app::AppError;
use serde::Deserialize;
use std::sync::Arc;
use timeline::{Row, WINDOW};
use view::RoomView;

#[derive(Template)]
#[template(path = "room.html")]
struct RoomPage {
    layout: Layout,
    v: RoomView,
    rows: Vec<Row>,
    /// Link to the window before this one, when there are older entries.
    older: Option<u64>,
    /// Whether this is an older window or a filtered log (not live at the head).
    windowed: bool,
    log: log_filter::LogFilterView,
}

#[derive(Template)]
#[template(path = "room/fragments.html")]
struct Fragments {
    v: RoomView,
    rows: Vec<Row>,
    last_seq: u64,
    more: bool,
}

#[derive(Debug, Deserialize)]
pub struct WindowQuery {
    /// Show the window of entries before this sequence number.
    before: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub struct AfterQuery {
    after: Option<u64>,
}

/// Rule 10: outsiders get the same 404 page as for an incident that does not exist.
pub async fn load(
    app: &App,
    user: &WebUser,
    reference: &str,
    what: &str,
) -> Result<Arc<muster_domain::IncidentState>, WebError> {
    match app.read(&user.actor, reference, what).await {
        Ok(s) => Ok(s),
        Err(AppError::NotFound(_)) => Err(WebError::NotFound(format!(
            "There is no incident {reference}, or it is restricted to its team."
        ))),
        Err(e) => Err(e.into()),
    }
}

/// Rule 10's "no incident" in the room's words: the same for an incident that
/// does not exist and one restricted to its team.
pub fn missing_incident(reference: &str, e: AppError) -> WebError {
    match e {
        AppError::NotFound(_) => WebError::NotFound(format!(
            "There is no incident {reference}, or it is restricted to its team."
        )),
        e => e.into(),
    }
}

async fn view(
    app: &App,
    user: &WebUser,
    s: &muster_domain::IncidentState,
) -> Result<RoomView, WebError> {
    let directory = app.directory().list_people().await?;
    let mut v = view::build(
        s,
        app.policy(),
        &user.actor,
        &user.csrf,
        &directory,
        Timestamp::now(),
    );
    let catalogue = app.attack_catalogue().await?;
    let custom: Vec<String> = app
        .policy()
        .indicators
        .custom_types
        .iter()
        .map(|c| c.name.clone())
        .collect();
    v.ind = indicators::panel(s, &catalogue, &custom, Timestamp::now());
    v.chain_break = app.log_break(s.id).map(|b| {
        format!(
            "The log of {} failed verification at entry #{}: {}. Nothing can be added to it \
             until an administrator acknowledges the break \
             (muster admin log acknowledge {} --reason …).",
            s.reference, b.seq, b.reason, s.reference
        )
    });
    Ok(v)
}

pub async fn page(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(reference): Path<String>,
    Query(q): Query<WindowQuery>,
    Query(lq): Query<log_filter::LogQuery>,
) -> Result<Response, WebError> {
    let s = load(
        &app,
        &user,
        &reference,
        &format!("GET /incidents/{reference}"),
    )
    .await?;
    lq.check()?;
    let before = q.before.filter(|b| *b <= s.seq).unwrap_or(s.seq + 1);
    let entries = if lq.active() {
        // A filter looks at the whole log, not only the latest window.
        let mut all = Vec::new();
        loop {
            let after = all
                .last()
                .map(|e: &muster_domain::LogEntry| e.seq)
                .unwrap_or(0);
            let page = app.entries(s.id, after, 1000).await?;
            let done = page.len() < 1000;
            all.extend(page);
            if done {
                break;
            }
        }
        all
    } else {
        app.entries_before(s.id, before, WINDOW).await?
    };
    let now = Timestamp::now();
    let older = entries
        .first()
        .map(|e| e.seq)
        .filter(|first| *first > 1 && !lq.active());
    let all_rows = timeline::rows(&entries, now);
    let log = lq.view(&all_rows);
    let rows = lq.apply(all_rows, now);
    let v = view(&app, &user, &s).await?;
    let layout = Layout::new(format!("{} {}", s.reference, s.title), &user, &headers);
    let had_flash = layout.flash.is_some();
    Ok(render(
        StatusCode::OK,
        &headers,
        had_flash,
        &RoomPage {
            layout,
            v,
            rows,
            older,
            windowed: q.before.is_some() || log.active,
            log,
        },
    ))
}

/// The room's live regions and the log entries after `after`, for the script.
pub async fn fragments(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(reference): Path<String>,
    Query(q): Query<AfterQuery>,
) -> Result<Response, WebError> {
    let s = load(
        &app,
        &user,
        &reference,
        &format!("GET /incidents/{reference}/fragments"),
    )
    .await?;
    let after = q.after.unwrap_or(s.seq);
    let entries = app.entries(s.id, after, WINDOW).await?;
    let last_seq = entries.last().map(|e| e.seq).unwrap_or(after);
    let more = entries.len() == WINDOW as usize;
    let v = view(&app, &user, &s).await?;
    Ok(render(
        StatusCode::OK,
        &headers,
        false,
        &Fragments {
            v,
            rows: timeline::rows(&entries, Timestamp::now()),
            last_seq,
            more,
        },
    ))
}
