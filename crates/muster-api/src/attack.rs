//! The organisation's MITRE ATT&CK catalogue on the wire (issue 11): what an
//! import kept, and the catalogue as read back.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An ATT&CK id with its name from the imported catalogue, when it has one
/// (no catalogue imported, or an id it does not hold: revoked, deprecated or
/// newer than the catalogue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AttackRef {
    /// `T1078.004`, canonical.
    pub id: String,
    /// `Valid Accounts: Cloud Accounts`, as ATT&CK writes a sub-technique.
    pub name: Option<String>,
    /// Its page on attack.mitre.org.
    pub url: String,
}

/// One tactic, technique or sub-technique of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AttackEntryView {
    pub id: String,
    /// Its own name (`Cloud Accounts`).
    pub name: String,
    /// With its technique's, for a sub-technique (`Valid Accounts: Cloud Accounts`).
    pub full_name: String,
    /// A tactic's short name, or a technique's tactics (kill-chain phases).
    pub tactics: Vec<String>,
    pub url: String,
}

/// The catalogue: every tactic and technique, in id order (tactics first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AttackCatalogueView {
    pub entries: Vec<AttackEntryView>,
}

/// What an import kept. Revoked and deprecated objects are left out (their
/// ids stay valid by form, without a name); objects of other types are
/// ignored. The import replaces the whole catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AttackImportResponse {
    pub tactics: usize,
    pub techniques: usize,
    pub sub_techniques: usize,
    /// `attack-pattern` and `x-mitre-tactic` objects left out because they
    /// are revoked or deprecated.
    pub retired: usize,
}
