//! Turning a change or a reminder into deliveries. A fan-out row (one per
//! committed change) becomes a webhook row per subscription and entry, chat
//! updates and emails; a reminder row, once checked against the incident as it
//! is now, becomes an email per person, a chat post and webhook rows. Every
//! child has a key derived from its parent's, so expanding twice (after a
//! crash) adds nothing.

use crate::deliver::{CHAT, DeliveryRecord, EMAIL, WEBHOOK};
use crate::jobs::{self, EmailJob, WebhookJob};
use crate::worker::Notifier;
use anyhow::Context;
use jiff::Timestamp;
use muster_app::outbox::reminder_item;
use muster_app::outbox::{Fanout, Work};
use muster_domain::reminders::{Outside, Recipient, plan};
use muster_domain::{Event, IncidentState, LogEntry, Phase};
use muster_store::{OutboxChanges, OutboxItem, Person, WebhookSubscription};
use serde_json::json;
use uuid::Uuid;

fn child(
    key: String,
    channel: &str,
    payload: serde_json::Value,
    incident: Uuid,
    now: i64,
) -> OutboxItem {
    OutboxItem::new(key, channel, payload, now, now).for_incident(incident)
}

/// A webhook row for `sub`, carrying `body` as its exact bytes; `record` is
/// the communication it delivers, if any.
fn webhook(
    key: String,
    sub: &WebhookSubscription,
    (kind, body): (&str, serde_json::Value),
    record: Option<DeliveryRecord>,
    incident: Uuid,
    now: i64,
) -> OutboxItem {
    child(
        key,
        WEBHOOK,
        jobs::payload(&WebhookJob {
            subscription: sub.id,
            kind: kind.to_owned(),
            body: body.to_string(),
            record,
        }),
        incident,
        now,
    )
}

/// The JSON a webhook receives for a log entry. A restricted incident's
/// payload stays out (rule 10): the receiver learns that something happened
/// and where to read it with a token.
fn entry_body(state: &IncidentState, e: &LogEntry) -> serde_json::Value {
    let payload: serde_json::Value = if state.restricted {
        serde_json::Value::Null
    } else {
        serde_json::from_str(&e.payload).unwrap_or(serde_json::Value::Null)
    };
    json!({
        "kind": e.kind, "incident": {"id": state.id, "reference": state.reference},
        "seq": e.seq, "recorded_at": e.recorded_at, "actor": e.actor_name,
        "restricted": state.restricted, "payload": payload, "hash": e.hash,
    })
}

async fn load(n: &Notifier, incident: Uuid) -> anyhow::Result<std::sync::Arc<IncidentState>> {
    n.app
        .state(incident)
        .await?
        .context("the incident no longer exists")
}

pub async fn fanout(
    n: &Notifier,
    item: &OutboxItem,
    now: Timestamp,
) -> anyhow::Result<OutboxChanges> {
    let Some(Ok(Work::Fanout(Fanout {
        incident,
        from_seq: from,
        to_seq: to,
        ..
    }))) = Work::of(item)
    else {
        anyhow::bail!("outbox row {} is not a fan-out", item.key);
    };
    let state = load(n, incident).await?;
    let entries = n
        .app
        .entries(incident, from - 1, u32::try_from(to + 1 - from)?)
        .await?;
    let subs = n.app.outbox().list_subscriptions().await?;
    let at = now.as_microsecond();
    let mut out = OutboxChanges::default();
    let mut team_changed = false;
    let mut removed = Vec::new();
    for e in &entries {
        for sub in subs.iter().filter(|s| s.wants(&e.kind)) {
            let key = format!("webhook:{}:{incident}:{}", sub.id, e.seq);
            out.enqueue.push(webhook(
                key,
                sub,
                (&e.kind, entry_body(&state, e)),
                None,
                incident,
                at,
            ));
        }
        let Ok(event) = Event::decode(&e.kind, e.v, &e.payload) else {
            continue;
        };
        match &event {
            Event::Declared(d) => {
                if !n.chats.is_empty() && n.app.policy().chat.open_channel_on_declare {
                    out.enqueue.push(child(
                        format!("chat:open:{incident}"),
                        CHAT,
                        json!({"op": "open", "incident": incident}),
                        incident,
                        at,
                    ));
                }
                notify_severity(n, &state, &d.severity, e.seq, "declared", &mut out, at).await?;
            }
            Event::Escalated {
                severity: Some(s), ..
            } => {
                notify_severity(n, &state, s, e.seq, "escalated to", &mut out, at).await?;
            }
            Event::RoleStoodDown { person, .. } => {
                team_changed = true;
                if !state.is_member(person.id)
                    && let Some(chat) = state.chat.as_ref().and_then(|c| n.chats.of(c))
                    && let Some(id) = n
                        .app
                        .directory()
                        .person(person.id)
                        .await?
                        .and_then(|p| chat.member_id(&p))
                {
                    removed.push(id.to_owned());
                }
            }
            Event::RoleAssigned { .. }
            | Event::HandoverAcknowledged { .. }
            | Event::CommandAssumed { .. }
            | Event::Escalated { .. }
            | Event::PhaseChanged { .. } => {
                team_changed = true;
            }
            Event::CommunicationSent { id, via } => {
                communication(n, &state, id, via, &subs, &mut out, at)
            }
            _ => {}
        }
    }
    if team_changed && !n.chats.is_empty() && state.chat.is_some() {
        out.enqueue.push(child(
            format!("chat:sync:{incident}:{to}"),
            CHAT,
            json!({"op": "sync", "incident": incident, "removed": removed}),
            incident,
            at,
        ));
    }
    Ok(out)
}

