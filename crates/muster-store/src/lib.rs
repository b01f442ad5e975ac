//! The storage traits every backend implements, split by capability, and the
//! conformance suite ([`conformance`]) that every backend must pass.
//!
//! The log is append-only: the only way to add to it is [`LogStore::commit`],
//! which checks each incident's expected sequence so that concurrent writers
//! never fork a chain, and which writes a whole batch in one transaction so that
//! one fsync serves many requests (group commit).
#![forbid(unsafe_code)]

pub mod conformance;
mod error;
mod types;

pub use error::{StoreError, StoreResult};
pub use types::*;

use async_trait::async_trait;
use muster_domain::LogEntry;
use muster_domain::vocab::ReportStatus;
use uuid::Uuid;

/// The people directory.
#[async_trait]
pub trait PeopleStore: Send + Sync {
    /// Fails with `Conflict` when the email or chat handle is taken.
    async fn create_person(&self, person: &Person) -> StoreResult<()>;
    /// Replaces a person's details; `NotFound` when there is no such person.
    async fn update_person(&self, person: &Person) -> StoreResult<()>;
    async fn person(&self, id: Uuid) -> StoreResult<Option<Person>>;
    /// Finds a person by email or chat handle (exact, case-insensitive).
    async fn person_by_contact(&self, key: &str) -> StoreResult<Option<Person>>;
    async fn list_people(&self) -> StoreResult<Vec<Person>>;
}

/// Logins and API tokens.
#[async_trait]
pub trait AuthStore: Send + Sync {
    /// Creates or replaces the login of an existing person.
    async fn upsert_user(&self, user: &User) -> StoreResult<()>;
    async fn user(&self, person: Uuid) -> StoreResult<Option<User>>;
    async fn count_admins(&self) -> StoreResult<u64>;
    async fn create_token(&self, token: &ApiToken) -> StoreResult<()>;
    /// Looks up a live (unrevoked) token by the SHA-256 of its secret.
    async fn token_by_hash(&self, hash: &str) -> StoreResult<Option<ApiToken>>;
    async fn tokens_of(&self, person: Uuid) -> StoreResult<Vec<ApiToken>>;
    /// Revokes a token; `NotFound` when it does not exist or is already revoked.
    async fn revoke_token(&self, id: Uuid, at: i64) -> StoreResult<()>;
}

/// Reports waiting for triage, and their outcomes.
#[async_trait]
pub trait ReportStore: Send + Sync {
    /// Stores a new report, allocating its reference (`REP-2026-0001`) from `year`.
    async fn create_report(&self, report: NewReport) -> StoreResult<Report>;
    async fn report(&self, id: Uuid) -> StoreResult<Option<Report>>;
    async fn report_by_reference(&self, reference: &str) -> StoreResult<Option<Report>>;
    async fn list_reports(&self, status: Option<ReportStatus>) -> StoreResult<Vec<Report>>;
    /// Closes a report awaiting triage as a false positive; `Conflict` otherwise.
    async fn mark_false_positive(&self, triage: &Triage) -> StoreResult<()>;
}

/// Who is the on-call incident manager, now and next.
#[async_trait]
pub trait RotaStore: Send + Sync {
    async fn add_shift(&self, shift: &Shift) -> StoreResult<()>;
    async fn remove_shift(&self, id: Uuid) -> StoreResult<()>;
    /// Shifts that end after `from`, earliest start first.
    async fn shifts_from(&self, from: i64) -> StoreResult<Vec<Shift>>;
}

/// Incidents and their hash-chained logs.
#[async_trait]
pub trait LogStore: Send + Sync {
    /// Allocates the next incident reference for `year` (`INC-2026-0007`).
    async fn allocate_reference(&self, year: i16) -> StoreResult<String>;
    /// Creates an incident with its first entries and, when declared from a report,
    /// marks the report declared in the same transaction (`Conflict` if it was
    /// already triaged).
    async fn create_incident(
        &self,
        summary: &IncidentSummary,
        entries: &[LogEntry],
        triage: Option<&Triage>,
    ) -> StoreResult<()>;
    /// Writes a batch in one transaction. Each append succeeds or reports
    /// `Conflict` on its own (its incident's head moved): the others still commit.
    /// An `Err` means nothing was written.
    async fn commit(&self, batch: &CommitBatch) -> StoreResult<Vec<AppendOutcome>>;
    /// Entries with `seq > after`, in order, at most `limit`.
    async fn entries(&self, incident: Uuid, after: u64, limit: u32) -> StoreResult<Vec<LogEntry>>;
    /// The last `limit` entries with `seq < before`, in ascending order: a page of
    /// the log read backwards from the head.
    async fn entries_before(
        &self,
        incident: Uuid,
        before: u64,
        limit: u32,
    ) -> StoreResult<Vec<LogEntry>>;
    async fn incident(&self, id: Uuid) -> StoreResult<Option<IncidentSummary>>;
    async fn incident_by_reference(&self, reference: &str)
    -> StoreResult<Option<IncidentSummary>>;
    async fn list_incidents(&self) -> StoreResult<Vec<IncidentSummary>>;
}

/// The audit trail of reads of restricted incidents.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Records reads durably (also possible inside [`LogStore::commit`]).
    async fn record_audit(&self, records: &[AuditRecord]) -> StoreResult<()>;
    async fn audit(&self, query: &AuditQuery) -> StoreResult<Vec<AuditRecord>>;
}

/// Everything a Muster server needs from its store.
pub trait Store: PeopleStore + AuthStore + ReportStore + RotaStore + LogStore + AuditStore {
    /// A short name for logs and metrics: `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
}
