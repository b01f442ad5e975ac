//! The registers a liaison and the comms lead keep: who was briefed (the
//! briefings register) and which communications went out, to whom, and when
//! they were actually delivered. Rule 10's visibility and audit apply.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use jiff::Timestamp;
use muster_app::App;
use muster_domain::Audience;
use muster_http::Caller;
use muster_http::error::ApiResult;
use muster_http::extract::ApiPath;
use serde::Serialize;

pub fn router(app: App) -> Router {
    Router::new()
        .route("/api/incidents/{reference}/briefings", get(briefings))
        .route(
            "/api/incidents/{reference}/communications",
            get(communications),
        )
        .with_state(app)
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = RegisteredBriefing)]
pub(crate) struct BriefingView {
    id: String,
    stakeholder: String,
    summary: String,
    /// Who briefed them (a name, from the team as it was).
    by: String,
    #[serde(with = "muster_api::time")]
    #[schema(value_type = String, format = DateTime)]
    at: Timestamp,
}

/// The briefings register: every stakeholder contacted or briefed, oldest first.
#[utoipa::path(get, operation_id = "list_briefings", path = "/api/incidents/{reference}/briefings", tag = "incidents",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007")),
    responses((status = 200, body = [BriefingView]), (status = 404, body = muster_api::ErrorBody)))]
pub(crate) async fn briefings(
    State(app): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<Vec<BriefingView>>> {
    let what = format!("GET /api/incidents/{reference}/briefings");
    let state = app.read(&actor, &reference, &what).await?;
    let name = |id: uuid::Uuid| {
        state
            .team
            .iter()
            .map(|a| &a.person)
            .find(|p| p.id == id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    };
    Ok(Json(
        state
            .briefings
            .iter()
            .map(|b| BriefingView {
                id: b.id.clone(),
                stakeholder: b.stakeholder.clone(),
                summary: b.summary.clone(),
                by: name(b.by),
                at: b.at,
            })
            .collect(),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = RegisteredCommunication)]
pub(crate) struct CommunicationView {
    id: String,
    audience: Audience,
    recipients: Vec<String>,
    subject: String,
    status: String,
    sent_via: Option<String>,
    #[serde(with = "muster_api::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    sent_at: Option<Timestamp>,
    /// How it actually went out (email, webhook), recorded by Muster.
    deliveries: Vec<muster_api::CommunicationDeliveryView>,
}

/// Every communication with its agreement state and its deliveries.
#[utoipa::path(get, operation_id = "list_communications", path = "/api/incidents/{reference}/communications", tag = "incidents",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007")),
    responses((status = 200, body = [CommunicationView]), (status = 404, body = muster_api::ErrorBody)))]
pub(crate) async fn communications(
    State(app): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<Vec<CommunicationView>>> {
    let what = format!("GET /api/incidents/{reference}/communications");
    let state = app.read(&actor, &reference, &what).await?;
    Ok(Json(
        state
            .communications
            .iter()
            .map(|c| CommunicationView {
                id: c.id.clone(),
                audience: c.audience,
                recipients: c.recipients.clone(),
                subject: c.subject.clone(),
                status: c.status.to_string(),
                sent_via: c.sent_via.clone(),
                sent_at: c.sent_at,
                deliveries: state
                    .deliveries
                    .iter()
                    .filter(|d| d.communication == c.id)
                    .map(muster_app::wire::delivery)
                    .collect(),
            })
            .collect(),
    ))
}
