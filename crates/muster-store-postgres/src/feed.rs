//! The change feed: one `LISTEN` connection per subscription, outside the
//! pool, turning `NOTIFY muster_log, '<incident>:<seq>:<origin>'` (sent by
//! every commit, on every instance) into [`Change`]s.
//!
//! Notifications sent while the connection is down are lost, so every
//! (re)connection starts with [`Change::Resync`]: the consumer re-reads what
//! it holds. The feed retries with backoff for as long as its receiver lives,
//! which is how an instance rides out a PostgreSQL restart.

use crate::outbox::OUTBOX_CHANNEL;
use muster_store::{Change, ChangeFeed};
use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use std::time::Duration;
use tokio::sync::mpsc;
use uuid::Uuid;

/// The channel every commit notifies.
pub const CHANNEL: &str = "muster_log";

const MIN_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Follows the log changes of one database.
pub struct PgFeed {
    options: PgConnectOptions,
    /// The store handle whose commits count as `local`.
    origin: Uuid,
}

impl PgFeed {
    pub fn new(options: PgConnectOptions, origin: Uuid) -> PgFeed {
        PgFeed { options, origin }
    }
}

impl ChangeFeed for PgFeed {
    fn subscribe(&self) -> mpsc::Receiver<Change> {
        let (tx, rx) = mpsc::channel(1024);
        tokio::spawn(follow(self.options.clone(), self.origin, tx));
        rx
    }
}

/// Parses `<incident uuid>:<seq>[:<origin uuid>]` (the origin is absent when
/// someone notifies by hand, e.g. after repairing a row in psql).
pub fn parse_payload(payload: &str) -> Option<(Uuid, u64, Option<Uuid>)> {
    let mut parts = payload.split(':');
    let incident = Uuid::parse_str(parts.next()?).ok()?;
    let seq = parts.next()?.parse().ok()?;
    let origin = match parts.next() {
        Some(o) => Some(Uuid::parse_str(o).ok()?),
        None => None,
    };
    parts.next().is_none().then_some((incident, seq, origin))
}

fn to_change(channel: &str, payload: &str, me: Uuid) -> Option<Change> {
    if channel == OUTBOX_CHANNEL {
        return Some(Change::OutboxQueued {
            due_at: payload.parse().ok()?,
        });
    }
    let (incident, seq, origin) = parse_payload(payload)?;
    Some(Change::Appended {
        incident,
        seq,
        local: origin == Some(me),
    })
}

async fn connect(options: &PgConnectOptions) -> Result<PgListener, sqlx::Error> {
    // A pool of one, used only to (re)open the listener's connection, so that
    // the listener never takes a connection requests need.
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(5))
        .max_lifetime(None)
        .idle_timeout(None)
        .connect_lazy_with(options.clone());
    let mut listener = PgListener::connect_with(&pool).await?;
    // Report a lost connection at once rather than reconnecting inside
    // try_recv, so that the consumer is told to resync.
    listener.eager_reconnect(false);
    listener.listen_all([CHANNEL, OUTBOX_CHANNEL]).await?;
    Ok(listener)
}

async fn follow(options: PgConnectOptions, me: Uuid, tx: mpsc::Sender<Change>) {
    let mut backoff = MIN_BACKOFF;
    loop {
        let mut listener = match connect(&options).await {
            Ok(listener) => listener,
            Err(e) => {
                tracing::warn!(error = %e, retry_in = ?backoff, "change feed cannot listen");
                tokio::select! {
                    _ = tx.closed() => return,
                    _ = tokio::time::sleep(backoff) => {}
                }
                backoff = (backoff * 2).min(MAX_BACKOFF);
                continue;
            }
        };
        backoff = MIN_BACKOFF;
        tracing::info!("change feed listening");
        // Listening from here on: whatever the consumer re-reads now is
        // current, and anything later is notified.
        if tx.send(Change::Resync).await.is_err() {
            return;
        }
        loop {
            let received = tokio::select! {
                _ = tx.closed() => return,
                r = listener.try_recv() => r,
            };
            match received {
                Ok(Some(n)) => match to_change(n.channel(), n.payload(), me) {
                    Some(change) => {
                        if tx.send(change).await.is_err() {
                            return;
                        }
                    }
                    None => tracing::warn!(
                        channel = n.channel(),
                        payload = n.payload(),
                        "ignoring a malformed notification"
                    ),
                },
                Ok(None) => {
                    tracing::warn!("change feed lost its connection; reconnecting");
                    break;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "change feed failed; reconnecting");
                    break;
                }
            }
        }
        tokio::select! {
            _ = tx.closed() => return,
            _ = tokio::time::sleep(MIN_BACKOFF) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_parse_and_malformed_ones_are_refused() {
        let (id, me, other) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let appended = |seq, local| {
            Some(Change::Appended {
                incident: id,
                seq,
                local,
            })
        };
        assert_eq!(
            to_change(CHANNEL, &format!("{id}:42:{me}"), me),
            appended(42, true)
        );
        assert_eq!(
            to_change(CHANNEL, &format!("{id}:7:{other}"), me),
            appended(7, false)
        );
        assert_eq!(
            to_change(CHANNEL, &format!("{id}:3"), me),
            appended(3, false)
        );
        assert_eq!(
            to_change(OUTBOX_CHANNEL, "1700000000000000", me),
            Some(Change::OutboxQueued {
                due_at: 1_700_000_000_000_000
            })
        );
        let bad = [
            String::new(),
            "nonsense".into(),
            format!("{id}"),
            format!("{id}:-1"),
            "x:1".into(),
            format!("{id}:1:junk"),
            format!("{id}:1:{me}:extra"),
        ];
        for bad in bad {
            assert_eq!(to_change(CHANNEL, &bad, me), None, "{bad:?}");
        }
    }
}
