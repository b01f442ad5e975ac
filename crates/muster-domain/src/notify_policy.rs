//! The parts of the policy that drive reminders, heartbeat calls and the chat
//! channel. Every field has a default, so a policy file written before these
//! existed still loads.

use serde::{Deserialize, Serialize};

/// Lead times, in minutes: how long before the moment a reminder is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReminderPolicy {
    /// Before an action's report-back time, its owner is reminded.
    pub action_lead_minutes: u32,
    /// After an overdue action's report-back time, the deputy and the
    /// secretariat are told too (the owner is told at the time itself).
    pub overdue_escalation_minutes: u32,
    /// Before a heartbeat call, the team is reminded.
    pub call_lead_minutes: u32,
    /// Before the next decision point agreed on a call.
    pub decision_lead_minutes: u32,
    /// Before a stakeholder update is due on the severity's cadence.
    pub update_lead_minutes: u32,
    /// Before the incident manager's rota shift ends while the incident is hot
    /// and no handover has been briefed.
    pub off_duty_lead_minutes: u32,
    /// Before a preventive action's due date, its owner is reminded (and told
    /// again at the date), after close too.
    pub preventive_lead_minutes: u32,
}

impl Default for ReminderPolicy {
    fn default() -> Self {
        ReminderPolicy {
            action_lead_minutes: 30,
            overdue_escalation_minutes: 30,
            call_lead_minutes: 10,
            decision_lead_minutes: 15,
            update_lead_minutes: 15,
            off_duty_lead_minutes: 60,
            preventive_lead_minutes: 24 * 60,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallPolicy {
    /// The standing video bridge, used when an incident sets none of its own.
    pub bridge_url: Option<String>,
    /// How long a heartbeat call is booked for (never longer than the cadence).
    pub duration_minutes: u32,
}

impl Default for CallPolicy {
    fn default() -> Self {
        CallPolicy {
            bridge_url: None,
            duration_minutes: 30,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChatPolicy {
    /// Open a private channel for every declared incident.
    pub open_channel_on_declare: bool,
    /// Channel names are `<prefix>-<ref>-<title words>`, lower case.
    pub channel_prefix: String,
    /// A message marked with this reaction is copied into the log.
    pub log_reaction: String,
    /// Post reminders in the incident's channel as well as by email.
    pub post_reminders: bool,
}

impl Default for ChatPolicy {
    fn default() -> Self {
        ChatPolicy {
            open_channel_on_declare: true,
            channel_prefix: "inc".into(),
            log_reaction: "memo".into(),
            post_reminders: true,
        }
    }
}
