//! Muster's obligation engine: regulators' notification rules as data (one TOML file per
//! regime), business-day calendars, and every deadline an incident owes, with an explanation
//! of how it was computed. Pure: no I/O except reading an organisation's rule directory.
#![forbid(unsafe_code)]

pub mod anchor;
pub mod calendar;
mod deadline;
pub mod draft;
pub mod evaluate;
pub mod explain;
pub mod facts;
pub mod rules;

pub use anchor::{Anchor, PersonalData, UnknownAnchor};
pub use calendar::{Calendar, Calendars, Holiday, easter::easter_sunday};
pub use draft::{Draft, DraftEntry, DraftField, draft_fields, fill_draft};
pub use evaluate::{
    Applicability, Obligation, StageObligation, StageState, applicability, evaluate,
};
pub use explain::{ClockExplanation, ComputedDeadline, Explanation};
pub use facts::{Facts, jurisdiction_within};
pub use rules::{
    Applies, CheckedRule, Clock, DayRule, Deadline, Rule, RuleFileError, RuleSet, RuleSetChange,
    RuleStatus, RuleVersion, Stage, Start, Unit, check_dir, load_dir, parse_rule,
};
