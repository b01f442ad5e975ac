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

/// `POST /api/incidents/{reference}/evidence/upload`: the file is the raw
/// request body; what the register records of it travels in the query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EvidenceUploadQuery {
    /// The file's name, without folders (`mailbox.pst`).
    pub file_name: String,
    /// What it is.
    pub description: String,
    /// What it was taken from (a host, a mailbox, a phone).
    pub taken_from: String,
    /// When it was collected (RFC 3339) [default: now].
    #[serde(
        default,
        with = "crate::time::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[param(value_type = Option<String>, format = DateTime)]
    pub collected_at: Option<Timestamp>,
    /// Who collected it [default: the uploader].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected_by: Option<String>,
    /// With what tool (`FTK Imager 4.7`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// The SHA-256 computed when it was collected: the upload is refused,
    /// and nothing kept, when the bytes that arrive hash to anything else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// `muster evidence verify`: every uploaded file re-hashed from the blob store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EvidenceVerifyReport {
    /// Every uploaded item checked, incident by incident.
    pub checked: Vec<EvidenceCheck>,
    /// How many no longer match (changed or missing): 0 when all is well.
    pub failed: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EvidenceCheck {
    pub reference: String,
    /// `EV1`, …
    pub evidence: String,
    pub file_name: String,
    /// The SHA-256 the register recorded.
    pub sha256: String,
    pub status: EvidenceStatus,
    /// What the stored bytes hash to now, when they changed.
    pub actual_sha256: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceStatus {
    /// The stored bytes still hash to the recorded SHA-256.
    Intact,
    /// They hash to something else: the stored file was changed.
    Changed,
    /// The blob store no longer holds the file.
    Missing,
}

/// An item of the evidence register as an export gives it: the register's
/// view with its chain of custody, and the log entries (by `seq`) that
/// record the item and each step of its custody, so that a reader checks the
/// register against the log the export lets them verify.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ExportEvidence {
    #[serde(flatten)]
    pub item: EvidenceView,
    /// `evidence-added`, then each `custody-transferred` and
    /// `custody-acknowledged`, in log order.
    pub entries: Vec<u64>,
}
