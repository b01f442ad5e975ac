//! The evidence register through the application: a read of the incident,
//! audited like any other (rule 10). Items, transfers and acknowledgements
//! are commands (`add-evidence`, `transfer-evidence`, `acknowledge-evidence`).

use crate::actor::Actor;
use crate::app::App;
use crate::error::AppResult;
use muster_api::{EvidenceRegister, EvidenceView, TransferView};
use muster_domain::IncidentState;
use muster_domain::state::Transfer;

impl App {
    pub async fn evidence(&self, actor: &Actor, reference: &str) -> AppResult<EvidenceRegister> {
        let state = self
            .read(
                actor,
                reference,
                &format!("GET /api/incidents/{reference}/evidence"),
            )
            .await?;
        Ok(register(&state))
    }
}

pub fn register(state: &IncidentState) -> EvidenceRegister {
    let transfer = |t: &Transfer| TransferView {
        from: t.from.name.clone(),
        to: t.to.name.clone(),
        reason: t.reason.clone(),
        destination: t.destination.clone(),
        transferred_at: t.transferred_at,
        acknowledged_at: t.acknowledged_at,
    };
    EvidenceRegister {
        reference: state.reference.clone(),
        items: state
            .evidence
            .iter()
            .map(|e| EvidenceView {
                id: e.id.clone(),
                description: e.description.clone(),
                taken_from: e.taken_from.clone(),
                collected_by: e.collected_by.clone(),
                collected_at: e.collected_at,
                tool: e.tool.clone(),
                sha256: e.sha256.clone(),
                file_name: e.upload.as_ref().map(|u| u.file_name.clone()),
                size: e.upload.as_ref().map(|u| u.size),
                location: e.location.clone(),
                custodian: e.custodian.name.clone(),
                pending: e.pending.as_ref().map(transfer),
                custody: e.custody.iter().map(transfer).collect(),
            })
            .collect(),
    }
}
