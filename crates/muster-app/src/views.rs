//! Shapes the store's records and the folded state into API responses.

use jiff::Timestamp;
use muster_api::{IncidentListItem, IncidentView, PersonView, RollCall, SpanOfControl};
use muster_domain::{IncidentState, Policy, Role, team};
use muster_store::{IncidentSummary, Person, User};

pub fn ts(micros: i64) -> Timestamp {
    Timestamp::from_microsecond(micros).unwrap_or(Timestamp::UNIX_EPOCH)
}

pub fn person(p: &Person, user: Option<&User>) -> PersonView {
    PersonView {
        id: p.id,
        name: p.name.clone(),
        email: p.email.clone(),
        chat_handle: p.chat_handle.clone(),
        slack_id: p.slack_id.clone(),
        matrix_id: p.matrix_id.clone(),
        teams_id: p.teams_id.clone(),
        expertise: p.expertise.clone(),
        team: p.team.clone(),
        user: user.is_some(),
        admin: user.is_some_and(|u| u.admin),
    }
}

pub fn roll_call(state: &IncidentState) -> RollCall {
    let names =
        |role: Role| -> Vec<String> { state.holders(role).map(|p| p.name.clone()).collect() };
    RollCall {
        incident_manager: state.incident_manager().map(|p| p.name.clone()),
        deputy: names(Role::Deputy),
        secretariat: names(Role::Secretariat),
        sme: names(Role::Sme),
        comms_lead: names(Role::CommsLead),
        liaison: names(Role::Liaison),
    }
}

pub fn incident(state: &IncidentState, policy: &Policy, now: Timestamp) -> IncidentView {
    IncidentView {
        roll_call: roll_call(state),
        gaps: team::gaps(state, policy)
            .iter()
            .map(crate::wire::gap)
            .collect(),
        span_of_control: SpanOfControl {
            direct_reports: team::direct_reports(state),
            limit: policy.span_of_control,
            warning: team::span_warning(state, policy),
        },
        overdue_actions: state.overdue_actions(now).map(|a| a.id.clone()).collect(),
        overdue_findings: state.overdue_findings(now).map(|f| f.id.clone()).collect(),
        overdue_preventive_actions: state
            .overdue_preventive_actions(now)
            .map(|p| p.id.clone())
            .collect(),
        now,
        state: crate::wire::state(state),
    }
}

pub fn list_item(s: &IncidentSummary, state: Option<&IncidentState>) -> IncidentListItem {
    IncidentListItem {
        id: s.id,
        reference: s.reference.clone(),
        title: s.title.clone(),
        severity: s.severity.clone(),
        category: s.category.clone(),
        phase: s.phase,
        restricted: s.restricted,
        incident_manager: state.and_then(|st| st.incident_manager().map(|p| p.name.clone())),
        declared_at: ts(s.declared_at),
        updated_at: ts(s.updated_at),
        entries: s.seq,
    }
}
