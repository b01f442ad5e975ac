//! Communication lines: heartbeat calls (their schedule, the agenda, the call
//! record), the incident's chat channel, and the delivery of agreed
//! communications. The seed's secretariat "establishes the communication lines
//! … and regular video calls as per the incident manager's instructions".

use crate::command::Context;
use crate::event::{Event, PersonRef};
use crate::guard;
pub use crate::payload::{CallInput, CallRecord, ChatChannel, RollCallLine};
use crate::permit::{self, Kind};
use crate::policy::Policy;
use crate::rejection::{Decision, Rejection};
use crate::state::IncidentState;
pub use crate::state::{CallSchedule, Delivery};
use crate::vocab::{Phase, Role};
use jiff::{SignedDuration, Timestamp};
use uuid::Uuid;

/// The actor of entries Muster writes itself (a delivery, a channel opened):
/// no person's token can act as it, because no person has this id.
pub const SYSTEM_ACTOR: Uuid = Uuid::from_u128(0x0000_0000_0000_7000_8000_6d75_7374_6572);

pub fn system_actor() -> PersonRef {
    PersonRef {
        id: SYSTEM_ACTOR,
        name: "Muster".into(),
        expertise: Vec::new(),
        chat_handle: None,
    }
}

/// The four plain-English questions every heartbeat call answers, in order.
pub const QUESTIONS: [&str; 4] = [
    "What happened?",
    "What does it mean for us?",
    "What have we done?",
    "What do we do next?",
];

/// The schedule in force: the one set on the incident, else one every
/// severity cadence from the declaration. `None` while the incident is not hot.
pub fn schedule(state: &IncidentState, policy: &Policy) -> Option<CallSchedule> {
    if state.phase != Some(Phase::Hot) {
        return None;
    }
    if let Some(s) = &state.calls {
        return Some(s.clone());
    }
    let cadence = policy.severity(&state.severity)?.call_cadence_minutes;
    let declared = state.timings.declared_at?;
    Some(CallSchedule {
        cadence_minutes: cadence,
        first_at: declared + minutes(cadence),
        bridge: policy.calls.bridge_url.clone(),
    })
}

/// The first `n` calls of the schedule that start at or after `from`.
pub fn next_calls(schedule: &CallSchedule, from: Timestamp, n: usize) -> Vec<Timestamp> {
    let step = minutes(schedule.cadence_minutes.max(1));
    let mut k: i64 = 0;
    if from > schedule.first_at {
        let gap = from.duration_since(schedule.first_at).as_secs();
        k = gap.div_euclid(step.as_secs());
        if schedule.first_at + step * (k as i32) < from {
            k += 1;
        }
    }
    (0..n as i64)
        .map(|i| schedule.first_at + step * ((k + i) as i32))
        .collect()
}

pub fn minutes(m: u32) -> SignedDuration {
    SignedDuration::from_mins(i64::from(m))
}

/// The roll call: who holds command, deputises and keeps the log (rule 1).
pub fn roll_call(state: &IncidentState) -> Vec<RollCallLine> {
    [Role::IncidentManager, Role::Deputy, Role::Secretariat]
        .into_iter()
        .flat_map(|role| {
            state.holders(role).map(move |p| RollCallLine {
                role,
                person: p.clone(),
            })
        })
        .collect()
}

/// A call's agenda: the roll call first, then the four questions, then the
/// open actions to report on and the next decision point to agree.
pub fn agenda(state: &IncidentState) -> Vec<String> {
    let mut out = vec![format!(
        "Roll call: {}",
        roll_call_text(state).unwrap_or_else(|| "nobody holds a role yet".into())
    )];
    out.extend(QUESTIONS.iter().map(|q| (*q).to_owned()));
    let open = state.actions.iter().filter(|a| a.status.is_open()).count();
    out.push(format!("Report-backs due: {open} open actions"));
    out.push("Decisions, and the time of the next decision point".into());
    out
}

