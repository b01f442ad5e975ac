//! The transparency log on the wire (issue 12): checkpoints, and the
//! inclusion and consistency proofs a verifier checks against them. Hashes
//! are standard base64, as checkpoints write them; proof hashes are in the
//! order RFC 9162 §2.1.3 and §2.1.4 give them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A signed checkpoint of the installation's tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CheckpointView {
    /// How many entries (leaves) the tree had.
    pub size: u64,
    /// The tree's root at that size, base64.
    pub root: String,
    /// The C2SP signed note, byte for byte: the checkpoint text, a blank line
    /// and the signature lines.
    pub note: String,
    /// When it was signed (RFC 3339 UTC).
    pub created_at: String,
    /// Whether an RFC 3161 timestamp token is stored for it, served at
    /// `GET /api/log/checkpoints/{size}/timestamp`.
    #[serde(default)]
    pub timestamped: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CheckpointList {
    pub checkpoints: Vec<CheckpointView>,
}

/// That an entry is leaf `leaf_index` of the tree a checkpoint signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InclusionProofView {
    pub reference: String,
    pub seq: u64,
    /// The entry's `hash` (hex), the data of its leaf.
    pub entry_hash: String,
    pub leaf_index: u64,
    pub tree_size: u64,
    /// SHA-256(0x00 ‖ entry hash bytes), base64.
    pub leaf_hash: String,
    /// The audit path, base64, leaf side first.
    pub hashes: Vec<String>,
    /// The signed checkpoint of `tree_size` the proof leads to.
    pub checkpoint: String,
}

/// That the tree of `to` entries extends the tree of `from` entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConsistencyProofView {
    pub from: u64,
    pub to: u64,
    /// The consistency proof, base64.
    pub hashes: Vec<String>,
    /// The signed checkpoints of both sizes.
    pub from_checkpoint: String,
    pub to_checkpoint: String,
}
