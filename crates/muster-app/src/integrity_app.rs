//! The application's face for rule 9 at run time: verifying a log against
//! its recorded head, which logs are broken, and an administrator's
//! acknowledgement of a break.

use crate::actor::Actor;
use crate::app::App;
use crate::committer::{Acknowledge, Committed};
use crate::error::{AppError, AppResult};
use muster_domain::log::{Break, Verification};
use uuid::Uuid;

impl App {
    /// Verifies `id`'s whole stored log, then its end against the head its
    /// row records (a log cut short shows only there), then its entries
    /// against the transparency log's leaves and the tree against the latest
    /// checkpoint (a log re-sealed shows only there). What it
    /// finds is remembered: a broken log takes no entries.
    #[tracing::instrument(skip(self))]
    pub async fn verify_log(&self, id: Uuid) -> AppResult<Verification> {
        let store = self.inner().store.as_ref();
        let (summary, mut verification) = crate::integrity::verify_log(store, id, |_| {})
            .await?
            .ok_or_else(|| AppError::not_found("no such incident"))?;
        // Only the application holds the key: a checkpoint someone with the
        // database signed with a key of their own fails here.
        if verification.first_break.is_none() {
            verification.first_break = self.signature_break().await?;
        }
        self.inner()
            .cache
            .integrity()
            .record(id, &summary.reference, &verification);
        Ok(verification)
    }

    /// Verifies every incident's log once, so that a log broken while the
    /// server was down is refused, shown on the dashboard and counted in
    /// `/metrics` from the start, not only once someone opens it. Returns
    /// how many logs were verified and how many of them are broken.
    #[tracing::instrument(skip(self))]
    pub async fn sweep_logs(&self) -> AppResult<(usize, usize)> {
        let incidents = self.inner().store.list_incidents().await?;
        let mut broken = 0;
        for summary in &incidents {
            let verification = self.verify_log(summary.id).await?;
            if verification.first_break.is_some() {
                broken += 1;
            }
        }
        tracing::info!(
            verified = incidents.len(),
            broken,
            "every incident's log verified at start-up"
        );
        Ok((incidents.len(), broken))
    }

    /// The first break of `id`'s log, when it is known to fail verification
    /// (checked whenever it is loaded or verified).
    pub fn log_break(&self, id: Uuid) -> Option<Break> {
        self.inner().cache.integrity().get(id)
    }

    /// How many incidents' logs are known to fail verification.
    pub fn broken_chains(&self) -> usize {
        self.inner().cache.integrity().count()
    }

    /// The export of `state` (its report and whole log), stating the head the
    /// store recorded for the log: the hash of its last entry, unless the log
    /// was cut short or re-sealed outside Muster, when the export states the
    /// head it should have and so does not verify offline either.
    pub async fn export_document(
        &self,
        state: &muster_domain::IncidentState,
    ) -> AppResult<muster_api::ExportDocument> {
        let entries = self.all_entries(state.id).await?;
        let recorded = self.inner().store.incident(state.id).await?;
        let mut doc = crate::export::document(state, self.policy(), entries);
        if let Some(summary) = recorded {
            doc.log.head_hash = summary.head_hash;
        }
        Ok(doc)
    }

    /// Records, as an administrator, the break in `reference`'s log, so that
    /// it takes entries again: a `break-acknowledged` entry naming the break
    /// and `reason`, sealed onto the log as it stands.
    #[tracing::instrument(skip_all, fields(incident = %reference))]
    pub async fn acknowledge_break(
        &self,
        actor: &Actor,
        reference: &str,
        reason: &str,
    ) -> AppResult<Committed> {
        if !actor.admin {
            return Err(AppError::forbidden(
                "only an administrator may acknowledge a break in a log",
            ));
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid(
                "reason",
                "`reason` says why the break is acknowledged: what happened, what was checked",
            ));
        }
        let incident = self
            .visible(
                actor,
                reference,
                &format!("acknowledging a break in {reference}"),
            )
            .await?;
        self.inner()
            .committer
            .acknowledge(Acknowledge {
                incident: incident.id,
                actor: actor.person_ref(),
                reason: reason.to_owned(),
            })
            .await
    }
}
