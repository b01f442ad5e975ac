//! The outbox rows a change to an incident writes in its own transaction: one
//! fan-out row (the notification worker turns it into webhook deliveries,
//! chat updates and emails; written only when someone will receive something:
//! see [`WORKER_KINDS`]), and the change's effect on the incident's
//! reminders (new ones planned, ones that no longer apply cancelled).
//!
//! Only the difference between the plans before and after the change is
//! written, so a busy incident does not rewrite its whole plan on every entry.

use jiff::Timestamp;
use muster_domain::reminders::{Outside, Reminder, plan};
use muster_domain::{IncidentState, LogEntry, Policy};
use muster_store::{OutboxCancel, OutboxChanges, OutboxItem};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use uuid::Uuid;

/// The channel the worker expands into deliveries.
pub const FANOUT: &str = "fanout";
/// The channel of planned reminders.
pub const REMINDER: &str = "reminder";
/// The kinds of entry the worker acts on itself when it expands a fan-out
/// (`muster-notify`'s `expand`: opening and syncing the chat channel, emailing
/// a severity's notify list, sending an agreed communication). A change with
/// none of them is fanned out only to webhook subscribers, so its row is
/// written only when a subscription exists ([`OutboxChanges::if_subscribed`]).
/// `expand` matches on exactly these; a kind it starts acting on goes here.
pub const WORKER_KINDS: &[&str] = &[
    "declared",
    "escalated",
    "role-assigned",
    "role-stood-down",
    "handover-acknowledged",
    "command-assumed",
    "phase-changed",
    "communication-sent",
];

/// The channel of new checkpoints of the transparency log, for witnesses.
pub const CHECKPOINT: &str = "checkpoint";

/// What a change asks of the worker: the rows the committer writes, read back
/// by the worker with the same types (no keys read one by one, no silent
/// defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "channel", content = "payload", rename_all = "kebab-case")]
pub enum Work {
    /// Entries `from_seq..=to_seq` of an incident were committed: expand them
    /// into webhooks, chat updates and emails.
    Fanout(Fanout),
    /// A planned reminder falls due.
    Reminder(ReminderDue),
    /// A checkpoint was signed: send it to the witnesses (webhook
    /// subscribers of `checkpoint`).
    Checkpoint(CheckpointWork),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckpointWork {
    pub size: u64,
    /// The root, base64.
    pub root: String,
    /// The signed note, byte for byte.
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fanout {
    pub incident: Uuid,
    pub reference: String,
    pub from_seq: u64,
    pub to_seq: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderDue {
    pub incident: Uuid,
    pub reference: String,
    pub reminder: Reminder,
}

/// Why a row could not be read as [`Work`].
#[derive(Debug, thiserror::Error)]
#[error("outbox row {key} on channel `{channel}` is not work the worker knows: {reason}")]
pub struct UnknownWork {
    pub key: String,
    pub channel: String,
    pub reason: String,
}

impl Work {
    /// The row's channel and payload.
    pub fn into_parts(self) -> (&'static str, serde_json::Value) {
        let (channel, payload) = match &self {
            Work::Fanout(f) => (FANOUT, serde_json::to_value(f)),
            Work::Reminder(r) => (REMINDER, serde_json::to_value(r)),
            Work::Checkpoint(c) => (CHECKPOINT, serde_json::to_value(c)),
        };
        (channel, payload.unwrap_or(serde_json::Value::Null))
    }

    /// Reads a row the committer wrote; `None` for the worker's own channels.
    pub fn of(item: &OutboxItem) -> Option<Result<Work, UnknownWork>> {
        let parsed = match item.channel.as_str() {
            FANOUT => serde_json::from_value(item.payload.clone()).map(Work::Fanout),
            REMINDER => serde_json::from_value(item.payload.clone()).map(Work::Reminder),
            CHECKPOINT => serde_json::from_value(item.payload.clone()).map(Work::Checkpoint),
            _ => return None,
        };
        Some(parsed.map_err(|e| UnknownWork {
            key: item.key.clone(),
            channel: item.channel.clone(),
            reason: e.to_string(),
        }))
    }
}

/// The rows `entries` (just sealed onto `before`, giving `after`) cause.
pub fn for_change(
    policy: &Policy,
    before: &IncidentState,
    after: &IncidentState,
    entries: &[LogEntry],
    now: Timestamp,
) -> OutboxChanges {
    let mut changes = OutboxChanges::default();
    let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
        return changes;
    };
    let at = now.as_microsecond();
    let (channel, payload) = Work::Fanout(Fanout {
        incident: after.id,
        reference: after.reference.clone(),
        from_seq: first.seq,
        to_seq: last.seq,
    })
    .into_parts();
    let row = OutboxItem::new(
        format!("fanout:{}:{}", after.id, first.seq),
        channel,
        payload,
        at,
        at,
    )
    .for_incident(after.id);
    if entries
        .iter()
        .any(|e| WORKER_KINDS.contains(&e.kind.as_str()))
    {
        changes.enqueue.push(row);
    } else {
        changes.if_subscribed.push(row);
    }

    let old = plan(before, policy, now, Outside::default());
    let new = plan(after, policy, now, Outside::default());
    let old_keys: HashSet<&str> = old.iter().map(|r| r.key.as_str()).collect();
    let new_slots: HashSet<&str> = new.iter().map(|r| r.slot.as_str()).collect();
    for r in &old {
        if !new_slots.contains(r.slot.as_str()) {
            changes.cancel.push(OutboxCancel {
                slot: r.slot.clone(),
                at,
            });
        }
    }
    for r in new {
        if !old_keys.contains(r.key.as_str()) {
            changes.enqueue.push(reminder_item(after, &r, at));
        }
    }
    changes
}

/// A planned reminder as an outbox row; the worker re-checks the plan when it
/// falls due, so the row only needs what to say and to whom.
pub fn reminder_item(state: &IncidentState, r: &Reminder, now: i64) -> OutboxItem {
    let (channel, payload) = Work::Reminder(ReminderDue {
        incident: state.id,
        reference: state.reference.clone(),
        reminder: r.clone(),
    })
    .into_parts();
    OutboxItem::new(
        r.key.clone(),
        channel,
        payload,
        r.due_at.as_microsecond(),
        now,
    )
    .in_slot(r.slot.clone())
    .for_incident(state.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(channel: &str, payload: serde_json::Value) -> OutboxItem {
        OutboxItem::new("k", channel, payload, 0, 0)
    }

    #[test]
    fn work_is_read_back_as_it_was_written() {
        let work = Work::Fanout(Fanout {
            incident: Uuid::now_v7(),
            reference: "INC-2026-0001".into(),
            from_seq: 3,
            to_seq: 5,
        });
        let (channel, payload) = work.clone().into_parts();
        assert_eq!(channel, FANOUT);
        let item = row(channel, payload);
        assert_eq!(Work::of(&item).unwrap().unwrap(), work);
    }

    #[test]
    fn a_row_missing_a_member_is_refused_not_defaulted() {
        let item = row(
            FANOUT,
            serde_json::json!({"incident": Uuid::now_v7(), "reference": "INC-1", "from_seq": 1}),
        );
        let err = Work::of(&item).unwrap().unwrap_err();
        assert!(err.reason.contains("to_seq"), "{err}");
        assert!(Work::of(&row("webhook", serde_json::json!({}))).is_none());
    }
}
