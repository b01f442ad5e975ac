//! The organisation's MITRE ATT&CK catalogue (issue 11): an administrator
//! imports the STIX bundle MITRE publishes (`enterprise-attack.json`); any
//! signed-in caller reads it. Timeline events' ATT&CK ids are checked by
//! form without it; with it, the room and exports name the techniques.

use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::State;
use muster_api::{AttackCatalogueView, AttackImportResponse, ErrorBody};
use muster_app::App;
use muster_app::actor::require_admin;
use muster_app::attack::MAX_ATTACK_BUNDLE;
use muster_http::Caller;
use muster_http::error::{ApiError, ApiResult};

/// The imported catalogue: every tactic, technique and sub-technique with
/// its name, tactics and page; empty before an import.
#[utoipa::path(get, operation_id = "attack_catalogue", path = "/api/attack", tag = "indicators",
    responses((status = 200, body = AttackCatalogueView)))]
#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<App>,
    Caller(_actor): Caller,
) -> ApiResult<Json<AttackCatalogueView>> {
    Ok(Json(state.attack_catalogue_view().await?))
}

/// Replaces the catalogue with MITRE's ATT&CK STIX 2.1 bundle in the body
/// (administrators only; recorded in the audit trail). Revoked and
/// deprecated objects are left out; their ids stay valid by form.
#[utoipa::path(put, operation_id = "import_attack_catalogue", path = "/api/attack", tag = "indicators",
    request_body(content = String, content_type = "application/octet-stream",
        description = "MITRE's bundle as published (enterprise-attack.json), at most 128 MiB; send it as application/octet-stream (a JSON body is held to the API's 1 MiB)"),
    responses((status = 200, body = AttackImportResponse, description = "what the catalogue now holds"),
        (status = 403, body = ErrorBody, description = "the caller is not an administrator"),
        (status = 413, body = ErrorBody, description = "the body is larger than 128 MiB"),
        (status = 422, body = ErrorBody, description = "not JSON, not a STIX bundle, or no ATT&CK object in it")))]
#[tracing::instrument(skip_all)]
pub async fn import(
    State(state): State<App>,
    Caller(actor): Caller,
    body: Body,
) -> ApiResult<Json<AttackImportResponse>> {
    // Refused before a large body is read.
    require_admin(&actor, "import the ATT&CK catalogue")?;
    let bytes = to_bytes(body, MAX_ATTACK_BUNDLE).await.map_err(|_| {
        ApiError::PayloadTooLarge(format!(
            "the ATT&CK bundle is larger than {MAX_ATTACK_BUNDLE} bytes"
        ))
    })?;
    Ok(Json(state.import_attack_catalogue(&actor, &bytes).await?))
}
