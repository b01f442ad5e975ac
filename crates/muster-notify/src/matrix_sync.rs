//! The Matrix bot's ears: a background task long-polling the homeserver's
//! `/sync`, acting on the events of incident rooms: `!muster …` commands and
//! the policy's reaction key copying a message into the log.
//!
//! Once: the place `/sync` was read up to is kept in the store
//! (`chat_cursors`), so a restarted instance takes up where it stopped; and
//! every event is acted on once through `App::deliveries()` by its event id,
//! so several instances reading the same account log it once.
//!
//! Trust: the Client-Server API carries no per-event signature the bot could
//! check (the homeserver checks federation signatures). The bot trusts what
//! its own homeserver hands it over TLS with its access token, and still
//! acts only on an event whose sender the homeserver lists as joined to the
//! room, in a room that is an incident's channel, and sent by someone the
//! directory knows by `matrix_id`; anything else is refused.
//! Encrypted rooms: the bot has no end-to-end encryption keys, so it cannot
//! read `m.room.encrypted` events; commands and reactions there do not reach
//! it. Its own posts there go unencrypted (the homeserver accepts them;
//! clients mark them as not encrypted), and the topic is room state, which
//! Matrix never encrypts.

use crate::chat::Chat;
use crate::chat_commands::{self, Asker, Place, platform_name};
use crate::matrix_chat::MatrixChat;
use crate::slack_routes::{first_delivery, incident_of_channel};
use crate::worker::Notifier;
use jiff::{SignedDuration, Timestamp};
use muster_app::actor::person_ref;
use muster_app::committer::Submission;
use muster_domain::Command;
use muster_matrix::sync::RoomEvent;
use muster_store::Person;
use std::sync::Arc;
use std::time::Duration;

/// How long an event's id is kept: far past any instance re-reading a batch.
const EVENT_KEPT: SignedDuration = SignedDuration::from_hours(24 * 30);
/// A marked message stays copied, as on Slack.
const MARKED_KEPT: SignedDuration = SignedDuration::from_hours(24 * 400);
/// A command is a message starting with this word.
pub const PREFIX: &str = "!muster";

/// What became of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acted {
    /// Not for the bot: its own post, an ordinary message, another reaction.
    Ignored,
    /// Already acted on (another instance, a re-read batch).
    Repeat,
    /// Refused, with what the room was told.
    Refused(String),
    /// Done, with what the room was told (if anything).
    Done(Option<String>),
}

fn matrix_of(n: &Notifier) -> Option<&MatrixChat> {
    n.matrix.as_deref()
}

/// The bot's reader: one `/sync` after another until `shutdown`.
pub async fn run(n: Arc<Notifier>, shutdown: impl std::future::Future<Output = ()>) {
    tokio::pin!(shutdown);
    let Some(chat) = matrix_of(&n) else { return };
    let bot = loop {
        match chat.client.whoami().await {
            Ok(id) => break id,
            Err(e) => {
                tracing::warn!(error = %e, "the Matrix bot cannot tell who it is; trying again");
                tokio::select! {
                    _ = &mut shutdown => return,
                    _ = tokio::time::sleep(Duration::from_secs(10)) => {}
                }
            }
        }
    };
    tracing::info!(bot = %bot, "Matrix bot reading /sync");
    let wait = n
        .settings
        .matrix
        .as_ref()
        .map_or(Duration::from_secs(30), |m| m.sync_wait);
    let mut failures = 0u32;
    loop {
        let step = tokio::select! {
            _ = &mut shutdown => return,
            s = sync_once(&n, &bot, wait) => s,
        };
        let pause = match step {
            Ok(_) => {
                failures = 0;
                Duration::ZERO
            }
            Err(e) => {
                failures += 1;
                tracing::warn!(error = %e, failures, "a Matrix /sync failed");
                crate::backoff::delay(failures, Duration::from_secs(1), Duration::from_secs(60))
            }
        };
        tokio::select! {
            _ = &mut shutdown => return,
            _ = tokio::time::sleep(pause) => {}
        }
    }
}

fn cursor_name(bot: &str) -> String {
    format!("matrix:sync:{bot}")
}

/// One `/sync` from the stored place: its events acted on, then the new
/// place stored. An event that fails (the store is away) stops the batch
/// before the place moves, so the next sync reads it again; the events
/// already done are repeats then, and not acted on twice. Returns how many
/// events were acted on.
pub async fn sync_once(n: &Notifier, bot: &str, wait: Duration) -> anyhow::Result<usize> {
    let chat = matrix_of(n).ok_or_else(|| anyhow::anyhow!("Matrix is not set up"))?;
    let deliveries = n.app.deliveries();
    let since = deliveries.cursor(&cursor_name(bot)).await?;
    let batch = chat.client.sync(since.as_deref(), wait).await?;
    let mut acted = 0;
    for event in &batch.events {
        if !matches!(act_on(n, bot, event).await?, Acted::Ignored | Acted::Repeat) {
            acted += 1;
        }
    }
    if !batch.next_batch.is_empty() {
        deliveries
            .set_cursor(
                &cursor_name(bot),
                &batch.next_batch,
                Timestamp::now().as_microsecond(),
            )
            .await?;
    }
    Ok(acted)
}

