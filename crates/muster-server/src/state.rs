//! What every handler shares.

use crate::auth::TokenCache;
use crate::cache::StateCache;
use crate::committer::Committer;
use crate::hub::Hub;
use crate::metrics::Metrics;
use muster_domain::Policy;
use muster_store::Store;
use std::ops::Deref;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: Arc<dyn Store>,
    pub cache: Arc<StateCache>,
    pub committer: Committer,
    pub policy: Arc<Policy>,
    pub hub: Hub,
    pub metrics: Arc<Metrics>,
    pub tokens: TokenCache,
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Must run inside a tokio runtime: it starts the committer task (and the
    /// change-feed watcher, when the store has a feed).
    pub fn new(store: Arc<dyn Store>, policy: Policy) -> AppState {
        let cache = Arc::new(StateCache::default());
        let policy = Arc::new(policy);
        let hub = Hub::default();
        let metrics = Arc::new(Metrics::default());
        let committer = Committer::start(
            store.clone(),
            cache.clone(),
            policy.clone(),
            hub.clone(),
            metrics.clone(),
        );
        // Several instances on one database: follow the others' commits.
        crate::watch::start(store.clone(), &cache, hub.clone());
        AppState(Arc::new(Inner {
            store,
            cache,
            committer,
            policy,
            hub,
            metrics,
            tokens: TokenCache::default(),
        }))
    }
}
