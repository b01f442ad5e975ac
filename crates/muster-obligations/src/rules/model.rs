//! A regime's rule as the engine uses it, after its file has been read and checked.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::anchor::{Anchor, PersonalData};
use crate::draft::DraftField;

/// The calendar name that means "the organisation's DORA member state", taken from the facts.
pub const MEMBER_STATE_CALENDAR: &str = "member-state";

/// A rule's version: an integer (`3`) or a semver string (`"1.2.0"`); `3` equals `"3.0.0"`.
/// Overrides compare versions, so ordering is by the numbers, not the text.
#[derive(Debug, Clone, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct RuleVersion {
    text: String,
    numbers: (u64, u64, u64),
}

impl RuleVersion {
    pub fn parse(text: &str) -> Result<RuleVersion, String> {
        let bad =
            || format!("\"{text}\" is not a version; expected an integer or major.minor.patch");
        let mut parts = text.split('.').map(|p| p.parse::<u64>().map_err(|_| bad()));
        let major = parts.next().ok_or_else(bad)??;
        let minor = parts.next().transpose()?.unwrap_or(0);
        let patch = parts.next().transpose()?.unwrap_or(0);
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(RuleVersion {
            text: text.to_owned(),
            numbers: (major, minor, patch),
        })
    }
}

impl PartialEq for RuleVersion {
    fn eq(&self, other: &Self) -> bool {
        self.numbers == other.numbers
    }
}

impl PartialOrd for RuleVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RuleVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.numbers.cmp(&other.numbers)
    }
}

impl fmt::Display for RuleVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<RuleVersion> for String {
    fn from(v: RuleVersion) -> String {
        v.text
    }
}

impl TryFrom<String> for RuleVersion {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        RuleVersion::parse(&s)
    }
}

/// Whether the law is in force or only proposed (CIRCIA's final rule, the Digital Omnibus).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleStatus {
    InForce,
    Proposed,
}

/// How a stage's amount is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// Real elapsed hours: across a daylight-saving change the wall-clock end shifts.
    Hours,
    /// Calendar days, keeping the wall-clock time.
    CalendarDays,
    /// Working days of the stage's calendar, keeping the wall-clock time.
    BusinessDays,
    /// Calendar months, keeping the wall-clock time (clamped to the month's last day).
    Months,
}

impl Unit {
    pub const ALL: [Unit; 4] = [
        Unit::Hours,
        Unit::CalendarDays,
        Unit::BusinessDays,
        Unit::Months,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Hours => "hours",
            Unit::CalendarDays => "calendar-days",
            Unit::BusinessDays => "business-days",
            Unit::Months => "months",
        }
    }

    /// "72 hours", "1 month", "4 business days".
    pub fn describe(self, amount: i64) -> String {
        let word = match (self, amount) {
            (Unit::Hours, 1) => "hour",
            (Unit::Hours, _) => "hours",
            (Unit::CalendarDays, 1) => "calendar day",
            (Unit::CalendarDays, _) => "calendar days",
            (Unit::BusinessDays, 1) => "business day",
            (Unit::BusinessDays, _) => "business days",
            (Unit::Months, 1) => "month",
            (Unit::Months, _) => "months",
        };
        format!("{amount} {word}")
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a clock starts: an anchor of the incident, or the submission of an earlier stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Start {
    Anchor(Anchor),
    After(String),
}

impl fmt::Display for Start {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Start::Anchor(a) => write!(f, "anchor {a}"),
            Start::After(stage) => write!(f, "submission of {stage}"),
        }
    }
}

/// One countdown: an amount of a unit from a start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    pub start: Start,
    pub amount: i64,
    pub unit: Unit,
}

/// When a stage is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Deadline {
    Fixed(Clock),
    /// The earliest of several clocks (DORA's initial report). The first clock's start must
    /// be known for the stage to be due; the others cap it once their start is known.
    EarliestOf(Vec<Clock>),
    /// No fixed deadline ("without undue delay"); the words are shown instead of a time.
    Open(String),
}

/// A rule that moves a deadline off non-working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DayRule {
    /// DORA RTS 2025/301 Art. 5: a deadline on a weekend or holiday moves to 12:00 of the
    /// next working day, except for the listed sectors.
    NextWorkingDayNoon { except_sectors: Vec<String> },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub id: String,
    pub name: String,
    pub deadline: Deadline,
    /// Calendar id whose working days count, or [`MEMBER_STATE_CALENDAR`].
    pub calendar: Option<String>,
    /// IANA zone the counting happens in, where the law fixes one (SEC: US Eastern);
    /// otherwise the organisation's.
    pub time_zone: Option<String>,
    pub day_rule: Option<DayRule>,
    pub draft: Vec<DraftField>,
    /// Who this stage goes to when not the rule's recipients (HIPAA's media notice).
    pub recipients: Vec<String>,
}

/// The condition that makes a rule apply; every part given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applies {
    pub security: Option<bool>,
    pub personal_data: Option<BTreeSet<PersonalData>>,
    /// Any of these, among the data subjects' or the organisation's jurisdictions.
    pub jurisdictions: Vec<String>,
    /// Any of these, among the organisation's jurisdictions only (where it is established).
    pub organisation_jurisdictions: Vec<String>,
    /// Any of these sector tags.
    pub sectors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    pub version: RuleVersion,
    pub title: String,
    pub legal_basis: String,
    pub citation: String,
    pub effective: Date,
    pub status: RuleStatus,
    /// True only where the reference confirmed the deadline from the legal text.
    pub verified: bool,
    pub verification_note: Option<String>,
    pub applies: Applies,
    pub recipients: Vec<String>,
    pub stages: Vec<Stage>,
    /// The file the rule came from (`rules/gdpr-art-33.toml` for shipped ones).
    pub source: String,
}

impl Rule {
    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }
}
