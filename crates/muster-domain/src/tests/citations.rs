//! A finding cites the indicators, timeline events and evidence items that
//! support it (issue 11): each cited id must be on the incident, and each
//! refusal names the field; citations only grow, and the fold keeps them in
//! the order cited.

use super::fixture::*;
use crate::evidence::EvidenceInput;
use crate::indicator::{IndicatorInput, TimelineInput};
use crate::rejection::RejectionKind;
use crate::*;

fn cite(finding: &str, cites: &[&str]) -> Command {
    Command::CiteInFinding {
        finding: finding.into(),
        cites: cites.iter().map(|c| (*c).to_owned()).collect(),
    }
}

/// An incident with a known fact F1, an indicator I1, a timeline event TL1
/// and an evidence item EV1.
fn world() -> World {
    let mut w = World::staffed(true, PersonalData::No);
    let p = w.p.clone();
    w.run(
        &p.dave,
        Command::AddFinding {
            kind: FindingKind::Known,
            text: "the payroll mailbox forwarded mail out".into(),
            source: Some("mail gateway".into()),
        },
    );
    w.run(
        &p.dave,
        Command::AddIndicator(IndicatorInput {
            ty: "ipv4".into(),
            value: "203.0.113[.]7".into(),
            tlp: None,
            pap: None,
            ioc: true,
            tags: Vec::new(),
            first_seen: None,
            last_seen: None,
            comment: None,
        }),
    );
    let at = w.later(-30);
    w.run(
        &p.dave,
        Command::AddTimelineEvent(TimelineInput {
            at,
            precision: Precision::Exact,
            until: None,
            host: Some("mail-1".into()),
            description: "forwarding rule created".into(),
            indicators: vec!["I1".into()],
            attack: vec!["T1114.003".into()],
        }),
    );
    let collected_at = w.later(-20);
    w.run(
        &p.dave,
        Command::AddEvidence(EvidenceInput {
            description: "mailbox audit log export".into(),
            taken_from: "mail-1".into(),
            collected_by: None,
            collected_at,
            tool: None,
            sha256: Some("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08".into()),
            location: Some("evidence share".into()),
            upload: None,
        }),
    );
    w
}

#[test]
fn a_fact_cites_an_indicator_a_timeline_event_and_an_evidence_item() {
    let mut w = world();
    let p = w.p.clone();
    let events = w.run(&p.erin, cite("F1", &["i1", " TL1 ", "EV1", "I1"]));
    assert_eq!(
        events,
        [Event::FindingCited {
            id: "F1".into(),
            cites: vec!["I1".into(), "TL1".into(), "EV1".into()],
        }],
        "ids are canonical (upper case, trimmed) and each cited once"
    );
    assert_eq!(w.state.finding("F1").unwrap().cites, ["I1", "TL1", "EV1"]);
    assert_eq!(
        w.folded().finding("F1").unwrap().cites,
        ["I1", "TL1", "EV1"]
    );
}

#[test]
fn citations_only_grow_and_citing_the_same_again_is_a_conflict() {
    let mut w = world();
    let p = w.p.clone();
    w.run(&p.dave, cite("F1", &["I1"]));
    let events = w.run(&p.dave, cite("F1", &["I1", "EV1"]));
    assert_eq!(
        events,
        [Event::FindingCited {
            id: "F1".into(),
            cites: vec!["EV1".into()],
        }],
        "only what is new is logged"
    );
    assert_eq!(w.state.finding("F1").unwrap().cites, ["I1", "EV1"]);
    let r = w.refuse(&p.dave, cite("F1", &["EV1"]));
    assert_eq!(r.kind, RejectionKind::Conflict);
    assert_eq!(r.message, "F1 already cites I1, EV1");
}

#[test]
fn a_citation_of_something_not_on_the_incident_is_refused_naming_the_field() {
    let mut w = world();
    let p = w.p.clone();
    for (id, noun) in [
        ("I9", "indicator"),
        ("TL4", "timeline event"),
        ("EV2", "evidence item"),
    ] {
        let r = w.refuse(&p.dave, cite("F1", &["I1", id]));
        assert_eq!((r.kind, r.field), (RejectionKind::NotFound, Some("cites")));
        assert_eq!(
            r.message,
            format!("{} has no {noun} {id}", w.state.reference),
            "{id}"
        );
    }
    let r = w.refuse(&p.dave, cite("F1", &["F1"]));
    assert_eq!((r.kind, r.field), (RejectionKind::Invalid, Some("cites")));
    assert!(
        r.message
            .contains("is not an indicator (I3), timeline event (TL2) or evidence item (EV1)"),
        "{}",
        r.message
    );
    let r = w.refuse(&p.dave, cite("F1", &[]));
    assert_eq!((r.kind, r.field), (RejectionKind::Invalid, Some("cites")));
    let r = w.refuse(&p.dave, cite("F9", &["I1"]));
    assert_eq!(
        (r.kind, r.field),
        (RejectionKind::NotFound, Some("finding"))
    );
    assert!(
        w.state.finding("F1").unwrap().cites.is_empty(),
        "nothing was cited"
    );
}

#[test]
fn only_a_member_cites() {
    let mut w = world();
    let p = w.p.clone();
    let r = w.refuse(&p.mallory, cite("F1", &["I1"]));
    assert_eq!(r.kind, RejectionKind::Forbidden);
}
