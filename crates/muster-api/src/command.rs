//! Every write to a declared incident is a command posted to
//! `POST /api/incidents/{reference}/commands`: the domain's own [`Command`],
//! with people named by email, chat handle or id; the server resolves them
//! from the directory.

use jiff::Timestamp;
pub use muster_domain::Command;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CommandRequest {
    #[serde(flatten)]
    pub command: Command<String>,
    /// When it happened, if earlier than now (the log records both).
    #[serde(
        default,
        with = "crate::time::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub occurred_at: Option<Timestamp>,
}
