//! Witnesses of the transparency log (issue 12): each new checkpoint goes to
//! every webhook subscriber of `checkpoint` (or `*`), as a signed webhook
//! from the outbox, and, as configured, is emailed to the witness addresses,
//! posted to the witness chat channel and timestamped by an RFC 3161
//! authority ([`crate::timestamp`]), so copies of every checkpoint live
//! beyond the database's reach. The checkpoint row is written with the
//! checkpoint itself; expanding it twice (after a crash) adds nothing, by key.

use crate::deliver::{EMAIL, Outcome, WEBHOOK};
use crate::jobs::{self, EmailJob, WebhookJob};
use crate::timestamp::{TIMESTAMP, TimestampJob};
use crate::worker::Notifier;
use jiff::Timestamp;
use muster_app::outbox::{CheckpointWork, Work};
use muster_store::{OutboxChanges, OutboxItem};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The webhook event kind (the `Muster-Event` header) of a new checkpoint.
pub const KIND: &str = "checkpoint";

/// The outbox channel of a checkpoint posted to the witness chat channel.
pub const WITNESS_CHAT: &str = "witness-chat";

/// Who else keeps a copy of each checkpoint, besides webhook subscribers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WitnessSettings {
    /// An RFC 3161 timestamp authority's URL (`MUSTER_TSA_URL`, `tsa_url`).
    pub tsa_url: Option<String>,
    /// Addresses each checkpoint is emailed to (needs SMTP).
    pub emails: Vec<String>,
    /// A chat channel id each checkpoint is posted to (needs chat).
    pub chat_channel: Option<String>,
}

/// One post to the witness channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WitnessPost {
    pub channel: String,
    pub text: String,
}

/// The JSON a witness receives: the signed note byte for byte (what it keeps
/// and compares), with its size and root for convenience.
fn body(c: &CheckpointWork) -> serde_json::Value {
    json!({"kind": KIND, "size": c.size, "root": c.root, "checkpoint": c.note})
}

/// What a person keeping checkpoints by mail or chat reads: the note byte
/// for byte, and how to hold the log to it later.
fn text(c: &CheckpointWork) -> String {
    format!(
        "Muster signed checkpoint {size} of its transparency log. Keep this \
         note exactly as it is, out of Muster's reach; `muster log consistency \
         {size} <later size>` proves any later log extends it.\n\n{note}",
        size = c.size,
        note = c.note
    )
}

/// A checkpoint row, expanded into one webhook row per subscriber, and the
/// configured email, chat post and timestamp request.
pub async fn expand(
    n: &Notifier,
    item: &OutboxItem,
    now: Timestamp,
) -> anyhow::Result<OutboxChanges> {
    let Some(Ok(Work::Checkpoint(c))) = Work::of(item) else {
        anyhow::bail!("outbox row {} is not a checkpoint", item.key);
    };
    let at = now.as_microsecond();
    let row = |key: String, channel: &str, payload| OutboxItem::new(key, channel, payload, at, at);
    let subs = n.app.outbox().list_subscriptions().await?;
    let webhook = body(&c).to_string();
    let mut out = OutboxChanges::default();
    for sub in subs.iter().filter(|s| s.wants(KIND)) {
        out.enqueue.push(row(
            format!("webhook:{}:checkpoint:{}", sub.id, c.size),
            WEBHOOK,
            jobs::payload(&WebhookJob {
                subscription: sub.id,
                kind: KIND.to_owned(),
                body: webhook.clone(),
                record: None,
            }),
        ));
    }
    let w = &n.settings.witnesses;
    if w.tsa_url.is_some() {
        out.enqueue.push(row(
            format!("timestamp:checkpoint:{}", c.size),
            TIMESTAMP,
            jobs::payload(&TimestampJob { size: c.size }),
        ));
    }
    if !w.emails.is_empty() {
        out.enqueue.push(row(
            format!("email:checkpoint:{}", c.size),
            EMAIL,
            jobs::payload(&EmailJob {
                to: w.emails.clone(),
                subject: format!("Muster log checkpoint {}", c.size),
                body: text(&c),
                record: None,
            }),
        ));
    }
    if let Some(channel) = &w.chat_channel {
        out.enqueue.push(row(
            format!("witness-chat:checkpoint:{}", c.size),
            WITNESS_CHAT,
            jobs::payload(&WitnessPost {
                channel: channel.clone(),
                text: format!("```\n{}```", text(&c)),
            }),
        ));
    }
    Ok(out)
}

/// Delivers a `witness-chat` row: posts the checkpoint to the channel, on
/// the policy's default chat platform (`[chat] platform`).
pub async fn post(n: &Notifier, item: &OutboxItem) -> Outcome {
    let platform = &n.app.policy().chat.platform;
    let Some(chat) = n.chats.get(platform) else {
        return Outcome::Retry(format!(
            "chat is not set up for `{platform}` (the policy's chat platform), so the witness channel cannot be posted to"
        ));
    };
    let job: WitnessPost = match jobs::read(item) {
        Ok(job) => job,
        Err(e) => return Outcome::Fail(e),
    };
    match chat.post(&job.channel, &job.text, false).await {
        Ok(()) => Outcome::Delivered(OutboxChanges::default()),
        Err(e) => Outcome::Retry(e.to_string()),
    }
}
