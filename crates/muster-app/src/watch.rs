//! Live updates across instances. When several servers share one database,
//! each one's committer keeps its own state cache and hub current, but knows
//! nothing of what the others commit. A store that can tell (PostgreSQL, by
//! `LISTEN`/`NOTIFY`) offers a change feed; this task follows it, brings the
//! cached state of every incident another instance moved up to the stored
//! head, and publishes the new entries to the hub, so that SSE streams and
//! incident rooms on this instance see them at once.
//!
//! Only incidents this instance holds in its cache need it: one that is not
//! cached is read from the store when it is first asked for, and every live
//! stream loads its incident into the cache before following it.

use crate::cache::StateCache;
use crate::hub::Hub;
use muster_domain::LogEntry;
use muster_store::{Change, Store, StoreResult};
use std::sync::{Arc, Weak};
use tokio::sync::mpsc;
use uuid::Uuid;

/// Entries read per query while catching up.
const PAGE: u32 = 1000;

/// What the watcher works on. The cache is held weakly: when the server's
/// state is dropped the watcher ends at its next change, releasing its feed.
pub struct Watcher {
    store: Arc<dyn Store>,
    cache: Weak<StateCache>,
    hub: Hub,
}

/// Follows the store's change feed, if it has one; `false` when it has none
/// (a store only this process opens, such as SQLite).
pub fn start(store: Arc<dyn Store>, cache: &Arc<StateCache>, hub: Hub) -> bool {
    let Some(feed) = store.change_feed() else {
        return false;
    };
    let watcher = Watcher {
        store,
        cache: Arc::downgrade(cache),
        hub,
    };
    tokio::spawn(watcher.run(feed.subscribe()));
    true
}

impl Watcher {
    async fn run(self, mut changes: mpsc::Receiver<Change>) {
        while let Some(change) = changes.recv().await {
            let Some(cache) = self.cache.upgrade() else {
                return;
            };
            self.apply(&cache, change).await;
        }
    }

    /// Handles one change.
    async fn apply(&self, cache: &StateCache, change: Change) {
        match change {
            // Our own committer has updated the cache and the hub already.
            Change::Appended { local: true, .. } | Change::OutboxQueued { .. } => {}
            Change::Appended { incident, seq, .. } => {
                self.follow_up(cache, incident, seq).await;
            }
            Change::Resync => {
                if let Err(e) = self.resync(cache).await {
                    tracing::warn!(error = %e, "resync after the change feed reconnected failed");
                }
            }
        }
    }

    /// Every cached incident whose stored head moved while the feed was away.
    async fn resync(&self, cache: &StateCache) -> StoreResult<()> {
        let mut moved = 0;
        for summary in self.store.list_incidents().await? {
            if cache.get(summary.id).is_some_and(|s| s.seq < summary.seq) {
                self.follow_up(cache, summary.id, summary.seq).await;
                moved += 1;
            }
        }
        tracing::info!(moved, "resynced cached incidents with the store");
        Ok(())
    }

    async fn follow_up(&self, cache: &StateCache, incident: Uuid, seq: u64) {
        if let Err(e) = self.catch_up(cache, incident, seq).await {
            // A state we cannot bring up to date must not be served stale:
            // dropped, it is folded afresh from the store on its next read.
            tracing::warn!(%incident, error = %e, "catching up with another instance failed");
            cache.remove(incident);
        }
    }

    async fn catch_up(&self, cache: &StateCache, incident: Uuid, seq: u64) -> StoreResult<()> {
        let Some(cached) = cache.get(incident) else {
            return Ok(());
        };
        if cached.seq >= seq {
            // This instance's committer got there first: after a conflict it
            // refreshed the cache from the store, without telling the hub.
            // Publishing the head entry is enough: a stream that is behind it
            // reads the gap from the store, and one that has it skips it.
            let head = self
                .store
                .entries_before(incident, seq.saturating_add(1), 1)
                .await?;
            self.hub.publish(&head);
            return Ok(());
        }
        let mut state = (*cached).clone();
        let mut fresh: Vec<LogEntry> = Vec::new();
        loop {
            let page = self.store.entries(incident, state.seq, PAGE).await?;
            for entry in &page {
                crate::cache::fold_one(&mut state, entry);
            }
            let full = page.len() == PAGE as usize;
            fresh.extend(page);
            if !full {
                break;
            }
        }
        cache.offer(Arc::new(state));
        self.hub.publish(&fresh);
        Ok(())
    }
}
