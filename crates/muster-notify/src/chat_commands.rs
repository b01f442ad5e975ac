//! What a `/muster`-style command from any chat platform does, once the
//! platform's adapter has verified the request and knows who sent it: the
//! incident named or the one this channel belongs to (rule 10 applies), then
//! a read (status, roll call) or a command through the committer, logged as
//! that person. Slack's slash command and Teams' bot messages both end here,
//! so they cannot drift.

use crate::worker::Notifier;
use jiff::{SignedDuration, Timestamp};
use muster_app::actor::person_ref;
use muster_app::committer::Submission;
use muster_app::visibility;
use muster_domain::calls::roll_call_text;
use muster_domain::{Command, FindingKind, IncidentState, Phase};
use muster_slack::slash::{Asked, Verb};
use muster_store::Person;
use std::sync::Arc;

/// The answer to show: to the whole conversation (`public`) or the asker alone.
#[derive(Debug)]
pub(crate) struct Reply {
    pub public: bool,
    pub text: String,
}

fn private(text: impl Into<String>) -> Reply {
    Reply {
        public: false,
        text: text.into(),
    }
}

/// A person's id in a chat platform's directory: `teams_id` for Teams, else `slack_id`.
pub(crate) fn chat_id<'a>(provider: &str, p: &'a Person) -> Option<&'a str> {
    match provider {
        "teams" => p.teams_id.as_deref(),
        _ => p.slack_id.as_deref(),
    }
}

/// The person whose id on `provider` is `id`.
pub(crate) async fn by_chat_id(
    n: &Notifier,
    provider: &str,
    id: &str,
) -> anyhow::Result<Option<Person>> {
    Ok(n.app
        .directory()
        .list_people()
        .await?
        .into_iter()
        .find(|p| chat_id(provider, p).is_some_and(|c| c.eq_ignore_ascii_case(id))))
}

/// The open incident whose chat channel is `channel`.
pub(crate) async fn incident_of_channel(
    n: &Notifier,
    channel: &str,
) -> anyhow::Result<Option<Arc<IncidentState>>> {
    for s in n.app.incident_summaries().await? {
        if s.phase == Phase::Closed {
            continue;
        }
        if let Some(state) = n.app.state(s.id).await?
            && state.chat.as_ref().is_some_and(|c| c.channel == channel)
        {
            return Ok(Some(state));
        }
    }
    Ok(None)
}

/// Whether this delivery (`key`) is the first of its kind: a repeat of a
/// request already acted on, on this instance or another, is not acted on again.
pub(crate) async fn first_delivery(
    n: &Notifier,
    key: &str,
    keep: SignedDuration,
) -> anyhow::Result<bool> {
    let now = Timestamp::now();
    Ok(n.app
        .deliveries()
        .first_delivery(
            key,
            now.as_microsecond(),
            now.saturating_add(keep)?.as_microsecond(),
        )
        .await?)
}

/// Whether `person` signs in as an administrator (a chat command is decided
/// with the same rights as their API calls).
pub(crate) async fn is_admin(n: &Notifier, person: &Person) -> anyhow::Result<bool> {
    Ok(n.app
        .logins()
        .user(person.id)
        .await?
        .is_some_and(|u| u.admin))
}

/// Where the command was typed.
pub(crate) struct Said<'a> {
    /// `slack` or `teams`: the actor's source and how people are named.
    pub provider: &'static str,
    /// The platform's channel id, to find the incident it belongs to.
    pub channel: &'a str,
    /// Whether everyone in the conversation sees the answers (a Teams channel
    /// or group chat): then a restricted incident is named only in its own channel.
    pub shared: bool,
}

