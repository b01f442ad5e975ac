//! Folded incident states kept in memory, so reads and decisions never refold a
//! log. The committer is the only writer of states it commits; readers that
//! load a missing state insert it only if nothing newer got there first.

use muster_domain::IncidentState;
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
}

impl StateCache {
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
        let Some(_) = store.incident(id).await? else {
            return Ok(None);
        };
        let state = catch_up(store, IncidentState::new(id)).await?;
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
            state
                .apply_entry(entry)
                .map_err(|e| muster_store::StoreError::Other(e.to_string()))?;
        }
        if !full {
            return Ok(state);
        }
    }
}
