//! Evidence files (issue 11): upload (the file is the raw body, streamed to
//! the blob store, never held whole in memory), download (always an
//! attachment, never sniffed, every one audited) and verify (every stored
//! file re-hashed). The register itself is `GET …/evidence` (`indicators`).

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use muster_api::{CommandResponse, ErrorBody, EvidenceUploadQuery, EvidenceVerifyReport};
use muster_app::App;
use muster_domain::evidence::EvidenceInput;
use muster_http::Caller;
use muster_http::error::{ApiError, ApiResult};
use muster_http::extract::{ApiPath, ApiQuery};

/// Puts a file on the evidence register: the request body is the file's
/// bytes (`Content-Type: application/octet-stream`), hashed with SHA-256 as
/// it streams to the blob store; the query says what it is. A file larger
/// than the policy's `evidence.max_upload_bytes` is refused with 413, and one
/// whose bytes do not hash to the declared `sha256` with 422 naming
/// `sha256`: in both cases nothing is kept. The item is an `evidence-added`
/// entry recording the measured SHA-256, size and file name.
#[utoipa::path(post, operation_id = "upload_evidence", path = "/api/incidents/{reference}/evidence/upload", tag = "indicators",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007"), EvidenceUploadQuery),
    request_body(content = String, content_type = "application/octet-stream",
        description = "the file's bytes, streamed; at most the policy's evidence.max_upload_bytes"),
    responses((status = 201, body = CommandResponse, description = "the evidence-added entry"),
        (status = 403, body = ErrorBody, description = "the caller is not on the incident's team"),
        (status = 404, body = ErrorBody, description = "no such incident, or a restricted one the caller is not on (nothing is read or stored)"),
        (status = 409, body = ErrorBody, description = "the incident is closed"),
        (status = 413, body = ErrorBody, description = "the file is larger than the policy's evidence.max_upload_bytes; nothing was kept"),
        (status = 415, body = ErrorBody, description = "the body is not application/octet-stream"),
        (status = 422, body = ErrorBody, description = "a field is missing or wrong, or the file's SHA-256 is not the one declared (names `sha256`)")))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn upload(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
    ApiQuery(q): ApiQuery<EvidenceUploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, Json<CommandResponse>)> {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream");
    if !kind
        .to_ascii_lowercase()
        .starts_with("application/octet-stream")
    {
        return Err(ApiError::UnsupportedMediaType(format!(
            "an evidence file is sent as its raw bytes with Content-Type: application/octet-stream, not {kind}"
        )));
    }
    let input = EvidenceInput {
        description: q.description,
        taken_from: q.taken_from,
        collected_by: q.collected_by,
        collected_at: q.collected_at.unwrap_or_else(jiff::Timestamp::now),
        tool: q.tool,
        sha256: q.sha256,
        location: None,
        upload: None,
    };
    let bytes = body
        .into_data_stream()
        .map(|chunk| chunk.map_err(std::io::Error::other))
        .boxed();
    let committed = state
        .upload_evidence(&actor, &reference, input, &q.file_name, bytes)
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

/// Downloads an item's file: always `Content-Disposition: attachment` and
/// `application/octet-stream` with `nosniff`, so that no browser ever runs or
/// shows evidence inline; streamed; and recorded in the audit trail before a
/// byte is sent, for open and restricted incidents alike.
#[utoipa::path(get, operation_id = "download_evidence", path = "/api/incidents/{reference}/evidence/{evidence}/file", tag = "indicators",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007"),
        ("evidence" = String, Path, description = "the item, e.g. EV1")),
    responses((status = 200, body = String, content_type = "application/octet-stream",
            description = "the file's bytes, as an attachment; `X-Muster-Sha256` is the SHA-256 the register recorded"),
        (status = 404, body = ErrorBody, description = "no such incident or item, an item held outside Muster, or a file missing from the blob store")))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn download(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath((reference, evidence)): ApiPath<(String, String)>,
) -> ApiResult<Response> {
    let file = state.evidence_file(&actor, &reference, &evidence).await?;
    let mut response = Body::from_stream(file.bytes).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(file.size));
    if let Ok(v) = HeaderValue::from_str(&attachment(&file.file_name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&file.sha256) {
        h.insert("x-muster-sha256", v);
    }
    Ok(response)
}

/// `attachment` with the name twice (RFC 6266): a plain ASCII fallback with
/// anything unsafe in a quoted string replaced, and the exact name in UTF-8.
pub fn attachment(name: &str) -> String {
    let plain: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}")
}

/// Re-hashes every uploaded file of the incident and says which, if any, no
/// longer match the SHA-256 the register recorded (changed or missing).
#[utoipa::path(get, operation_id = "verify_incident_evidence", path = "/api/incidents/{reference}/evidence/verify", tag = "indicators",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007")),
    responses((status = 200, body = EvidenceVerifyReport), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn verify_incident(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<EvidenceVerifyReport>> {
    Ok(Json(state.verify_evidence(&actor, Some(&reference)).await?))
}

/// [`verify_incident`] for every incident the caller may see (rule 10: a
/// restricted incident they are not on is left out, not even counted).
#[utoipa::path(get, operation_id = "verify_evidence", path = "/api/evidence/verify", tag = "indicators",
    responses((status = 200, body = EvidenceVerifyReport)))]
#[tracing::instrument(skip_all)]
pub async fn verify_all(
    State(state): State<App>,
    Caller(actor): Caller,
) -> ApiResult<Json<EvidenceVerifyReport>> {
    Ok(Json(state.verify_evidence(&actor, None).await?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn attachment_names_are_quoted_safely() {
        assert_eq!(
            super::attachment("mail \"dump\".pst"),
            "attachment; filename=\"mail _dump_.pst\"; filename*=UTF-8''mail%20%22dump%22.pst"
        );
        assert_eq!(
            super::attachment("café.eml"),
            "attachment; filename=\"caf_.eml\"; filename*=UTF-8''caf%C3%A9.eml"
        );
    }
}
