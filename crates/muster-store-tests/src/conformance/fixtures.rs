//! Building blocks for the checks: real sealed log entries, summaries, people.

use muster_domain::log::{GENESIS_HASH, format_time};
use muster_domain::vocab::Phase;
use muster_domain::{Event, LogEntry};
use muster_store::{IncidentSummary, Person, Store, StoreError, StoreResult};
use uuid::Uuid;

/// Now, in Unix microseconds.
pub(crate) fn now() -> i64 {
    jiff::Timestamp::now().as_microsecond()
}

/// A sealed `note-added` entry following `prev_hash`. The text, actor name and
/// occurrence time carry non-ASCII, quotes and escapes on purpose: a backend
/// that changes one byte of them breaks the hash, which the checks notice.
pub fn entry(incident: Uuid, seq: u64, prev_hash: &str, text: &str) -> LogEntry {
    let payload = Event::NoteAdded {
        text: format!("{text} — «entry {seq}» \"quoted\"\n\tsecond line 🔐"),
    }
    .payload_json();
    LogEntry {
        incident,
        seq,
        recorded_at: format_time(jiff::Timestamp::now()),
        occurred_at: (seq & 1 == 0).then(|| format_time(jiff::Timestamp::UNIX_EPOCH)),
        actor: Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001),
        actor_name: "Zoë O'Brien (secretariat)".to_owned(),
        kind: "note-added".to_owned(),
        v: Event::VERSION,
        payload,
        prev_hash: String::new(),
        hash: String::new(),
    }
    .seal(prev_hash)
}

/// `n` entries continuing a log whose head is `(after_seq, prev_hash)`.
pub fn chain(incident: Uuid, after_seq: u64, prev_hash: &str, n: u64) -> Vec<LogEntry> {
    let mut out: Vec<LogEntry> = Vec::new();
    for i in 1..=n {
        let prev = out.last().map_or(prev_hash, |e| e.hash.as_str()).to_owned();
        out.push(entry(incident, after_seq + i, &prev, "observation"));
    }
    out
}

/// A summary of an incident whose log ends with `entries` (or is empty).
pub fn summary(id: Uuid, reference: &str, entries: &[LogEntry]) -> IncidentSummary {
    let t = now();
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
        members: vec![Uuid::now_v7(), Uuid::now_v7()],
        declared_at: t,
        updated_at: t,
        seq: entries.last().map_or(0, |e| e.seq),
        head_hash: entries
            .last()
            .map_or(GENESIS_HASH.to_owned(), |e| e.hash.clone()),
    }
}

/// Declares a new incident in `year` with `n` first entries.
pub(crate) async fn new_incident<S: Store + ?Sized>(
    store: &S,
    year: i16,
    n: u64,
) -> (IncidentSummary, Vec<LogEntry>) {
    let reference = store
        .allocate_reference(year)
        .await
        .expect("allocate_reference");
    let id = Uuid::now_v7();
    let entries = chain(id, 0, GENESIS_HASH, n);
    let summary = summary(id, &reference, &entries);
    store
        .create_incident(&summary, &entries, None, &Default::default())
        .await
        .expect("create_incident");
    (summary, entries)
}

/// Every entry of an incident, in order.
pub(crate) async fn all_entries<S: Store + ?Sized>(store: &S, incident: Uuid) -> Vec<LogEntry> {
    store.entries(incident, 0, u32::MAX).await.expect("entries")
}

/// A person with a unique email, chat handle and Slack id derived from `name`
/// (`ann.lee.<id>@example.org`, `@ann-lee-<id>`).
pub fn person(name: &str) -> Person {
    let id = Uuid::now_v7();
    let tag = id.simple().to_string();
    Person {
        id,
        name: name.to_owned(),
        email: format!(
            "{}.{tag}@example.org",
            name.to_lowercase().replace(' ', ".")
        ),
        chat_handle: Some(format!("@{}-{tag}", name.to_lowercase().replace(' ', "-"))),
        slack_id: Some(format!("U{}", &tag[..10].to_uppercase())),
        matrix_id: None,
        teams_id: Some(format!("{}-0000-7000-8000-entra", &tag[..8])),
        expertise: vec!["security-analyst".to_owned(), "data-privacy".to_owned()],
        team: Some("Security Operations".to_owned()),
        created_at: now(),
    }
}

/// Asserts a `Conflict` whose message names `field` (when given).
#[track_caller]
pub(crate) fn assert_conflict<T: std::fmt::Debug>(
    result: StoreResult<T>,
    field: Option<&str>,
    what: &str,
) {
    match result {
        Err(StoreError::Conflict(msg)) => {
            if let Some(field) = field {
                assert!(
                    msg.contains(field),
                    "{what}: the Conflict should name `{field}`, but says {msg:?}"
                );
            }
        }
        other => panic!("{what}: expected Conflict, got {other:?}"),
    }
}

#[track_caller]
pub(crate) fn assert_not_found<T: std::fmt::Debug>(result: StoreResult<T>, what: &str) {
    match result {
        Err(StoreError::NotFound(_)) => {}
        other => panic!("{what}: expected NotFound, got {other:?}"),
    }
}
