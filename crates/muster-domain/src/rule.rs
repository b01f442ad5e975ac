//! The ten rules of PRODUCT.md's "Rules the software enforces", as one closed
//! type: every refusal that stems from a rule carries its [`Rule`], and the wire
//! carries its number (`"rule": 5`).
//!
//! Where each rule is decided, and where its tests show it refusing (modules
//! of `src/tests/`; a test below checks that every rule has one):
//!
//! | rule | decided by | refusing tests |
//! |---|---|---|
//! | 1 [`Rule::OneIncidentManager`] | `team::assign` (a second manager), `team::stand_down` (the manager), `handover::brief_handover` (the outgoing role), `calls::roll_call` (one glance) | `roles`, `handover`, `declare` |
//! | 2 [`Rule::DelegateNotDo`] | `team::assign` (the manager's other role), `guard::owner` (the manager owns no action), `handover::owns_no_open_action` (taking command), `team::create_workstream`, `team::workstream_member`, `team::close_workstream` | `roles`, `handover`, `staffing`, `declare` |
//! | 3 [`Rule::OwnerAndReportBack`] | `guard::report_back`, `team::stand_down` (the owner of open actions), `work::update_action` (the owner reports back), `reminders::plan` (overdue actions and delegated findings) | `actions`, `board`, `agreement`, `reminders`, `settling` |
//! | 4 [`Rule::Composition`] | `team::gaps`, `team::blocking_gaps`, `lifecycle::change_phase` (resolving with a gap) | `composition` |
//! | 5 [`Rule::RecommendBeforeDoing`] | `work::recommend`, `work::approve`, `work::reject`, `work::create_action`, `work::reassign_action` | `agreement` |
//! | 6 [`Rule::AgreedCommunications`] | `work::draft_communication`, `work::agree_communication`, `work::send_communication` | `agreement` |
//! | 7 [`Rule::OnlyIncidentManager`] | `lifecycle::escalate`, `lifecycle::suggest_escalation`, `lifecycle::decline_escalation`, `lifecycle::change_phase`, `lifecycle::record_review`, `lifecycle::close`, `settle::settled` (open work before resolving or closing) | `closing`, `settling` |
//! | 8 [`Rule::NeverWithoutCommander`] | `handover::brief_handover`, `handover::acknowledge_handover`, `handover::cancel_handover`, `handover::assume_command`, `reminders::plan` (off duty) | `handover`, `reminders` |
//! | 9 [`Rule::LogNeverEdited`] | `work::correct`, `log::verify` (the hash chain) | `record`, `log` |
//! | 10 [`Rule::Restricted`] | [`crate::visibility::can_see`], `lifecycle::set_restricted`, `lifecycle::declare` (restricted by default) | `visibility`, `declare` |

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// One rule of PRODUCT.md, numbered as there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Rule {
    /// An open incident has exactly one incident manager, the single authority.
    OneIncidentManager = 1,
    /// The incident manager delegates and does not do.
    DelegateNotDo = 2,
    /// Every action has an owner and a report-back time.
    OwnerAndReportBack = 3,
    /// A security analyst and, where personal data may be involved, data privacy.
    Composition = 4,
    /// SMEs recommend before doing.
    RecommendBeforeDoing = 5,
    /// Communications go out only once the incident manager has agreed them.
    AgreedCommunications = 6,
    /// Only the incident manager escalates, resolves and closes.
    OnlyIncidentManager = 7,
    /// A hot incident is never without a commander.
    NeverWithoutCommander = 8,
    /// The log is never edited.
    LogNeverEdited = 9,
    /// Restricted incidents are visible only to their team and administrators.
    Restricted = 10,
}

impl Rule {
    pub const ALL: [Rule; 10] = [
        Rule::OneIncidentManager,
        Rule::DelegateNotDo,
        Rule::OwnerAndReportBack,
        Rule::Composition,
        Rule::RecommendBeforeDoing,
        Rule::AgreedCommunications,
        Rule::OnlyIncidentManager,
        Rule::NeverWithoutCommander,
        Rule::LogNeverEdited,
        Rule::Restricted,
    ];

    /// Its number in PRODUCT.md.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The rule numbered `n`, if there is one.
    pub fn from_number(n: u8) -> Option<Rule> {
        Rule::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// The rule in one line, in PRODUCT.md's words.
    pub fn title(self) -> &'static str {
        match self {
            Rule::OneIncidentManager => {
                "An open incident has exactly one incident manager, the single authority."
            }
            Rule::DelegateNotDo => "The incident manager delegates and does not do.",
            Rule::OwnerAndReportBack => "Every action has an owner and a report-back time.",
            Rule::Composition => {
                "A security incident needs a security analyst among its SMEs; an incident that may involve personal data needs a member of the data privacy team."
            }
            Rule::RecommendBeforeDoing => {
                "SMEs recommend before doing: a recommendation becomes an action only when the incident manager approves it."
            }
            Rule::AgreedCommunications => {
                "Communications to users and third parties go out only once the incident manager has agreed them."
            }
            Rule::OnlyIncidentManager => {
                "Only the incident manager escalates, resolves and closes."
            }
            Rule::NeverWithoutCommander => "A hot incident is never without a commander.",
            Rule::LogNeverEdited => "The log is never edited.",
            Rule::Restricted => {
                "Restricted incidents are visible only to their team and administrators."
            }
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rule {}", self.number())
    }
}

/// On the wire a rule is its number.
impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.number())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = u8::deserialize(d)?;
        Rule::from_number(n).ok_or_else(|| {
            serde::de::Error::custom(format!("{n} is not a rule of PRODUCT.md (1 to 10)"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Rule;

    #[test]
    fn numbers_titles_and_the_wire() {
        for (i, rule) in Rule::ALL.iter().enumerate() {
            assert_eq!(usize::from(rule.number()), i + 1);
            assert_eq!(Rule::from_number(rule.number()), Some(*rule));
            assert_eq!(rule.to_string(), format!("rule {}", i + 1));
            assert!(rule.title().ends_with('.'), "{rule}: {}", rule.title());
            let json = serde_json::to_string(rule).unwrap();
            assert_eq!(json, (i + 1).to_string());
            assert_eq!(serde_json::from_str::<Rule>(&json).unwrap(), *rule);
        }
        assert_eq!(Rule::from_number(0), None);
        assert_eq!(Rule::from_number(11), None);
        assert!(serde_json::from_str::<Rule>("11").is_err());
    }

    /// Every rule is shown refusing somewhere: some test expects a rejection
    /// that carries it.
    #[test]
    fn every_rule_has_a_refusing_test() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/tests");
        let mut tests = String::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            tests += &std::fs::read_to_string(entry.unwrap().path()).unwrap();
        }
        for rule in Rule::ALL {
            let carried = format!("Some(Rule::{rule:?})");
            assert!(tests.contains(&carried), "no test expects {carried}");
        }
    }
}
