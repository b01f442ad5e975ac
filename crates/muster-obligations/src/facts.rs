//! What the rules read from an incident and its organisation.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::anchor::{Anchor, PersonalData};

#[derive(Debug, Clone)]
pub struct Facts {
    pub security: bool,
    pub personal_data: PersonalData,
    /// Where the data subjects are (ISO-like codes: `eu`, `de`, `uk`, `us-ny`, ...).
    pub subject_jurisdictions: BTreeSet<String>,
    /// Where the organisation is established.
    pub organisation_jurisdictions: BTreeSet<String>,
    /// Sector tags: `financial-entity`, `essential-entity`, `covered-entity`, ...
    pub sectors: BTreeSet<String>,
    /// Each anchor moment as recorded (the latest correction wins; the caller folds them).
    pub anchors: BTreeMap<Anchor, Timestamp>,
    /// When each stage was submitted, keyed by `(regime, stage)`.
    pub submissions: BTreeMap<(String, String), Timestamp>,
    /// The organisation's time zone; deadlines are counted and shown in it.
    pub time_zone: TimeZone,
    /// The calendar id of the organisation's DORA member state (`de`, `ie`, ...).
    pub member_state_calendar: Option<String>,
    /// Regimes that applied at an earlier evaluation, so one that stops applying says so.
    pub previously_applied: BTreeSet<String>,
}

impl Facts {
    /// No facts yet: not a security incident, personal data unknown.
    pub fn new(time_zone: TimeZone) -> Facts {
        Facts {
            security: false,
            personal_data: PersonalData::Unknown,
            subject_jurisdictions: BTreeSet::new(),
            organisation_jurisdictions: BTreeSet::new(),
            sectors: BTreeSet::new(),
            anchors: BTreeMap::new(),
            submissions: BTreeMap::new(),
            time_zone,
            member_state_calendar: None,
            previously_applied: BTreeSet::new(),
        }
    }

    pub fn submitted(&self, regime: &str, stage: &str) -> Option<Timestamp> {
        self.submissions
            .get(&(regime.to_owned(), stage.to_owned()))
            .copied()
    }
}

/// EU member states, so `de` satisfies a rule asking for `eu`.
const EU: [&str; 28] = [
    "at", "be", "bg", "hr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "gr", "el", "hu", "ie", "it",
    "lv", "lt", "lu", "mt", "nl", "pl", "pt", "ro", "sk", "si", "es", "se",
];

/// Whether a recorded jurisdiction falls within a wanted one: equal, a subdivision
/// (`us-ny` within `us`), an EU member state within `eu`, or `gb` for `uk` (ISO's code for
/// the United Kingdom is GB; rules and people say UK).
pub fn jurisdiction_within(have: &str, want: &str) -> bool {
    let (have, want) = (uk(have), uk(want));
    let (have, want) = (have.as_str(), want.as_str());
    have == want
        || have
            .strip_prefix(want)
            .is_some_and(|rest| rest.starts_with('-'))
        || (want == "eu" && EU.contains(&have))
}

fn uk(code: &str) -> String {
    match code.strip_prefix("gb") {
        Some(rest) if rest.is_empty() || rest.starts_with('-') => format!("uk{rest}"),
        _ => code.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::jurisdiction_within;

    #[test]
    fn jurisdictions_nest() {
        assert!(jurisdiction_within("us-ny", "us"));
        assert!(jurisdiction_within("de", "eu"));
        assert!(jurisdiction_within("eu", "eu"));
        assert!(!jurisdiction_within("us", "us-ny"));
        assert!(!jurisdiction_within("uk", "eu"));
        assert!(!jurisdiction_within("usa", "us"));
        assert!(jurisdiction_within("gb", "uk"));
        assert!(jurisdiction_within("gb-sct", "uk"));
    }
}
