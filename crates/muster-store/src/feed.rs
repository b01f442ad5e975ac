//! Changes made to the log by other processes sharing the database.
//!
//! A server keeps folded incident states in memory and fans new entries out to
//! live watchers. When several servers share one database, each must learn of
//! the entries the others commit. A backend that can tell (PostgreSQL, through
//! `LISTEN`/`NOTIFY`) offers a [`ChangeFeed`] from [`crate::Store::change_feed`];
//! an embedded backend that only one process opens offers none.

use tokio::sync::mpsc;
use uuid::Uuid;

/// One thing a feed reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// An incident's log head reached `seq`. `local` when the commit went
    /// through this same store handle, whose caller has already updated its
    /// own memory and watchers; otherwise another process wrote it.
    Appended {
        incident: Uuid,
        seq: u64,
        local: bool,
    },
    /// Outbox rows were enqueued (by any process), the earliest due at
    /// `due_at`: a sleeping outbox worker can wake now rather than at its next
    /// poll. A hint only; the worker still claims through the store.
    OutboxQueued { due_at: i64 },
    /// The feed has just (re)connected and may have missed changes while it was
    /// not listening: anything the consumer holds in memory may be stale. Always
    /// the first thing a new subscription reports.
    Resync,
}

/// A live feed of log changes.
pub trait ChangeFeed: Send + Sync {
    /// Starts following changes; must be called inside a tokio runtime. The
    /// feed keeps reconnecting on its own (reporting [`Change::Resync`] each
    /// time) and stops when the receiver is dropped.
    fn subscribe(&self) -> mpsc::Receiver<Change>;
}
