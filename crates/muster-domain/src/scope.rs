//! An escalation of scope: the incident manager re-classifies whether the
//! incident is a security incident and whether it may involve personal data.
//! Rule 4's composition gaps and the regulatory clocks depend on both, so a
//! re-classification is logged like any escalation (rule 7: only the incident
//! manager escalates).

use crate::command::Context;
use crate::event::Event;
use crate::guard;
use crate::permit::{self, Kind};
use crate::rejection::{Decision, Rejection};
use crate::state::IncidentState;
use crate::vocab::PersonalData;

pub fn reclassify(
    state: &IncidentState,
    ctx: &Context,
    security: Option<bool>,
    personal_data: Option<PersonalData>,
    reason: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::Reclassify)?;
    let security = security.filter(|s| *s != state.security);
    let personal_data = personal_data.filter(|p| Some(*p) != state.personal_data);
    if security.is_none() && personal_data.is_none() {
        return Err(Rejection::invalid(
            "security",
            format!(
                "a re-classification changes whether this is a security incident (now {}) or its personal data (now {})",
                if state.security { "yes" } else { "no" },
                state.personal_data.map(|p| p.as_str()).unwrap_or("unknown")
            ),
        ));
    }
    Ok(vec![Event::ScopeChanged {
        security,
        personal_data,
        reason: guard::text("reason", reason)?,
    }])
}
