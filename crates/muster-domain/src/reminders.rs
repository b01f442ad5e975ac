//! Which reminders an incident needs, computed from its state alone (rule 3:
//! "overdue actions are flagged and their owners and the deputy reminded"; the
//! deputy "keeps track of time"; rule 7: preventive actions stay tracked after
//! close, so they are the only reminders a closed incident has). Pure: the server writes the plan into the
//! outbox with each change, and the worker checks at delivery time that a
//! reminder is still in the plan (the action may have been done since).
//!
//! Every reminder has a key naming the exact occurrence (so planning it again
//! never makes a second one) and a slot naming what it is about (so a moved
//! report-back time replaces the reminder for the old time).

use crate::calls::{minutes, next_calls, schedule};
use crate::event::PersonRef;
use crate::policy::Policy;
use crate::state::IncidentState;
use crate::vocab::{FindingStatus, Phase, Role};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReminderKind {
    /// An action's (or delegated finding's) report-back time is approaching.
    ActionDueSoon,
    /// Its report-back time has passed: the owner is told.
    ActionOverdue,
    /// Still overdue a while later: the deputy and the secretariat are told too.
    ActionOverdueEscalated,
    /// The next decision point agreed on a heartbeat call.
    DecisionPoint,
    HeartbeatCall,
    /// A status update to stakeholders is due on the severity's cadence.
    StakeholderUpdate,
    /// The incident manager's rota shift ends while hot, with no handover.
    OffDuty,
    /// A preventive action's due date is approaching: its owner is told.
    PreventiveActionDueSoon,
    /// Its due date has passed and it is not done: its owner is told.
    PreventiveActionOverdue,
    /// A regulator's deadline is nearing (at each of the policy's lead
    /// times): the incident manager, the deputy and the privacy and legal
    /// members are told.
    DeadlineApproaching,
    /// A regulator's deadline passed with its stage not submitted.
    DeadlineMissed,
}

impl ReminderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderKind::ActionDueSoon => "action-due-soon",
            ReminderKind::ActionOverdue => "action-overdue",
            ReminderKind::ActionOverdueEscalated => "action-overdue-escalated",
            ReminderKind::DecisionPoint => "decision-point",
            ReminderKind::HeartbeatCall => "heartbeat-call",
            ReminderKind::StakeholderUpdate => "stakeholder-update",
            ReminderKind::OffDuty => "off-duty",
            ReminderKind::PreventiveActionDueSoon => "preventive-action-due-soon",
            ReminderKind::PreventiveActionOverdue => "preventive-action-overdue",
            ReminderKind::DeadlineApproaching => "deadline-approaching",
            ReminderKind::DeadlineMissed => "deadline-missed",
        }
    }
}

/// Who a reminder is for, resolved to people when it is delivered (so a new
/// deputy gets the reminder, not the one who stood down).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Recipient {
    Person(Uuid),
    Role(Role),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub kind: ReminderKind,
    pub key: String,
    pub slot: String,
    /// When to send it.
    pub due_at: Timestamp,
    /// The moment it is about (the report-back time, the call's start).
    pub about_at: Timestamp,
    pub to: Vec<Recipient>,
    pub text: String,
}

/// What the plan needs to know beyond the incident: the end of the current
/// incident manager's rota shift, when they are on one.
#[derive(Debug, Clone, Copy, Default)]
pub struct Outside {
    pub incident_manager_shift_ends: Option<Timestamp>,
}

pub(crate) fn reminder(
    state: &IncidentState,
    kind: ReminderKind,
    what: &str,
    due_at: Timestamp,
    about_at: Timestamp,
    to: Vec<Recipient>,
    text: String,
) -> Reminder {
    let slot = format!("reminder:{}:{what}:{}", state.id, kind.as_str());
    Reminder {
        kind,
        key: format!("{slot}:{}", about_at.as_microsecond()),
        slot,
        due_at,
        about_at,
        to,
        text: format!("{}: {text}", state.reference),
    }
}

fn hhmm(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%MZ").to_string()
}