/// An agreed communication going out: by email to its recipients, or by
/// webhook to the subscriptions that take `communication`. Either way the
/// delivery is logged once it has happened.
fn communication(
    n: &Notifier,
    state: &IncidentState,
    id: &str,
    via: &str,
    subs: &[WebhookSubscription],
    out: &mut OutboxChanges,
    at: i64,
) {
    let Some(c) = state.communications.iter().find(|c| c.id == id) else {
        return;
    };
    let incident = state.id;
    let record = |via: &str, recipients: Vec<String>| DeliveryRecord {
        incident,
        communication: id.to_owned(),
        via: via.to_owned(),
        recipients,
    };
    match via.trim().to_ascii_lowercase().as_str() {
        "email" if n.mailer.is_some() => out.enqueue.push(child(
            format!("comm:{incident}:{id}:email"),
            EMAIL,
            jobs::payload(&EmailJob {
                to: c.recipients.clone(),
                subject: c.subject.clone(),
                body: c.body.clone(),
                record: Some(record("email", c.recipients.clone())),
            }),
            incident,
            at,
        )),
        "webhook" => {
            for sub in subs.iter().filter(|s| s.wants("communication")) {
                let body = json!({"kind": "communication", "incident": {"id": incident, "reference": state.reference},
                    "communication": {"id": c.id, "audience": c.audience, "recipients": c.recipients, "subject": c.subject, "body": c.body}});
                out.enqueue.push(webhook(
                    format!("comm:{incident}:{id}:webhook:{}", sub.id),
                    sub,
                    ("communication", body),
                    Some(record("webhook", vec![sub.url.clone()])),
                    incident,
                    at,
                ));
            }
        }
        _ => {
            tracing::info!(incident = %state.reference, communication = id, via, "sent by hand; nothing to deliver")
        }
    }
}

/// Emails the severity's notify list (roles resolved on the team, or addresses).
async fn notify_severity(
    n: &Notifier,
    state: &IncidentState,
    severity: &str,
    seq: u64,
    what: &str,
    out: &mut OutboxChanges,
    at: i64,
) -> anyhow::Result<()> {
    let Some(sev) = n.app.policy().severity(severity) else {
        return Ok(());
    };
    if n.mailer.is_none() || sev.notify.is_empty() {
        return Ok(());
    }
    let mut to = Vec::new();
    for who in &sev.notify {
        match who.parse::<muster_domain::Role>() {
            Ok(role) => {
                for p in state.holders(role) {
                    if let Some(person) = n.app.directory().person(p.id).await? {
                        to.push(person.email);
                    }
                }
            }
            Err(_) => to.push(who.clone()),
        }
    }
    to.sort();
    to.dedup();
    let subject = format!("[{}] {} {what} {severity}", state.reference, state.title);
    let body = format!(
        "{subject}\n\nCategory: {}\nPhase: {}\n",
        state.category,
        state.phase.map(|p| p.as_str()).unwrap_or("hot")
    );
    out.enqueue.push(child(
        format!("notify:{}:{seq}", state.id),
        EMAIL,
        jobs::payload(&EmailJob {
            to,
            subject,
            body,
            record: None,
        }),
        state.id,
        at,
    ));
    Ok(())
}

/// What the plan needs from the rota: when the incident manager's shift ends.
async fn outside(n: &Notifier, state: &IncidentState, now: Timestamp) -> anyhow::Result<Outside> {
    let Some(im) = state.incident_manager() else {
        return Ok(Outside::default());
    };
    let now_us = now.as_microsecond();
    let ends = n
        .app
        .rota()
        .shifts_from(now_us)
        .await?
        .into_iter()
        .find(|s| s.person == im.id && s.starts_at <= now_us)
        .and_then(|s| Timestamp::from_microsecond(s.ends_at).ok());
    Ok(Outside {
        incident_manager_shift_ends: ends,
    })
}

