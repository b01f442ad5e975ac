//! Evidence files through the application (issue 11): an upload streamed to
//! the store's blob store and registered as `add-evidence` with the
//! [`Upload`] Muster measured; a download, audited every time (open and
//! restricted incidents alike); and `verify`, which re-hashes the stored
//! files.
//!
//! An upload is decided twice: first, before any byte is read, with the
//! declared hash standing in for the measured one (so a non-member, a closed
//! incident or a bad field is refused with nothing stored), then for real
//! through the committer once the blob store has measured the bytes. A
//! measured hash that is not the declared one is not kept by the blob store,
//! and the domain's refusal (naming `sha256`) is the answer.

use crate::actor::Actor;
use crate::app::App;
use crate::committer::{Committed, Submission};
use crate::error::{AppError, AppResult};
use muster_api::{EvidenceCheck, EvidenceStatus, EvidenceVerifyReport};
use muster_domain::evidence::{EvidenceInput, Upload};
use muster_domain::{Command, IncidentState};
use muster_store::blob::{self, Check};
use muster_store::{ByteStream, PutError};

/// A stored file on its way out.
pub struct EvidenceFile {
    pub file_name: String,
    pub sha256: String,
    pub size: u64,
    pub bytes: ByteStream,
}

impl App {
    /// Streams `body` into the blob store and puts it on the register of
    /// `reference` as `input` (whose `upload` is ignored: Muster measures it).
    pub async fn upload_evidence(
        &self,
        actor: &Actor,
        reference: &str,
        mut input: EvidenceInput,
        file_name: &str,
        body: ByteStream,
    ) -> AppResult<Committed> {
        let what = format!("POST /api/incidents/{reference}/evidence/upload");
        let state = self.visible(actor, reference, &what).await?;
        let declared = input
            .sha256
            .as_deref()
            .map(|s| s.trim().to_ascii_lowercase());
        input.upload = Some(Upload {
            sha256: declared
                .clone()
                .filter(|d| blob::is_sha256(d))
                .unwrap_or_else(|| "0".repeat(64)),
            size: 0,
            file_name: file_name.to_owned(),
        });
        self.may_add_evidence(actor, &state, &input)?;
        let limit = self.policy().evidence.max_upload_bytes;
        let stored = self
            .inner()
            .store
            .blobs()
            .put(body, limit, declared.as_deref())
            .await
            .map_err(|e| match e {
                PutError::TooLarge { limit } => AppError::TooLarge(format!(
                    "the file is larger than the policy's evidence.max_upload_bytes ({limit} bytes); nothing was kept: register it with --external, its SHA-256 and where it is held"
                )),
                PutError::Body(e) => AppError::invalid(
                    "body",
                    format!("the upload was cut off before its end ({e}); nothing was kept"),
                ),
                PutError::Store(e) => e.into(),
            })?;
        input.upload = Some(Upload {
            sha256: stored.sha256,
            size: stored.size,
            file_name: file_name.to_owned(),
        });
        tracing::info!(
            incident = %reference,
            size = stored.size,
            kept = stored.kept,
            "evidence file stored"
        );
        self.submit(Submission {
            incident: state.id,
            actor: actor.person_ref(),
            admin: actor.admin,
            occurred_at: None,
            command: Command::AddEvidence(input),
        })
        .await
    }

    /// The decision `add-evidence` would take now, without committing it.
    fn may_add_evidence(
        &self,
        actor: &Actor,
        state: &IncidentState,
        input: &EvidenceInput,
    ) -> AppResult<()> {
        let ctx = muster_domain::command::Context {
            actor: actor.person_ref(),
            admin: actor.admin,
            now: jiff::Timestamp::now(),
            policy: self.policy(),
        };
        muster_domain::evidence::add_evidence(state, &ctx, input)?;
        Ok(())
    }

    /// The file of item `evidence`, for download. Every download is recorded
    /// in the audit trail, durably, before a byte is sent.
    pub async fn evidence_file(
        &self,
        actor: &Actor,
        reference: &str,
        evidence: &str,
    ) -> AppResult<EvidenceFile> {
        let what = format!("GET /api/incidents/{reference}/evidence/{evidence}/file");
        let state = self.visible(actor, reference, &what).await?;
        let item = state.evidence_item(evidence).ok_or_else(|| {
            AppError::not_found(format!("{reference} has no evidence item {evidence}"))
        })?;
        let Some(upload) = &item.upload else {
            return Err(AppError::not_found(format!(
                "{evidence} is held outside Muster ({}): there is no file to download",
                item.location.as_deref().unwrap_or("no location recorded")
            )));
        };
        let Some((size, bytes)) = self.inner().store.blobs().open(&upload.sha256).await? else {
            return Err(AppError::not_found(format!(
                "the file of {evidence} (SHA-256 {}) is missing from the blob store: `muster evidence verify {reference}` reports it",
                upload.sha256
            )));
        };
        self.audit(actor, &state, &format!("{what} ({})", upload.file_name))
            .await?;
        Ok(EvidenceFile {
            file_name: upload.file_name.clone(),
            sha256: upload.sha256.clone(),
            size,
            bytes,
        })
    }

    /// Re-hashes every uploaded file of `reference`, or of every incident
    /// `actor` may see, and says which no longer match.
    pub async fn verify_evidence(
        &self,
        actor: &Actor,
        reference: Option<&str>,
    ) -> AppResult<EvidenceVerifyReport> {
        let what = match reference {
            Some(r) => format!("GET /api/incidents/{r}/evidence/verify"),
            None => "GET /api/evidence/verify".to_owned(),
        };
        let states = match reference {
            Some(r) => vec![self.read(actor, r, &what).await?],
            None => self
                .visible_incidents(actor, &what)
                .await?
                .into_iter()
                .map(|(_, s)| s)
                .collect(),
        };
        let blobs = self.inner().store.blobs();
        let mut checked = Vec::new();
        for state in &states {
            for item in &state.evidence {
                let Some(upload) = &item.upload else { continue };
                let (status, actual_sha256) =
                    match blob::check(blobs.as_ref(), &upload.sha256).await? {
                        Check::Intact => (EvidenceStatus::Intact, None),
                        Check::Changed { actual, .. } => (EvidenceStatus::Changed, Some(actual)),
                        Check::Missing => (EvidenceStatus::Missing, None),
                    };
                checked.push(EvidenceCheck {
                    reference: state.reference.clone(),
                    evidence: item.id.clone(),
                    file_name: upload.file_name.clone(),
                    sha256: upload.sha256.clone(),
                    status,
                    actual_sha256,
                });
            }
        }
        let failed = checked
            .iter()
            .filter(|c| c.status != EvidenceStatus::Intact)
            .count();
        if failed > 0 {
            tracing::warn!(failed, "evidence files no longer match their SHA-256");
        }
        Ok(EvidenceVerifyReport { checked, failed })
    }
}
