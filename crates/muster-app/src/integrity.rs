//! Rule 9 at run time: which incidents' logs failed verification, so that the
//! committer refuses to write to them, the room and the dashboard warn, and
//! `/metrics` counts them, until an administrator acknowledges the break.
//!
//! A log is verified when it is folded into the state cache and whenever it
//! is verified on request; the store checks at every append that the log
//! still ends at its recorded head.

use crate::metrics::Metrics;
use muster_domain::log::{Break, Verification, Verifier};
use muster_store::{IncidentSummary, Store, StoreResult};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use uuid::Uuid;

/// Entries read per query while verifying.
const PAGE: u32 = 2000;

/// Rounds of reading the recorded head again when the log seems to end
/// short of it: a commit landing between the two reads looks like that.
const HEAD_READS: usize = 3;

/// The incidents whose logs are known to be broken, with their first break.
#[derive(Default)]
pub struct Integrity {
    broken: RwLock<HashMap<Uuid, (String, Break)>>,
    metrics: Option<Arc<Metrics>>,
}

impl Integrity {
    pub fn new(metrics: Arc<Metrics>) -> Integrity {
        Integrity {
            broken: RwLock::default(),
            metrics: Some(metrics),
        }
    }

    /// The first break of `id`'s log, if it is known to be broken.
    pub fn get(&self, id: Uuid) -> Option<Break> {
        let broken = self.broken.read().unwrap_or_else(|e| e.into_inner());
        broken.get(&id).map(|(_, b)| b.clone())
    }

    pub fn count(&self) -> usize {
        self.broken.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Records what a verification of `reference`'s log found.
    pub fn record(&self, id: Uuid, reference: &str, verification: &Verification) {
        match &verification.first_break {
            Some(b) => self.mark(id, reference, b.clone()),
            None => self.clear(id),
        }
    }

    pub fn mark(&self, id: Uuid, reference: &str, b: Break) {
        let mut broken = self.broken.write().unwrap_or_else(|e| e.into_inner());
        if broken.get(&id).is_none_or(|(_, known)| *known != b) {
            tracing::error!(
                incident = %reference, seq = b.seq, reason = %b.reason,
                "the log failed verification: it takes no entries until an administrator \
                 acknowledges the break (muster admin log acknowledge)"
            );
        }
        broken.insert(id, (reference.to_owned(), b));
        self.publish(broken.len());
    }

    pub fn clear(&self, id: Uuid) {
        let mut broken = self.broken.write().unwrap_or_else(|e| e.into_inner());
        if let Some((reference, _)) = broken.remove(&id) {
            tracing::info!(incident = %reference, "the log verifies again");
        }
        self.publish(broken.len());
    }

    fn publish(&self, n: usize) {
        if let Some(m) = &self.metrics {
            m.set_broken_chains(n);
        }
    }
}

/// Reads `id`'s whole log through `each` and verifies it against the head
/// its row records. `None` when there is no such incident.
pub async fn verify_log(
    store: &dyn Store,
    id: Uuid,
    mut each: impl FnMut(&muster_domain::LogEntry),
) -> StoreResult<Option<(IncidentSummary, Verification)>> {
    let mut verifier = Verifier::default();
    let mut hashes: Vec<(u64, String)> = Vec::new();
    let mut rounds = 0;
    loop {
        // The log first, then its row: a commit writes both at once, so the
        // row read after can only be as far as the log read before or
        // further, never behind it.
        loop {
            let page = store.entries(id, verifier.end().0, PAGE).await?;
            for entry in &page {
                verifier.push(entry);
                hashes.push((entry.seq, entry.hash.clone()));
                each(entry);
            }
            if page.len() < PAGE as usize {
                break;
            }
        }
        let Some(summary) = store.incident(id).await? else {
            return Ok(None);
        };
        rounds += 1;
        if summary.seq <= verifier.end().0 || rounds == HEAD_READS {
            let recorded = (summary.seq, summary.head_hash.clone());
            let mut v = verifier.finish_against((recorded.0, &recorded.1));
            // A whole chain must also be the one the transparency log
            // committed (issue 12): a chain re-sealed outside Muster fails here.
            if v.first_break.is_none() {
                v.first_break =
                    crate::tlog_verify::tree_break(store, id, &hashes, &v.acknowledged).await?;
            }
            return Ok(Some((summary, v)));
        }
    }
}