pub fn roll_call_text(state: &IncidentState) -> Option<String> {
    let lines = roll_call(state);
    (!lines.is_empty()).then(|| {
        lines
            .iter()
            .map(|l| format!("{} {}", l.role, l.person.name))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

pub fn schedule_calls(
    state: &IncidentState,
    ctx: &Context,
    cadence_minutes: Option<u32>,
    first_at: Option<Timestamp>,
    bridge: Option<&str>,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::ScheduleCalls)?;
    let cadence = match cadence_minutes {
        Some(0) => {
            return Err(Rejection::invalid(
                "cadence_minutes",
                "`cadence_minutes` must be at least 1",
            ));
        }
        Some(c) if c > 10_080 => {
            return Err(Rejection::invalid(
                "cadence_minutes",
                "`cadence_minutes` must be at most a week (10080)",
            ));
        }
        Some(c) => c,
        None => ctx
            .policy
            .severity(&state.severity)
            .map_or(60, |s| s.call_cadence_minutes),
    };
    let bridge = match bridge.map(str::trim).filter(|b| !b.is_empty()) {
        Some(b) if !(b.starts_with("https://") || b.starts_with("http://")) => {
            return Err(Rejection::invalid(
                "bridge",
                format!("`bridge` must be an http(s) URL, not {b:?}"),
            ));
        }
        Some(b) => Some(b.to_owned()),
        None => ctx.policy.calls.bridge_url.clone(),
    };
    Ok(vec![Event::CallsScheduled {
        cadence_minutes: cadence,
        first_at: first_at.unwrap_or(ctx.now),
        bridge,
    }])
}

pub fn record_call(state: &IncidentState, ctx: &Context, input: CallInput) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::RecordCall)?;
    let held_at = input.held_at.unwrap_or(ctx.now);
    if held_at > ctx.now {
        return Err(Rejection::invalid(
            "held_at",
            format!("`held_at` ({held_at}) is in the future; record a call once it is held"),
        ));
    }
    let next_decision_at = input
        .next_decision_at
        .map(|t| guard::future("next_decision_at", t, ctx))
        .transpose()?;
    let decisions: Vec<String> = input
        .decisions
        .iter()
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty())
        .collect();
    let im = state.incident_manager().cloned().ok_or_else(|| {
        Rejection::conflict(format!("{} has no incident manager", state.reference))
    })?;
    let id = guard::next_id("H", state.call_records.len());
    let mut events = vec![Event::CallRecorded(CallRecord {
        id: id.clone(),
        held_at,
        roll_call: roll_call(state),
        what_happened: guard::text("what_happened", &input.what_happened)?,
        what_it_means: guard::text("what_it_means", &input.what_it_means)?,
        what_we_have_done: guard::text("what_we_have_done", &input.what_we_have_done)?,
        what_we_do_next: guard::text("what_we_do_next", &input.what_we_do_next)?,
        decisions: decisions.clone(),
        next_decision_at,
    })];
    for (i, text) in decisions.into_iter().enumerate() {
        events.push(Event::DecisionRecorded {
            id: guard::next_id("D", state.decisions.len() + i),
            text: guard::text("decisions", &text)?,
            rationale: format!("agreed on heartbeat call {id}"),
            by: im.clone(),
            recommendation: None,
        });
    }
    Ok(events)
}

pub(crate) fn system_only(ctx: &Context, what: &str) -> Decision<()> {
    if ctx.actor.id == SYSTEM_ACTOR {
        Ok(())
    } else {
        Err(Rejection::forbidden(format!(
            "only Muster itself records {what}"
        )))
    }
}

pub fn record_chat_channel(
    state: &IncidentState,
    ctx: &Context,
    channel: ChatChannel,
) -> Decision<Vec<Event>> {
    guard::open(state)?;
    system_only(ctx, "the chat channel it opened")?;
    if state.chat.as_ref() == Some(&channel) {
        return Ok(Vec::new());
    }
    Ok(vec![Event::ChatChannelOpened(channel)])
}

pub fn record_delivery(
    state: &IncidentState,
    ctx: &Context,
    communication: &str,
    via: &str,
    recipients: Vec<String>,
    failed: Vec<String>,
) -> Decision<Vec<Event>> {
    system_only(ctx, "deliveries")?;
    if !state.communications.iter().any(|c| c.id == communication) {
        return Err(Rejection::not_found(
            "communication",
            format!("{} has no communication {communication}", state.reference),
        ));
    }
    Ok(vec![Event::CommunicationDelivered {
        id: communication.to_owned(),
        via: via.to_owned(),
        recipients,
        failed,
    }])
}
