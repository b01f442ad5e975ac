//! Rule data: the model, reading and checking rule files, and the set of rules in force for
//! an organisation (the shipped ones plus its own directory).

mod check;
mod error;
mod model;
mod parse;
mod parse_stage;
mod ruleset;

pub use error::RuleFileError;
pub use model::{
    Applies, Clock, DayRule, Deadline, MEMBER_STATE_CALENDAR, Rule, RuleStatus, RuleVersion, Stage,
    Start, Unit,
};
pub use parse::parse_rule;
pub use ruleset::{CheckedRule, RuleSet, RuleSetChange, check_dir, load_dir};
