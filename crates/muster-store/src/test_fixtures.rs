//! Fixtures for this crate's own unit tests (compiled only under `cfg(test)`).
//! The backends' tests use the fuller ones of `muster-store-tests`, which this
//! crate cannot depend on: that crate depends on this one.

use crate::{IncidentSummary, Person};
use muster_domain::log::GENESIS_HASH;
use muster_domain::vocab::Phase;
use muster_domain::{Event, LogEntry};
use uuid::Uuid;

/// `n` sealed `note-added` entries continuing a log whose head is
/// `(after_seq, prev_hash)`.
pub(crate) fn chain(incident: Uuid, after_seq: u64, prev_hash: &str, n: u64) -> Vec<LogEntry> {
    let mut out: Vec<LogEntry> = Vec::new();
    for i in 1..=n {
        let prev = out.last().map_or(prev_hash, |e| e.hash.as_str()).to_owned();
        let seq = after_seq + i;
        out.push(
            LogEntry {
                incident,
                seq,
                recorded_at: muster_domain::log::format_time(jiff::Timestamp::now()),
                occurred_at: None,
                actor: Uuid::from_u128(1),
                actor_name: "Zoë O'Brien".to_owned(),
                kind: "note-added".to_owned(),
                v: Event::VERSION,
                payload: Event::NoteAdded {
                    text: format!("observation {seq}"),
                }
                .payload_json(),
                prev_hash: String::new(),
                hash: String::new(),
            }
            .seal(&prev),
        );
    }
    out
}

/// A summary of an incident whose log ends with `entries` (or is empty).
pub(crate) fn summary(id: Uuid, reference: &str, entries: &[LogEntry]) -> IncidentSummary {
    let t = jiff::Timestamp::now().as_microsecond();
    IncidentSummary {
        id,
        reference: reference.to_owned(),
        title: format!("Suspicious logins {reference}"),
        severity: "high".to_owned(),
        category: "account-compromise".to_owned(),
        phase: Phase::Hot,
        security: true,
        restricted: true,
        incident_manager: Some(Uuid::now_v7()),
        members: vec![Uuid::now_v7()],
        declared_at: t,
        updated_at: t,
        seq: entries.last().map_or(0, |e| e.seq),
        head_hash: entries
            .last()
            .map_or(GENESIS_HASH.to_owned(), |e| e.hash.clone()),
    }
}

/// A person whose email and chat handle come from `name` and a unique tag
/// (`ann.lee.<tag>@example.org`, `@ann-lee-<tag>`).
pub(crate) fn person(name: &str) -> Person {
    let id = Uuid::now_v7();
    let tag = id.simple().to_string();
    let dotted = name.to_lowercase().replace(' ', ".");
    let dashed = name.to_lowercase().replace(' ', "-");
    Person {
        id,
        name: name.to_owned(),
        email: format!("{dotted}.{tag}@example.org"),
        chat_handle: Some(format!("@{dashed}-{tag}")),
        slack_id: None,
        matrix_id: None,
        teams_id: None,
        expertise: Vec::new(),
        team: None,
        created_at: 0,
    }
}
