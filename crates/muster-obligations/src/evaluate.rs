//! Which rules apply to an incident's facts, and each stage's deadline with its explanation.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::anchor::{Anchor, PersonalData};
use crate::calendar::Calendar;
use crate::deadline::{count, day_rule, tz_name};
use crate::explain::{ClockExplanation, ComputedDeadline, Explanation};
use crate::facts::{Facts, jurisdiction_within};
use crate::rules::{
    Applies, Clock, Deadline, MEMBER_STATE_CALENDAR, Rule, RuleSet, RuleStatus, RuleVersion, Stage,
    Start,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    Applies,
    /// It would apply if the personal data now `unknown` turns out to be there.
    MayApply,
    /// It applied at an earlier evaluation and no longer does (say so rather than vanish).
    NoLongerApplies,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StageState {
    /// "Without undue delay": no time to count down to.
    NoFixedDeadline,
    /// Its anchor or earlier stage is not yet recorded.
    Waiting,
    Running,
    Overdue,
    Submitted,
    SubmittedLate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Obligation {
    pub regime: String,
    pub title: String,
    pub applicability: Applicability,
    /// The recipients joined for display; `recipients` has them one by one.
    pub recipient: String,
    pub recipients: Vec<String>,
    pub legal_basis: String,
    pub citation: String,
    pub verified: bool,
    pub verification_note: Option<String>,
    pub rule_status: RuleStatus,
    pub rule_version: RuleVersion,
    pub stages: Vec<StageObligation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageObligation {
    pub stage: String,
    pub name: String,
    /// The anchor of the stage's first clock, when it starts from one.
    pub anchor: Option<Anchor>,
    /// The stage whose submission starts it, when it starts from one.
    pub after: Option<String>,
    pub recipients: Vec<String>,
    pub due_at: Option<Timestamp>,
    /// Shown instead of a time when there is no fixed deadline ("without undue delay").
    pub deadline_words: Option<String>,
    pub submitted_at: Option<Timestamp>,
    pub state: StageState,
    /// Seconds from `now` to `due_at` (negative once overdue), while not submitted.
    pub seconds_left: Option<i64>,
    pub computed: ComputedDeadline,
}

/// Every obligation the facts give rise to under `rules`, as of `now`. Rules that do not
/// apply (and never did) and rules not yet in force on `now` are left out.
pub fn evaluate(rules: &RuleSet, facts: &Facts, now: Timestamp) -> Vec<Obligation> {
    let today = now.to_zoned_datetime(TimeZone::UTC).date();
    rules
        .rules()
        .iter()
        .filter(|r| r.effective <= today)
        .filter_map(|rule| {
            let applicability = applicability(&rule.id, &rule.applies, facts)?;
            let stages = rule
                .stages
                .iter()
                .map(|s| evaluate_stage(rules, rule, s, facts, now))
                .collect();
            Some(Obligation {
                regime: rule.id.clone(),
                title: rule.title.clone(),
                applicability,
                recipient: rule.recipients.join("; "),
                recipients: rule.recipients.clone(),
                legal_basis: rule.legal_basis.clone(),
                citation: rule.citation.clone(),
                verified: rule.verified,
                verification_note: rule.verification_note.clone(),
                rule_status: rule.status,
                rule_version: rule.version.clone(),
                stages,
            })
        })
        .collect()
}

/// `None` when the rule does not apply and never did.
pub fn applicability(id: &str, applies: &Applies, facts: &Facts) -> Option<Applicability> {
    let holds = |wanted: &[String], have: &mut dyn Iterator<Item = &String>| {
        let have: Vec<&String> = have.collect();
        wanted.is_empty()
            || wanted
                .iter()
                .any(|w| have.iter().any(|h| jurisdiction_within(h, w)))
    };
    let fixed = applies.security.is_none_or(|s| s == facts.security)
        && holds(
            &applies.jurisdictions,
            &mut facts
                .subject_jurisdictions
                .iter()
                .chain(&facts.organisation_jurisdictions),
        )
        && holds(
            &applies.organisation_jurisdictions,
            &mut facts.organisation_jurisdictions.iter(),
        )
        && (applies.sectors.is_empty()
            || applies.sectors.iter().any(|s| facts.sectors.contains(s)));
    let result = match (&applies.personal_data, fixed) {
        (_, false) => None,
        (None, true) => Some(Applicability::Applies),
        (Some(set), true) if set.contains(&facts.personal_data) => Some(Applicability::Applies),
        (Some(_), true) if facts.personal_data == PersonalData::Unknown => {
            Some(Applicability::MayApply)
        }
        (Some(_), true) => None,
    };
    result.or_else(|| {
        facts
            .previously_applied
            .contains(id)
            .then_some(Applicability::NoLongerApplies)
    })
}

fn evaluate_stage(
    rules: &RuleSet,
    rule: &Rule,
    stage: &Stage,
    facts: &Facts,
    now: Timestamp,
) -> StageObligation {
    let tz = stage
        .time_zone
        .as_deref()
        .and_then(|name| TimeZone::get(name).ok())
        .unwrap_or_else(|| facts.time_zone.clone());
    let mut steps = Vec::new();
    let calendar = stage
        .calendar
        .as_deref()
        .map(|id| resolve_calendar(rules, id, facts, &mut steps));
    let mut explanation = Explanation {
        rule_id: rule.id.clone(),
        rule_version: rule.version.clone(),
        stage: stage.id.clone(),
        open_deadline: None,
        clocks: Vec::new(),
        steps: Vec::new(),
    };
    let start_of = |start: &Start| match start {
        Start::Anchor(a) => facts.anchors.get(a).copied(),
        Start::After(s) => facts.submitted(&rule.id, s),
    };
    let mut run = |clock: &Clock| {
        let start_at = start_of(&clock.start);
        let mut clock_steps = Vec::new();
        let due = start_at.and_then(|t| count(t, clock, &tz, calendar.as_ref(), &mut clock_steps));
        if start_at.is_none() {
            clock_steps.push(format!("{} not yet recorded", clock.start));
        }
        explanation.clocks.push(ClockExplanation {
            start: clock.start.clone(),
            start_at,
            amount: clock.amount,
            unit: clock.unit,
            time_zone: tz_name(&tz),
            calendar: calendar.as_ref().map(|c| c.id().to_owned()),
            due_at: due,
            steps: clock_steps,
        });
        due
    };
    let (first, mut due) = match &stage.deadline {
        Deadline::Open(_) => (None, None),
        Deadline::Fixed(clock) => (Some(&clock.start), run(clock)),
        Deadline::EarliestOf(clocks) => {
            let dues: Vec<Option<Timestamp>> = clocks.iter().map(&mut run).collect();
            let due = match dues.first() {
                Some(Some(_)) => dues.iter().flatten().min().copied(),
                _ => None,
            };
            if let Some(d) = due {
                let i = dues.iter().position(|x| *x == Some(d)).unwrap_or(0);
                steps.push(format!(
                    "earliest of {} clocks: the one from {} ({d})",
                    clocks.len(),
                    clocks[i].start
                ));
            }
            (clocks.first().map(|c| &c.start), due)
        }
    };
    if let Deadline::Open(words) = &stage.deadline {
        explanation.open_deadline = Some(words.clone());
    }
    if let (Some(d), Some(rule), Some(cal)) = (due, &stage.day_rule, &calendar) {
        due = day_rule(d, rule, &tz, cal, &facts.sectors, &mut steps);
    }
    explanation.steps = steps;
    let submitted_at = facts.submitted(&rule.id, &stage.id);
    let (state, seconds_left) = match (&stage.deadline, due, submitted_at) {
        (_, Some(d), Some(s)) if s > d => (StageState::SubmittedLate, None),
        (_, _, Some(_)) => (StageState::Submitted, None),
        (Deadline::Open(_), _, None) => (StageState::NoFixedDeadline, None),
        (_, None, None) => (StageState::Waiting, None),
        (_, Some(d), None) => {
            let left = d.as_second() - now.as_second();
            (
                if left < 0 {
                    StageState::Overdue
                } else {
                    StageState::Running
                },
                Some(left),
            )
        }
    };
    StageObligation {
        stage: stage.id.clone(),
        name: stage.name.clone(),
        anchor: match first {
            Some(Start::Anchor(a)) => Some(*a),
            _ => None,
        },
        after: match first {
            Some(Start::After(s)) => Some(s.clone()),
            _ => None,
        },
        recipients: if stage.recipients.is_empty() {
            rule.recipients.clone()
        } else {
            stage.recipients.clone()
        },
        due_at: due,
        deadline_words: explanation.open_deadline.clone(),
        submitted_at,
        state,
        seconds_left,
        computed: ComputedDeadline::from_explanation(explanation, due),
    }
}

fn resolve_calendar(rules: &RuleSet, id: &str, facts: &Facts, steps: &mut Vec<String>) -> Calendar {
    let id = if id == MEMBER_STATE_CALENDAR {
        match &facts.member_state_calendar {
            Some(ms) => ms.as_str(),
            None => {
                steps.push(
                    "no member-state calendar recorded: only weekends count as non-working days"
                        .to_owned(),
                );
                return Calendar::weekends_only(MEMBER_STATE_CALENDAR);
            }
        }
    } else {
        id
    };
    match rules.calendars().get(id) {
        Some(cal) => cal.clone(),
        None => {
            steps.push(format!(
                "calendar \"{id}\" is not known: only weekends count as non-working days"
            ));
            Calendar::weekends_only(id)
        }
    }
}
