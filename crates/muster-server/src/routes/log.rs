use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::{Stream, StreamExt};
use muster_api::{
    AcknowledgeBreakRequest, CommandResponse, ErrorBody, ExportDocument, LogPage, VerifyView,
};
use muster_app::App;
use muster_app::export;
use muster_app::indicators::ExchangeFormat;
use muster_http::Caller;
use muster_http::error::{ApiError, ApiResult};
use muster_http::extract::{ApiJson, ApiPath, ApiQuery};
use serde::Deserialize;
use std::convert::Infallible;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Entries after this sequence number (default 0: from the start).
    #[param(minimum = 0, maximum = 9223372036854775807_i64)]
    after: Option<u64>,
    /// Entries before this sequence number, reading backwards from the head.
    #[param(minimum = 0, maximum = 9223372036854775807_i64)]
    before: Option<u64>,
    /// At most this many entries (default 100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// A page of the contemporaneous log, with the head it was read against.
#[utoipa::path(get, operation_id = "read_log", path = "/api/incidents/{reference}/log", tag = "incidents", params(
        ("reference" = String, Path, description = "e.g. INC-2026-0007"), PageQuery),
    responses((status = 200, body = LogPage), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn page(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Json<LogPage>> {
    let limit = muster_http::extract::limit(q.limit)?;
    muster_http::extract::seq("after", q.after)?;
    muster_http::extract::seq("before", q.before)?;
    let incident = state
        .read(
            &actor,
            &reference,
            &format!("GET /api/incidents/{reference}/log"),
        )
        .await?;
    let entries = match (q.after, q.before) {
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid(
                "before",
                "give `after` or `before`, not both",
            ));
        }
        (_, Some(before)) => state.entries_before(incident.id, before, limit).await?,
        (after, None) => {
            state
                .entries(incident.id, after.unwrap_or(0), limit)
                .await?
        }
    };
    let last = entries.last().map(|e| e.seq);
    let next_after = last.filter(|s| *s < incident.seq);
    Ok(Json(LogPage {
        reference: incident.reference.clone(),
        entries,
        head_seq: incident.seq,
        head_hash: incident.head_hash.clone(),
        next_after,
    }))
}

