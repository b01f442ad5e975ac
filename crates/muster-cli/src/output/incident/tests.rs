//! `muster show` as a person reads it.

use super::*;
use muster_api::{
    ActionView as Action, FindingView, GapView as Gap, IncidentStateView as IncidentState,
    PersonRefView as PersonRef, PreventiveActionView, RollCall, SpanOfControl,
};
use muster_domain::vocab::{ActionStatus, Phase};

fn person(name: &str) -> PersonRef {
    PersonRef {
        id: uuid::Uuid::nil(),
        name: name.to_owned(),
        expertise: vec![],
        chat_handle: None,
    }
}

fn view() -> IncidentView {
    let now = "2026-11-27T13:00:00Z".parse().unwrap();
    let mut state = IncidentState {
        reference: "INC-2026-0007".into(),
        title: "Customer records exposed".into(),
        severity: "high".into(),
        category: "data-breach".into(),
        security: true,
        restricted: true,
        phase: Some(Phase::Hot),
        seq: 12,
        head_hash: "ab".repeat(32),
        ..Default::default()
    };
    state.actions.push(Action {
        id: "A1".into(),
        title: "Rotate the leaked key".into(),
        owner: person("Carol"),
        report_back_at: "2026-11-27T12:30:00Z".parse().unwrap(),
        status: ActionStatus::InProgress,
        report: None,
        recommendation: None,
        created_at: now,
    });
    IncidentView {
        roll_call: RollCall {
            incident_manager: Some("Alice".into()),
            deputy: vec!["Bob".into()],
            secretariat: vec![],
            sme: vec!["Carol".into(), "Dan".into()],
            comms_lead: vec![],
            liaison: vec![],
        },
        gaps: vec![Gap {
            code: "data-privacy".into(),
            message: "needs a member of the data privacy team".into(),
            rule: Some(muster_domain::Rule::Composition),
        }],
        span_of_control: SpanOfControl {
            direct_reports: 9,
            limit: 8,
            warning: Some("split off a workstream".into()),
        },
        overdue_actions: vec!["A1".into()],
        overdue_findings: vec![],
        overdue_preventive_actions: vec![],
        now,
        state,
    }
}

#[test]
fn show_leads_with_the_roll_call_and_flags_what_needs_attention() {
    let text = incident(&view());
    let roll_call = text.find("Roll call").unwrap();
    assert!(roll_call < text.find("Needs attention").unwrap());
    assert!(text.contains("  incident manager  Alice\n"));
    assert!(text.contains("  deputy            Bob\n"));
    assert!(text.contains("  secretariat       -\n"));
    assert!(text.contains("  sme               Carol, Dan\n"));
    assert!(text.contains("! needs a member of the data privacy team (rule 4; blocks resolving)"));
    assert!(text.contains("! split off a workstream (9 direct reports, limit 8)"));
    assert!(text.contains(
        "A1   OVERDUE [in-progress] Rotate the leaked key (owner Carol, report back 2026-11-27 12:30Z (30m ago))"
    ));
    assert!(text.ends_with("12 log entries; head abababababab\n"));
}

#[test]
fn a_missing_commander_is_loud() {
    let mut v = view();
    v.roll_call.incident_manager = None;
    assert!(incident(&v).contains("incident manager  NONE: no one is in command"));
}

fn delegated(now: jiff::Timestamp) -> FindingView {
    FindingView {
        id: "F1".into(),
        kind: FindingKind::Unknown,
        text: "Who downloaded the export?".into(),
        source: None,
        status: FindingStatus::Delegated,
        delegated_to: Some(person("Dan")),
        report_back_at: Some(now - jiff::SignedDuration::from_mins(10)),
        resolution: None,
        seq: 4,
        cites: Vec::new(),
    }
}

#[test]
fn an_overdue_delegated_finding_is_flagged_on_the_board() {
    let mut v = view();
    let f = delegated(v.now);
    v.state.findings.push(f);
    v.overdue_findings = vec!["F1".into()];
    let text = incident(&v);
    assert!(
        text.contains(
            "F1   unknown   Who downloaded the export? OVERDUE [delegated to Dan, report back 2026-11-27 12:50Z (10m ago)]"
        ),
        "{text}"
    );
}

#[test]
fn a_closed_incident_ticks_only_its_preventive_actions() {
    let mut v = view();
    v.state.phase = Some(Phase::Closed);
    let f = delegated(v.now);
    v.state.findings.push(f);
    v.state.preventive_actions.push(PreventiveActionView {
        id: "P1".into(),
        title: "Scan build logs for secrets".into(),
        owner: person("Carol"),
        due: "2026-11-27T12:00:00Z".parse().unwrap(),
        done: false,
        note: None,
        action: Some("A1".into()),
    });
    // As the server reads a closed incident: only the preventive action is overdue.
    v.overdue_actions = vec![];
    v.overdue_preventive_actions = vec!["P1".into()];
    let text = incident(&v);
    assert!(
        text.contains(
            "A1   [in-progress] Rotate the leaked key (owner Carol, report back 2026-11-27 12:30Z)"
        ),
        "no countdown on a closed incident's action: {text}"
    );
    assert!(
        text.contains("[delegated to Dan, report back 2026-11-27 12:50Z]"),
        "{text}"
    );
    assert!(
        text.contains(
            "P1   OVERDUE [open] Scan build logs for secrets (owner Carol, due 2026-11-27 12:00Z (1h ago), carried from A1)"
        ),
        "{text}"
    );
    assert_eq!(text.matches("OVERDUE").count(), 1, "{text}");
}
