//! What the store keeps of indicators outside the log (issue 11): the index
//! "have we seen this before?" reads, and the organisation's ATT&CK
//! catalogue.
//!
//! The index holds one row per indicator added to any incident: its
//! normalised value, type, incident and id. Both backends write it from the
//! committed entries themselves ([`seen_rows`]), in the transaction that
//! writes them, so the index cannot disagree with the logs, and a new
//! instance answers a lookup without folding every incident. It holds
//! positions, never answers: the application applies rule 10 to each hit's
//! incident before anything about it is shown or counted.

use crate::StoreResult;
use async_trait::async_trait;
use muster_domain::LogEntry;
use muster_domain::event::Event;
use uuid::Uuid;

/// The log kind whose entries the index is built from.
pub const INDICATOR_ADDED: &str = "indicator-added";

/// One indicator in the index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SeenRow {
    pub value: String,
    pub ty: String,
    pub incident: Uuid,
    /// The indicator's id in its incident (`I3`).
    pub indicator: String,
}

/// One tactic or technique of the imported ATT&CK catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttackRow {
    /// `TA0001`, `T1566`, `T1078.004`.
    pub id: String,
    pub name: String,
    /// Tactics' short names (a tactic's own, or a technique's phases).
    pub tactics: Vec<String>,
}

/// The index's row for one stored entry, if it adds an indicator. An entry
/// that cannot be decoded adds nothing: the verifier reports it, and the
/// index must not make a broken log unreadable.
pub fn seen_row(incident: Uuid, kind: &str, v: u32, payload: &str) -> Option<SeenRow> {
    if kind != INDICATOR_ADDED {
        return None;
    }
    match Event::decode(kind, v, payload) {
        Ok(Event::IndicatorAdded(r)) => Some(SeenRow {
            value: r.value,
            ty: r.ty,
            incident,
            indicator: r.id,
        }),
        _ => None,
    }
}

/// The index's rows for entries about to be committed.
pub fn seen_rows<'a>(entries: impl IntoIterator<Item = &'a LogEntry>) -> Vec<SeenRow> {
    entries
        .into_iter()
        .filter_map(|e| seen_row(e.incident, &e.kind, e.v, &e.payload))
        .collect()
}

#[async_trait]
pub trait IndicatorStore: Send + Sync {
    /// Every indicator whose normalised value is `value`, of any type, in
    /// any incident, ordered by incident then indicator id. The caller
    /// applies rule 10 before it reveals any of them.
    async fn seen(&self, value: &str) -> StoreResult<Vec<SeenRow>>;

    /// The imported ATT&CK catalogue, in id order; empty if none was.
    async fn attack_catalogue(&self) -> StoreResult<Vec<AttackRow>>;

    /// Replaces the whole catalogue with `rows` in one transaction, so a
    /// reader sees the old catalogue or the new one, never half of each.
    async fn replace_attack_catalogue(&self, rows: &[AttackRow]) -> StoreResult<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_added_indicator_that_decodes_makes_a_row() {
        let id = Uuid::from_u128(7);
        let payload = r#"{"id":"I1","ioc":false,"tags":[],"tlp":"amber","type":"domain","value":"evil.example"}"#;
        assert_eq!(
            seen_row(id, INDICATOR_ADDED, 1, payload),
            Some(SeenRow {
                value: "evil.example".into(),
                ty: "domain".into(),
                incident: id,
                indicator: "I1".into(),
            })
        );
        assert_eq!(seen_row(id, "note-added", 1, r#"{"text":"x"}"#), None);
        assert_eq!(seen_row(id, INDICATOR_ADDED, 1, "{not json"), None);
        assert_eq!(seen_row(id, INDICATOR_ADDED, 99, payload), None);
    }
}
