//! Organisation policy the rules consult (PRODUCT.md: "organisation policy: a policy
//! file with sensible defaults, not code"). The server loads it from TOML; the
//! domain only reads it.

use serde::{Deserialize, Serialize};

pub use crate::indicator_policy::{CustomType, IndicatorPolicy};
pub use crate::notify_policy::{CallPolicy, ChatChoice, ChatPolicy, ChatRoute, ReminderPolicy};
pub use crate::obligation_policy::{ObligationPolicy, Rules};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Expertise tags that make an SME count as the security analyst rule 4 asks for.
    pub security_tags: Vec<String>,
    /// Expertise tags that make an SME count as the data privacy member rule 4 asks for.
    pub privacy_tags: Vec<String>,
    /// Severities, most severe first.
    pub severities: Vec<Severity>,
    /// Categories an incident may be declared with.
    pub categories: Vec<String>,
    /// More direct reports to the incident manager than this is a span-of-control warning.
    pub span_of_control: usize,
    /// When reminders fall due, ahead of the time they are about.
    pub reminders: ReminderPolicy,
    /// Heartbeat calls: the bridge and how long a call lasts.
    pub calls: CallPolicy,
    /// The incident's chat channel: which platform (Slack, Matrix, Teams) by
    /// severity and category, and how it is kept. Secrets are settings, never policy.
    pub chat: ChatPolicy,
    /// Regulatory obligations: the organisation's jurisdictions, sectors,
    /// time zone, deadline reminders and rule data.
    pub obligations: ObligationPolicy,
    /// Indicators: the organisation's own indicator types.
    pub indicators: IndicatorPolicy,
    /// Evidence files: how large an upload may be.
    pub evidence: EvidencePolicy,
}

/// The policy's `[evidence]`: uploaded files are streamed to the blob store,
/// never held in memory, so the limit is about disk, not the server's memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EvidencePolicy {
    /// The largest file an upload may carry, in bytes.
    pub max_upload_bytes: u64,
}

impl Default for EvidencePolicy {
    fn default() -> Self {
        // 4 GiB: a phone's extraction or a memory image fits; a whole disk
        // image is usually held outside Muster with its hash recorded.
        EvidencePolicy {
            max_upload_bytes: 4 << 30,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Severity {
    pub name: String,
    pub description: String,
    /// Minutes between heartbeat calls while the incident is hot.
    pub call_cadence_minutes: u32,
    /// Minutes between status updates to seniors.
    pub update_cadence_minutes: u32,
    /// Who is told when an incident is declared at, or escalated to, this
    /// severity: role names (`deputy`, `comms-lead`, …) or email addresses.
    #[serde(default)]
    pub notify: Vec<String>,
}

impl Default for Policy {
    fn default() -> Self {
        let sev = |name: &str, description: &str, call: u32, update: u32| Severity {
            name: name.into(),
            description: description.into(),
            call_cadence_minutes: call,
            update_cadence_minutes: update,
            notify: Vec::new(),
        };
        Policy {
            security_tags: vec!["security-analyst".into()],
            privacy_tags: vec!["data-privacy".into()],
            severities: vec![
                sev(
                    "SEV-1",
                    "critical: exposure of customer or personal data, or harm to many; executive liaison and public notice",
                    60,
                    120,
                ),
                sev(
                    "SEV-2",
                    "critical system issue affecting many users",
                    120,
                    240,
                ),
                sev("SEV-3", "minor impact on users", 480, 1440),
                sev("SEV-4", "no user impact", 1440, 2880),
            ],
            categories: [
                "data-breach",
                "unauthorised-access",
                "malware",
                "ransomware",
                "phishing",
                "account-compromise",
                "denial-of-service",
                "lost-device",
                "insider",
                "vulnerability",
                "supplier",
                "other",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            span_of_control: 7,
            reminders: ReminderPolicy::default(),
            calls: CallPolicy::default(),
            chat: ChatPolicy::default(),
            obligations: ObligationPolicy::default(),
            indicators: IndicatorPolicy::default(),
            evidence: EvidencePolicy::default(),
        }
    }
}

impl Policy {
    pub fn severity(&self, name: &str) -> Option<&Severity> {
        self.severities.iter().find(|s| s.name == name)
    }

    /// Lower is more severe; unknown severities sort last.
    pub fn severity_rank(&self, name: &str) -> usize {
        self.severities
            .iter()
            .position(|s| s.name == name)
            .unwrap_or(usize::MAX)
    }

    pub fn is_category(&self, name: &str) -> bool {
        self.categories.iter().any(|c| c == name)
    }
}
