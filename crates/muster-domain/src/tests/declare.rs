//! Declaring: bad fields named, the team staffed under the same rules, rule 10's
//! restriction, and the lifecycle's timings as the fold records them.

use super::fixture::*;
use crate::command::Command::*;
use crate::rejection::RejectionKind::*;
use crate::*;

#[test]
fn declare_names_the_bad_field() {
    let mut w = World::new();
    let mut d = w.declaration(true, PersonalData::Yes);
    d.severity = "SEV-9".into();
    let r = w.try_declare(d).unwrap_err();
    expect(
        &r,
        None,
        Invalid,
        Some("severity"),
        &["`SEV-9` is not a severity", "SEV-1, SEV-2, SEV-3, SEV-4"],
    );

    let mut d = w.declaration(true, PersonalData::Yes);
    d.category = "aliens".into();
    let r = w.try_declare(d).unwrap_err();
    expect(
        &r,
        None,
        Invalid,
        Some("category"),
        &["`aliens` is not a category", "data-breach"],
    );

    let mut d = w.declaration(true, PersonalData::Yes);
    d.title = "   ".into();
    let r = w.try_declare(d).unwrap_err();
    expect(
        &r,
        None,
        Invalid,
        Some("title"),
        &["`title` must not be empty"],
    );
    assert!(w.log.is_empty() && !w.state.is_declared());
}

#[test]
fn declare_staffs_the_team_under_the_same_rules() {
    let mut w = World::new();
    let p = w.p.clone();
    let mut d = w.declaration(true, PersonalData::Yes);
    d.team = vec![(p.bob.clone(), Role::Deputy), (p.alice.clone(), Role::Sme)];
    let r = w.try_declare(d).unwrap_err();
    expect(
        &r,
        Some(Rule::DelegateNotDo),
        Conflict,
        Some("person"),
        &["Alice is the incident manager", "holds no other role"],
    );

    let mut d = w.declaration(true, PersonalData::Yes);
    d.team = vec![(p.bob.clone(), Role::IncidentManager)];
    let r = w.try_declare(d).unwrap_err();
    expect(
        &r,
        Some(Rule::OneIncidentManager),
        Conflict,
        Some("role"),
        &["already has an incident manager (Alice)"],
    );

    let mut d = w.declaration(true, PersonalData::Yes);
    d.incident_manager = Some(p.bob.clone());
    d.team = vec![(p.bob.clone(), Role::Deputy)];
    let r = w.try_declare(d).unwrap_err();
    expect(
        &r,
        Some(Rule::DelegateNotDo),
        Conflict,
        Some("person"),
        &["Bob is the incident manager"],
    );

    let mut d = w.declaration(true, PersonalData::Yes);
    d.incident_manager = Some(p.bob.clone());
    d.team = vec![(p.alice.clone(), Role::Deputy)];
    let events = w.try_declare(d).unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind()).collect();
    assert_eq!(kinds, ["declared", "role-assigned", "role-assigned"]);
    assert_eq!(w.state.incident_manager(), Some(&p.bob));
    assert_eq!(w.state.phase, Some(Phase::Hot));
}

#[test]
fn rule_10_security_incidents_are_restricted_by_default() {
    assert!(World::declared(true, PersonalData::No).state.restricted);
    assert!(!World::declared(false, PersonalData::Yes).state.restricted);
    let mut w = World::new();
    let mut d = w.declaration(true, PersonalData::No);
    d.restricted = Some(false);
    w.try_declare(d).unwrap();
    assert!(!w.state.restricted, "the declarer may say otherwise");
}

#[test]
fn rule_10_only_the_incident_manager_changes_restriction() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, bob) = (w.p.alice.clone(), w.p.bob.clone());
    let r = w.refuse(
        &bob,
        SetRestricted {
            restricted: false,
            reason: "wider help needed".into(),
        },
    );
    expect(
        &r,
        Some(Rule::Restricted),
        Forbidden,
        None,
        &[
            "only the incident manager (Alice)",
            "change who can see the incident",
        ],
    );
    let r = w.refuse(
        &alice,
        SetRestricted {
            restricted: true,
            reason: "again".into(),
        },
    );
    expect(&r, None, Conflict, None, &["already restricted"]);
    w.run(
        &alice,
        SetRestricted {
            restricted: false,
            reason: "wider help needed".into(),
        },
    );
    assert!(!w.state.restricted);
}

#[test]
fn the_fold_times_each_phase_of_the_lifecycle() {
    let mut w = World::new();
    let p = w.p.clone();
    let mut d = w.declaration(true, PersonalData::Yes);
    let reported_at = w.later(-45);
    d.report = Some(event::ReportSummary {
        reference: "REP-0012".into(),
        reported_by: p.grace.clone(),
        reported_at,
        description: "a customer emailed a link to our bucket".into(),
    });
    let declared_at = w.now;
    w.try_declare(d).unwrap();
    assert_eq!(
        (w.state.timings.reported_at, w.state.timings.declared_at),
        (Some(reported_at), Some(declared_at))
    );

    w.advance(10);
    w.run(
        &p.alice,
        AssignRole {
            person: p.bob.clone(),
            role: Role::Deputy,
        },
    );
    w.run(
        &p.alice,
        AssignRole {
            person: p.carol.clone(),
            role: Role::Secretariat,
        },
    );
    assert_eq!(w.state.timings.assembled_at, None, "no SME yet");
    w.advance(5);
    let assembled_at = w.now;
    w.run(
        &p.alice,
        AssignRole {
            person: p.dave.clone(),
            role: Role::Sme,
        },
    );
    w.run(
        &p.alice,
        AssignRole {
            person: p.erin.clone(),
            role: Role::Sme,
        },
    );
    assert_eq!(w.state.timings.assembled_at, Some(assembled_at));

    w.advance(60);
    let contained_at = w.now;
    w.run(
        &p.alice,
        ChangePhase {
            to: Phase::Warm,
            reason: "bucket locked down".into(),
        },
    );
    w.advance(60);
    w.run(
        &p.alice,
        ChangePhase {
            to: Phase::Hot,
            reason: "second bucket found".into(),
        },
    );
    w.advance(60);
    w.run(
        &p.alice,
        ChangePhase {
            to: Phase::Warm,
            reason: "second bucket locked down".into(),
        },
    );
    assert_eq!(
        w.state.timings.contained_at,
        Some(contained_at),
        "the first move out of hot"
    );
    w.advance(600);
    let resolved_at = w.now;
    w.try_resolve(&p.alice).unwrap();
    w.advance(60 * 24);
    w.run(
        &p.carol,
        RecordReview(w.review(&["Scan for public buckets daily"])),
    );
    let closed_at = w.now;
    w.run(
        &p.alice,
        Close {
            reason: "review done".into(),
        },
    );
    let t = &w.state.timings;
    assert_eq!(
        (t.resolved_at, t.closed_at),
        (Some(resolved_at), Some(closed_at))
    );
    assert_eq!(w.folded(), w.state, "the log alone gives the same timings");
}
