//! Witnesses of the transparency log (issue 12): each new checkpoint goes to
//! every webhook subscriber of `checkpoint` (or `*`), as a signed webhook
//! from the outbox, so a copy of every checkpoint lives beyond the
//! database's reach. The checkpoint row is written with the checkpoint
//! itself; expanding it twice (after a crash) adds nothing, by key.

use crate::deliver::WEBHOOK;
use crate::jobs::{self, WebhookJob};
use crate::worker::Notifier;
use jiff::Timestamp;
use muster_app::outbox::{CheckpointWork, Work};
use muster_store::{OutboxChanges, OutboxItem};
use serde_json::json;

/// The webhook event kind (the `Muster-Event` header) of a new checkpoint.
pub const KIND: &str = "checkpoint";

/// The JSON a witness receives: the signed note byte for byte (what it keeps
/// and compares), with its size and root for convenience.
fn body(c: &CheckpointWork) -> serde_json::Value {
    json!({"kind": KIND, "size": c.size, "root": c.root, "checkpoint": c.note})
}

/// A checkpoint row, expanded into one webhook row per subscriber.
pub async fn expand(
    n: &Notifier,
    item: &OutboxItem,
    now: Timestamp,
) -> anyhow::Result<OutboxChanges> {
    let Some(Ok(Work::Checkpoint(c))) = Work::of(item) else {
        anyhow::bail!("outbox row {} is not a checkpoint", item.key);
    };
    let at = now.as_microsecond();
    let subs = n.app.outbox().list_subscriptions().await?;
    let text = body(&c).to_string();
    let mut out = OutboxChanges::default();
    for sub in subs.iter().filter(|s| s.wants(KIND)) {
        out.enqueue.push(OutboxItem::new(
            format!("webhook:{}:checkpoint:{}", sub.id, c.size),
            WEBHOOK,
            jobs::payload(&WebhookJob {
                subscription: sub.id,
                kind: KIND.to_owned(),
                body: text.clone(),
                record: None,
            }),
            at,
            at,
        ));
    }
    Ok(out)
}
