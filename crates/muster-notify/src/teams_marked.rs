//! Messages marked in an incident's Teams channel (the configured reaction),
//! copied into its log as notes by whoever marked them, once per message.

use crate::slack_routes::{first_delivery, incident_of_channel};
use crate::teams_routes::by_teams_id;
use crate::worker::Notifier;
use jiff::{SignedDuration, Timestamp};
use muster_app::actor::person_ref;
use muster_app::committer::Submission;
use muster_domain::Command;
use muster_teams::activity::Activity;

/// A marked message stays copied: a second person marking it next month must
/// not log it again.
const MARKED_KEPT: SignedDuration = SignedDuration::from_hours(24 * 400);

pub(crate) async fn copy_into_log(n: &Notifier, a: &Activity) -> anyhow::Result<()> {
    let (Some(chat), Some(channel), Some(message)) = (
        n.chats.get("teams"),
        a.teams_channel(),
        a.reply_to_id.as_deref(),
    ) else {
        return Ok(());
    };
    let Some(state) = incident_of_channel(n, channel).await? else {
        return Ok(());
    };
    let aad = a.from.aad_object_id.as_deref().unwrap_or_default();
    let Some(person) = by_teams_id(n, aad).await?.filter(|_| !aad.is_empty()) else {
        tracing::info!(user = %a.from.id, "a Teams user who is nobody in Muster marked a message; ignored");
        return Ok(());
    };
    let key = format!("teams:marked:{channel}:{message}");
    if !first_delivery(n, &key, MARKED_KEPT).await? {
        return Ok(());
    }
    // Until the copy is logged, a failure gives the mark back.
    let copied = async {
        let id = match a.thread_root() {
            Some(root) if root != message => format!("{root}/{message}"),
            _ => message.to_owned(),
        };
        let Some((html, author)) = chat.message(channel, &id).await? else {
            return Ok(());
        };
        let author = match author {
            Some(id) => by_teams_id(n, &id).await?.map(|p| p.name).unwrap_or(id),
            None => "someone".into(),
        };
        let admin = crate::chat_commands::is_admin(n, &person).await?;
        // A Teams message id is its creation time in Unix milliseconds: when it
        // was said, not when it was marked.
        let said = message
            .parse::<i64>()
            .ok()
            .and_then(|ms| Timestamp::from_millisecond(ms).ok());
        let sub = Submission {
            incident: state.id,
            actor: person_ref(&person),
            admin,
            occurred_at: said,
            command: Command::AddNote {
                text: format!("From Microsoft Teams, {author}: {}", text_of(&html)),
            },
        };
        n.app.submit(sub).await?;
        anyhow::Ok(())
    };
    if let Err(e) = copied.await {
        n.app.deliveries().forget_delivery(&key).await?;
        return Err(e);
    }
    Ok(())
}

/// The words of a Teams message body (HTML): tags dropped, the few entities
/// Teams writes undone. The note keeps text only, so a dozen lines do rather
/// than an HTML parser.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = muster_teams::activity::unescape(&out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_teams_body_reads_as_text() {
        assert_eq!(
            super::text_of(
                "<p>Bucket closed at 10:02 &amp; logs kept&nbsp;<at id=\"0\">Dev</at></p>"
            ),
            "Bucket closed at 10:02 & logs kept Dev"
        );
    }
}
