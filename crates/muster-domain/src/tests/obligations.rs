//! Regulatory obligations: anchors, jurisdictions, assessments and
//! submissions, each refusal with its error, and the deadlines a changed
//! fact moves logged with it.

use super::fixture::*;
use crate::obligation::Deadline;
use crate::*;
use jiff::{SignedDuration, Timestamp};

/// A privacy incident at an organisation established in Germany.
fn german_privacy_incident() -> World {
    let mut w = World::staffed(true, PersonalData::Yes);
    w.policy.obligations.jurisdictions = vec!["de".into()];
    w.policy.obligations.time_zone = "Europe/Berlin".into();
    w
}

fn computed(events: &[Event]) -> Vec<Deadline> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::DeadlinesComputed { deadlines } => Some(deadlines.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

fn anchor(anchor: Anchor, at: Timestamp) -> Command {
    Command::RecordAnchor { anchor, at }
}

#[test]
fn awareness_recorded_by_an_sme_starts_the_gdpr_clock_and_logs_how() {
    let mut w = german_privacy_incident();
    let aware = w.later(-30);
    let p = w.p.clone();
    let events = w.run(&p.erin, anchor(Anchor::Aware, aware));
    assert!(matches!(events[0], Event::AnchorRecorded { anchor: Anchor::Aware, at } if at == aware));
    let gdpr = computed(&events)
        .into_iter()
        .find(|d| d.regime == "gdpr-art-33")
        .expect("the GDPR Art. 33 deadline is computed");
    assert_eq!(gdpr.due_at, Some(aware + SignedDuration::from_hours(72)));
    assert_eq!(gdpr.anchors_used.get("aware"), Some(&aware));
    assert!(gdpr.explanation.contains("gdpr-art-33"), "{}", gdpr.explanation);
    assert_eq!(
        w.state.obligations.deadline("gdpr-art-33", "notification"),
        Some(&gdpr)
    );
}

#[test]
fn a_corrected_anchor_moves_its_deadlines_and_an_unchanged_one_logs_none() {
    let mut w = german_privacy_incident();
    let p = w.p.clone();
    let first = w.later(-120);
    w.run(&p.erin, anchor(Anchor::Aware, first));
    let corrected = w.later(-60);
    let events = w.run(&p.alice, anchor(Anchor::Aware, corrected));
    let gdpr = computed(&events)
        .into_iter()
        .find(|d| d.regime == "gdpr-art-33")
        .expect("moved");
    assert_eq!(gdpr.due_at, Some(corrected + SignedDuration::from_hours(72)));
    assert_eq!(w.state.obligations.anchor(Anchor::Aware).unwrap().records, 2);
    // The same moment again moves nothing, so nothing is recomputed.
    let again = w.run(&p.alice, anchor(Anchor::Aware, corrected));
    assert!(computed(&again).is_empty(), "{again:?}");
}

#[test]
fn an_anchor_in_the_future_is_refused_naming_at() {
    let mut w = german_privacy_incident();
    let p = w.p.clone();
    let r = w.refuse(&p.erin, anchor(Anchor::Aware, w.later(60)));
    assert_eq!(r.field, Some("at"));
    assert!(r.message.contains("is in the future"), "{}", r.message);
}

#[test]
fn someone_off_the_team_cannot_record_an_anchor() {
    let mut w = german_privacy_incident();
    let p = w.p.clone();
    let r = w.refuse(&p.mallory, anchor(Anchor::Aware, w.now));
    assert_eq!(r.kind, RejectionKind::Forbidden);
    assert!(r.message.contains("not on the team"), "{}", r.message);
}

#[test]
fn only_the_incident_manager_sets_jurisdictions_under_rule_7() {
    let mut w = german_privacy_incident();
    let p = w.p.clone();
    let set = |j: &[&str]| Command::SetJurisdictions {
        jurisdictions: j.iter().map(|s| s.to_string()).collect(),
        sectors: vec![],
        reason: "customers in New York".into(),
    };
    let r = w.refuse(&p.bob, set(&["us-ny"]));
    assert_eq!(r.rule, Some(Rule::OnlyIncidentManager));
    let r = w.refuse(&p.alice, set(&["us-ny", "New York!"]));
    assert_eq!(r.field, Some("jurisdictions"));
    assert!(r.message.contains("jurisdictions[1]"), "{}", r.message);
    w.run(&p.alice, set(&["US-NY"]));
    assert_eq!(w.state.obligations.jurisdictions, vec!["us-ny".to_owned()]);
    let r = w.refuse(&p.alice, set(&["us-ny"]));
    assert!(r.message.contains("already"), "{}", r.message);
}

#[test]
fn not_required_needs_its_rationale_and_a_known_regime() {
    let mut w = german_privacy_incident();
    let p = w.p.clone();
    let assess = |regime: &str, status, rationale: &str| Command::AssessObligation {
        regime: regime.into(),
        status,
        rationale: rationale.into(),
    };
    let r = w.refuse(&p.alice, assess("gdpr-art-34", ObligationStatus::NotRequired, " "));
    assert_eq!(r.field, Some("rationale"));
    assert!(r.message.contains("breach register"), "{}", r.message);
    let r = w.refuse(&p.alice, assess("gdpr-art-99", ObligationStatus::Assessing, "x"));
    assert_eq!(r.field, Some("regime"));
    assert!(r.message.contains("gdpr-art-33"), "the known ones are listed: {}", r.message);
    let r = w.refuse(&p.alice, assess("gdpr-art-34", ObligationStatus::Submitted, "x"));
    assert_eq!(r.field, Some("status"));
    let r = w.refuse(&p.erin, assess("gdpr-art-34", ObligationStatus::NotRequired, "x"));
    assert_eq!(r.rule, Some(Rule::OnlyIncidentManager));
    w.run(
        &p.alice,
        assess(
            "gdpr-art-34",
            ObligationStatus::NotRequired,
            "the laptop's disk was encrypted and the key was not taken",
        ),
    );
    assert_eq!(
        w.state.obligations.status("gdpr-art-34"),
        ObligationStatus::NotRequired
    );
}

#[test]
fn a_submission_goes_only_through_an_agreed_communication_under_rule_6() {
    let mut w = german_privacy_incident();
    let p = w.p.clone();
    w.run(&p.erin, anchor(Anchor::Aware, w.later(-10)));
    w.run(
        &p.frank,
        Command::DraftCommunication {
            audience: Audience::External,
            recipients: vec!["lead supervisory authority".into()],
            subject: "Personal data breach notification".into(),
            body: "What happened…".into(),
        },
    );
    let id = w.state.communications[0].id.clone();
    let submit = |communication: Option<String>, reference: &str| Command::RecordSubmission {
        regime: "gdpr-art-33".into(),
        stage: "notification".into(),
        reference: reference.into(),
        at: None,
        communication,
    };
    let r = w.refuse(&p.erin, submit(None, "BfDI-1"));
    assert_eq!(r.rule, Some(Rule::AgreedCommunications));
    let r = w.refuse(&p.frank, submit(Some(id.clone()), "BfDI-1"));
    assert_eq!(r.rule, Some(Rule::AgreedCommunications));
    assert!(r.message.contains("still a draft"), "{}", r.message);
    let r = w.refuse(&p.frank, submit(None, " "));
    assert_eq!(r.field, Some("reference"));
    let r = w.refuse(
        &p.frank,
        Command::RecordSubmission {
            regime: "gdpr-art-33".into(),
            stage: "early-warning".into(),
            reference: "x".into(),
            at: None,
            communication: None,
        },
    );
    assert_eq!(r.field, Some("stage"));
    assert!(r.message.contains("notification"), "{}", r.message);

    w.run(
        &p.alice,
        Command::AgreeCommunication {
            communication: id.clone(),
        },
    );
    let events = w.run(&p.frank, submit(Some(id.clone()), "BfDI-2026-77"));
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::CommunicationSent { id: c, .. } if *c == id)),
        "the agreed communication is recorded as sent: {events:?}"
    );
    assert_eq!(
        w.state.obligations.status("gdpr-art-33"),
        ObligationStatus::Submitted
    );
    assert_eq!(
        w.state.obligations.submitted_at("gdpr-art-33", "notification"),
        Some(w.now)
    );
    w.run(&p.alice, submit(None, "BfDI-2026-77-a"));
    assert_eq!(
        w.state.obligations.status("gdpr-art-33"),
        ObligationStatus::Amended
    );
}

#[test]
fn re_classified_as_no_personal_data_the_regime_says_it_no_longer_applies() {
    let mut w = german_privacy_incident();
    let p = w.p.clone();
    w.run(&p.erin, anchor(Anchor::Aware, w.later(-10)));
    w.run(
        &p.alice,
        Command::Reclassify {
            security: None,
            personal_data: Some(PersonalData::No),
            reason: "the bucket held only test data".into(),
        },
    );
    let gdpr = obligation::evaluate(&w.state, &w.policy, w.now)
        .into_iter()
        .find(|o| o.regime == "gdpr-art-33")
        .expect("still listed");
    assert_eq!(
        gdpr.applicability,
        muster_obligations::Applicability::NoLongerApplies
    );
}
