//! The audit of restricted incidents (who read or tried to read one), and
//! verification of any incident's log, in the browser.

use super::require;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::session::WebUser;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use muster_api::AuditView;
use muster_app::App;
use muster_domain::log::Verification;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct AuditFilter {
    incident: Option<String>,
    person: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    layout: Layout,
    tab: &'static str,
    incident: String,
    person: String,
    records: Vec<AuditView>,
    /// Why the filter found nothing to show (an unknown incident or person).
    problem: Option<String>,
}

pub async fn list(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Query(q): Query<AuditFilter>,
) -> Result<Response, WebError> {
    require(&user)?;
    let (records, problem, status) = match app
        .audit_views(&user.actor, given(&q.incident), given(&q.person), 200)
        .await
    {
        Ok(r) => (r, None, StatusCode::OK),
        Err(e @ (muster_app::AppError::NotFound(_) | muster_app::AppError::Invalid { .. })) => {
            let (status, message) = WebError::Api(e).status_and_message();
            (Vec::new(), Some(message), status)
        }
        Err(e) => return Err(e.into()),
    };
    let layout = Layout::new("Audit", &user, &headers);
    let had_flash = layout.flash.is_some();
    Ok(render(
        status,
        &headers,
        had_flash,
        &AuditPage {
            layout,
            tab: "audit",
            incident: given(&q.incident).unwrap_or("").to_owned(),
            person: given(&q.person).unwrap_or("").to_owned(),
            records,
            problem,
        },
    ))
}

#[derive(Debug, Deserialize)]
pub struct VerifyQuery {
    incident: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/verify.html")]
struct VerifyPage {
    layout: Layout,
    tab: &'static str,
    references: Vec<String>,
    reference: String,
    result: Option<Verification>,
    problem: Option<String>,
}

pub async fn verify(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Query(q): Query<VerifyQuery>,
) -> Result<Response, WebError> {
    require(&user)?;
    let mut references: Vec<String> = app
        .incident_summaries()
        .await?
        .into_iter()
        .map(|s| s.reference)
        .collect();
    references.sort_by(|a, b| b.cmp(a));
    let reference = given(&q.incident).unwrap_or("").to_owned();
    let (mut result, mut problem, mut status) = (None, None, StatusCode::OK);
    if !reference.is_empty() {
        // The same read as `GET /api/incidents/{ref}/verify`: audited when
        // the incident is restricted.
        let what = format!("GET /admin/verify?incident={reference}");
        match app.read(&user.actor, &reference, &what).await {
            Ok(state) => result = Some(app.verify_log(state.id).await?),
            Err(e @ muster_app::AppError::NotFound(_)) => {
                (status, _) = WebError::Api(e).status_and_message();
                problem = Some(format!("There is no incident {reference}."));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let layout = Layout::new("Verify a log", &user, &headers);
    let had_flash = layout.flash.is_some();
    Ok(render(
        status,
        &headers,
        had_flash,
        &VerifyPage {
            layout,
            tab: "verify",
            references,
            reference,
            result,
            problem,
        },
    ))
}
