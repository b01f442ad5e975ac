//! The storage traits every backend implements, split by capability. The
//! conformance suite every backend must pass lives in the `muster-store-tests`
//! crate, which is only ever a dev-dependency.
//!
//! The log is append-only: the only way to add to it is [`LogStore::commit`],
//! which checks each incident's expected sequence so that concurrent writers
//! never fork a chain, and which writes a whole batch in one transaction so that
//! one fsync serves many requests (group commit).
#![forbid(unsafe_code)]

pub mod blob;
mod blob_fs;
pub mod column;
mod delivery;
mod error;
mod feed;
pub mod indicators;
mod outbox;
pub mod plan;
pub mod refusal;
mod signin;
mod sso;
#[cfg(test)]
mod test_fixtures;
pub mod tlog;
pub mod trace;
mod types;

pub use blob::{BlobInfo, BlobStore, ByteStream, PutError, Stored};
pub use blob_fs::FsBlobStore;
pub use delivery::DeliveryStore;
pub use error::{StoreError, StoreResult};
pub use feed::{Change, ChangeFeed};
pub use indicators::{AttackRow, IndicatorStore, SeenRow};
pub use outbox::*;
pub use signin::{SigninFailures, SigninStore};
pub use sso::{SsoGrant, SsoStore};
pub use tlog::{CheckpointRow, TlogStore};
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
    /// already triaged). The declaration's outbox rows (its notifications, the
    /// chat channel to open, its first reminders) are written in that same
    /// transaction, with [`OutboxStore::enqueue`]'s semantics.
    async fn create_incident(
        &self,
        summary: &IncidentSummary,
        entries: &[LogEntry],
        triage: Option<&Triage>,
        outbox: &OutboxChanges,
    ) -> StoreResult<()>;
    /// Writes a batch in one transaction. Each append succeeds or reports
    /// `Conflict` on its own (its incident's head moved): the others still commit.
    /// An `Err` means nothing was written.
    ///
    /// Outbox changes go in the same transaction, with [`OutboxStore::enqueue`]'s
    /// semantics: each append's `outbox` only if that append commits, then the
    /// batch's own `outbox` always.
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
    async fn incident_by_reference(&self, reference: &str) -> StoreResult<Option<IncidentSummary>>;
    async fn list_incidents(&self) -> StoreResult<Vec<IncidentSummary>>;
}

/// The audit trail of reads of restricted incidents.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Records reads durably (also possible inside [`LogStore::commit`]).
    async fn record_audit(&self, records: &[AuditRecord]) -> StoreResult<()>;
    async fn audit(&self, query: &AuditQuery) -> StoreResult<Vec<AuditRecord>>;
}

