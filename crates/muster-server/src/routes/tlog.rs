//! The transparency log (issue 12): the key to pin, the signed checkpoints,
//! and the inclusion and consistency proofs against them. The key, the
//! checkpoints and consistency proofs name no incident and reveal only sizes
//! and roots, so they are public, for monitors and witnesses; an entry's
//! inclusion proof is read like the incident (rule 10, audited).

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use muster_api::{
    CheckpointList, CheckpointView, ConsistencyProofView, ErrorBody, InclusionProofView,
};
use muster_app::App;
use muster_app::actor::require_admin;
use muster_http::Caller;
use muster_http::error::{ApiError, ApiResult};
use muster_http::extract::{ApiPath, ApiQuery};
use serde::Deserialize;
use utoipa::IntoParams;

const TEXT: &str = "text/plain; charset=utf-8";

fn size(field: &str, n: Option<u64>) -> ApiResult<()> {
    muster_http::extract::seq(field, n)
}

/// The verifier key checkpoints are signed with, in the C2SP note format
/// (`<name>+<hex key id>+<base64 key>`), for people to pin.
#[utoipa::path(get, operation_id = "log_key", path = "/api/log/key", tag = "log", security(()),
    responses((status = 200, description = "the verifier key and a newline", body = String, content_type = "text/plain"),
        (status = 404, body = ErrorBody, description = "no signing key is configured")))]
pub async fn key(State(state): State<App>) -> ApiResult<impl IntoResponse> {
    let key = state
        .log_key()
        .ok_or_else(|| ApiError::not_found("no signing key is configured: nothing is signed"))?;
    Ok((
        [(header::CONTENT_TYPE, TEXT)],
        format!("{}\n", key.to_key_text()),
    ))
}

/// The latest signed checkpoint, exactly the C2SP signed-note bytes: origin,
/// tree size, base64 root, a blank line, the signature lines.
#[utoipa::path(get, operation_id = "log_checkpoint", path = "/api/log/checkpoint", tag = "log", security(()),
    responses((status = 200, description = "the signed note", body = String, content_type = "text/plain"),
        (status = 404, body = ErrorBody, description = "no checkpoint has been signed yet")))]
pub async fn checkpoint(State(state): State<App>) -> ApiResult<impl IntoResponse> {
    let latest = state
        .latest_checkpoint()
        .await?
        .ok_or_else(|| ApiError::not_found("no checkpoint has been signed yet"))?;
    Ok(([(header::CONTENT_TYPE, TEXT)], latest.note))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CheckpointsQuery {
    /// Only checkpoints of more than this many entries (default 0: all).
    #[param(minimum = 0, maximum = 9223372036854775807_i64)]
    after: Option<u64>,
    /// At most this many, smallest first (default 100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// The signed checkpoints of more than `after` entries, smallest first: a
/// monitor keeps `after` at the largest size it holds.
#[utoipa::path(get, operation_id = "log_checkpoints", path = "/api/log/checkpoints", tag = "log", security(()),
    params(CheckpointsQuery), responses((status = 200, body = CheckpointList)))]
pub async fn list(
    State(state): State<App>,
    ApiQuery(q): ApiQuery<CheckpointsQuery>,
) -> ApiResult<Json<CheckpointList>> {
    size("after", q.after)?;
    let limit = muster_http::extract::limit(q.limit)?;
    Ok(Json(CheckpointList {
        checkpoints: state.checkpoints_after(q.after.unwrap_or(0), limit).await?,
    }))
}

/// Signs a checkpoint of the tree now (administrators). When the tree has
/// not grown since the latest checkpoint, that one is returned.
#[utoipa::path(post, operation_id = "sign_checkpoint", path = "/api/log/checkpoints", tag = "log",
    responses((status = 200, body = CheckpointView, description = "the checkpoint of the tree as it is now"),
        (status = 403, body = ErrorBody, description = "the caller is not an administrator"),
        (status = 409, body = ErrorBody, description = "no signing key is configured")))]
pub async fn sign(
    State(state): State<App>,
    Caller(actor): Caller,
) -> ApiResult<Json<CheckpointView>> {
    require_admin(&actor, "sign a checkpoint")?;
    let row = state.sign_checkpoint().await?;
    Ok(Json(muster_app::tlog::view(&row)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProofQuery {
    /// The size of the checkpoint to prove against (default: the latest).
    #[param(minimum = 0, maximum = 9223372036854775807_i64)]
    size: Option<u64>,
}

/// The entry's leaf index, leaf hash and inclusion proof in the checkpoint
/// of `size`, with that checkpoint's signed note (RFC 9162 §2.1.3 order).
#[utoipa::path(get, operation_id = "log_inclusion_proof", path = "/api/incidents/{reference}/log/{seq}/proof", tag = "log",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007"),
        ("seq" = u64, Path, minimum = 1, maximum = 9223372036854775807_i64, description = "the entry's sequence number"),
        ProofQuery),
    responses((status = 200, body = InclusionProofView),
        (status = 404, body = ErrorBody, description = "no such incident, entry or checkpoint"),
        (status = 409, body = ErrorBody, description = "the entry is not in that checkpoint yet, or is no leaf")))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn proof(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath((reference, seq)): ApiPath<(String, u64)>,
    ApiQuery(q): ApiQuery<ProofQuery>,
) -> ApiResult<Json<InclusionProofView>> {
    size("seq", Some(seq))?;
    size("size", q.size)?;
    Ok(Json(
        state
            .inclusion_proof(&actor, &reference, seq, q.size)
            .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    /// The older checkpoint's size.
    #[param(minimum = 0, maximum = 9223372036854775807_i64)]
    from: u64,
    /// The newer checkpoint's size, at least `from`.
    #[param(minimum = 0, maximum = 9223372036854775807_i64)]
    to: u64,
}

/// The consistency proof that the checkpoint of `to` entries extends the one
/// of `from` (RFC 9162 §2.1.4), with both signed notes.
#[utoipa::path(get, operation_id = "log_consistency_proof", path = "/api/log/consistency", tag = "log", security(()),
    params(ConsistencyQuery),
    responses((status = 200, body = ConsistencyProofView),
        (status = 404, body = ErrorBody, description = "no checkpoint of one of the sizes")))]
pub async fn consistency(
    State(state): State<App>,
    ApiQuery(q): ApiQuery<ConsistencyQuery>,
) -> ApiResult<Json<ConsistencyProofView>> {
    size("from", Some(q.from))?;
    size("to", Some(q.to))?;
    Ok(Json(state.consistency_proof(q.from, q.to).await?))
}
