//! The evidence register on the wire (issue 11): each item, who holds it,
//! a transfer waiting for acknowledgement, and the chain of custody.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EvidenceRegister {
    pub reference: String,
    pub items: Vec<EvidenceView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EvidenceView {
    /// `EV1`, `EV2`, …
    pub id: String,
    pub description: String,
    pub taken_from: String,
    pub collected_by: String,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub collected_at: Timestamp,
    pub tool: Option<String>,
    pub sha256: String,
    /// The uploaded file's name and size, when Muster holds its bytes.
    pub file_name: Option<String>,
    pub size: Option<u64>,
    /// Where an item held outside Muster is kept.
    pub location: Option<String>,
    /// Who holds it now.
    pub custodian: String,
    /// A transfer the receiver has not acknowledged yet.
    pub pending: Option<TransferView>,
    /// Every completed transfer, oldest first.
    pub custody: Vec<TransferView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TransferView {
    pub from: String,
    pub to: String,
    pub reason: String,
    pub destination: String,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub transferred_at: Timestamp,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub acknowledged_at: Option<Timestamp>,
}
