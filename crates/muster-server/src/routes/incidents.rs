use axum::Json;
use axum::extract::State;
use jiff::Timestamp;
use muster_api::{ErrorBody, IncidentListItem, IncidentView};
use muster_app::App;
use muster_app::views;
use muster_http::Caller;
use muster_http::error::ApiResult;
use muster_http::extract::ApiPath;

/// Incidents the caller may see, most recently declared first. Restricted
/// incidents appear only to their team and administrators.
#[utoipa::path(get, operation_id = "list_incidents", path = "/api/incidents", tag = "incidents", responses((status = 200, body = [IncidentListItem])))]
pub async fn list(
    State(state): State<App>,
    Caller(actor): Caller,
) -> ApiResult<Json<Vec<IncidentListItem>>> {
    let mut out = Vec::new();
    for (s, folded) in state
        .visible_incidents(&actor, "GET /api/incidents (the list)")
        .await?
    {
        out.push(views::list_item(&s, Some(&folded)));
    }
    out.sort_by_key(|item| std::cmp::Reverse(item.declared_at));
    Ok(Json(out))
}

/// The incident as a responder sees it: roll call, gaps, board, work, timings.
#[utoipa::path(get, operation_id = "show_incident", path = "/api/incidents/{reference}", tag = "incidents",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007")),
    responses((status = 200, body = IncidentView), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(incident = %reference))]
pub async fn show(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<IncidentView>> {
    let incident = state
        .read(
            &actor,
            &reference,
            &format!("GET /api/incidents/{reference}"),
        )
        .await?;
    Ok(Json(views::incident(
        &incident,
        state.policy(),
        Timestamp::now(),
    )))
}
