//! The outbox rows a change to an incident writes in its own transaction: one
//! fan-out row (the notification worker turns it into webhook deliveries,
//! chat updates and emails), and the change's effect on the incident's
//! reminders (new ones planned, ones that no longer apply cancelled).
//!
//! Only the difference between the plans before and after the change is
//! written, so a busy incident does not rewrite its whole plan on every entry.

use jiff::Timestamp;
use muster_domain::reminders::{Outside, Reminder, plan};
use muster_domain::{IncidentState, LogEntry, Policy};
use muster_store::{OutboxCancel, OutboxChanges, OutboxItem};
use serde_json::json;
use std::collections::HashSet;

/// The channel the worker expands into deliveries.
pub const FANOUT: &str = "fanout";
/// The channel of planned reminders.
pub const REMINDER: &str = "reminder";

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
    changes.enqueue.push(
        OutboxItem::new(
            format!("fanout:{}:{}", after.id, first.seq),
            FANOUT,
            json!({
                "incident": after.id,
                "reference": after.reference,
                "from_seq": first.seq,
                "to_seq": last.seq,
            }),
            at,
            at,
        )
        .for_incident(after.id),
    );

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
    OutboxItem::new(
        r.key.clone(),
        REMINDER,
        json!({
            "incident": state.id,
            "reference": state.reference,
            "reminder": r,
        }),
        r.due_at.as_microsecond(),
        now,
    )
    .in_slot(r.slot.clone())
    .for_incident(state.id)
}
