use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PersonView {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub chat_handle: Option<String>,
    pub slack_id: Option<String>,
    /// Matrix user id, e.g. `@ana:example.org`.
    #[serde(default)]
    pub matrix_id: Option<String>,
    /// Microsoft Entra object id, for the incident's Teams channel.
    #[serde(default)]
    pub teams_id: Option<String>,
    pub expertise: Vec<String>,
    pub team: Option<String>,
    /// Whether the person can sign in (has a login).
    pub user: bool,
    pub admin: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPersonRequest {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub chat_handle: Option<String>,
    #[serde(default)]
    pub slack_id: Option<String>,
    /// Matrix user id, e.g. `@ana:example.org`.
    #[serde(default)]
    pub matrix_id: Option<String>,
    /// Microsoft Entra object id (a GUID), for the incident's Teams channel.
    #[serde(default)]
    pub teams_id: Option<String>,
    #[serde(default)]
    pub expertise: Vec<String>,
    #[serde(default)]
    pub team: Option<String>,
}

/// Changes to a person; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePersonRequest {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub chat_handle: Option<String>,
    #[serde(default)]
    pub slack_id: Option<String>,
    /// Matrix user id, e.g. `@ana:example.org`.
    #[serde(default)]
    pub matrix_id: Option<String>,
    /// Microsoft Entra object id (a GUID), for the incident's Teams channel.
    #[serde(default)]
    pub teams_id: Option<String>,
    #[serde(default)]
    pub expertise: Option<Vec<String>>,
    #[serde(default)]
    pub team: Option<String>,
}

/// Gives a person a login (administrators only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[serde(default)]
    pub admin: bool,
    /// At least 12 characters; stored only as an argon2 hash.
    #[serde(default)]
    pub password: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenRequest {
    pub name: String,
    /// Administrators may mint a token for another user (email, handle or id).
    #[serde(default)]
    pub person: Option<String>,
}

/// A new API token. The secret is shown this once and never again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewToken {
    pub id: Uuid,
    pub person: Uuid,
    pub name: String,
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TokenView {
    pub id: Uuid,
    pub name: String,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewShiftRequest {
    /// Email, chat handle or id of the on-call incident manager.
    pub person: String,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub starts_at: Timestamp,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub ends_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ShiftView {
    pub id: Uuid,
    pub person: PersonView,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub starts_at: Timestamp,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub ends_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RotaView {
    /// The on-call incident manager now, if anyone is.
    pub now: Option<ShiftView>,
    pub next: Option<ShiftView>,
    pub shifts: Vec<ShiftView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuditView {
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    pub person: Uuid,
    pub person_name: String,
    /// The incident's reference; empty for a refused look at a reference that
    /// names no incident (`what` says which was asked for).
    pub incident: String,
    pub what: String,
    /// The client's address (or `slack`), when known.
    #[serde(default)]
    pub source: Option<String>,
    /// The look was refused (rule 10): the same 404 as for no such incident.
    #[serde(default)]
    pub refused: bool,
}
