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

/// The RFC 3161 timestamp of the checkpoint of `size`: the timestamp
/// authority's reply (a DER `TimeStampResp` holding the token) over SHA-256
/// of the checkpoint's signed-note bytes, exactly as the authority sent it.
/// Check it with `openssl ts -verify -in FILE.tsr -data NOTE -CAfile TSA-CA`.
#[utoipa::path(get, operation_id = "log_checkpoint_timestamp", path = "/api/log/checkpoints/{size}/timestamp", tag = "log", security(()),
    params(("size" = u64, Path, minimum = 1, maximum = 9223372036854775807_i64, description = "the checkpoint's tree size")),
    responses((status = 200, description = "the timestamp reply (.tsr)", body = Vec<u8>, content_type = "application/timestamp-reply"),
        (status = 404, body = ErrorBody, description = "no checkpoint of that size, or it has no timestamp (yet)"),
        (status = 422, body = ErrorBody, description = "`size` is not a tree size")))]
pub async fn timestamp(
    State(state): State<App>,
    ApiPath(tree): ApiPath<u64>,
) -> ApiResult<impl IntoResponse> {
    size("size", Some(tree))?;
    let reply = state.checkpoint_timestamp(tree).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/timestamp-reply".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"checkpoint-{tree}.tsr\""),
            ),
        ],
        reply,
    ))
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

/// The same as `GET /api/log/proof/inclusion?incident=…&seq=…`, addressed
/// under the incident: the entry's leaf index, leaf hash and inclusion proof
/// in the checkpoint of `size` (RFC 9162 §2.1.3 order).
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
    prove(&state, &actor, &reference, seq, q.size).await
}

async fn prove(
    state: &App,
    actor: &muster_app::actor::Actor,
    reference: &str,
    seq: u64,
    tree: Option<u64>,
) -> ApiResult<Json<InclusionProofView>> {
    if seq == 0 {
        return Err(ApiError::invalid(
            "seq",
            "`seq` is an entry's sequence number, which starts at 1",
        ));
    }
    size("seq", Some(seq))?;
    size("size", tree)?;
    if tree == Some(0) {
        return Err(ApiError::invalid(
            "size",
            "`size` is a checkpoint's tree size; the empty tree proves no entry",
        ));
    }
    Ok(Json(
        state.inclusion_proof(actor, reference, seq, tree).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InclusionQuery {
    /// The incident, e.g. INC-2026-0007.
    incident: String,
    /// The entry's sequence number in the incident's log.
    #[param(minimum = 1, maximum = 9223372036854775807_i64)]
    seq: u64,
    /// The size of the checkpoint to prove against (default: the latest).
    #[param(minimum = 1, maximum = 9223372036854775807_i64)]
    size: Option<u64>,
}

/// The inclusion proof of an incident's entry in the signed checkpoint of
/// `size` entries: `leaf_index`, `tree_size`, `leaf_hash` and `hashes`
/// (base64, in RFC 9162 §2.1.3 order, leaf side first), with the entry's hash
/// and the checkpoint's signed note. A restricted incident's entries answer
/// 404 to a non-member, as if there were none (rule 10); the read is audited.
#[utoipa::path(get, operation_id = "log_proof_inclusion", path = "/api/log/proof/inclusion", tag = "log",
    params(InclusionQuery),
    responses((status = 200, body = InclusionProofView),
        (status = 404, body = ErrorBody, description = "no such incident (or not visible to the caller), entry or checkpoint"),
        (status = 409, body = ErrorBody, description = "the entry is not in that checkpoint yet, or is no leaf"),
        (status = 422, body = ErrorBody, description = "`incident`, `seq` or `size` is missing or malformed")))]
#[tracing::instrument(skip_all, fields(incident = %q.incident))]
pub async fn inclusion(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiQuery(q): ApiQuery<InclusionQuery>,
) -> ApiResult<Json<InclusionProofView>> {
    prove(&state, &actor, &q.incident, q.seq, q.size).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    /// The older checkpoint's size.
    #[param(minimum = 1, maximum = 9223372036854775807_i64)]
    from: u64,
    /// The newer checkpoint's size, at least `from`.
    #[param(minimum = 0, maximum = 9223372036854775807_i64)]
    to: u64,
}

/// The same as `GET /api/log/proof/consistency`, kept for earlier clients.
#[utoipa::path(get, operation_id = "log_consistency_proof", path = "/api/log/consistency", tag = "log", security(()),
    params(ConsistencyQuery),
    responses((status = 200, body = ConsistencyProofView),
        (status = 404, body = ErrorBody, description = "no checkpoint of one of the sizes")))]
pub async fn consistency(
    State(state): State<App>,
    ApiQuery(q): ApiQuery<ConsistencyQuery>,
) -> ApiResult<Json<ConsistencyProofView>> {
    extends(&state, &q).await
}

async fn extends(state: &App, q: &ConsistencyQuery) -> ApiResult<Json<ConsistencyProofView>> {
    size("from", Some(q.from))?;
    size("to", Some(q.to))?;
    if q.from == 0 {
        return Err(ApiError::invalid(
            "from",
            "`from` is a checkpoint's tree size, at least 1: every tree extends the empty one",
        ));
    }
    Ok(Json(state.consistency_proof(q.from, q.to).await?))
}

/// The consistency proof that the checkpoint of `to` entries extends the one
/// of `from`: `from`, `to` and `hashes` (base64, RFC 9162 §2.1.4), with both
/// signed notes. Public: it names no incident.
#[utoipa::path(get, operation_id = "log_proof_consistency", path = "/api/log/proof/consistency", tag = "log", security(()),
    params(ConsistencyQuery),
    responses((status = 200, body = ConsistencyProofView),
        (status = 404, body = ErrorBody, description = "no checkpoint of one of the sizes"),
        (status = 422, body = ErrorBody, description = "`from` or `to` is missing, malformed, or `from` is greater than `to`")))]
pub async fn proof_consistency(
    State(state): State<App>,
    ApiQuery(q): ApiQuery<ConsistencyQuery>,
) -> ApiResult<Json<ConsistencyProofView>> {
    extends(&state, &q).await
}
