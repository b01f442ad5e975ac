//! The application: one value every adapter (the JSON API, the room, the
//! worker) holds. Its fields are private, so the log and the audit trail can
//! be written only through its committer; the rest of the store is lent out
//! by capability (the directory, sign-in, the rota, the outbox).

use crate::actor::TokenCache;
use crate::cache::StateCache;
use crate::committer::Committer;
use crate::hub::Hub;
use crate::metrics::Metrics;
use muster_domain::{IncidentState, LogEntry, Policy};
use muster_store::{
    AuditQuery, AuditRecord, AuthStore, DeliveryStore, IncidentSummary, OutboxStore, PeopleStore,
    RotaStore, SsoStore, Store, StoreResult,
};
use std::sync::Arc;
use tokio::sync::broadcast;
use uuid::Uuid;

/// Entries read per query when a whole log is needed.
pub(crate) const PAGE: u32 = 1000;

#[derive(Clone)]
pub struct App(Arc<Inner>);

pub(crate) struct Inner {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) cache: Arc<StateCache>,
    pub(crate) committer: Committer,
    pub(crate) policy: Arc<Policy>,
    pub(crate) hub: Hub,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) tokens: TokenCache,
    pub(crate) tlog: crate::tlog::TlogConfig,
    /// The ATT&CK catalogue, as last read from the store.
    pub(crate) attack: crate::attack::AttackCache,
    /// When this instance started, in Unix microseconds: the first
    /// checkpoint's interval runs from here.
    pub(crate) started_us: i64,
}

impl App {
    /// Must run inside a tokio runtime: it starts the committer task (and the
    /// change-feed watcher, when the store has a feed).
    pub fn new(store: Arc<dyn Store>, policy: Policy) -> App {
        App::with_tlog(store, policy, crate::tlog::TlogConfig::default())
    }

    /// [`App::new`], signing checkpoints of the transparency log as `tlog` says.
    pub fn with_tlog(store: Arc<dyn Store>, policy: Policy, tlog: crate::tlog::TlogConfig) -> App {
        let metrics = Arc::new(Metrics::default());
        let cache = Arc::new(StateCache::new(metrics.clone()));
        let policy = Arc::new(policy);
        let hub = Hub::default();
        let committer = Committer::start(
            store.clone(),
            cache.clone(),
            policy.clone(),
            hub.clone(),
            metrics.clone(),
        );
        // Several instances on one database: follow the others' commits.
        crate::watch::start(store.clone(), &cache, hub.clone());
        App(Arc::new(Inner {
            store,
            cache,
            committer,
            policy,
            hub,
            metrics,
            tokens: TokenCache::default(),
            tlog,
            attack: Default::default(),
            started_us: jiff::Timestamp::now().as_microsecond(),
        }))
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.0
    }

    pub fn policy(&self) -> &Policy {
        &self.0.policy
    }

    pub fn metrics(&self) -> &Metrics {
        &self.0.metrics
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.0.store.backend()
    }

    /// How many folded incidents this instance holds in memory.
    pub fn incidents_cached(&self) -> usize {
        self.0.cache.len()
    }

    /// Drops the folded state of `id` from memory; the next read folds it again
    /// from the log.
    pub fn evict(&self, id: Uuid) {
        self.0.cache.remove(id);
    }

    /// The directory of people.
    pub fn directory(&self) -> &dyn PeopleStore {
        self.0.store.as_ref()
    }

    /// Logins and API tokens. Changing them should be followed by
    /// [`App::forget_tokens`] so that this instance stops trusting old lookups.
    pub fn logins(&self) -> &dyn AuthStore {
        self.0.store.as_ref()
    }

    /// The on-call rota.
    pub fn rota(&self) -> &dyn RotaStore {
        self.0.store.as_ref()
    }

    /// The outbox and webhook subscriptions, for the worker and its routes.
    pub fn outbox(&self) -> &dyn OutboxStore {
        self.0.store.as_ref()
    }

    /// Deliveries already received from chat platforms, so that a repeat is
    /// acted on once across every instance.
    pub fn deliveries(&self) -> &dyn DeliveryStore {
        self.0.store.as_ref()
    }

    /// Sign-on's provider sessions and one-time CLI grants.
    pub fn sso(&self) -> &dyn SsoStore {
        self.0.store.as_ref()
    }

    /// Forgets every cached token lookup (after a revocation or a change of login).
    pub fn forget_tokens(&self) {
        self.0.tokens.clear();
    }

    /// Every committed entry, as it is committed (by this instance or, on
    /// PostgreSQL, another).
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LogEntry>> {
        self.0.hub.subscribe()
    }

    /// Every incident's summary row; callers filter them by [`crate::visibility`].
    pub async fn incident_summaries(&self) -> StoreResult<Vec<IncidentSummary>> {
        self.0.store.list_incidents().await
    }

    /// The folded state of `id`, from memory or folded once from the log. No
    /// visibility check: callers that show it to a person go through
    /// [`App::read`] or check [`muster_domain::can_see`].
    pub async fn state(&self, id: Uuid) -> StoreResult<Option<Arc<IncidentState>>> {
        self.0.cache.load(self.0.store.as_ref(), id).await
    }

    /// Up to `limit` entries of `incident` after `after`, in order.
    pub async fn entries(
        &self,
        incident: Uuid,
        after: u64,
        limit: u32,
    ) -> StoreResult<Vec<LogEntry>> {
        self.0.store.entries(incident, after, limit).await
    }

    /// Up to `limit` entries of `incident` before `before`, in order.
    pub async fn entries_before(
        &self,
        incident: Uuid,
        before: u64,
        limit: u32,
    ) -> StoreResult<Vec<LogEntry>> {
        self.0.store.entries_before(incident, before, limit).await
    }

    /// Every stored entry of `id`, in order.
    pub async fn all_entries(&self, id: Uuid) -> StoreResult<Vec<LogEntry>> {
        let mut out: Vec<LogEntry> = Vec::new();
        loop {
            let after = out.last().map(|e| e.seq).unwrap_or(0);
            let page = self.0.store.entries(id, after, PAGE).await?;
            let full = page.len() == PAGE as usize;
            out.extend(page);
            if !full {
                return Ok(out);
            }
        }
    }

    /// The audit trail of reads of restricted incidents.
    pub async fn audit_trail(&self, query: &AuditQuery) -> StoreResult<Vec<AuditRecord>> {
        self.0.store.audit(query).await
    }
}