async fn people(
    n: &Notifier,
    state: &IncidentState,
    to: &[Recipient],
) -> anyhow::Result<Vec<Person>> {
    let mut ids: Vec<Uuid> = Vec::new();
    for r in to {
        match r {
            Recipient::Person(id) => ids.push(*id),
            Recipient::Role(role) => ids.extend(state.holders(*role).map(|p| p.id)),
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for id in ids.into_iter().filter(|id| seen.insert(*id)) {
        if let Some(p) = n.app.directory().person(id).await? {
            out.push(p);
        }
    }
    Ok(out)
}

/// A reminder falling due: `None` when the incident no longer needs it.
pub async fn reminder(
    n: &Notifier,
    item: &OutboxItem,
    now: Timestamp,
) -> anyhow::Result<Option<OutboxChanges>> {
    let r = match Work::of(item) {
        Some(Ok(Work::Reminder(due))) => due,
        Some(Err(e)) => return Err(e.into()),
        _ => anyhow::bail!("outbox row {} is not a reminder", item.key),
    };
    let (incident, r) = (r.incident, r.reminder);
    let state = load(n, incident).await?;
    let outside = outside(n, &state, now).await?;
    if !plan(&state, n.app.policy(), now, outside)
        .iter()
        .any(|p| p.key == item.key)
    {
        return Ok(None);
    }
    let at = now.as_microsecond();
    let mut out = OutboxChanges::default();
    let to = people(n, &state, &r.to).await?;
    let subject = format!(
        "[{}] {}",
        state.reference,
        r.text.trim_start_matches(&format!("{}: ", state.reference))
    );
    let link = n
        .settings
        .public_url
        .as_deref()
        .map(|u| format!("\n\n{u}/incidents/{}", state.reference))
        .unwrap_or_default();
    if n.mailer.is_some() {
        for p in &to {
            out.enqueue.push(child(
                format!("{}:email:{}", item.key, p.id),
                EMAIL,
                jobs::payload(&EmailJob {
                    to: vec![p.email.clone()],
                    subject: subject.clone(),
                    body: format!("{}{link}", r.text),
                    record: None,
                }),
                incident,
                at,
            ));
        }
    }
    if let Some(chat) = state.chat.as_ref().and_then(|c| n.chats.of(c))
        && n.app.policy().chat.post_reminders
    {
        let mentions: Vec<String> = to
            .iter()
            .filter_map(|p| chat.member_id(p))
            .map(|id| chat.mention(&id))
            .collect();
        out.enqueue.push(child(format!("{}:chat", item.key), CHAT,
            json!({"op": "post", "incident": incident, "text": format!("{} {}", mentions.join(" "), r.text).trim()}), incident, at));
    }
    let kind = format!("reminder.{}", r.kind.as_str());
    for sub in n
        .app
        .outbox()
        .list_subscriptions()
        .await?
        .iter()
        .filter(|s| s.wants(&kind))
    {
        let body = json!({"kind": kind, "incident": {"id": incident, "reference": state.reference},
            "reminder": {"key": item.key, "about_at": r.about_at, "text": if state.restricted { None } else { Some(&r.text) },
            "to": to.iter().map(|p| &p.email).collect::<Vec<_>>()}});
        out.enqueue.push(webhook(
            format!("{}:webhook:{}", item.key, sub.id),
            sub,
            (&kind, body),
            None,
            incident,
            at,
        ));
    }
    Ok(Some(out))
}

/// Plans every open incident's reminders again (idempotent by key): picks up
/// what time alone brings (the next call, a rota shift ending, another day of
/// a preventive action overdue). A closed incident is planned only while it
/// has preventive actions not done (rule 7).
pub async fn sweep(n: &Notifier, now: Timestamp) -> anyhow::Result<u64> {
    let at = now.as_microsecond();
    let mut changes = OutboxChanges::default();
    for summary in n.app.incident_summaries().await? {
        let state = load(n, summary.id).await?;
        if summary.phase == Phase::Closed && state.preventive_actions.iter().all(|p| p.done) {
            continue;
        }
        let outside = outside(n, &state, now).await?;
        for r in plan(&state, n.app.policy(), now, outside) {
            changes.enqueue.push(reminder_item(&state, &r, at));
        }
    }
    Ok(n.app.outbox().enqueue(&changes).await?)
}
