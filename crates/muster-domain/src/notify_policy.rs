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
    /// The chat platform an incident's channel is opened on when no
    /// [`ChatRoute`] matches it: `slack`, `matrix` or `teams`.
    pub platform: String,
    /// Whether a Matrix room is end-to-end encrypted when no route says.
    pub encrypt: bool,
    /// A Matrix reaction key (an emoji) that copies the message into the log,
    /// as `log_reaction` does on Slack.
    pub matrix_log_reaction: String,
    /// Which platform an incident of a severity or category uses; the first
    /// route that matches decides.
    pub route: Vec<ChatRoute>,
}

/// `[[chat.route]]`: incidents of these severities and/or categories (an
/// empty list matches any) have their channel on `platform`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatRoute {
    #[serde(default)]
    pub severity: Vec<String>,
    #[serde(default)]
    pub category: Vec<String>,
    pub platform: String,
    /// For Matrix: an end-to-end encrypted room; unset, `chat.encrypt` decides.
    #[serde(default)]
    pub encrypt: Option<bool>,
}

/// Where an incident's channel is opened, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChatChoice<'a> {
    pub platform: &'a str,
    pub encrypt: bool,
}

impl ChatPolicy {
    /// The platform names a route may use.
    pub const PLATFORMS: [&'static str; 3] = ["slack", "matrix", "teams"];

    /// The platform (and, for Matrix, encryption) for an incident of this
    /// severity and category: the first matching route, else the default.
    pub fn choose(&self, severity: &str, category: &str) -> ChatChoice<'_> {
        let matches = |list: &[String], v: &str| list.is_empty() || list.iter().any(|x| x == v);
        match self
            .route
            .iter()
            .find(|r| matches(&r.severity, severity) && matches(&r.category, category))
        {
            Some(r) => ChatChoice {
                platform: &r.platform,
                encrypt: r.encrypt.unwrap_or(self.encrypt),
            },
            None => ChatChoice {
                platform: &self.platform,
                encrypt: self.encrypt,
            },
        }
    }

    /// Every platform the policy may open a channel on.
    pub fn platforms(&self) -> Vec<&str> {
        let mut all = vec![self.platform.as_str()];
        for r in &self.route {
            if !all.contains(&r.platform.as_str()) {
                all.push(&r.platform);
            }
        }
        all
    }
}

impl Default for ChatPolicy {
    fn default() -> Self {
        ChatPolicy {
            open_channel_on_declare: true,
            channel_prefix: "inc".into(),
            log_reaction: "memo".into(),
            post_reminders: true,
            platform: "slack".into(),
            encrypt: false,
            matrix_log_reaction: "📝".into(),
            route: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_matching_route_chooses_the_platform() {
        let mut chat = ChatPolicy::default();
        assert_eq!(
            chat.choose("SEV-1", "malware").platform,
            "slack",
            "the default"
        );
        chat.route = vec![
            ChatRoute {
                severity: vec!["SEV-1".into()],
                category: vec!["data-breach".into(), "insider".into()],
                platform: "matrix".into(),
                encrypt: Some(true),
            },
            ChatRoute {
                severity: Vec::new(),
                category: vec!["insider".into()],
                platform: "teams".into(),
                encrypt: None,
            },
        ];
        let c = chat.choose("SEV-1", "insider");
        assert_eq!((c.platform, c.encrypt), ("matrix", true));
        assert_eq!(
            chat.choose("SEV-3", "insider").platform,
            "teams",
            "any severity"
        );
        assert_eq!(
            chat.choose("SEV-1", "malware").platform,
            "slack",
            "no route matches"
        );
        assert_eq!(chat.platforms(), ["slack", "matrix", "teams"]);
    }
}
