//! The policy's `[obligations]` section: what serde cannot check, and the
//! organisation's own rule files, loaded beside the shipped ones.

use crate::PolicyError;
use muster_domain::Policy;
use muster_domain::policy::{ObligationPolicy, Rules};
use muster_obligations::RuleSet;
use std::path::Path;

pub(crate) fn check(o: &ObligationPolicy) -> Result<(), String> {
    if jiff::tz::TimeZone::get(&o.time_zone).is_err() {
        return Err(format!(
            "obligations.time_zone: {:?} is not an IANA time zone (e.g. \"Europe/London\", \"America/New_York\", \"UTC\")",
            o.time_zone
        ));
    }
    if let Some(state) = &o.member_state
        && RuleSet::shipped().calendars().get(state).is_none()
    {
        return Err(format!(
            "obligations.member_state: no working-day calendar for {state:?}; the shipped calendars are {}",
            RuleSet::shipped().calendars().ids().collect::<Vec<_>>().join(", ")
        ));
    }
    if o.reminder_lead_minutes.contains(&0) {
        return Err(
            "obligations.reminder_lead_minutes: each lead time is at least 1 minute".into(),
        );
    }
    Ok(())
}

/// Loads `rules_dir` (relative to the policy file) over the shipped rules.
pub(crate) fn load_rules(policy: &mut Policy, origin: &Path) -> Result<(), PolicyError> {
    let Some(dir) = &policy.obligations.rules_dir else {
        return Ok(());
    };
    let dir = origin.parent().unwrap_or(Path::new(".")).join(dir);
    let (rules, _) = RuleSet::shipped()
        .with_dir(&dir)
        .map_err(|errors| PolicyError::Invalid {
            path: origin.to_owned(),
            message: format!(
                "obligations.rules_dir: {}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        })?;
    policy.obligations.rules = Rules::new(rules);
    Ok(())
}
