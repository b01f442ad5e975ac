//! Rule 10: a restricted incident exists only for its team and administrators.
//! Everyone else gets the same "no incident" as for an incident that does not
//! exist, and every read of a restricted incident is audited before it is
//! answered.

use crate::actor::Actor;
use crate::app::App;
use crate::error::{AppError, AppResult};
use muster_domain::IncidentState;
use muster_store::{AuditRecord, IncidentSummary};
use std::sync::Arc;
use uuid::Uuid;

fn not_found(reference: &str) -> AppError {
    AppError::NotFound(format!("no incident {reference}"))
}

/// Whether `actor` may see the incident at all (the domain's rule 10).
pub fn can_see(state: &IncidentState, actor: &Actor) -> bool {
    muster_domain::can_see(state, actor.person.id, actor.admin)
}

impl App {
    /// The incident's id, from memory or the store.
    pub async fn incident_id(&self, reference: &str) -> AppResult<Uuid> {
        let inner = self.inner();
        if let Some(id) = inner.cache.id_for(reference) {
            return Ok(id);
        }
        let summary = inner
            .store
            .incident_by_reference(reference)
            .await?
            .ok_or_else(|| not_found(reference))?;
        inner.cache.remember(&summary.reference, summary.id);
        Ok(summary.id)
    }

    /// The incidents `actor` may see, each with its folded state, for list views.
    pub async fn visible_incidents(
        &self,
        actor: &Actor,
    ) -> AppResult<Vec<(IncidentSummary, Arc<IncidentState>)>> {
        let mut out = Vec::new();
        for summary in self.incident_summaries().await? {
            let Some(state) = self.state(summary.id).await? else {
                continue;
            };
            if can_see(&state, actor) {
                out.push((summary, state));
            }
        }
        Ok(out)
    }

    /// The reference of incident `id`, if it exists.
    pub async fn reference_of(&self, id: Uuid) -> AppResult<Option<String>> {
        Ok(self.inner().store.incident(id).await?.map(|s| s.reference))
    }

    /// The incident as `actor` may see it, for writing: no audit (the write is logged).
    pub async fn visible(&self, actor: &Actor, reference: &str) -> AppResult<Arc<IncidentState>> {
        let id = self.incident_id(reference).await?;
        let state = self.state(id).await?.ok_or_else(|| not_found(reference))?;
        if can_see(&state, actor) {
            Ok(state)
        } else {
            Err(not_found(reference))
        }
    }

    /// The incident as `actor` may see it, for reading: a read of a restricted
    /// incident is recorded durably first. `what` says what was read.
    pub async fn read(
        &self,
        actor: &Actor,
        reference: &str,
        what: &str,
    ) -> AppResult<Arc<IncidentState>> {
        let state = self.visible(actor, reference).await?;
        if state.restricted {
            self.audit(actor, &state, what).await?;
        }
        Ok(state)
    }

    /// Records durably that `actor` read `what` of a restricted incident.
    pub async fn audit(&self, actor: &Actor, state: &IncidentState, what: &str) -> AppResult<()> {
        self.inner()
            .committer
            .audit(AuditRecord {
                id: Uuid::now_v7(),
                at: jiff::Timestamp::now().as_microsecond(),
                person: actor.person.id,
                incident: state.id,
                what: what.to_owned(),
            })
            .await
    }
}
