//! The `muster` commands a responder gives from chat (note, action, finding,
//! status, roll call), whichever platform carried them: Slack's `/muster`,
//! Matrix's `!muster` message, a message to Teams' bot (`@Muster`). The platform has already established who is
//! asking (a verified request, a homeserver's event) and mapped them to a
//! person; here they act under the same rules as in the API: the committer
//! decides, and rule 10 hides a restricted incident from a non-member.

use crate::slack_routes::incident_of_channel;
use crate::worker::Notifier;
use jiff::{SignedDuration, Timestamp};
use muster_app::actor::person_ref;
use muster_app::committer::Submission;
use muster_app::visibility;
use muster_domain::calls::roll_call_text;
use muster_domain::{Command, FindingKind, IncidentState};
use muster_slack::slash::{self, Asked, Verb};
use muster_store::Person;
use std::sync::Arc;

/// Who asks, and how their platform names people.
pub(crate) struct Asker {
    pub person: Person,
    /// `slack`, `matrix`, `teams`: the actor's source.
    pub source: &'static str,
    /// How a command starts there, for the hints in replies.
    pub prefix: &'static str,
    /// A person's id on the platform (their `slack_id`, `matrix_id`, `teams_id`).
    pub member_id: fn(&Person) -> Option<&str>,
}

/// Where the command was given.
pub(crate) enum Place<'a> {
    /// A channel: a command naming no incident is about the channel's.
    Channel(&'a str),
    /// A channel or group chat where everyone reads the answers (Teams):
    /// as `Channel`, but a restricted incident is named only in its own
    /// channel, since not everyone here is on its team (rule 10).
    Shared(&'a str),
    /// An incident's own room, already known; a command may name no other
    /// incident, as its answer would be shown to everyone in this room.
    Room(Arc<IncidentState>),
}

/// The answer: shown to everyone in the channel, or to the asker alone
/// where the platform can (elsewhere, in the room).
pub(crate) struct Said {
    pub public: bool,
    pub text: String,
}

fn private(text: impl Into<String>) -> Said {
    Said {
        public: false,
        text: text.into(),
    }
}

fn public(text: impl Into<String>) -> Said {
    Said {
        public: true,
        text: text.into(),
    }
}

/// The person whose platform id is `id`.
pub(crate) async fn by_member_id(
    n: &Notifier,
    member_id: fn(&Person) -> Option<&str>,
    id: &str,
) -> anyhow::Result<Option<Person>> {
    Ok(n.app
        .directory()
        .list_people()
        .await?
        .into_iter()
        .find(|p| member_id(p) == Some(id)))
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

pub(crate) async fn run(
    n: &Notifier,
    asker: &Asker,
    asked: Asked,
    place: Place<'_>,
) -> anyhow::Result<Said> {
    let prefix = asker.prefix;
    if asked.verb == Verb::Help {
        return Ok(private(slash::USAGE.replace("/muster", prefix)));
    }
    let person = &asker.person;
    let admin = is_admin(n, person).await?;
    let actor = muster_app::Actor {
        person: person.clone(),
        admin,
        source: Some(asker.source.into()),
    };
    let shared = match &place {
        Place::Shared(channel) => Some(*channel),
        _ => None,
    };
    let state = match (&asked.reference, place) {
        (Some(r), Place::Room(here)) if !r.eq_ignore_ascii_case(&here.reference) => {
            return Ok(private(format!(
                "Commands in this room are about {}; ask about {r} in the web room or its own channel.",
                here.reference
            )));
        }
        (_, Place::Room(here)) => Some(here).filter(|s| visibility::can_see(s, &actor)),
        (Some(r), Place::Channel(_) | Place::Shared(_)) => {
            let why = format!("a {} command on {r}", asker.source);
            match n.app.visible(&actor, r, &why).await {
                Ok(s) => Some(s),
                Err(_) => {
                    return Ok(private(format!(
                        "There is no incident {r} that you can see."
                    )));
                }
            }
        }
        (None, Place::Channel(channel) | Place::Shared(channel)) => incident_of_channel(n, channel)
            .await?
            .filter(|s| visibility::can_see(s, &actor)),
    };
    let Some(state) = state else {
        return Ok(private(format!(
            "This channel is not an incident's channel: name the incident, e.g. `{prefix} INC-2026-0007 status`."
        )));
    };
    if let Some(channel) = shared
        && state.restricted
        && state.chat.as_ref().is_none_or(|c| c.channel != channel)
    {
        // Everyone here would read the answer; not all of them are on its team (rule 10).
        return Ok(private(
            "That incident is restricted: ask in its own channel, or in a personal chat with Muster.",
        ));
    }
    let now = Timestamp::now();
    let command = match asked.verb {
        Verb::Status | Verb::RollCall => {
            if state.restricted {
                let what = format!("{} {prefix} status", asker.source);
                n.app.audit(&actor, &state, &what).await?;
            }
            return Ok(public(read_back(&state, &asked.verb, now)));
        }
        Verb::Note(text) => Command::AddNote { text },
        Verb::Finding { kind, text } => Command::AddFinding {
            kind: kind.parse::<FindingKind>().map_err(anyhow::Error::msg)?,
            text,
            source: Some(platform_name(asker.source).into()),
        },
        Verb::Action {
            owner,
            minutes,
            title,
        } => {
            let owner = match owner_of(n, asker, &owner).await? {
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
        Verb::Help => return Ok(private(slash::USAGE.replace("/muster", prefix))),
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
            public(format!(
                "Logged in {} by {}: {}",
                state.reference,
                person.name,
                what.join(", ")
            ))
        }
        Err(e) => private(format!("Refused: {e}")),
    })
}

/// `Slack`, `Matrix`, `Microsoft Teams`: as a finding's source says it.
pub(crate) fn platform_name(source: &str) -> &'static str {
    match source {
        "slack" => "Slack",
        "matrix" => "Matrix",
        "teams" => "Microsoft Teams",
        _ => "chat",
    }
}

/// An action's owner as the platform names them: Slack's `<@U…>` arrives
/// as `U…`; a Matrix id `@ana:server` arrives without its `@`.
async fn owner_of(n: &Notifier, asker: &Asker, owner: &str) -> anyhow::Result<Option<Person>> {
    if let Some(p) = by_member_id(n, asker.member_id, owner).await? {
        return Ok(Some(p));
    }
    if owner.contains(':') {
        return by_member_id(n, asker.member_id, &format!("@{owner}")).await;
    }
    Ok(None)
}

fn read_back(state: &IncidentState, verb: &Verb, now: Timestamp) -> String {
    let roll = roll_call_text(state).unwrap_or_else(|| "nobody holds a role".into());
    if *verb == Verb::RollCall {
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