/// Every reminder the incident needs now, each at most once.
pub fn plan(
    state: &IncidentState,
    policy: &Policy,
    now: Timestamp,
    outside: Outside,
) -> Vec<Reminder> {
    let mut out = Vec::new();
    if !state.is_declared() {
        return out;
    }
    preventive(state, policy, now, &mut out);
    if !state.is_open() {
        return out;
    }
    crate::deadline_reminders::plan(state, policy, now, &mut out);
    let r = &policy.reminders;
    let lead = minutes(r.action_lead_minutes);
    let escalate = minutes(r.overdue_escalation_minutes);
    let leaders = || {
        vec![
            Recipient::Role(Role::Deputy),
            Recipient::Role(Role::Secretariat),
        ]
    };

    // Actions and delegated findings: both have an owner and a report-back time.
    let mut work: Vec<(String, String, &PersonRef, Timestamp)> = state
        .actions
        .iter()
        .filter(|a| a.status.is_open())
        .map(|a| {
            (
                a.id.clone(),
                format!("action {} \"{}\"", a.id, a.title),
                &a.owner,
                a.report_back_at,
            )
        })
        .collect();
    for f in &state.findings {
        if let (FindingStatus::Delegated, Some(to), Some(at)) =
            (f.status, &f.delegated_to, f.report_back_at)
        {
            work.push((
                f.id.clone(),
                format!("finding {} \"{}\"", f.id, f.text),
                to,
                at,
            ));
        }
    }
    for (id, what, owner, at) in work {
        let owner_only = vec![Recipient::Person(owner.id)];
        if at > now && r.action_lead_minutes > 0 {
            out.push(reminder(
                state,
                ReminderKind::ActionDueSoon,
                &id,
                at - lead,
                at,
                owner_only.clone(),
                format!(
                    "{what} owned by {} reports back at {}",
                    owner.name,
                    hhmm(at)
                ),
            ));
        }
        out.push(reminder(
            state,
            ReminderKind::ActionOverdue,
            &id,
            at,
            at,
            owner_only,
            format!(
                "{what} owned by {} was due to report back at {}",
                owner.name,
                hhmm(at)
            ),
        ));
        let mut all = vec![Recipient::Person(owner.id)];
        all.extend(leaders());
        out.push(reminder(
            state,
            ReminderKind::ActionOverdueEscalated,
            &id,
            at + escalate,
            at,
            all,
            format!(
                "{what} owned by {} is overdue since {}",
                owner.name,
                hhmm(at)
            ),
        ));
    }

    let command = || {
        vec![
            Recipient::Role(Role::IncidentManager),
            Recipient::Role(Role::Deputy),
            Recipient::Role(Role::Secretariat),
        ]
    };
    if let Some(at) = state.next_decision_at.filter(|t| *t > now) {
        out.push(reminder(
            state,
            ReminderKind::DecisionPoint,
            "team",
            at - minutes(r.decision_lead_minutes),
            at,
            command(),
            format!("next decision point at {}", hhmm(at)),
        ));
    }

    if let Some(s) = schedule(state, policy)
        && let Some(at) = next_calls(&s, now, 1).first().copied().filter(|t| *t > now)
    {
        let bridge = s
            .bridge
            .as_deref()
            .map(|b| format!(" on {b}"))
            .unwrap_or_default();
        let mut to = command();
        to.push(Recipient::Role(Role::Sme));
        to.push(Recipient::Role(Role::CommsLead));
        to.push(Recipient::Role(Role::Liaison));
        out.push(reminder(state, ReminderKind::HeartbeatCall, "team", at - minutes(r.call_lead_minutes), at,
                to, format!("heartbeat call at {}{bridge}: roll call, then what happened, what it means for us, what we have done, what we do next", hhmm(at))));
    }

    if matches!(state.phase, Some(Phase::Hot | Phase::Warm))
        && let Some(sev) = policy.severity(&state.severity)
    {
        let last = state
            .communications
            .iter()
            .filter_map(|c| c.sent_at)
            .chain(state.briefings.iter().map(|b| b.at))
            .chain(state.timings.declared_at)
            .max();
        if let Some(last) = last {
            let at = last + minutes(sev.update_cadence_minutes);
            out.push(reminder(
                state,
                ReminderKind::StakeholderUpdate,
                "team",
                at - minutes(r.update_lead_minutes),
                at,
                vec![
                    Recipient::Role(Role::CommsLead),
                    Recipient::Role(Role::IncidentManager),
                ],
                format!(
                    "a stakeholder update is due at {} ({} cadence)",
                    hhmm(at),
                    sev.name
                ),
            ));
        }
    }

    if state.phase == Some(Phase::Hot)
        && state.handover.is_none()
        && let (Some(im), Some(ends)) = (
            state.incident_manager(),
            outside.incident_manager_shift_ends,
        )
    {
        out.push(reminder(state, ReminderKind::OffDuty, &im.id.to_string(), ends - minutes(r.off_duty_lead_minutes), ends,
            vec![Recipient::Role(Role::IncidentManager), Recipient::Role(Role::Deputy)],
            format!("{}'s shift as incident manager ends at {} and no handover is briefed; brief the next incident manager", im.name, hhmm(ends))));
    }
    out
}

/// How often an overdue preventive action is reminded again.
const NAG_EVERY: jiff::SignedDuration = jiff::SignedDuration::from_hours(24);

/// Rule 7: preventive actions are reminded to their owners until done, before
/// and after close.
fn preventive(state: &IncidentState, policy: &Policy, now: Timestamp, out: &mut Vec<Reminder>) {
    let lead = policy.reminders.preventive_lead_minutes;
    for p in state.preventive_actions.iter().filter(|p| !p.done) {
        let to = vec![Recipient::Person(p.owner.id)];
        let what = format!(
            "preventive action {} \"{}\" owned by {}",
            p.id, p.title, p.owner.name
        );
        if p.due > now && lead > 0 {
            out.push(reminder(
                state,
                ReminderKind::PreventiveActionDueSoon,
                &p.id,
                p.due - minutes(lead),
                p.due,
                to.clone(),
                format!("{what} is due {}", hhmm(p.due)),
            ));
        }
        // Until done: once at the due date, then again each day it stays
        // open (each day is its own occurrence, planned by the sweep).
        let days_late = if now > p.due {
            now.duration_since(p.due).as_secs() / NAG_EVERY.as_secs()
        } else {
            0
        };
        let nag = p.due + NAG_EVERY * (days_late as i32);
        out.push(reminder(
            state,
            ReminderKind::PreventiveActionOverdue,
            &p.id,
            nag,
            nag,
            to,
            format!("{what} was due {} and is not done", hhmm(p.due)),
        ));
    }
}