/// Acts on `asked` for `person`, who typed it where `said` says.
pub(crate) async fn act(
    n: &Notifier,
    person: &Person,
    asked: Asked,
    said: Said<'_>,
) -> anyhow::Result<Reply> {
    let admin = is_admin(n, person).await?;
    let actor = muster_app::Actor {
        person: person.clone(),
        admin,
        source: Some(said.provider.into()),
    };
    let state = match &asked.reference {
        Some(r) => match n
            .app
            .visible(
                &actor,
                r,
                &format!("a {} command on {r}", platform_name(said.provider)),
            )
            .await
        {
            Ok(s) => Some(s),
            Err(_) => {
                return Ok(private(format!(
                    "There is no incident {r} that you can see."
                )));
            }
        },
        None => incident_of_channel(n, said.channel)
            .await?
            .filter(|s| visibility::can_see(s, &actor)),
    };
    let Some(state) = state else {
        return Ok(private(format!(
            "This channel is not an incident's channel: name the incident, e.g. `{}INC-2026-0007 status`.",
            invoke(said.provider)
        )));
    };
    let own_channel = state
        .chat
        .as_ref()
        .is_some_and(|c| c.channel == said.channel);
    if state.restricted && said.shared && !own_channel {
        // Everyone here would read the answer; not all of them are on its team (rule 10).
        return Ok(private(
            "That incident is restricted: ask in its own channel, or in a personal chat with Muster.",
        ));
    }
    let now = Timestamp::now();
    let command = match asked.verb {
        Verb::Status | Verb::RollCall => {
            if state.restricted {
                let what = format!("{} {}status", said.provider, invoke(said.provider));
                n.app.audit(&actor, &state, &what).await?;
            }
            return Ok(Reply {
                public: true,
                text: read_back(&state, asked.verb == Verb::RollCall, now),
            });
        }
        Verb::Note(text) => Command::AddNote { text },
        Verb::Finding { kind, text } => Command::AddFinding {
            kind: kind.parse::<FindingKind>().map_err(anyhow::Error::msg)?,
            text,
            source: Some(platform_name(said.provider).into()),
        },
        Verb::Action {
            owner,
            minutes,
            title,
        } => {
            let owner = match by_chat_id(n, said.provider, &owner).await? {
                Some(p) => p,
                None => match n.app.person("owner", &owner).await {
                    Ok(p) => p,
                    Err(e) => return Ok(private(e.to_string())),
                },
            };
            Command::CreateAction {
                title,
                owner: person_ref(&owner),
                report_back_at: now + SignedDuration::from_mins(minutes),
            }
        }
        Verb::Help => return Ok(private(muster_slack::slash::USAGE)),
    };
    let sub = Submission {
        incident: state.id,
        actor: person_ref(person),
        admin,
        occurred_at: None,
        command,
    };
    Ok(match n.app.submit(sub).await {
        Ok(done) => {
            let what: Vec<String> = done
                .entries
                .iter()
                .map(|e| format!("#{} {}", e.seq, e.kind))
                .collect();
            Reply {
                public: true,
                text: format!(
                    "Logged in {} by {}: {}",
                    state.reference,
                    person.name,
                    what.join(", ")
                ),
            }
        }
        Err(e) => private(format!("Refused: {e}")),
    })
}

/// How a command is addressed to Muster on the platform.
pub(crate) fn invoke(provider: &str) -> &'static str {
    match provider {
        "teams" => "@Muster ",
        _ => "/muster ",
    }
}

pub(crate) fn platform_name(provider: &str) -> &'static str {
    match provider {
        "teams" => "Microsoft Teams",
        _ => "Slack",
    }
}

/// `status` or `roll call`, read back.
fn read_back(state: &IncidentState, roll_call: bool, now: Timestamp) -> String {
    let roll = roll_call_text(state).unwrap_or_else(|| "nobody holds a role".into());
    if roll_call {
        return format!("Roll call for {}: {roll}", state.reference);
    }
    let open = state.actions.iter().filter(|a| a.status.is_open()).count();
    let overdue = state.overdue_actions(now).count();
    format!(
        "{} {} [{} {}]\nRoll call: {roll}\nActions: {open} open, {overdue} overdue. Findings: {}. Decisions: {}.",
        state.reference,
        state.title,
        state.severity,
        state.phase.map(|p| p.as_str()).unwrap_or("hot"),
        state.findings.len(),
        state.decisions.len()
    )
}