/// The durable outbox of reminders and notifications, and the webhook
/// subscriptions deliveries go to. See the [`outbox`](crate::OutboxItem) types.
///
/// A backend must make [`claim`](OutboxStore::claim) atomic against other
/// claimers in other processes: PostgreSQL with `FOR UPDATE SKIP LOCKED`
/// inside the claiming `UPDATE`; SQLite inside one `BEGIN IMMEDIATE`
/// transaction. The conformance suite (in `muster-store-tests`) checks that
/// concurrent claimers never get the same row, and that a lapsed lease is
/// claimed again.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Writes outbox changes in one transaction, outside any commit (a worker's
    /// follow-ups: a fan-out's deliveries, the next occurrence of a reminder).
    /// First each cancel: every `Pending` row of the slot becomes `Cancelled`
    /// (`finished_at` = the cancel's `at`). Then each enqueued item:
    /// * a new key is inserted as given, but `Pending` with 0 attempts and no
    ///   claim, whatever the item's own status fields say;
    /// * an existing key whose row is `Cancelled` is revived: `Pending` again
    ///   with the item's `due_at`, `payload`, `slot`, 0 attempts, no error, no claim;
    /// * an existing key in any other state is left alone (never re-delivered);
    /// * then, if the item has a slot, every other `Pending` row of that slot
    ///   (another key) becomes `Cancelled` at the item's `created_at`.
    ///
    /// Returns how many rows were inserted or revived.
    async fn enqueue(&self, changes: &OutboxChanges) -> StoreResult<u64>;

    /// Claims up to `limit` rows that are `Pending`, due (`due_at <= now`) and
    /// not under a live lease (`lease_until` null or `<= now`), earliest
    /// `due_at` first (then `id`). Each claimed row gets `claimed_by = worker`,
    /// `lease_until = now + lease_us` and `attempts + 1`, and is returned as
    /// updated, in that order. Two concurrent calls never return the same row
    /// (unless its lease ran out in between).
    async fn claim(
        &self,
        worker: &str,
        now: i64,
        limit: u32,
        lease_us: i64,
    ) -> StoreResult<Vec<OutboxItem>>;

    /// Marks a claimed row `Delivered` at `at`, clearing the lease.
    /// `NotFound` if there is no such row; `Conflict` if it is not `Pending`
    /// or another worker holds it now (its lease ran out and it was reclaimed).
    /// The same holds for `retry`, `dead_letter` and `cancel`.
    async fn complete(&self, id: Uuid, worker: &str, at: i64) -> StoreResult<()>;

    /// [`complete`](OutboxStore::complete) for many rows, one outcome each, in
    /// order. A backend may do it in one transaction (one fsync for a whole
    /// claimed batch); the default completes them one by one.
    async fn complete_many(
        &self,
        ids: &[Uuid],
        worker: &str,
        at: i64,
    ) -> StoreResult<Vec<StoreResult<()>>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.complete(*id, worker, at).await);
        }
        Ok(out)
    }

    /// Puts a claimed row back to wait until `due_at`, clearing the lease and
    /// recording `error` as its `last_error`; it stays `Pending`.
    async fn retry(&self, id: Uuid, worker: &str, due_at: i64, error: &str) -> StoreResult<()>;

    /// Gives up on a claimed row: `Dead` at `at`, with `error` as `last_error`.
    async fn dead_letter(&self, id: Uuid, worker: &str, at: i64, error: &str) -> StoreResult<()>;

    /// A claimed row that no longer applies (the action was done before its
    /// reminder fell due): `Cancelled` at `at`, with `reason` as `last_error`.
    async fn cancel(&self, id: Uuid, worker: &str, at: i64, reason: &str) -> StoreResult<()>;

    async fn outbox_item(&self, id: Uuid) -> StoreResult<Option<OutboxItem>>;
    async fn outbox_by_key(&self, key: &str) -> StoreResult<Option<OutboxItem>>;

    /// The delivery log, newest first (see [`OutboxQuery`]).
    async fn list_outbox(&self, query: &OutboxQuery) -> StoreResult<Vec<OutboxItem>>;

    /// The earliest time at which a row may become claimable: the least
    /// `due_at` of unclaimed `Pending` rows and `lease_until` of claimed ones.
    /// `None` when nothing is pending. Lets a worker sleep until then.
    async fn next_due(&self) -> StoreResult<Option<i64>>;

    /// `Conflict` when the id is taken.
    async fn create_subscription(&self, sub: &WebhookSubscription) -> StoreResult<()>;
    /// Replaces a subscription; `NotFound` when there is none.
    async fn update_subscription(&self, sub: &WebhookSubscription) -> StoreResult<()>;
    /// `NotFound` when there is none. Rows already enqueued for it stay.
    async fn delete_subscription(&self, id: Uuid) -> StoreResult<()>;
    async fn subscription(&self, id: Uuid) -> StoreResult<Option<WebhookSubscription>>;
    /// Every subscription, oldest first (`created_at`, then `id`).
    async fn list_subscriptions(&self) -> StoreResult<Vec<WebhookSubscription>>;
}

/// Everything a Muster server needs from its store.
pub trait Store:
    PeopleStore
    + AuthStore
    + SigninStore
    + DeliveryStore
    + SsoStore
    + ReportStore
    + RotaStore
    + LogStore
    + AuditStore
    + OutboxStore
    + TlogStore
    + IndicatorStore
{
    /// A short name for logs and metrics: `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// How this process learns of entries other processes commit to the same
    /// database; `None` for a store that only one process opens.
    fn change_feed(&self) -> Option<std::sync::Arc<dyn ChangeFeed>> {
        None
    }

    /// Where evidence files' bytes live, chosen with the store: files beside
    /// the SQLite database, rows in PostgreSQL (so every instance has them).
    fn blobs(&self) -> std::sync::Arc<dyn BlobStore>;
}
