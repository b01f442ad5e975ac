//! Delivering one claimed outbox row, by its channel. Each returns an
//! [`Outcome`]; the worker turns it into the row's next state.

use crate::chat::{Chat, channel_name, roll_call_message_for, topic};
use crate::expand;
use crate::jobs::{self, Delivered, EmailJob, RecordJob, WebhookJob};
use crate::sign;
use crate::worker::Notifier;
use jiff::Timestamp;
use muster_app::AppError;
use muster_app::committer::Submission;
use muster_domain::Command;
use muster_domain::calls::{ChatChannel, system_actor};
use muster_store::{OutboxChanges, OutboxItem};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const WEBHOOK: &str = "webhook";
pub const EMAIL: &str = "email";
pub const CHAT: &str = "chat";
/// Writes an entry into an incident's log as Muster (a delivery, a channel).
pub const RECORD: &str = "record";

pub enum Outcome {
    /// Done; these rows follow from it.
    Delivered(OutboxChanges),
    /// Worth trying again later.
    Retry(String),
    /// Will never succeed: dead-letter now.
    Fail(String),
    /// No longer applies.
    Cancel(String),
}

fn done() -> Outcome {
    Outcome::Delivered(OutboxChanges::default())
}

/// What to log once a communication has gone out (or finally failed to).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryRecord {
    pub incident: Uuid,
    pub communication: String,
    pub via: String,
    pub recipients: Vec<String>,
}

pub async fn deliver(n: &Notifier, item: &OutboxItem, now: Timestamp) -> Outcome {
    let result = match item.channel.as_str() {
        crate::FANOUT => expand::fanout(n, item, now).await.map(Outcome::Delivered),
        crate::REMINDER => expand::reminder(n, item, now).await.map(|c| match c {
            Some(children) => Outcome::Delivered(children),
            None => Outcome::Cancel("no longer applies: the incident changed".into()),
        }),
        crate::CHECKPOINT => crate::witness::expand(n, item, now)
            .await
            .map(Outcome::Delivered),
        WEBHOOK => Ok(webhook(n, item, now).await),
        EMAIL => Ok(email(n, item, now).await),
        CHAT => chat(n, item, now).await,
        RECORD => Ok(record(n, item).await),
        crate::timestamp::TIMESTAMP => Ok(crate::timestamp::deliver(n, item).await),
        crate::witness::WITNESS_CHAT => Ok(crate::witness::post(n, item).await),
        other => Ok(Outcome::Fail(format!("no delivery for channel {other:?}"))),
    };
    result.unwrap_or_else(|e| Outcome::Retry(format!("{e:#}")))
}

/// The log entry a communication's final failure leaves, so the comms lead sees it.
pub fn on_dead(item: &OutboxItem, error: &str, now: Timestamp) -> OutboxChanges {
    let mut changes = OutboxChanges::default();
    if let Ok(r) = serde_json::from_value::<DeliveryRecord>(item.payload["record"].clone()) {
        changes.enqueue.push(record_item(
            &item.key,
            &r,
            Vec::new(),
            vec![format!("{}: {error}", r.recipients.join(", "))],
            now,
        ));
    }
    changes
}

fn record_item(
    key: &str,
    r: &DeliveryRecord,
    delivered: Vec<String>,
    failed: Vec<String>,
    now: Timestamp,
) -> OutboxItem {
    let at = now.as_microsecond();
    OutboxItem::new(
        format!("{key}:record"),
        RECORD,
        jobs::payload(&RecordJob::Delivery {
            incident: r.incident,
            delivery: Delivered {
                communication: r.communication.clone(),
                via: r.via.clone(),
                recipients: delivered,
                failed,
            },
        }),
        at,
        at,
    )
    .for_incident(r.incident)
}

fn follow_record(
    item: &OutboxItem,
    record: Option<&DeliveryRecord>,
    now: Timestamp,
) -> OutboxChanges {
    let mut changes = OutboxChanges::default();
    if let Some(r) = record {
        changes.enqueue.push(record_item(
            &item.key,
            r,
            r.recipients.clone(),
            Vec::new(),
            now,
        ));
    }
    changes
}

