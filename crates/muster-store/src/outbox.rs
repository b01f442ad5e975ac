//! The durable outbox: every reminder and notification is a row, written in the
//! same transaction as the change that caused it, then claimed and delivered by
//! a worker. Also the outbound webhook subscriptions the deliveries go to.
//!
//! The row is the unit of "exactly once": a key is unique across the table, so
//! planning the same reminder twice (on two instances, or again after a restart)
//! never makes two rows, and a claim holds a row under a lease so two workers
//! never deliver it at once. A worker that dies mid-delivery loses its lease,
//! and the row is claimed again after `lease_until` (at-least-once delivery with
//! a stable id the receiver can de-duplicate on).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// Where a row is in its life. A row being delivered is `Pending` with a
/// `lease_until` in the future.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutboxStatus {
    /// Waiting for `due_at`, or claimed and being delivered.
    Pending,
    Delivered,
    /// Superseded by a newer plan, or found no longer relevant at delivery.
    Cancelled,
    /// Gave up after too many attempts; kept for an administrator to read.
    Dead,
}

impl OutboxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Delivered => "delivered",
            OutboxStatus::Cancelled => "cancelled",
            OutboxStatus::Dead => "dead",
        }
    }
}

impl fmt::Display for OutboxStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OutboxStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "pending" => OutboxStatus::Pending,
            "delivered" => OutboxStatus::Delivered,
            "cancelled" => OutboxStatus::Cancelled,
            "dead" => OutboxStatus::Dead,
            other => return Err(format!("unknown outbox status {other:?}")),
        })
    }
}

/// One reminder or notification to deliver. Times are Unix microseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub id: Uuid,
    /// Unique across the outbox. Enqueueing a key that already exists does
    /// nothing (unless that row was `Cancelled`: then it is revived), which is
    /// what makes re-planning idempotent. E.g. `reminder:<incident>:action:<id>:soon:<due>`.
    pub key: String,
    /// Rows sharing a slot replace one another: after a row is enqueued, it is
    /// the only `Pending` row of its slot (others are `Cancelled`). A reminder
    /// whose time moves gets a new key in the same slot. `None`: no slot.
    pub slot: Option<String>,
    pub incident: Option<Uuid>,
    /// Which delivery handles it, e.g. `reminder`, `fanout`, `webhook`, `email`, `slack`.
    pub channel: String,
    /// What the channel needs, as JSON. Stored as text; read back unchanged.
    pub payload: serde_json::Value,
    /// Not claimable before this time.
    pub due_at: i64,
    pub created_at: i64,
    pub status: OutboxStatus,
    /// How many times the row has been claimed (a worker that crashes
    /// mid-delivery still counts), so a poison row is dead-lettered eventually.
    pub attempts: u32,
    pub last_error: Option<String>,
    /// The worker holding (or that last held) the row.
    pub claimed_by: Option<String>,
    /// The claim's lease: after it, another worker may claim the row again.
    pub lease_until: Option<i64>,
    /// When it was delivered, cancelled or dead-lettered.
    pub finished_at: Option<i64>,
}

impl OutboxItem {
    /// A new pending row; `status`, `attempts` and the claim fields are the
    /// store's to change from here on.
    pub fn new(
        key: impl Into<String>,
        channel: impl Into<String>,
        payload: serde_json::Value,
        due_at: i64,
        now: i64,
    ) -> OutboxItem {
        OutboxItem {
            id: Uuid::now_v7(),
            key: key.into(),
            slot: None,
            incident: None,
            channel: channel.into(),
            payload,
            due_at,
            created_at: now,
            status: OutboxStatus::Pending,
            attempts: 0,
            last_error: None,
            claimed_by: None,
            lease_until: None,
            finished_at: None,
        }
    }

    pub fn in_slot(mut self, slot: impl Into<String>) -> OutboxItem {
        self.slot = Some(slot.into());
        self
    }

    pub fn for_incident(mut self, incident: Uuid) -> OutboxItem {
        self.incident = Some(incident);
        self
    }
}

/// Cancels every `Pending` row of a slot (a reminder that no longer applies:
/// the action was reported on, the incident went cold).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxCancel {
    pub slot: String,
    pub at: i64,
}

/// Outbox writes that travel with a commit (see [`crate::Append::outbox`] and
/// [`crate::CommitBatch::outbox`]) or stand alone ([`OutboxStore::enqueue`]).
/// Cancels apply before enqueues, so a plan can cancel a slot and refill it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxChanges {
    pub enqueue: Vec<OutboxItem>,
    pub cancel: Vec<OutboxCancel>,
    /// Rows only webhook subscribers want (a change's fan-out when nothing in
    /// it is work for the worker itself): enqueued like `enqueue`, but only
    /// when an active subscription exists as the transaction runs, so a change
    /// nobody listens to costs no row and no claim-and-complete by the worker.
    /// The test is part of the row's own `INSERT`, so it costs no round trip.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub if_subscribed: Vec<OutboxItem>,
}

impl OutboxChanges {
    pub fn is_empty(&self) -> bool {
        self.enqueue.is_empty() && self.cancel.is_empty() && self.if_subscribed.is_empty()
    }
}

/// What an administrator filters the delivery log by. Newest first
/// (`created_at` descending, then `id` descending); `limit` 0 means no limit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxQuery {
    pub status: Option<OutboxStatus>,
    pub channel: Option<String>,
    pub incident: Option<Uuid>,
    pub limit: u32,
}

/// An outbound webhook: every log entry whose kind is in `kinds` (or any kind,
/// when `kinds` holds `"*"`) is POSTed to `url`, signed with `secret`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookSubscription {
    pub id: Uuid,
    pub url: String,
    /// The HMAC key. Stored as given: the server needs it to sign, so it cannot
    /// be hashed; it is never returned by the API after creation.
    pub secret: String,
    /// Event kinds (`action-delegated`, `reminder.action-overdue`, …) or `"*"`.
    pub kinds: Vec<String>,
    pub active: bool,
    pub description: Option<String>,
    pub created_by: Uuid,
    pub created_at: i64,
}

impl WebhookSubscription {
    pub fn wants(&self, kind: &str) -> bool {
        self.active && self.kinds.iter().any(|k| k == "*" || k == kind)
    }
}
