//! Rows the store keeps beside the log. Times are Unix microseconds (`i64`):
//! backends store them as integers, so no backend's time type leaks out.

use crate::OutboxChanges;
use muster_domain::LogEntry;
use muster_domain::vocab::{Phase, ReportStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub chat_handle: Option<String>,
    /// Slack member ID (`U…`), for inviting to the incident channel.
    pub slack_id: Option<String>,
    /// Matrix user id (`@ana:example.org`), for inviting to the incident room.
    pub matrix_id: Option<String>,
    /// Microsoft Entra object id, for the incident's Teams channel.
    #[serde(default)]
    pub teams_id: Option<String>,
    pub expertise: Vec<String>,
    pub team: Option<String>,
    pub created_at: i64,
}

/// A person with a login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub person: Uuid,
    pub admin: bool,
    /// Argon2 PHC string; `None` for token-only users.
    pub password_hash: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: Uuid,
    pub person: Uuid,
    pub name: String,
    /// Hex SHA-256 of the secret; the secret itself is never stored.
    pub hash: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReport {
    pub id: Uuid,
    pub year: i16,
    pub title: String,
    pub description: String,
    pub source: String,
    pub reported_by: Uuid,
    pub reported_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub id: Uuid,
    pub reference: String,
    pub title: String,
    pub description: String,
    pub source: String,
    pub reported_by: Uuid,
    pub reported_at: i64,
    pub status: ReportStatus,
    pub triaged_by: Option<Uuid>,
    pub triaged_at: Option<i64>,
    /// Why it was a false positive, for trend analysis.
    pub triage_note: Option<String>,
    pub incident: Option<Uuid>,
}

/// The outcome of triaging a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Triage {
    pub report: Uuid,
    pub by: Uuid,
    pub at: i64,
    pub note: Option<String>,
    /// The declared incident; `None` for a false positive.
    pub incident: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    pub id: Uuid,
    pub person: Uuid,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// What lists and visibility checks need of an incident without folding its log;
/// rewritten on every commit from the folded state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentSummary {
    pub id: Uuid,
    pub reference: String,
    pub title: String,
    pub severity: String,
    pub category: String,
    pub phase: Phase,
    pub security: bool,
    pub restricted: bool,
    pub incident_manager: Option<Uuid>,
    /// Everyone holding a role, for the restricted-visibility check.
    pub members: Vec<Uuid>,
    pub declared_at: i64,
    pub updated_at: i64,
    pub seq: u64,
    pub head_hash: String,
}

/// New entries for one incident, to follow `expected_seq`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Append {
    pub incident: Uuid,
    /// The `seq` of the incident's last entry as the writer saw it.
    pub expected_seq: u64,
    pub entries: Vec<LogEntry>,
    pub summary: IncidentSummary,
    /// Outbox rows this change causes (its reminders, its notifications):
    /// written in the same transaction if, and only if, this append commits.
    pub outbox: OutboxChanges,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppendOutcome {
    Committed,
    /// The incident's head was not `expected_seq`: re-read and decide again.
    Conflict {
        actual_seq: u64,
    },
    /// The incident's log does not end at its recorded head (or not where
    /// the writer holds it to): it was changed outside Muster, and takes no
    /// entries until an administrator acknowledges the break.
    Broken(muster_domain::log::Break),
}

/// One group commit: many requests' appends and audit records, one transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitBatch {
    pub appends: Vec<Append>,
    pub audit: Vec<AuditRecord>,
    /// Outbox rows written with the batch whatever its appends' outcomes.
    pub outbox: OutboxChanges,
}

impl CommitBatch {
    /// Nothing to write: a backend answers without opening a transaction.
    pub fn is_empty(&self) -> bool {
        self.appends.is_empty() && self.audit.is_empty() && self.outbox.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub id: Uuid,
    pub at: i64,
    pub person: Uuid,
    /// The incident looked at; `None` for a refused look at a reference that
    /// names no incident (a probe, recorded like a refused look at a real one).
    pub incident: Option<Uuid>,
    /// What was read, e.g. `GET /api/incidents/INC-2026-0001/log`.
    pub what: String,
    /// Where the request came from (the client's address), when known.
    pub source: Option<String>,
    /// The look was refused: the person is not on the restricted incident's
    /// team, or there is no such incident (both answer the same 404).
    pub refused: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub incident: Option<Uuid>,
    pub person: Option<Uuid>,
    pub limit: u32,
}
