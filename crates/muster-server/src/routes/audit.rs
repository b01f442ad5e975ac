use crate::auth::{Actor, require_admin};
use crate::error::ApiResult;
use crate::extract::ApiQuery;
use crate::state::AppState;
use crate::views::ts;
use crate::{resolve, visibility};
use axum::Json;
use axum::extract::State;
use muster_api::{AuditView, ErrorBody};
use muster_store::AuditQuery;
use serde::Deserialize;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
pub struct AuditParams {
    /// An incident reference.
    incident: Option<String>,
    /// Email, chat handle or id of the reader.
    person: Option<String>,
    /// At most this many records, newest first (default 100, at most 1000).
    limit: Option<u32>,
}

/// Who read which restricted incident, when (administrators only).
#[utoipa::path(get, path = "/api/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = [AuditView]), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(q): ApiQuery<AuditParams>,
) -> ApiResult<Json<Vec<AuditView>>> {
    require_admin(&actor, "read the audit log")?;
    let incident = match &q.incident {
        Some(r) => Some(visibility::incident_id(&state, r).await?),
        None => None,
    };
    let person = match &q.person {
        Some(k) => Some(resolve::person(&state, "person", k).await?.id),
        None => None,
    };
    let records = state
        .store
        .audit(&AuditQuery {
            incident,
            person,
            limit: q.limit.unwrap_or(100).clamp(1, 1000),
        })
        .await?;
    let mut names: HashMap<uuid::Uuid, String> = HashMap::new();
    let mut refs: HashMap<uuid::Uuid, String> = HashMap::new();
    let mut out = Vec::new();
    for r in records {
        if let Entry::Vacant(slot) = names.entry(r.person) {
            let name = state
                .store
                .person(r.person)
                .await?
                .map(|p| p.name)
                .unwrap_or_default();
            slot.insert(name);
        }
        if let Entry::Vacant(slot) = refs.entry(r.incident) {
            let reference = state
                .store
                .incident(r.incident)
                .await?
                .map(|s| s.reference)
                .unwrap_or_default();
            slot.insert(reference);
        }
        out.push(AuditView {
            at: ts(r.at),
            person: r.person,
            person_name: names.get(&r.person).cloned().unwrap_or_default(),
            incident: refs.get(&r.incident).cloned().unwrap_or_default(),
            what: r.what,
        });
    }
    Ok(Json(out))
}
