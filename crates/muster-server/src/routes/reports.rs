//! Reports of security events over HTTP; the rules are the application's.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use muster_api::{ErrorBody, NewReportRequest, ReportView, TriageRequest, TriageResponse};
use muster_app::App;
use muster_domain::ReportStatus;
use muster_http::Caller;
use muster_http::error::ApiResult;
use muster_http::extract::{ApiJson, ApiPath, ApiQuery};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// `awaiting-triage`, `false-positive` or `declared`.
    status: Option<ReportStatus>,
}

#[utoipa::path(get, operation_id = "list_reports", path = "/api/reports", tag = "reports", params(ReportQuery),
    responses((status = 200, body = [ReportView])))]
pub async fn list(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Json<Vec<ReportView>>> {
    Ok(Json(state.reports(&actor, q.status).await?))
}

/// Anyone can report a security event.
#[utoipa::path(post, operation_id = "create_report", path = "/api/reports", tag = "reports", request_body = NewReportRequest,
    responses((status = 201, body = ReportView)))]
pub async fn create(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiJson(req): ApiJson<NewReportRequest>,
) -> ApiResult<(StatusCode, Json<ReportView>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.create_report(&actor, req).await?),
    ))
}

#[utoipa::path(get, operation_id = "show_report", path = "/api/reports/{reference}", tag = "reports",
    params(("reference" = String, Path, description = "e.g. REP-2026-0001")),
    responses((status = 200, body = ReportView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<ReportView>> {
    let r = state.report(&actor, &reference).await?;
    Ok(Json(state.report_view(&actor, &r).await?))
}

/// The on-call incident manager (or an administrator) triages a report: a false
/// positive, or a declared incident, staffed in the same call if the team is named.
#[utoipa::path(post, operation_id = "triage_report", path = "/api/reports/{reference}/triage", tag = "reports", request_body = TriageRequest,
    params(("reference" = String, Path, description = "e.g. REP-2026-0001")),
    responses((status = 200, body = TriageResponse), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn triage(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
    ApiJson(req): ApiJson<TriageRequest>,
) -> ApiResult<Json<TriageResponse>> {
    Ok(Json(state.triage(&actor, &reference, req).await?))
}
