//! Regulatory obligations: what an incident may owe and its clocks, a draft
//! of a stage's notification, the breach register, and the rules in force.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use muster_api::{ClockView, DraftRequest, DraftView, ErrorBody, ObligationView, RegisterEntry, RuleView};
use muster_app::App;
use muster_http::Caller;
use muster_http::error::{ApiError, ApiResult};
use muster_http::extract::{ApiJson, ApiPath, ApiQuery};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// Every obligation the incident may owe: regime, recipient, legal basis,
/// whether the rule is verified, its track, and each stage's deadline.
#[utoipa::path(get, operation_id = "list_obligations", path = "/api/incidents/{reference}/obligations", tag = "obligations",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007")),
    responses((status = 200, body = [ObligationView]), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn list(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<Vec<ObligationView>>> {
    Ok(Json(state.obligations(&actor, &reference).await?))
}

/// The deadlines running (or overdue), soonest first, with the time left.
#[utoipa::path(get, operation_id = "list_clocks", path = "/api/incidents/{reference}/clocks", tag = "obligations",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007")),
    responses((status = 200, body = [ClockView]), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn clocks(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<Vec<ClockView>>> {
    Ok(Json(state.clocks(&actor, &reference).await?))
}

/// A draft of one stage's notification, filled from the incident and the
/// answers given, with the fields still missing named. Nothing is written:
/// draft it as a communication (`draft-communication`) to have it agreed.
#[utoipa::path(post, operation_id = "draft_notification", path = "/api/incidents/{reference}/obligations/{regime}/{stage}/draft", tag = "obligations",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007"),
        ("regime" = String, Path, description = "e.g. gdpr-art-33"),
        ("stage" = String, Path, description = "e.g. notification")),
    request_body = DraftRequest,
    responses((status = 200, body = DraftView), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn draft(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath((reference, regime, stage)): ApiPath<(String, String, String)>,
    ApiJson(req): ApiJson<DraftRequest>,
) -> ApiResult<Json<DraftView>> {
    for (key, value) in &req.fields {
        muster_domain::text::check_at("fields", &format!("fields.{key}"), value, muster_domain::text::Shape::Lines)
            .map_err(|r| ApiError::invalid("fields", r.message))?;
    }
    Ok(Json(
        state
            .draft_notification(&actor, &reference, &regime, &stage, &req.fields)
            .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegisterQuery {
    /// Incidents declared at or after this time (RFC 3339).
    from: Option<String>,
    /// Incidents declared before this time (RFC 3339).
    to: Option<String>,
    /// Only incidents this regime applies or applied to, e.g. `gdpr-art-33`.
    regime: Option<String>,
    /// `json` (default) or `csv`.
    #[param(inline)]
    format: Option<RegisterFormat>,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RegisterFormat {
    Json,
    Csv,
}

/// The breach register (GDPR Art. 33(5)): every incident the caller may see
/// whose personal data is `yes` or `unknown`, with its facts, effects,
/// remedial action and each regime's notify / not-notify decision.
#[utoipa::path(get, operation_id = "breach_register", path = "/api/register", tag = "obligations", params(RegisterQuery),
    responses((status = 200, description = "the register", content(([RegisterEntry] = "application/json"), (String = "text/csv")))))]
pub async fn register(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiQuery(q): ApiQuery<RegisterQuery>,
) -> ApiResult<Response> {
    let time = |field: &'static str, v: &Option<String>| -> ApiResult<Option<Timestamp>> {
        v.as_deref()
            .map(|t| muster_api::time::parse(t).map_err(|e| ApiError::invalid(field, format!("`{field}`: {e}"))))
            .transpose()
    };
    let (from, to) = (time("from", &q.from)?, time("to", &q.to)?);
    let entries = state
        .register(&actor, from, to, q.regime.as_deref())
        .await?;
    Ok(match q.format.unwrap_or(RegisterFormat::Json) {
        RegisterFormat::Json => Json(entries).into_response(),
        RegisterFormat::Csv => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"breach-register.csv\""),
            ],
            muster_app::obligations::register_csv(&entries),
        )
            .into_response(),
    })
}

/// The notification rules in force: shipped, plus the organisation's own
/// from the policy's `rules_dir`.
#[utoipa::path(get, operation_id = "list_rules", path = "/api/rules", tag = "obligations",
    responses((status = 200, body = [RuleView])))]
pub async fn rules(State(state): State<App>, Caller(_actor): Caller) -> ApiResult<Json<Vec<RuleView>>> {
    Ok(Json(muster_app::obligations::rules(state.policy())))
}
