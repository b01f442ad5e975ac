//! The part of the policy that drives regulatory obligations: where the
//! organisation is established, its sectors, its time zone, who is reminded
//! of a deadline and how long before, and the rule data (shipped, plus the
//! organisation's own directory, loaded by `muster-policy`).

use muster_obligations::RuleSet;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ObligationPolicy {
    /// Where the organisation is established (`uk`, `de`, `us`, `us-ny`, …):
    /// regimes of these jurisdictions apply whoever the data subjects are.
    pub jurisdictions: Vec<String>,
    /// The organisation's sector tags (`financial-entity`,
    /// `essential-entity`, `covered-entity`, `listed-company`, …).
    pub sectors: Vec<String>,
    /// The IANA time zone deadlines are counted and shown in.
    pub time_zone: String,
    /// The EU member state whose working days DORA's deadlines count (`de`, `ie`).
    pub member_state: Option<String>,
    /// How long before a deadline the incident manager, the deputy and the
    /// privacy and legal members are reminded, in minutes.
    pub reminder_lead_minutes: Vec<u32>,
    /// Expertise tags of the legal members reminded of deadlines (the privacy
    /// members are those with the policy's `privacy_tags`).
    pub legal_tags: Vec<String>,
    /// A directory of the organisation's own rule files, which add to or
    /// override the shipped ones (relative to the policy file).
    pub rules_dir: Option<String>,
    /// The rules in force: shipped plus `rules_dir`. Never written to a file.
    #[serde(skip)]
    pub rules: Rules,
}

impl Default for ObligationPolicy {
    fn default() -> Self {
        ObligationPolicy {
            jurisdictions: Vec::new(),
            sectors: Vec::new(),
            time_zone: "UTC".into(),
            member_state: None,
            reminder_lead_minutes: vec![24 * 60, 6 * 60, 60],
            legal_tags: vec!["legal".into()],
            rules_dir: None,
            rules: Rules::default(),
        }
    }
}

/// The rule set, shared: the policy is cloned into every decision's context.
#[derive(Clone)]
pub struct Rules(pub Arc<RuleSet>);

impl Rules {
    pub fn new(rules: RuleSet) -> Rules {
        Rules(Arc::new(rules))
    }

    pub fn get(&self) -> &RuleSet {
        &self.0
    }
}

impl Default for Rules {
    /// The shipped rules.
    fn default() -> Self {
        Rules::new(RuleSet::shipped())
    }
}

impl fmt::Debug for Rules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rules({} regimes)", self.0.rules().len())
    }
}

/// Two policies are equal when they say the same; the rules they loaded
/// follow from `rules_dir`, and equality of rule sets is not a question the
/// policy answers.
impl PartialEq for Rules {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
