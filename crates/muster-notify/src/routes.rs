//! HTTP: the heartbeat-call feed and agenda of an incident (rule 10's
//! visibility and audit apply), and for administrators the delivery log and
//! webhook subscriptions.

use crate::ical;
use crate::worker::Notifier;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{delete, get};
use axum::{Json, Router};
use jiff::Timestamp;
use muster_api::{CallRecordView, CallScheduleView};
use muster_app::App;
use muster_app::actor::require_admin;
use muster_app::admin::WebhookInput;
use muster_app::wire;
use muster_domain::calls::{agenda, next_calls, schedule};
use muster_http::Caller;
use muster_http::error::{ApiError, ApiResult};
use muster_http::extract::{ApiJson, ApiPath, ApiQuery};
use muster_store::{OutboxQuery, OutboxStatus, WebhookSubscription};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use uuid::Uuid;

pub fn router(n: Arc<Notifier>) -> Router {
    let app = n.app.clone();
    Router::new()
        .route("/api/incidents/{reference}/calls.ics", get(calls_ics))
        .route("/api/incidents/{reference}/calls", get(calls))
        .route("/api/admin/deliveries", get(deliveries))
        .route(
            "/api/admin/webhooks",
            get(list_webhooks).post(create_webhook),
        )
        .route("/api/admin/webhooks/{id}", delete(delete_webhook))
        .layer(Extension(n))
        .with_state(app)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct FeedQuery {
    /// Calendar apps cannot send an `Authorization` header, so the feed also
    /// takes a token here: best a calls-feed token, which reads this feed and
    /// nothing else (the room's "Subscribe to the calls" link mints one), or
    /// an API token (`muster token create calendar`; revoke it when done).
    token: Option<String>,
}

/// `text/calendar`: subscribe to it for the incident's heartbeat calls.
#[utoipa::path(get, operation_id = "calls_feed", path = "/api/incidents/{reference}/calls.ics", tag = "calls",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007"), FeedQuery),
    responses((status = 200, description = "an RFC 5545 calendar of the heartbeat calls", body = String, content_type = "text/calendar"),
        (status = 401, body = muster_api::ErrorBody), (status = 404, body = muster_api::ErrorBody)))]
pub(crate) async fn calls_ics(
    State(app): State<App>,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    ApiQuery(q): ApiQuery<FeedQuery>,
) -> ApiResult<impl IntoResponse> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(secret) = bearer.or(q.token.as_deref()).filter(|s| !s.is_empty()) else {
        return Err(ApiError::unauthorized(
            "sign in: send `Authorization: Bearer <API token>`, or add `?token=<API token>` for a calendar app",
        ));
    };
    let actor = muster_app::actor::actor_for_feed(&app, secret, &reference).await?;
    let what = format!("GET /api/incidents/{reference}/calls.ics");
    let state = app.read(&actor, &reference, &what).await?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.split(':').next())
        .unwrap_or("muster");
    let body = ical::calendar(&state, app.policy(), Timestamp::now(), host);
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"calls.ics\"",
            ),
        ],
        body,
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct CallsView {
    schedule: Option<CallScheduleView>,
    /// The next three calls.
    #[serde(with = "muster_api::time::list")]
    #[schema(value_type = Vec<String>)]
    next_calls: Vec<Timestamp>,
    agenda: Vec<String>,
    #[serde(with = "muster_api::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    next_decision_at: Option<Timestamp>,
    records: Vec<CallRecordView>,
}

/// The heartbeat-call schedule, the next calls, the agenda and the call records.
#[utoipa::path(get, operation_id = "show_calls", path = "/api/incidents/{reference}/calls", tag = "calls",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007")),
    responses((status = 200, body = CallsView), (status = 404, body = muster_api::ErrorBody)))]
