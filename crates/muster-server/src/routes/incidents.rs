use crate::auth::Actor;
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::state::AppState;
use crate::{views, visibility};
use axum::Json;
use axum::extract::State;
use jiff::Timestamp;
use muster_api::{ErrorBody, IncidentListItem, IncidentView};

/// Incidents the caller may see, most recently declared first. Restricted
/// incidents appear only to their team and administrators.
#[utoipa::path(get, path = "/api/incidents", tag = "incidents", responses((status = 200, body = [IncidentListItem])))]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
) -> ApiResult<Json<Vec<IncidentListItem>>> {
    let mut out = Vec::new();
    for s in state.store.list_incidents().await? {
        if s.restricted && !actor.admin && !s.members.contains(&actor.person.id) {
            continue;
        }
        let folded = state.cache.load(state.store.as_ref(), s.id).await?;
        out.push(views::list_item(&s, folded.as_deref()));
    }
    out.sort_by_key(|item| std::cmp::Reverse(item.declared_at));
    Ok(Json(out))
}

/// The incident as a responder sees it: roll call, gaps, board, work, timings.
#[utoipa::path(get, path = "/api/incidents/{reference}", tag = "incidents",
    params(("reference" = String, Path, description = "e.g. INC-2026-0007")),
    responses((status = 200, body = IncidentView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<IncidentView>> {
    let incident = visibility::read(
        &state,
        &actor,
        &reference,
        &format!("GET /api/incidents/{reference}"),
    )
    .await?;
    Ok(Json(views::incident(
        &incident,
        &state.policy,
        Timestamp::now(),
    )))
}
