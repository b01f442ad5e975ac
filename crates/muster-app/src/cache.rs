//! Folded incident states kept in memory, so reads and decisions never refold a
//! log. The committer is the only writer of states it commits; readers that
//! load a missing state insert it only if nothing newer got there first.

use crate::integrity::{Integrity, verify_log};
use crate::metrics::Metrics;
use muster_domain::{IncidentState, LogEntry};
use muster_store::{Store, StoreResult};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use uuid::Uuid;

/// Entries read per query while folding a log.
const PAGE: u32 = 2000;

#[derive(Default)]
pub struct StateCache {
    states: RwLock<HashMap<Uuid, Arc<IncidentState>>>,
    /// References never change, so this map never goes stale.
    references: RwLock<HashMap<String, Uuid>>,
    integrity: Integrity,
}

impl StateCache {
    /// A cache that counts the broken chains it finds in `metrics`.
    pub fn new(metrics: Arc<Metrics>) -> StateCache {
        StateCache {
            integrity: Integrity::new(metrics),
            ..Default::default()
        }
    }

    /// The incidents whose logs failed verification.
    pub fn integrity(&self) -> &Integrity {
        &self.integrity
    }

    pub fn id_for(&self, reference: &str) -> Option<Uuid> {
        self.references
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(reference)
            .copied()
    }

    pub fn remember(&self, reference: &str, id: Uuid) {
        self.references
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(reference.to_owned(), id);
    }

    pub fn get(&self, id: Uuid) -> Option<Arc<IncidentState>> {
        self.states
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
            .cloned()
    }

    /// Keeps whichever of the cached and the offered state is further along.
    pub fn offer(&self, state: Arc<IncidentState>) -> Arc<IncidentState> {
        let mut states = self.states.write().unwrap_or_else(|e| e.into_inner());
        match states.get(&state.id) {
            Some(current) if current.seq >= state.seq => current.clone(),
            _ => {
                states.insert(state.id, state.clone());
                state
            }
        }
    }

    pub fn len(&self) -> usize {
        self.states.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn remove(&self, id: Uuid) {
        self.states
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
    }

    /// The incident's state from memory, or folded from the store.
    pub async fn load(
        &self,
        store: &dyn Store,
        id: Uuid,
    ) -> StoreResult<Option<Arc<IncidentState>>> {
        if let Some(state) = self.get(id) {
            return Ok(Some(state));
        }
        // Folded and verified in one read of the log (rule 9): a broken
        // chain is still shown, but marked, and takes no entries.
        let mut state = IncidentState::new(id);
        let Some((summary, verification)) =
            verify_log(store, id, |entry| fold_one(&mut state, entry)).await?
        else {
            return Ok(None);
        };
        self.integrity.record(id, &summary.reference, &verification);
        Ok(Some(self.offer(Arc::new(state))))
    }

    /// Brings a cached state up to the store's head (after another writer moved it).
    pub async fn refresh(
        &self,
        store: &dyn Store,
        id: Uuid,
    ) -> StoreResult<Option<Arc<IncidentState>>> {
        let base = match self.get(id) {
            Some(s) => (*s).clone(),
            None => return self.load(store, id).await,
        };
        let state = catch_up(store, base).await?;
        Ok(Some(self.offer(Arc::new(state))))
    }
}

/// Folds the store's entries after `state.seq` into `state`.
pub async fn catch_up(store: &dyn Store, mut state: IncidentState) -> StoreResult<IncidentState> {
    loop {
        let page = store.entries(state.id, state.seq, PAGE).await?;
        let full = page.len() == PAGE as usize;
        for entry in &page {
            fold_one(&mut state, entry);
        }
        if !full {
            return Ok(state);
        }
    }
}

/// Folds one stored entry. One this build cannot decode (altered, or of a
/// later kind) changes nothing but the head: the verifier reports an altered
/// one, and the state stays at the log's seq so that paging goes on from it.
pub fn fold_one(state: &mut IncidentState, entry: &LogEntry) {
    if let Err(e) = state.apply_entry(entry) {
        tracing::warn!(incident = %entry.incident, seq = entry.seq, error = %e, "an entry could not be folded");
    }
    state.seq = entry.seq;
    state.head_hash.clone_from(&entry.hash);
}
