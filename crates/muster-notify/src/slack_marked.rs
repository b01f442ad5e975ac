//! Messages marked in an incident's Slack channel (the policy's reaction),
//! copied into its log as notes by whoever marked them, once per message.

use crate::slack_routes::{by_slack_id, first_delivery, incident_of_channel};
use crate::worker::Notifier;
use jiff::{SignedDuration, Timestamp};
use muster_app::actor::person_ref;
use muster_app::committer::Submission;
use muster_domain::{Command, IncidentState};
use muster_store::Person;

/// A marked message stays copied: a second person marking it next month must
/// not log it again.
const MARKED_KEPT: SignedDuration = SignedDuration::from_hours(24 * 400);

pub(crate) async fn copy_into_log(
    n: &Notifier,
    r: &muster_slack::events::ReactionAdded,
) -> anyhow::Result<()> {
    let (Some(chat), Some(state)) = (
        n.chats.get("slack"),
        incident_of_channel(n, &r.item.channel).await?,
    ) else {
        return Ok(());
    };
    let Some(person) = by_slack_id(n, &r.user).await? else {
        tracing::info!(user = %r.user, "a Slack user who is nobody in Muster marked a message; ignored");
        return Ok(());
    };
    // Two people marking the same message copy it once.
    let key = format!("slack:marked:{}:{}", r.item.channel, r.item.ts);
    if !first_delivery(n, &key, MARKED_KEPT).await? {
        return Ok(());
    }
    // Until the copy is logged, a failure gives the mark back, so Slack's
    // retry (or the next person's mark) copies it after all.
    if let Err(e) = copy_marked(n, chat.as_ref(), &state, &person, r).await {
        n.app.deliveries().forget_delivery(&key).await?;
        return Err(e);
    }
    Ok(())
}

/// Copies the marked message `r` into the log of `state`, as `person`.
async fn copy_marked(
    n: &Notifier,
    chat: &dyn crate::chat::Chat,
    state: &IncidentState,
    person: &Person,
    r: &muster_slack::events::ReactionAdded,
) -> anyhow::Result<()> {
    let Some((text, author)) = chat.message(&r.item.channel, &r.item.ts).await? else {
        return Ok(());
    };
    let author = match author {
        Some(id) => by_slack_id(n, &id).await?.map(|p| p.name).unwrap_or(id),
        None => "someone".into(),
    };
    // Slack's ts is the message's Unix time: when it was said, not when it was marked.
    let said = r
        .item
        .ts
        .split('.')
        .next()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|s| Timestamp::from_second(s).ok());
    let admin = crate::chat_commands::is_admin(n, person).await?;
    let sub = Submission {
        incident: state.id,
        actor: person_ref(person),
        admin,
        occurred_at: said,
        command: Command::AddNote {
            text: format!("From Slack, {author}: {text}"),
        },
    };
    n.app.submit(sub).await?;
    Ok(())
}
