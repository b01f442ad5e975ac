//! How a deadline was computed, in words, and the record a caller stores so that a clock shown
//! last month can be explained today even after its rule file changed.

use std::collections::BTreeMap;
use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::rules::{RuleVersion, Start, Unit};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub rule_id: String,
    pub rule_version: RuleVersion,
    pub stage: String,
    /// Words shown instead of a time for a stage with no fixed deadline.
    pub open_deadline: Option<String>,
    pub clocks: Vec<ClockExplanation>,
    /// Steps after the clocks: which of several clocks won, the noon rule.
    pub steps: Vec<String>,
}

/// One countdown: where it started, what it counted, and each calendar step on the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockExplanation {
    pub start: Start,
    pub start_at: Option<Timestamp>,
    pub amount: i64,
    pub unit: Unit,
    pub time_zone: String,
    pub calendar: Option<String>,
    pub due_at: Option<Timestamp>,
    pub steps: Vec<String>,
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} version {}, stage {}:",
            self.rule_id, self.rule_version, self.stage
        )?;
        if let Some(words) = &self.open_deadline {
            writeln!(f, "  no fixed deadline: {words}")?;
        }
        for c in &self.clocks {
            let at = c
                .start_at
                .map_or("not yet recorded".to_owned(), |t| t.to_string());
            write!(f, "  {} from {} ({at})", c.unit.describe(c.amount), c.start)?;
            if let Some(cal) = &c.calendar {
                write!(f, ", calendar {cal}")?;
            }
            writeln!(f, ", in {}", c.time_zone)?;
            for s in &c.steps {
                writeln!(f, "    {s}")?;
            }
        }
        for s in &self.steps {
            writeln!(f, "  {s}")?;
        }
        Ok(())
    }
}

/// A deadline as computed, self-contained for storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComputedDeadline {
    pub rule_id: String,
    pub rule_version: RuleVersion,
    pub stage: String,
    /// The anchor values (`aware`) and earlier submissions (`after:notification`) used.
    pub anchors_used: BTreeMap<String, Timestamp>,
    pub due_at: Option<Timestamp>,
    pub explanation: Explanation,
}

impl ComputedDeadline {
    pub fn from_explanation(
        explanation: Explanation,
        due_at: Option<Timestamp>,
    ) -> ComputedDeadline {
        let anchors_used = explanation
            .clocks
            .iter()
            .filter_map(|c| {
                let key = match &c.start {
                    Start::Anchor(a) => a.to_string(),
                    Start::After(s) => format!("after:{s}"),
                };
                c.start_at.map(|t| (key, t))
            })
            .collect();
        ComputedDeadline {
            rule_id: explanation.rule_id.clone(),
            rule_version: explanation.rule_version.clone(),
            stage: explanation.stage.clone(),
            anchors_used,
            due_at,
            explanation,
        }
    }
}
