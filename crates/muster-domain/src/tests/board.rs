//! The board: known, unknown and suspected findings, delegated to SMEs, and the
//! competing-hypotheses grid.

use super::fixture::*;
use crate::command::Command::*;
use crate::rejection::RejectionKind::*;
use crate::*;

fn add(w: &mut World, kind: FindingKind, text: &str, source: Option<&str>) -> String {
    let carol = w.p.carol.clone();
    match &w.run(
        &carol,
        AddFinding {
            kind,
            text: text.into(),
            source: source.map(String::from),
        },
    )[..]
    {
        [Event::FindingAdded { id, .. }] => id.clone(),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a_known_finding_needs_its_source() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let carol = w.p.carol.clone();
    for source in [None, Some("  ".to_owned())] {
        let r = w.refuse(
            &carol,
            AddFinding {
                kind: FindingKind::Known,
                text: "The bucket is public".into(),
                source,
            },
        );
        expect(
            &r,
            None,
            Invalid,
            Some("source"),
            &["known finding", "needs its source"],
        );
    }
    let id = add(
        &mut w,
        FindingKind::Known,
        "The bucket is public",
        Some(" bucket policy, 09:02 "),
    );
    let f = w.state.finding(&id).unwrap();
    assert_eq!(
        (f.source.as_deref(), f.status),
        (Some("bucket policy, 09:02"), FindingStatus::Open)
    );
    // Unknowns and suspicions need no source.
    add(&mut w, FindingKind::Unknown, "Who downloaded it?", None);
    add(&mut w, FindingKind::Suspected, "A scraper found it", None);
    assert_eq!(w.state.findings.len(), 3);
}

#[test]
fn findings_are_delegated_only_to_smes() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, carol, dave, frank) = (
        w.p.alice.clone(),
        w.p.carol.clone(),
        w.p.dave.clone(),
        w.p.frank.clone(),
    );
    let known = add(
        &mut w,
        FindingKind::Known,
        "The bucket is public",
        Some("policy"),
    );
    let unknown = add(&mut w, FindingKind::Unknown, "Who downloaded it?", None);
    let later = w.later(30);
    let r = w.refuse(
        &alice,
        DelegateFinding {
            finding: unknown.clone(),
            to: frank,
            report_back_at: later,
        },
    );
    expect(
        &r,
        None,
        Invalid,
        Some("to"),
        &["Frank is not an SME", "subject matter experts"],
    );
    let r = w.refuse(
        &alice,
        DelegateFinding {
            finding: known.clone(),
            to: dave.clone(),
            report_back_at: later,
        },
    );
    expect(
        &r,
        None,
        Conflict,
        None,
        &["is known", "only unknowns and suspicions are delegated"],
    );
    let r = w.refuse(
        &carol,
        DelegateFinding {
            finding: unknown.clone(),
            to: dave.clone(),
            report_back_at: later,
        },
    );
    expect(&r, None, Forbidden, None, &["delegate a finding"]);
    let r = w.refuse(
        &alice,
        DelegateFinding {
            finding: "F9".into(),
            to: dave.clone(),
            report_back_at: later,
        },
    );
    expect(&r, None, NotFound, Some("finding"), &["no finding F9"]);
    let past = w.later(-1);
    let r = w.refuse(
        &alice,
        DelegateFinding {
            finding: unknown.clone(),
            to: dave.clone(),
            report_back_at: past,
        },
    );
    expect(
        &r,
        Some(Rule::OwnerAndReportBack),
        Invalid,
        Some("report_back_at"),
        &["not in the future"],
    );
    w.run(
        &alice,
        DelegateFinding {
            finding: unknown.clone(),
            to: dave.clone(),
            report_back_at: later,
        },
    );
    let f = w.state.finding(&unknown).unwrap();
    assert_eq!(
        (f.status, f.delegated_to.as_ref(), f.report_back_at),
        (FindingStatus::Delegated, Some(&dave), Some(later))
    );
}