/// Recomputes the stored chain, then checks that it ends at the head the store
/// recorded for it: the first break nobody acknowledged (an entry whose hash,
/// link, payload or sequence is wrong, or entries missing from the end), if
/// any, and the breaks an administrator acknowledged.
#[utoipa::path(get, operation_id = "verify_log", path = "/api/incidents/{reference}/verify", tag = "incidents",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007")),
    responses((status = 200, body = VerifyView), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn verify(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<VerifyView>> {
    let incident = state
        .read(
            &actor,
            &reference,
            &format!("GET /api/incidents/{reference}/verify"),
        )
        .await?;
    Ok(Json(VerifyView {
        reference,
        verification: state.verify_log(incident.id).await?,
    }))
}

/// Records, as an administrator, the first break in the incident's log (where
/// it is, the hash expected and the hash found, and `reason`) as a
/// `break-acknowledged` entry sealed onto the log as it stands; after it the
/// log takes entries again and verifies with the break acknowledged.
#[utoipa::path(post, path = "/api/incidents/{reference}/log/acknowledge", tag = "incidents",
    request_body = AcknowledgeBreakRequest,
    params(("reference" = String, Path, description = "e.g. INC-2026-0007")),
    responses((status = 201, body = CommandResponse, description = "the acknowledgement, as written"),
        (status = 403, body = ErrorBody, description = "the caller is not an administrator"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the log verifies: there is no break to acknowledge"),
        (status = 422, body = ErrorBody, description = "`reason` is missing or empty")))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn acknowledge(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
    ApiJson(req): ApiJson<AcknowledgeBreakRequest>,
) -> ApiResult<(StatusCode, Json<CommandResponse>)> {
    let committed = state
        .acknowledge_break(&actor, &reference, &req.reason)
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

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `md` (default), `json` or `html` (a printable report); `stix` (a STIX
    /// 2.1 bundle) or `misp` (a MISP event) for the incident's indicators.
    #[param(inline)]
    format: Option<ExportFormat>,
    /// With `stix` or `misp`: nothing marked above this TLP 2.0 level leaves
    /// (`clear`, `green`, `amber` (default), `amber+strict`, `red`).
    tlp: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Md,
    Json,
    Html,
    Stix,
    Misp,
}

/// The post-incident report and the full log with its hashes.
#[utoipa::path(get, operation_id = "export_incident", path = "/api/incidents/{reference}/export", tag = "incidents", params(
        ("reference" = String, Path, description = "e.g. INC-2026-0007"), ExportQuery),
    responses((status = 200, description = "`md`: the report and log as Markdown; `json`: the same as a document; `html`: a printable report; `stix`: the indicators as a STIX 2.1 bundle; `misp`: as a MISP event",
            content((String = "text/markdown"), (ExportDocument = "application/json"), (String = "text/html"),
                (Object = "application/stix+json;version=2.1"), (Object = "application/vnd.misp.event+json"))),
        (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn export(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
    ApiQuery(q): ApiQuery<ExportQuery>,
) -> ApiResult<Response> {
    let format = match q.format.unwrap_or(ExportFormat::Md) {
        ExportFormat::Md => "md",
        ExportFormat::Json => "json",
        ExportFormat::Html => "html",
        ExportFormat::Stix => {
            return exchange(&state, &actor, &reference, ExchangeFormat::Stix, q.tlp).await;
        }
        ExportFormat::Misp => {
            return exchange(&state, &actor, &reference, ExchangeFormat::Misp, q.tlp).await;
        }
    };
    if q.tlp.is_some() {
        return Err(ApiError::invalid(
            "tlp",
            "`tlp` filters the indicator exports: use it with format=stix or format=misp",
        ));
    }
    let incident = state
        .read(
            &actor,
            &reference,
            &format!("GET /api/incidents/{reference}/export?format={format}"),
        )
        .await?;
    let doc = state.export_document(&incident).await?;
    let filename = format!("{reference}.{format}");
    let disposition = format!("attachment; filename=\"{filename}\"");
    Ok(match format {
        "json" => (
            [
                (header::CONTENT_DISPOSITION, disposition),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            Json(doc),
        )
            .into_response(),
        "html" => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
                // Shown in the browser, ready to print.
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"{filename}\""),
                ),
                (
                    header::CONTENT_SECURITY_POLICY,
                    muster_app::export_html::CONTENT_SECURITY_POLICY.to_owned(),
                ),
                // The whole record of an incident: never kept in a cache.
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            muster_app::export_html::render(&doc)
                .map_err(|e| ApiError::internal(format!("rendering the HTML export: {e}")))?,
        )
            .into_response(),
        _ => (
            [
                (
                    header::CONTENT_TYPE,
                    "text/markdown; charset=utf-8".to_owned(),
                ),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            export::markdown(&doc),
        )
            .into_response(),
    })
}

/// The incident's indicators as a STIX 2.1 bundle or a MISP event, as an
/// attachment, with nothing marked above the chosen TLP in it.
async fn exchange(
    state: &App,
    actor: &muster_app::Actor,
    reference: &str,
    format: ExchangeFormat,
    tlp: Option<String>,
) -> ApiResult<Response> {
    let tlp = match tlp.as_deref() {
        None => muster_app::indicators::DEFAULT_EXPORT_TLP,
        Some(t) => t
            .parse::<muster_indicators::Tlp>()
            .map_err(|e| ApiError::invalid("tlp", e.to_string()))?,
    };
    let doc = state
        .export_indicators(actor, reference, format, tlp)
        .await?;
    // Their own media types (STIX 2.1's registered one; MISP's event
    // document has none, so a vendor type), so that a client can tell them
    // from the incident's own JSON export.
    let (suffix, media) = match format {
        ExchangeFormat::Stix => ("stix", "application/stix+json;version=2.1"),
        ExchangeFormat::Misp => ("misp", "application/vnd.misp.event+json"),
    };
    let body = serde_json::to_vec(&doc)
        .map_err(|e| ApiError::internal(format!("encoding the {suffix} export: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, media.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{reference}.{suffix}.json\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// Resume after this sequence number (or send `Last-Event-ID`).
    #[param(minimum = 0, maximum = 9223372036854775807_i64)]
    after: Option<u64>,
}

/// Live log entries as Server-Sent Events (`event: entry`, `id: <seq>`): first
/// everything after `after`, then each new entry as it is committed, with no gap
/// and no duplicate.
#[utoipa::path(get, operation_id = "follow_log", path = "/api/incidents/{reference}/events", tag = "incidents", params(
        ("reference" = String, Path, description = "e.g. INC-2026-0007"), EventsQuery),
    responses((status = 200, description = "Server-Sent Events, each `data` a LogEntry as JSON", body = String, content_type = "text/event-stream"),
        (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn events(
    State(state): State<App>,
    Caller(actor): Caller,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    ApiQuery(q): ApiQuery<EventsQuery>,
) -> ApiResult<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>> {
    muster_http::extract::seq("after", q.after)?;
    let incident = state
        .read(
            &actor,
            &reference,
            &format!("GET /api/incidents/{reference}/events"),
        )
        .await?;
    let last_event_id = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let after = q.after.or(last_event_id).unwrap_or(0);
    Ok(Sse::new(entry_stream(state, incident.id, after)).keep_alive(KeepAlive::default()))
}

/// Entries of `incident` after `after` as server-sent events: the stored
/// backlog, then live ones.
fn entry_stream(
    state: App,
    incident: Uuid,
    after: u64,
) -> impl Stream<Item = Result<SseEvent, Infallible>> {
    state.follow(incident, after).map(|entry| {
        Ok(SseEvent::default()
            .event("entry")
            .id(entry.seq.to_string())
            .json_data(&entry)
            .unwrap_or_else(|_| SseEvent::default().comment("unencodable entry")))
    })
}
