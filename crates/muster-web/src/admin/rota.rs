//! The on-call rota in the browser: the shifts ahead, one added or removed.

use super::{form, id, reply, require};
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::session::WebUser;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jiff::Timestamp;
use muster_app::views::ts;
use muster_app::{App, AppError};

pub struct ShiftRow {
    pub id: String,
    pub person: String,
    pub starts: String,
    pub ends: String,
    pub now: bool,
}

pub struct Choice {
    pub id: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "admin/rota.html")]
struct RotaPage {
    layout: Layout,
    tab: &'static str,
    shifts: Vec<ShiftRow>,
    people: Vec<Choice>,
}

pub async fn list(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    require(&user)?;
    let now = Timestamp::now();
    let mut shifts = Vec::new();
    for s in app.rota().shifts_from(now.as_microsecond()).await? {
        let person = app
            .directory()
            .person(s.person)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        let (start, end) = (ts(s.starts_at), ts(s.ends_at));
        shifts.push(ShiftRow {
            id: s.id.to_string(),
            person,
            starts: start.strftime("%Y-%m-%d %H:%MZ").to_string(),
            ends: end.strftime("%Y-%m-%d %H:%MZ").to_string(),
            now: start <= now && now < end,
        });
    }
    let people = app
        .directory()
        .list_people()
        .await?
        .into_iter()
        .map(|p| Choice {
            id: p.id.to_string(),
            name: p.name,
        })
        .collect();
    let layout = Layout::new("Rota", &user, &headers);
    let had_flash = layout.flash.is_some();
    Ok(render(
        StatusCode::OK,
        &headers,
        had_flash,
        &RotaPage {
            layout,
            tab: "rota",
            shifts,
            people,
        },
    ))
}

/// A `datetime-local` input's value (`2026-12-04T09:00`), read as UTC.
fn utc(field: &str, raw: Option<&str>) -> Result<Timestamp, AppError> {
    let raw = raw.ok_or_else(|| AppError::invalid(field, format!("fill in `{field}`")))?;
    let civil: jiff::civil::DateTime = raw.parse().map_err(|_| {
        AppError::invalid(
            field,
            format!("`{raw}` is not a date and time (YYYY-MM-DDTHH:MM, UTC)"),
        )
    })?;
    jiff::tz::TimeZone::UTC
        .to_timestamp(civil)
        .map_err(|_| AppError::invalid(field, "that time is out of range"))
}

pub async fn add(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let outcome = async {
        let form = form(&user, &body)?;
        let starts = utc("starts_at", form.get("starts_at"))?;
        let ends = utc("ends_at", form.get("ends_at"))?;
        let person = form.get("person").unwrap_or("");
        let shift = app.add_shift(&user.actor, person, starts, ends).await?;
        let name = app
            .directory()
            .person(shift.person)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        Ok((
            "/admin/rota".to_owned(),
            format!("{name} is on call from {starts} to {ends}."),
        ))
    }
    .await;
    reply(&headers, "/admin/rota", outcome)
}

pub async fn remove(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let outcome = async {
        form(&user, &body)?;
        app.remove_shift(&user.actor, id(&raw, "shift")?).await?;
        Ok(("/admin/rota".to_owned(), "Removed the shift.".to_owned()))
    }
    .await;
    reply(&headers, "/admin/rota", outcome)
}