#[test]
fn unknowns_are_answered_and_suspicions_confirmed_or_refuted() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, dave, erin) = (w.p.alice.clone(), w.p.dave.clone(), w.p.erin.clone());
    let known = add(
        &mut w,
        FindingKind::Known,
        "The bucket is public",
        Some("policy"),
    );
    let unknown = add(&mut w, FindingKind::Unknown, "Who downloaded it?", None);
    let s1 = add(&mut w, FindingKind::Suspected, "A scraper found it", None);
    let s2 = add(
        &mut w,
        FindingKind::Suspected,
        "An insider shared the link",
        None,
    );
    let later = w.later(30);
    w.run(
        &alice,
        DelegateFinding {
            finding: unknown.clone(),
            to: dave.clone(),
            report_back_at: later,
        },
    );
    w.run(
        &alice,
        DelegateFinding {
            finding: s1.clone(),
            to: dave.clone(),
            report_back_at: later,
        },
    );

    let settle = |id: &str, status| ResolveFinding {
        finding: id.into(),
        status,
        text: "from the access logs".into(),
    };
    for status in [
        FindingStatus::Confirmed,
        FindingStatus::Refuted,
        FindingStatus::Open,
    ] {
        let r = w.refuse(&dave, settle(&unknown, status));
        expect(
            &r,
            None,
            Invalid,
            Some("status"),
            &[
                &format!("unknown finding cannot become {status}"),
                "unknowns are answered",
            ],
        );
    }
    for status in [FindingStatus::Answered, FindingStatus::Delegated] {
        let r = w.refuse(&dave, settle(&s1, status));
        expect(
            &r,
            None,
            Invalid,
            Some("status"),
            &["suspicions confirmed or refuted"],
        );
    }
    let r = w.refuse(&alice, settle(&known, FindingStatus::Confirmed));
    expect(
        &r,
        None,
        Invalid,
        Some("status"),
        &["a known finding cannot become confirmed"],
    );
    // Only the delegate, the manager or the deputy settle a finding.
    let r = w.refuse(&erin, settle(&unknown, FindingStatus::Answered));
    expect(
        &r,
        None,
        Forbidden,
        None,
        &["only the SME it was delegated to"],
    );

    w.run(&dave, settle(&unknown, FindingStatus::Answered));
    w.run(&dave, settle(&s1, FindingStatus::Confirmed));
    w.run(&alice, settle(&s2, FindingStatus::Refuted));
    let statuses: Vec<FindingStatus> = w.state.findings.iter().map(|f| f.status).collect();
    use FindingStatus::*;
    assert_eq!(statuses, [Open, Answered, Confirmed, Refuted]);
    let r = w.refuse(&dave, settle(&s1, FindingStatus::Refuted));
    expect(&r, None, Conflict, None, &["already confirmed"]);
    let r = w.refuse(
        &alice,
        DelegateFinding {
            finding: s1,
            to: dave,
            report_back_at: later,
        },
    );
    expect(&r, None, Conflict, None, &["already confirmed"]);
}

#[test]
fn assessments_pair_a_suspicion_with_a_known_observation() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let dave = w.p.dave.clone();
    let known = add(
        &mut w,
        FindingKind::Known,
        "Downloads came from one ASN",
        Some("CDN logs"),
    );
    let unknown = add(
        &mut w,
        FindingKind::Unknown,
        "How long was it public?",
        None,
    );
    let suspected = add(&mut w, FindingKind::Suspected, "A scraper found it", None);
    let assess = |s: &str, k: &str, consistency| AssessFinding {
        suspected: s.into(),
        known: k.into(),
        consistency,
    };

    let r = w.refuse(&dave, assess(&known, &known, Consistency::Consistent));
    expect(
        &r,
        None,
        Invalid,
        Some("suspected"),
        &[&format!("{known} is known, not a suspicion")],
    );
    let r = w.refuse(&dave, assess(&suspected, &unknown, Consistency::Consistent));
    expect(
        &r,
        None,
        Invalid,
        Some("known"),
        &[&format!("{unknown} is unknown, not a known observation")],
    );
    let r = w.refuse(
        &dave,
        assess(&suspected, &suspected, Consistency::Consistent),
    );
    expect(
        &r,
        None,
        Invalid,
        Some("known"),
        &["not a known observation"],
    );
    let r = w.refuse(&dave, assess("F9", &known, Consistency::Consistent));
    expect(&r, None, NotFound, Some("suspected"), &["no finding F9"]);
    let r = w.refuse(&dave, assess(&suspected, "F9", Consistency::Consistent));
    expect(&r, None, NotFound, Some("known"), &["no finding F9"]);

    w.run(&dave, assess(&suspected, &known, Consistency::Consistent));
    w.run(
        &dave,
        assess(&suspected, &known, Consistency::NotApplicable),
    );
    assert_eq!(
        w.state.assessments.len(),
        1,
        "one cell per pair; the last word stands"
    );
    assert_eq!(
        w.state.assessments[0].consistency,
        Consistency::NotApplicable
    );
}
