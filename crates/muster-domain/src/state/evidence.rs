//! The evidence register as folded: each item with its custodian, a
//! transfer waiting for the receiver's acknowledgement, and the custody
//! chain so far (every hand it passed through, when, why and where).

use super::IncidentState;
use crate::event::{Event, PersonRef};
use crate::evidence::EvidenceRecord;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceItem {
    #[serde(flatten)]
    pub record: EvidenceRecord,
    pub recorded_at: Timestamp,
    /// Who holds it now.
    pub custodian: PersonRef,
    /// A transfer the receiver has not acknowledged yet.
    pub pending: Option<Transfer>,
    /// Every completed transfer, oldest first.
    pub custody: Vec<Transfer>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transfer {
    pub from: PersonRef,
    pub to: PersonRef,
    pub reason: String,
    pub destination: String,
    pub transferred_at: Timestamp,
    pub acknowledged_at: Option<Timestamp>,
}

impl std::ops::Deref for EvidenceItem {
    type Target = EvidenceRecord;
    fn deref(&self) -> &EvidenceRecord {
        &self.record
    }
}

pub(super) fn apply(state: &mut IncidentState, event: &Event, at: Timestamp) {
    match event {
        Event::EvidenceAdded(record) => state.evidence.push(EvidenceItem {
            custodian: record.custodian.clone(),
            record: record.clone(),
            recorded_at: at,
            pending: None,
            custody: Vec::new(),
        }),
        Event::CustodyTransferred {
            evidence,
            from,
            to,
            reason,
            destination,
        } => {
            if let Some(item) = state.evidence.iter_mut().find(|e| &e.record.id == evidence) {
                item.pending = Some(Transfer {
                    from: from.clone(),
                    to: to.clone(),
                    reason: reason.clone(),
                    destination: destination.clone(),
                    transferred_at: at,
                    acknowledged_at: None,
                });
            }
        }
        Event::CustodyAcknowledged { evidence, by } => {
            if let Some(item) = state.evidence.iter_mut().find(|e| &e.record.id == evidence)
                && let Some(mut t) = item.pending.take()
            {
                t.acknowledged_at = Some(at);
                item.custodian = by.clone();
                item.custody.push(t);
            }
        }
        _ => {}
    }
}
