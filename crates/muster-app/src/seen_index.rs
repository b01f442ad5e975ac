//! The index "have we seen this before?" reads: normalised value → (incident,
//! position of the indicator in its folded state). Kept beside the state
//! cache and brought up to date whenever a state is offered to it, so the
//! committer, loads and the multi-instance watcher all keep it current
//! without a second write path. Indicators are only ever appended to a
//! state, so an update indexes just the ones it has not seen.
//!
//! It holds positions, not answers: the lookup reads each hit's state from
//! the cache and applies rule 10 there, so the index itself reveals nothing.

use muster_domain::IncidentState;
use std::collections::HashMap;
use std::sync::RwLock;
use uuid::Uuid;

#[derive(Default)]
pub struct SeenIndex {
    inner: RwLock<Inner>,
}

#[derive(Default)]
struct Inner {
    by_value: HashMap<String, Vec<(Uuid, u32)>>,
    /// How many of each incident's indicators are indexed.
    indexed: HashMap<Uuid, usize>,
}

impl SeenIndex {
    /// Indexes the indicators of `state` not yet indexed.
    pub fn update(&self, state: &IncidentState) {
        let items = &state.indicators.items;
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        let mut done = inner.indexed.get(&state.id).copied().unwrap_or(0);
        if items.len() < done {
            // A state with fewer indicators than indexed (a log replaced
            // under the server): forget this incident's entries and start over.
            for hits in inner.by_value.values_mut() {
                hits.retain(|(id, _)| *id != state.id);
            }
            done = 0;
        }
        for (i, indicator) in items.iter().enumerate().skip(done) {
            inner
                .by_value
                .entry(indicator.value.clone())
                .or_default()
                .push((state.id, i as u32));
        }
        inner.indexed.insert(state.id, items.len());
    }

    /// Whether the incident's state has been indexed at all.
    pub fn knows(&self, id: Uuid) -> bool {
        self.inner
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .indexed
            .contains_key(&id)
    }

    /// Where `value` is held: (incident, position among its indicators).
    pub fn lookup(&self, value: &str) -> Vec<(Uuid, u32)> {
        self.inner
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .by_value
            .get(value)
            .cloned()
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use muster_domain::event::Event;
    use muster_domain::indicator::{IndicatorRecord, Tlp};

    fn add(state: &mut IncidentState, value: &str) {
        let n = state.indicators.items.len();
        let record = IndicatorRecord {
            id: format!("I{}", n + 1),
            ty: "domain".into(),
            value: value.into(),
            tlp: Tlp::Amber,
            pap: None,
            ioc: false,
            tags: Vec::new(),
            first_seen: None,
            last_seen: None,
            comment: None,
        };
        state.apply(
            &Event::IndicatorAdded(record),
            Uuid::nil(),
            jiff::Timestamp::now(),
        );
    }

    #[test]
    fn updates_index_only_what_is_new_and_a_shrunk_state_is_reindexed() {
        let index = SeenIndex::default();
        let mut a = IncidentState::new(Uuid::from_u128(1));
        add(&mut a, "evil.example");
        index.update(&a);
        index.update(&a);
        assert_eq!(
            index.lookup("evil.example"),
            [(a.id, 0)],
            "not indexed twice"
        );
        add(&mut a, "worse.example");
        index.update(&a);
        assert_eq!(index.lookup("worse.example"), [(a.id, 1)]);
        let mut b = IncidentState::new(Uuid::from_u128(2));
        add(&mut b, "evil.example");
        index.update(&b);
        assert_eq!(index.lookup("evil.example"), [(a.id, 0), (b.id, 0)]);
        let shrunk = IncidentState::new(a.id);
        index.update(&shrunk);
        assert_eq!(index.lookup("evil.example"), [(b.id, 0)]);
        assert!(index.lookup("worse.example").is_empty());
        assert!(index.knows(a.id) && !index.knows(Uuid::from_u128(3)));
    }
}
