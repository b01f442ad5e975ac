//! Fan-out of committed entries to live watchers (SSE streams, the incident room).
//! On PostgreSQL, entries written by other instances are fed in here too.

use muster_domain::LogEntry;
use std::sync::Arc;
use tokio::sync::broadcast;

#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<Arc<LogEntry>>,
}

impl Default for Hub {
    fn default() -> Self {
        let (tx, _) = broadcast::channel(4096);
        Hub { tx }
    }
}

impl Hub {
    pub fn publish(&self, entries: &[LogEntry]) {
        if self.tx.receiver_count() == 0 {
            return;
        }
        for entry in entries {
            let _ = self.tx.send(Arc::new(entry.clone()));
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LogEntry>> {
        self.tx.subscribe()
    }
}