/// Acts on one room event as the homeserver delivered it.
pub async fn act_on(n: &Notifier, bot: &str, event: &RoomEvent) -> anyhow::Result<Acted> {
    let Some(chat) = matrix_of(n) else {
        return Ok(Acted::Ignored);
    };
    if event.sender == bot {
        return Ok(Acted::Ignored);
    }
    let command = event
        .text()
        .map(str::trim_start)
        .filter(|t| {
            t.get(..PREFIX.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(PREFIX))
        })
        .map(|t| t[PREFIX.len()..].trim().to_owned());
    let marked = event
        .reaction()
        .filter(|(_, key)| *key == n.app.policy().chat.matrix_log_reaction)
        .map(|(id, _)| id.to_owned());
    if command.is_none() && marked.is_none() {
        return Ok(Acted::Ignored);
    }
    let key = format!("matrix:event:{}", event.event_id);
    if !first_delivery(n, &key, EVENT_KEPT).await? {
        return Ok(Acted::Repeat);
    }
    let result = act(n, chat, event, command, marked).await;
    if result.is_err() {
        // Nothing was done: the next read of this event may act on it.
        n.app.deliveries().forget_delivery(&key).await?;
    }
    result
}

async fn act(
    n: &Notifier,
    chat: &MatrixChat,
    event: &RoomEvent,
    command: Option<String>,
    marked: Option<String>,
) -> anyhow::Result<Acted> {
    let room = &event.room;
    // Only an incident's room; anywhere else the bot says nothing at all.
    let Some(state) = incident_of_channel(n, room)
        .await?
        .filter(|s| s.chat.as_ref().is_some_and(|c| c.provider == "matrix"))
    else {
        return Ok(Acted::Refused(String::new()));
    };
    // The homeserver vouches for the sender only as a member of the room.
    if !chat
        .client
        .joined_members(room)
        .await?
        .contains(&event.sender)
    {
        tracing::warn!(sender = %event.sender, room = %room, "an event from someone not in the room; refused");
        return Ok(Acted::Refused(String::new()));
    }
    let Some(person) =
        chat_commands::by_member_id(n, |p| p.matrix_id.as_deref(), &event.sender).await?
    else {
        let told = format!(
            "{}: your Matrix account is not linked to anyone in Muster, so nothing was logged. Ask an administrator to set your matrix_id.",
            event.sender
        );
        say(chat, event, "refused", &told).await?;
        return Ok(Acted::Refused(told));
    };
    if let Some(text) = command {
        let asked = match muster_slack::slash::parse(&text) {
            Ok(a) => a,
            Err(message) => {
                let told = message.replace("/muster", PREFIX);
                say(chat, event, "refused", &told).await?;
                return Ok(Acted::Refused(told));
            }
        };
        let asker = Asker {
            person,
            source: "matrix",
            prefix: PREFIX,
            member_id: |p| p.matrix_id.as_deref(),
        };
        let said = chat_commands::run(n, &asker, asked, Place::Room(state)).await?;
        say(chat, event, "reply", &said.text).await?;
        return Ok(if said.public {
            Acted::Done(Some(said.text))
        } else {
            Acted::Refused(said.text)
        });
    }
    let Some(target) = marked else {
        return Ok(Acted::Ignored);
    };
    copy_marked(n, chat, &state, &person, room, &target).await
}

/// A reply in the room, as a notice (bots' messages, which clients show
/// quieter and other bots ignore), once per event answered.
async fn say(chat: &MatrixChat, event: &RoomEvent, what: &str, text: &str) -> anyhow::Result<()> {
    let key = format!("matrix:{what}:{}", event.event_id);
    chat.post_keyed(&event.room, text, false, &key).await?;
    Ok(())
}

async fn copy_marked(
    n: &Notifier,
    chat: &MatrixChat,
    state: &muster_domain::IncidentState,
    person: &Person,
    room: &str,
    target: &str,
) -> anyhow::Result<Acted> {
    // Two people marking the same message copy it once.
    let key = format!("matrix:marked:{room}:{target}");
    if !first_delivery(n, &key, MARKED_KEPT).await? {
        return Ok(Acted::Repeat);
    }
    let copied = async {
        let Some(event) = chat.client.event(room, target).await? else {
            return anyhow::Ok(Acted::Ignored);
        };
        let Some(text) = event["content"]["body"].as_str() else {
            return Ok(Acted::Ignored);
        };
        let sender = event["sender"].as_str().unwrap_or("someone");
        let author = chat_commands::by_member_id(n, |p| p.matrix_id.as_deref(), sender)
            .await?
            .map_or_else(|| sender.to_owned(), |p| p.name);
        // When it was said, not when it was marked.
        let said = event["origin_server_ts"]
            .as_i64()
            .and_then(|ms| Timestamp::from_millisecond(ms).ok());
        let admin = n
            .app
            .logins()
            .user(person.id)
            .await?
            .is_some_and(|u| u.admin);
        n.app
            .submit(Submission {
                incident: state.id,
                actor: person_ref(person),
                admin,
                occurred_at: said,
                command: Command::AddNote {
                    text: format!("From {}, {author}: {text}", platform_name("matrix")),
                },
            })
            .await?;
        Ok(Acted::Done(None))
    }
    .await;
    if copied.is_err() {
        n.app.deliveries().forget_delivery(&key).await?;
    }
    copied
}
