//! `POST /api/incidents/{reference}/commands`: every write to a declared incident.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use muster_api::{CommandRequest, CommandResponse, ErrorBody};
use muster_app::App;
use muster_http::Caller;
use muster_http::error::ApiResult;
use muster_http::extract::{ApiJson, ApiPath};

/// Runs one command against the incident under the rules; what it changes is
/// appended to the log and returned.
#[utoipa::path(post, operation_id = "run_command", path = "/api/incidents/{reference}/commands", tag = "incidents", request_body = CommandRequest,
    params(("reference" = String, Path, description = "e.g. INC-2026-0007")),
    responses((status = 201, body = CommandResponse),
        (status = 403, body = ErrorBody, description = "the caller's role does not allow it (names the rule)"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "the incident's state does not allow it (names the rule)"),
        (status = 422, body = ErrorBody, description = "a field is missing or wrong (names the field)"),
        (status = 503, body = ErrorBody, description = "the store is unavailable; nothing was written")))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn post(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
    ApiJson(req): ApiJson<CommandRequest>,
) -> ApiResult<(StatusCode, Json<CommandResponse>)> {
    let committed = state
        .execute(&actor, &reference, req.command, req.occurred_at)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CommandResponse {
            reference: committed.state.reference.clone(),
            entries: committed.entries,
            head_seq: committed.state.seq,
            head_hash: committed.state.head_hash.clone(),
        }),
    ))
}