pub(crate) async fn calls(
    State(app): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<CallsView>> {
    let what = format!("GET /api/incidents/{reference}/calls");
    let state = app.read(&actor, &reference, &what).await?;
    let schedule = schedule(&state, app.policy());
    Ok(Json(CallsView {
        next_calls: schedule
            .as_ref()
            .map(|s| next_calls(s, Timestamp::now(), 3))
            .unwrap_or_default(),
        schedule: schedule.as_ref().map(wire::calls),
        agenda: agenda(&state),
        next_decision_at: state.next_decision_at,
        records: state.call_records.iter().map(wire::call_record).collect(),
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct DeliveryParams {
    status: Option<String>,
    channel: Option<String>,
    incident: Option<String>,
    /// At most this many rows, newest first (default 100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// One row of the delivery log, without its payload (it may hold message text).
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct DeliveryView {
    id: Uuid,
    key: String,
    channel: String,
    incident: Option<Uuid>,
    #[schema(value_type = String, example = "pending")]
    status: OutboxStatus,
    attempts: u32,
    last_error: Option<String>,
    #[serde(with = "muster_api::time")]
    #[schema(value_type = String, format = DateTime)]
    due_at: Timestamp,
    #[serde(with = "muster_api::time")]
    #[schema(value_type = String, format = DateTime)]
    created_at: Timestamp,
    #[serde(with = "muster_api::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    finished_at: Option<Timestamp>,
    claimed_by: Option<String>,
}

fn ts(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The delivery log: every reminder and notification with its state (administrators).
#[utoipa::path(get, operation_id = "list_deliveries", path = "/api/admin/deliveries", tag = "notifications", params(DeliveryParams),
    responses((status = 200, body = [DeliveryView]), (status = 403, body = muster_api::ErrorBody),
        (status = 404, body = muster_api::ErrorBody, description = "no such incident")))]
pub(crate) async fn deliveries(
    State(app): State<App>,
    Caller(actor): Caller,
    ApiQuery(q): ApiQuery<DeliveryParams>,
) -> ApiResult<Json<Vec<DeliveryView>>> {
    require_admin(&actor, "read the delivery log")?;
    let status = q
        .status
        .as_deref()
        .map(|s| s.parse::<OutboxStatus>())
        .transpose()
        .map_err(|e| {
            ApiError::invalid(
                "status",
                format!("{e}; use pending, delivered, cancelled or dead"),
            )
        })?;
    let incident = match &q.incident {
        Some(r) => Some(app.incident_id(r).await?),
        None => None,
    };
    let rows = app
        .outbox()
        .list_outbox(&OutboxQuery {
            status,
            channel: q.channel,
            incident,
            limit: muster_http::extract::limit(q.limit)?,
        })
        .await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| DeliveryView {
                id: r.id,
                key: r.key,
                channel: r.channel,
                incident: r.incident,
                status: r.status,
                attempts: r.attempts,
                last_error: r.last_error,
                due_at: ts(r.due_at),
                created_at: ts(r.created_at),
                finished_at: r.finished_at.map(ts),
                claimed_by: r.claimed_by,
            })
            .collect(),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct WebhookView {
    id: Uuid,
    url: String,
    kinds: Vec<String>,
    active: bool,
    description: Option<String>,
    #[serde(with = "muster_api::time")]
    #[schema(value_type = String, format = DateTime)]
    created_at: Timestamp,
    /// Only in the answer to its creation: keep it, it is not shown again.
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

fn view(s: WebhookSubscription, with_secret: bool) -> WebhookView {
    WebhookView {
        id: s.id,
        url: s.url,
        kinds: s.kinds,
        active: s.active,
        description: s.description,
        created_at: ts(s.created_at),
        secret: with_secret.then_some(s.secret),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewWebhook {
    url: String,
    /// Log entry kinds (`action-created`, …), `reminder.<kind>`, `communication`,
    /// `checkpoint` (each signed checkpoint of the transparency log), or `*`.
    kinds: Vec<String>,
    #[serde(default)]
    description: Option<String>,
    /// Generated when absent.
    #[serde(default)]
    secret: Option<String>,
}

/// Outbound webhook subscriptions (administrators).
#[utoipa::path(get, operation_id = "list_webhooks", path = "/api/admin/webhooks", tag = "notifications",
    responses((status = 200, body = [WebhookView]), (status = 403, body = muster_api::ErrorBody)))]
pub(crate) async fn list_webhooks(
    State(app): State<App>,
    Caller(actor): Caller,
) -> ApiResult<Json<Vec<WebhookView>>> {
    require_admin(&actor, "list webhook subscriptions")?;
    let subs = app.outbox().list_subscriptions().await?;
    Ok(Json(subs.into_iter().map(|s| view(s, false)).collect()))
}

/// Subscribes a URL to event kinds; the signing secret is in this answer only.
#[utoipa::path(post, operation_id = "create_webhook", path = "/api/admin/webhooks", tag = "notifications", request_body = NewWebhook,
    responses((status = 201, body = WebhookView), (status = 403, body = muster_api::ErrorBody)))]
pub(crate) async fn create_webhook(
    State(app): State<App>,
    Caller(actor): Caller,
    ApiJson(req): ApiJson<NewWebhook>,
) -> ApiResult<(StatusCode, Json<WebhookView>)> {
    let sub = app
        .add_webhook(
            &actor,
            WebhookInput {
                url: req.url,
                kinds: req.kinds,
                description: req.description,
                secret: req.secret,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(view(sub, true))))
}

#[utoipa::path(delete, operation_id = "delete_webhook", path = "/api/admin/webhooks/{id}", tag = "notifications",
    params(("id" = Uuid, Path, description = "subscription id")),
    responses((status = 204, description = "deleted"), (status = 403, body = muster_api::ErrorBody), (status = 404, body = muster_api::ErrorBody)))]
pub(crate) async fn delete_webhook(
    State(app): State<App>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    app.delete_webhook(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
