use axum::Json;
use axum::extract::State;
use muster_api::{AuditView, ErrorBody};
use muster_app::App;
use muster_http::Caller;
use muster_http::error::ApiResult;
use muster_http::extract::ApiQuery;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// An incident reference.
    incident: Option<String>,
    /// Email, chat handle or id of the reader.
    person: Option<String>,
    /// At most this many records, newest first (default 100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// Who read which restricted incident, when and from where, and every refused
/// look (administrators only).
#[utoipa::path(get, operation_id = "list_audit", path = "/api/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = [AuditView]), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "no such incident")))]
pub async fn list(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiQuery(q): ApiQuery<AuditParams>,
) -> ApiResult<Json<Vec<AuditView>>> {
    let limit = muster_http::extract::limit(q.limit)?;
    Ok(Json(
        state
            .audit_views(&actor, q.incident.as_deref(), q.person.as_deref(), limit)
            .await?,
    ))
}