async fn webhook(n: &Notifier, item: &OutboxItem, now: Timestamp) -> Outcome {
    let job: WebhookJob = match jobs::read(item) {
        Ok(job) => job,
        Err(e) => return Outcome::Fail(e),
    };
    let sub = match n.app.outbox().subscription(job.subscription).await {
        Ok(Some(s)) if s.active => s,
        Ok(_) => return Outcome::Cancel("the subscription was removed or paused".into()),
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let (body, kind) = (job.body, job.kind);
    let signature = sign::signature(&sub.secret, now.as_second(), body.as_bytes());
    let sent = n
        .http
        .post(&sub.url)
        .header("content-type", "application/json")
        .header("user-agent", "Muster-Webhooks/1")
        .header(sign::SIGNATURE_HEADER, signature)
        .header(sign::DELIVERY_HEADER, item.id.to_string())
        .header(sign::EVENT_HEADER, kind.as_str())
        .body(body)
        .send()
        .await;
    match sent {
        Ok(res) if res.status().is_success() => {
            Outcome::Delivered(follow_record(item, job.record.as_ref(), now))
        }
        Ok(res) => Outcome::Retry(format!("{} answered HTTP {}", sub.url, res.status())),
        Err(e) => Outcome::Retry(format!("{}: {e}", sub.url)),
    }
}

async fn email(n: &Notifier, item: &OutboxItem, now: Timestamp) -> Outcome {
    let Some(mailer) = &n.mailer else {
        return Outcome::Retry("email is not set up (MUSTER_SMTP_HOST)".into());
    };
    let job: EmailJob = match jobs::read(item) {
        Ok(job) => job,
        Err(e) => return Outcome::Fail(e),
    };
    if job.to.is_empty() {
        return Outcome::Cancel("nobody to send to".into());
    }
    // A stable Message-ID per row: a retried send is recognisably the same message.
    let message_id = format!("<{}@muster>", item.id);
    match mailer
        .send(&job.to, &job.subject, &job.body, &message_id)
        .await
    {
        Ok(()) => Outcome::Delivered(follow_record(item, job.record.as_ref(), now)),
        Err(e) => Outcome::Retry(format!("{e:#}")),
    }
}

#[derive(Deserialize)]
struct ChatOp {
    op: String,
    incident: Uuid,
    #[serde(default)]
    text: Option<String>,
    /// Platform ids (Slack's, Matrix's) of people who left the team.
    #[serde(default)]
    removed: Vec<String>,
}

async fn chat(n: &Notifier, item: &OutboxItem, now: Timestamp) -> anyhow::Result<Outcome> {
    if n.chats.is_empty() {
        return Ok(Outcome::Cancel("chat is not set up".into()));
    }
    let op: ChatOp = serde_json::from_value(item.payload.clone())?;
    let Some(state) = n.app.state(op.incident).await? else {
        return Ok(Outcome::Fail("no such incident".into()));
    };
    // An open channel stays on its platform; a new one goes where the
    // policy routes the incident's severity and category now.
    let policy = n.app.policy();
    let choice = policy.chat.choose(&state.severity, &state.category);
    let provider = state.chat.as_ref().map_or(choice.platform, |c| &c.provider);
    let Some(chat) = n.chats.get(provider) else {
        return Ok(Outcome::Fail(format!(
            "the incident's channel is on {provider}, which is not set up on this server"
        )));
    };
    let chat = chat.as_ref();
    let members = member_ids(n, chat, &state).await?;
    match (op.op.as_str(), &state.chat) {
        ("open", None) => {
            let name = channel_name(&policy.chat.channel_prefix, &state);
            let opened = match chat.open_channel_with(&name, &choice).await {
                Err(e) if e.name_taken => {
                    let suffix = &state.id.simple().to_string()[24..];
                    let again = format!("{}-{suffix}", &name[..name.len().min(70)]);
                    chat.open_channel_with(&again, &choice).await
                }
                other => other,
            };
            let channel = opened.map_err(|e| anyhow::anyhow!(e))?;
            chat.invite(&channel.channel, &members).await?;
            chat.set_topic(&channel.channel, &topic(&state)).await?;
            let roll = roll_call_message_for(&state, chat.command_prefix());
            chat.post_keyed(&channel.channel, &roll, true, &item.key)
                .await?;
            Ok(Outcome::Delivered(record_channel(
                item,
                op.incident,
                channel,
                now,
            )))
        }
        ("open" | "sync", Some(c)) => {
            chat.invite(&c.channel, &members).await?;
            for gone in op.removed.iter().filter(|g| !members.contains(g)) {
                chat.remove(&c.channel, gone).await?;
            }
            chat.set_topic(&c.channel, &topic(&state)).await?;
            Ok(done())
        }
        ("sync", None) => Ok(Outcome::Retry(
            "the incident's channel is not open yet".into(),
        )),
        ("post", Some(c)) => {
            let text = op.text.as_deref().unwrap_or_default();
            chat.post_keyed(&c.channel, text, false, &item.key).await?;
            Ok(done())
        }
        ("post", None) => Ok(Outcome::Cancel("the incident has no chat channel".into())),
        (other, _) => Ok(Outcome::Fail(format!("unknown chat operation {other:?}"))),
    }
}

/// The ids on `chat` of everyone holding a role (those with one).
pub async fn member_ids(
    n: &Notifier,
    chat: &dyn Chat,
    state: &muster_domain::IncidentState,
) -> anyhow::Result<Vec<String>> {
    let mut ids = Vec::new();
    for p in state.members() {
        if let Some(id) = n
            .app
            .directory()
            .person(p.id)
            .await?
            .and_then(|p| chat.member_id(&p))
        {
            ids.push(id.to_owned());
        }
    }
    Ok(ids)
}

fn record_channel(
    item: &OutboxItem,
    incident: Uuid,
    channel: ChatChannel,
    now: Timestamp,
) -> OutboxChanges {
    let at = now.as_microsecond();
    OutboxChanges {
        enqueue: vec![
            OutboxItem::new(
                format!("{}:record", item.key),
                RECORD,
                jobs::payload(&RecordJob::Channel { incident, channel }),
                at,
                at,
            )
            .for_incident(incident),
        ],
        cancel: Vec::new(),
        if_subscribed: Vec::new(),
    }
}

async fn record(n: &Notifier, item: &OutboxItem) -> Outcome {
    let (incident, command) = match jobs::read(item) {
        Ok(RecordJob::Channel { incident, channel }) => {
            (incident, Command::RecordChatChannel(channel))
        }
        Ok(RecordJob::Delivery {
            incident,
            delivery:
                Delivered {
                    communication,
                    via,
                    recipients,
                    failed,
                },
        }) => (
            incident,
            Command::RecordDelivery {
                communication,
                via,
                recipients,
                failed,
            },
        ),
        Err(e) => return Outcome::Fail(e),
    };
    let sub = Submission {
        incident,
        actor: system_actor(),
        admin: false,
        occurred_at: None,
        command,
    };
    match n.app.submit(sub).await {
        Ok(_) => done(),
        Err(e @ (AppError::Rejected(_) | AppError::NotFound(_))) => Outcome::Fail(e.to_string()),
        Err(e) => Outcome::Retry(e.to_string()),
    }
}
