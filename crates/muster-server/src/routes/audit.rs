use axum::Json;
use axum::extract::State;
use muster_api::{AuditView, ErrorBody};
use muster_app::App;
use muster_app::actor::require_admin;
use muster_app::views::ts;
use muster_http::Caller;
use muster_http::error::ApiResult;
use muster_http::extract::ApiQuery;
use muster_store::AuditQuery;
use serde::Deserialize;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// An incident reference.
    incident: Option<String>,
    /// Email, chat handle or id of the reader.
    person: Option<String>,
    /// At most this many records, newest first (default 100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// Who read which restricted incident, when and from where, and every refused
/// look (administrators only).
#[utoipa::path(get, operation_id = "list_audit", path = "/api/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = [AuditView]), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "no such incident")))]
pub async fn list(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiQuery(q): ApiQuery<AuditParams>,
) -> ApiResult<Json<Vec<AuditView>>> {
    require_admin(&actor, "read the audit log")?;
    let incident = match &q.incident {
        Some(r) => Some(state.incident_id(r).await?),
        None => None,
    };
    let person = match &q.person {
        Some(k) => Some(state.person("person", k).await?.id),
        None => None,
    };
    let records = state
        .audit_trail(&AuditQuery {
            incident,
            person,
            limit: muster_http::extract::limit(q.limit)?,
        })
        .await?;
    let mut names: HashMap<uuid::Uuid, String> = HashMap::new();
    let mut refs: HashMap<uuid::Uuid, String> = HashMap::new();
    let mut out = Vec::new();
    for r in records {
        if let Entry::Vacant(slot) = names.entry(r.person) {
            let name = state
                .directory()
                .person(r.person)
                .await?
                .map(|p| p.name)
                .unwrap_or_default();
            slot.insert(name);
        }
        if let Some(incident) = r.incident
            && let Entry::Vacant(slot) = refs.entry(incident)
        {
            let reference = state.reference_of(incident).await?.unwrap_or_default();
            slot.insert(reference);
        }
        out.push(AuditView {
            at: ts(r.at),
            person: r.person,
            person_name: names.get(&r.person).cloned().unwrap_or_default(),
            incident: r
                .incident
                .and_then(|i| refs.get(&i).cloned())
                .unwrap_or_default(),
            what: r.what,
            source: r.source,
            refused: r.refused,
        });
    }
    Ok(Json(out))
}
