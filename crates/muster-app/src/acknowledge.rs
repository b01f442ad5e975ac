//! An administrator's acknowledgement of a break in an incident's log: the
//! break (where, the hash expected, the hash found, what the verifier said)
//! and why, sealed as a `break-acknowledged` entry onto the chain as it now
//! stands. The store takes it even though the log does not end at its
//! recorded head; after it, the log verifies with the break acknowledged and
//! takes entries again (docs/log-format.md §6).

use super::{Committed, Shared, log_now, summary};
use crate::error::AppError;
use muster_domain::{Event, IncidentState, PersonRef};
use muster_store::{Append, AppendOutcome, CommitBatch};
use std::sync::Arc;
use std::time::Instant;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Acknowledge {
    pub incident: Uuid,
    /// An administrator: the caller has checked.
    pub actor: PersonRef,
    pub reason: String,
}

pub(super) async fn run(shared: &Shared, ack: Acknowledge) -> Result<Committed, AppError> {
    // Folded afresh, so that the state (and the verification) is the log as
    // it stands, not as this server last wrote it.
    shared.cache.remove(ack.incident);
    let state = shared
        .cache
        .load(shared.store.as_ref(), ack.incident)
        .await?
        .ok_or_else(|| AppError::not_found("no such incident"))?;
    let Some(b) = shared.cache.integrity().get(ack.incident) else {
        return Err(AppError::conflict(format!(
            "the log of {} verifies: there is no break to acknowledge",
            state.reference
        )));
    };
    let event = Event::BreakAcknowledged {
        seq: b.seq,
        expected: b.expected.clone(),
        found: b.found.clone(),
        problem: b.reason.clone(),
        reason: ack.reason,
    };
    let mut after: IncidentState = (*state).clone();
    let entry = after.append(&ack.actor, log_now(), None, &event);
    let batch = CommitBatch {
        appends: vec![Append {
            incident: ack.incident,
            expected_seq: state.seq,
            entries: vec![entry.clone()],
            summary: summary(&after),
            outbox: Default::default(),
        }],
        ..Default::default()
    };
    let started = Instant::now();
    let outcomes = shared
        .store
        .commit(&batch)
        .await
        .map_err(|e| AppError::from(muster_store::StoreError::Unavailable(e.to_string())))?;
    shared.metrics.record_commit(1, started.elapsed());
    match outcomes.into_iter().next() {
        Some(AppendOutcome::Committed) => {
            shared.cache.integrity().clear(ack.incident);
            let state = shared.cache.offer(Arc::new(after));
            shared.hub.publish(std::slice::from_ref(&entry));
            shared.metrics.commands_committed(1);
            tracing::warn!(
                incident = %state.reference, seq = b.seq, by = %ack.actor.name,
                "a break in the log was acknowledged; the log takes entries again"
            );
            Ok(Committed {
                entries: vec![entry],
                state,
            })
        }
        Some(AppendOutcome::Broken(b)) => {
            shared
                .cache
                .integrity()
                .mark(ack.incident, &state.reference, b.clone());
            Err(AppError::LogBroken {
                reference: state.reference.clone(),
                brk: b,
            })
        }
        _ => Err(AppError::conflict(format!(
            "the log of {} moved while the break was being acknowledged; try again",
            state.reference
        ))),
    }
}
