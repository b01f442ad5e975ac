//! "Have we seen this before?" from the room (issue 11): the lookup box
//! posts here, and the answer lists every incident the person may see that
//! holds the value. It is `App::seen`, so rule 10 holds as in the API: a
//! restricted incident they are not on is left out, not even counted.

use super::load;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::session::WebUser;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use muster_app::{App, AppError};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct SeenQuery {
    #[serde(default)]
    value: String,
    #[serde(default, rename = "type")]
    ty: String,
}

pub struct Hit {
    pub reference: String,
    pub title: String,
    pub indicator: String,
    pub ty: String,
    pub sightings: u64,
    pub last_seen: String,
    /// The room this lookup was made from.
    pub here: bool,
}

#[derive(Template)]
#[template(path = "room/seen.html")]
struct SeenPage {
    layout: Layout,
    reference: String,
    value: String,
    ty: String,
    /// The value as a person may be shown it (defanged).
    shown: String,
    hits: Vec<Hit>,
    refusal: Option<String>,
}

pub async fn page(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(reference): Path<String>,
    Query(q): Query<SeenQuery>,
) -> Result<Response, WebError> {
    // The room it is asked from must be one the person may see (rule 10).
    let s = load(
        &app,
        &user,
        &reference,
        &format!("GET /incidents/{reference}/seen"),
    )
    .await?;
    let ty = Some(q.ty.trim()).filter(|t| !t.is_empty());
    let (status, shown, hits, refusal) = match app.seen(&user.actor, &q.value, ty).await {
        Ok(r) => {
            let hits = r
                .incidents
                .into_iter()
                .map(|i| Hit {
                    here: i.reference == s.reference,
                    reference: i.reference,
                    title: i.title,
                    indicator: i.indicator,
                    ty: i.ty,
                    sightings: i.sightings,
                    last_seen: i
                        .last_seen
                        .map(|t| crate::time::short(t, jiff::Timestamp::now()))
                        .unwrap_or_default(),
                })
                .collect();
            (StatusCode::OK, r.shown, hits, None)
        }
        Err(AppError::Invalid { field, message }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            String::new(),
            Vec::new(),
            Some(match field {
                Some(f) => format!("{f}: {message}"),
                None => message,
            }),
        ),
        Err(e) => return Err(e.into()),
    };
    let layout = Layout::new(format!("Seen before? · {}", s.reference), &user, &headers);
    Ok(render(
        status,
        &headers,
        false,
        &SeenPage {
            layout,
            reference: s.reference.clone(),
            value: q.value,
            ty: q.ty,
            shown,
            hits,
            refusal,
        },
    ))
}
