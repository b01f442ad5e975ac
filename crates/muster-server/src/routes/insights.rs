//! Insight (issue 13): the organisation's incident figures as JSON or CSV,
//! and every open preventive action across incidents. Rule 10 applies: a
//! restricted incident counts only for its team and administrators, and
//! each one counted is an audited read.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use muster_api::{ErrorBody, InsightsView, OpenPreventiveAction};
use muster_app::App;
use muster_http::Caller;
use muster_http::error::{ApiError, ApiResult};
use muster_http::extract::ApiQuery;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InsightsParams {
    /// `json` (the default) or `csv`: the duration statistics, a blank line,
    /// then one row per incident.
    format: Option<String>,
}

/// Time to triage, declare, assemble, contain and resolve (median and 90th
/// percentile, nearest rank, overall and per month, severity and category),
/// report-backs kept and missed, regulators' deadlines met and missed, and
/// preventive actions open and overdue, over the incidents the caller may see.
#[utoipa::path(get, operation_id = "show_insights", path = "/api/insights", tag = "insights", params(InsightsParams),
    responses((status = 200, description = "the figures; with `format=csv` the same as CSV (RFC 4180)", content((InsightsView = "application/json"), (String = "text/csv"))),
        (status = 422, body = ErrorBody, description = "`format` is neither json nor csv")))]
pub async fn show(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiQuery(q): ApiQuery<InsightsParams>,
) -> ApiResult<Response> {
    let csv = match q.format.as_deref().map(str::trim) {
        None | Some("") | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(ApiError::invalid(
                "format",
                format!("`format` is json or csv, not {other:?}"),
            ));
        }
    };
    let view = state.insights(&actor, "GET /api/insights").await?;
    if csv {
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"insights.csv\"",
                ),
            ],
            muster_app::insights::csv(&view),
        )
            .into_response());
    }
    Ok(Json(view).into_response())
}

/// Every open preventive action of the incidents the caller may see, soonest
/// due first, with its owner, due date and incident; `overdue` past its due date.
#[utoipa::path(get, operation_id = "list_preventive_actions", path = "/api/preventive-actions", tag = "insights",
    responses((status = 200, body = [OpenPreventiveAction])))]
pub async fn preventive(
    State(state): State<App>,
    Caller(actor): Caller,
) -> ApiResult<Json<Vec<OpenPreventiveAction>>> {
    Ok(Json(
        state
            .preventive_actions(&actor, "GET /api/preventive-actions")
            .await?,
    ))
}
