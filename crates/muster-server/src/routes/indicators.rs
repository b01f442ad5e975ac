//! Indicators (issue 11): an incident's indicators and the attacker's
//! timeline, bulk import from a file, and "have we seen this before?".
//! Single indicators, sightings, links and timeline events are commands
//! (`add-indicator`, `record-sighting`, `link-indicator`,
//! `add-timeline-event`) on `POST /api/incidents/{reference}/commands`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use muster_api::{ErrorBody, ImportResponse, IndicatorsView, SeenResponse};
use muster_app::App;
use muster_http::Caller;
use muster_http::error::ApiResult;
use muster_http::extract::{ApiPath, ApiQuery};
use serde::Deserialize;
use utoipa::IntoParams;

/// The incident's indicators (with sightings and links to findings) and
/// the attacker's timeline in time order.
#[utoipa::path(get, operation_id = "list_indicators", path = "/api/incidents/{reference}/indicators", tag = "indicators",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007")),
    responses((status = 200, body = IndicatorsView), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn list(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<IndicatorsView>> {
    Ok(Json(state.indicators(&actor, &reference).await?))
}

/// Imports indicators from the body: a CSV file (a header row naming
/// `type` and `value`), a STIX 2.1 bundle or a MISP event, told apart by
/// content. Every indicator is added in one submission; rows refused (with
/// where and which field), objects skipped and values already on the
/// incident are listed.
#[utoipa::path(post, operation_id = "import_indicators", path = "/api/incidents/{reference}/indicators/import", tag = "indicators",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007")),
    request_body(content = String, content_type = "application/octet-stream",
        description = "the file's bytes: CSV, a STIX 2.1 bundle or a MISP event (JSON); at most 1 MiB"),
    responses((status = 201, body = ImportResponse, description = "what was added, refused, skipped and already there"),
        (status = 403, body = ErrorBody, description = "the caller is not on the incident's team"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the incident is closed"),
        (status = 413, body = ErrorBody, description = "the body is larger than 1 MiB")))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn import(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<ImportResponse>)> {
    let answer = state.import_indicators(&actor, &reference, &body).await?;
    Ok((StatusCode::CREATED, Json(answer)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SeenQuery {
    /// The value, as typed or defanged (`203.0.113[.]7`).
    value: String,
    /// Its type (`ipv4`, `domain`, `sha256`, …); guessed from the value when left out.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    ty: Option<String>,
}

/// "Have we seen this before?": every incident the caller may see that
/// holds the value, with the indicator's first and last seen and its
/// sightings. A restricted incident the caller is not on is left out
/// entirely (rule 10), not even counted.
#[utoipa::path(get, operation_id = "seen_indicator", path = "/api/indicators/seen", tag = "indicators", params(SeenQuery),
    responses((status = 200, body = SeenResponse)))]
#[tracing::instrument(skip_all)]
pub async fn seen(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiQuery(q): ApiQuery<SeenQuery>,
) -> ApiResult<Json<SeenResponse>> {
    Ok(Json(state.seen(&actor, &q.value, q.ty.as_deref()).await?))
}

/// The evidence register: each item with its hashes, who holds it, a
/// transfer waiting for acknowledgement, and the chain of custody. Items,
/// transfers and acknowledgements are commands (`add-evidence`,
/// `transfer-evidence`, `acknowledge-evidence`).
#[utoipa::path(get, operation_id = "list_evidence", path = "/api/incidents/{reference}/evidence", tag = "indicators",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007")),
    responses((status = 200, body = muster_api::EvidenceRegister), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn evidence(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<muster_api::EvidenceRegister>> {
    Ok(Json(state.evidence(&actor, &reference).await?))
}
