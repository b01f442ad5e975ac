//! Rule 10: a restricted incident exists only for its team and administrators.
//! Everyone else gets the same 404 as for an incident that does not exist, and
//! every read of a restricted incident is audited before it is answered.

use crate::auth::Actor;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use muster_domain::IncidentState;
use muster_store::AuditRecord;
use std::sync::Arc;
use uuid::Uuid;

fn not_found(reference: &str) -> ApiError {
    ApiError::NotFound(format!("no incident {reference}"))
}

pub fn can_see(state: &IncidentState, actor: &Actor) -> bool {
    !state.restricted
        || actor.admin
        || state.is_member(actor.person.id)
        || state
            .handover
            .as_ref()
            .is_some_and(|h| h.to.id == actor.person.id)
}

/// The incident's id, from memory or the store.
pub async fn incident_id(app: &AppState, reference: &str) -> ApiResult<Uuid> {
    if let Some(id) = app.cache.id_for(reference) {
        return Ok(id);
    }
    let summary = app
        .store
        .incident_by_reference(reference)
        .await?
        .ok_or_else(|| not_found(reference))?;
    app.cache.remember(&summary.reference, summary.id);
    Ok(summary.id)
}

/// The incident as `actor` may see it, for writing: no audit (the write is logged).
pub async fn visible(
    app: &AppState,
    actor: &Actor,
    reference: &str,
) -> ApiResult<Arc<IncidentState>> {
    let id = incident_id(app, reference).await?;
    let state = app
        .cache
        .load(app.store.as_ref(), id)
        .await?
        .ok_or_else(|| not_found(reference))?;
    if can_see(&state, actor) {
        Ok(state)
    } else {
        Err(not_found(reference))
    }
}

/// The incident as `actor` may see it, for reading: a read of a restricted
/// incident is recorded durably first.
pub async fn read(
    app: &AppState,
    actor: &Actor,
    reference: &str,
    what: &str,
) -> ApiResult<Arc<IncidentState>> {
    let state = visible(app, actor, reference).await?;
    if state.restricted {
        audit(app, actor, &state, what).await?;
    }
    Ok(state)
}

pub async fn audit(
    app: &AppState,
    actor: &Actor,
    state: &IncidentState,
    what: &str,
) -> ApiResult<()> {
    app.committer
        .audit(AuditRecord {
            id: Uuid::now_v7(),
            at: jiff::Timestamp::now().as_microsecond(),
            person: actor.person.id,
            incident: state.id,
            what: what.to_owned(),
        })
        .await
}
