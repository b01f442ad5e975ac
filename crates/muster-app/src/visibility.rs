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

    /// The incidents `actor` may see, each with its folded state, for list
    /// views. A list shows each restricted incident's title and state, so each
    /// one listed is a read of it, audited as `what` before the list is answered.
    pub async fn visible_incidents(
        &self,
        actor: &Actor,
        what: &str,
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
        let reads = out
            .iter()
            .filter(|(_, state)| state.restricted)
            .map(|(_, state)| self.audit_record(actor, Some(state.id), what, false));
        futures::future::try_join_all(reads.map(|r| self.inner().committer.audit(r))).await?;
        Ok(out)
    }

    /// The reference of incident `id`, if it exists.
    pub async fn reference_of(&self, id: Uuid) -> AppResult<Option<String>> {
        Ok(self.inner().store.incident(id).await?.map(|s| s.reference))
    }

    /// The incident as `actor` may see it, for writing: no audit of an
    /// allowed write (the write is logged). A refused one is audited as `what`.
    pub async fn visible(
        &self,
        actor: &Actor,
        reference: &str,
        what: &str,
    ) -> AppResult<Arc<IncidentState>> {
        let inner = self.inner();
        // Both refusals (no such incident; a restricted one the actor is not
        // on) take the same path, so that the time of the 404 does not tell
        // them apart: one store lookup by reference, one durable audit record.
        let (id, looked_up) = match inner.cache.id_for(reference) {
            Some(id) => (Some(id), false),
            None => (self.lookup(reference).await?, true),
        };
        let state = match id {
            Some(id) => self.state(id).await?,
            None => None,
        };
        match state {
            Some(state) if can_see(&state, actor) => Ok(state),
            state => {
                if !looked_up {
                    self.lookup(reference).await?;
                }
                let record = self.audit_record(actor, state.map(|s| s.id), what, true);
                inner.committer.audit(record).await?;
                Err(not_found(reference))
            }
        }
    }

    /// The id of the incident `reference` names, from the store, remembered.
    async fn lookup(&self, reference: &str) -> AppResult<Option<Uuid>> {
        let inner = self.inner();
        let summary = inner.store.incident_by_reference(reference).await?;
        Ok(summary.map(|s| {
            inner.cache.remember(&s.reference, s.id);
            s.id
        }))
    }

    /// The incident as `actor` may see it, for reading: a read of a restricted
    /// incident is recorded durably first, and so is a refused one. `what`
    /// says what was read.
    pub async fn read(
        &self,
        actor: &Actor,
        reference: &str,
        what: &str,
    ) -> AppResult<Arc<IncidentState>> {
        let state = self.visible(actor, reference, what).await?;
        if state.restricted {
            self.audit(actor, &state, what).await?;
        }
        Ok(state)
    }

    /// Records durably that `actor` read `what` of a restricted incident.
    pub async fn audit(&self, actor: &Actor, state: &IncidentState, what: &str) -> AppResult<()> {
        let record = self.audit_record(actor, Some(state.id), what, false);
        self.inner().committer.audit(record).await
    }

    fn audit_record(
        &self,
        actor: &Actor,
        incident: Option<Uuid>,
        what: &str,
        refused: bool,
    ) -> AuditRecord {
        AuditRecord {
            id: Uuid::now_v7(),
            at: jiff::Timestamp::now().as_microsecond(),
            person: actor.person.id,
            incident,
            what: what.to_owned(),
            source: actor.source.clone(),
            refused,
        }
    }
}
