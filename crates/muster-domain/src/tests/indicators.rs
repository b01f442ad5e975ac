//! Indicators, sightings, links and the attacker's timeline (issue 11):
//! each accepted as an observation from any member, each refusal with the
//! field it names, and the fold (sightings widen first/last seen, the
//! timeline in time order).

use super::fixture::*;
use crate::indicator::{IndicatorInput, SightingInput, TimelineInput, Tlp};
use crate::rejection::RejectionKind;
use crate::*;

fn indicator(ty: &str, value: &str) -> IndicatorInput {
    IndicatorInput {
        ty: ty.into(),
        value: value.into(),
        tlp: None,
        pap: None,
        ioc: false,
        tags: Vec::new(),
        first_seen: None,
        last_seen: None,
        comment: None,
    }
}

fn add(i: IndicatorInput) -> Command {
    Command::AddIndicator(i)
}

fn sighting(w: &World, id: &str, minutes_ago: i64) -> SightingInput {
    SightingInput {
        indicator: id.into(),
        seen_at: w.later(-minutes_ago),
        seen_until: None,
        seen_on: Some("mail-gw-1".into()),
        source: Some("proxy log".into()),
        seen_by: None,
        count: None,
    }
}

fn timeline(w: &World, minutes_ago: i64, description: &str) -> TimelineInput {
    TimelineInput {
        at: w.later(-minutes_ago),
        precision: Precision::Exact,
        until: None,
        host: Some("laptop-042".into()),
        description: description.into(),
        indicators: Vec::new(),
        attack: Vec::new(),
    }
}

fn world() -> World {
    World::staffed(true, PersonalData::No)
}

#[test]
fn any_member_adds_an_indicator_stored_refanged_with_amber_by_default() {
    let mut w = world();
    let p = w.p.clone();
    let events = w.run(
        &p.frank,
        add(indicator("url", "hxxp://Evil[.]Example/Login")),
    );
    let Event::IndicatorAdded(r) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(r.id, "I1");
    assert_eq!(r.value, "http://evil.example/Login");
    assert_eq!(r.tlp, Tlp::Amber);
    let i = w.state.indicators.get("I1").unwrap();
    assert_eq!(i.added_by, p.frank.id);
    assert_eq!(i.ty, "url");
}

#[test]
fn someone_not_on_the_team_may_not_add_an_indicator() {
    let mut w = world();
    let p = w.p.clone();
    let r = w.refuse(&p.mallory, add(indicator("ipv4", "203.0.113.7")));
    assert_eq!(r.kind, RejectionKind::Forbidden);
    assert!(r.message.contains("not on the team"), "{}", r.message);
}

#[test]
fn a_bad_value_is_refused_naming_value() {
    let mut w = world();
    let p = w.p.clone();
    let r = w.refuse(&p.dave, add(indicator("sha256", "abc")));
    assert_eq!(r.field, Some("value"));
    assert!(r.message.contains("sha256"), "{}", r.message);
}

#[test]
fn an_unknown_type_is_refused_naming_type() {
    let mut w = world();
    let p = w.p.clone();
    let r = w.refuse(&p.dave, add(indicator("colour", "red")));
    assert_eq!(r.field, Some("type"));
    assert!(r.message.contains("colour"), "{}", r.message);
}

#[test]
fn a_tlp_that_is_not_a_tlp_2_name_is_refused_naming_tlp() {
    let mut w = world();
    let p = w.p.clone();
    let mut i = indicator("ipv4", "203.0.113.7");
    i.tlp = Some("purple".into());
    let r = w.refuse(&p.dave, add(i));
    assert_eq!(r.field, Some("tlp"));
    assert!(r.message.contains("amber+strict"), "{}", r.message);
}

#[test]
fn a_pap_that_is_not_a_pap_name_is_refused_naming_pap() {
    let mut w = world();
    let p = w.p.clone();
    let mut i = indicator("ipv4", "203.0.113.7");
    i.pap = Some("amber+strict".into());
    let r = w.refuse(&p.dave, add(i));
    assert_eq!(r.field, Some("pap"));
}

#[test]
fn last_seen_before_first_seen_is_refused() {
    let mut w = world();
    let p = w.p.clone();
    let mut i = indicator("ipv4", "203.0.113.7");
    i.first_seen = Some(w.later(-10));
    i.last_seen = Some(w.later(-20));
    let r = w.refuse(&p.dave, add(i));
    assert_eq!(r.field, Some("last_seen"));
}

#[test]
fn a_value_already_on_the_incident_is_refused_naming_the_indicator() {
    let mut w = world();
    let p = w.p.clone();
    w.run(&p.dave, add(indicator("domain", "evil.example")));
    let r = w.refuse(&p.erin, add(indicator("domain", "EVIL[.]example.")));
    assert_eq!(r.kind, RejectionKind::Conflict);
    assert!(r.message.contains("I1"), "{}", r.message);
    assert!(
        r.message.contains("evil[.]example"),
        "shown defanged: {}",
        r.message
    );
}

#[test]
fn an_organisation_type_validates_by_its_pattern() {
    let mut w = world();
    w.policy.indicators.custom_types = vec![crate::policy::CustomType {
        name: "ticket".into(),
        pattern: r"TKT-\d{4}".into(),
    }];
    let p = w.p.clone();
    w.run(&p.dave, add(indicator("ticket", "TKT-1234")));
    let r = w.refuse(&p.dave, add(indicator("ticket", "TKT-12")));
    assert_eq!(r.field, Some("value"));
}

#[test]
fn a_batch_leaves_out_values_already_there_and_numbers_the_rest() {
    let mut w = world();
    let p = w.p.clone();
    w.run(&p.dave, add(indicator("ipv4", "203.0.113.7")));
    let batch = vec![
        indicator("ipv4", "203.0.113.7"),
        indicator("ipv4", "198.51.100.1"),
        indicator("ipv4", "198.51.100.1"),
        indicator("md5", "D41D8CD98F00B204E9800998ECF8427E"),
    ];
    let events = w.run(&p.dave, Command::AddIndicators(batch));
    let ids: Vec<&str> = events
        .iter()
        .map(|e| match e {
            Event::IndicatorAdded(r) => r.id.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(ids, ["I2", "I3"]);
    assert_eq!(
        w.state.indicators.get("I3").unwrap().value,
        "d41d8cd98f00b204e9800998ecf8427e"
    );
}

#[test]
fn a_batch_with_a_bad_row_is_refused_naming_the_row() {
    let mut w = world();
    let p = w.p.clone();
    let batch = vec![
        indicator("ipv4", "203.0.113.7"),
        indicator("ipv4", "999.1.1.1"),
    ];
    let r = w.refuse(&p.dave, Command::AddIndicators(batch));
    assert_eq!(r.field, Some("indicators"));
    assert!(
        r.message.starts_with("indicators[1].value"),
        "{}",
        r.message
    );
}

#[test]
fn sightings_widen_first_and_last_seen_and_count() {
    let mut w = world();
    let p = w.p.clone();
    w.run(&p.dave, add(indicator("ipv4", "203.0.113.7")));
    let mut s = sighting(&w, "I1", 60);
    s.count = Some(3);
    w.run(&p.carol, Command::RecordSighting(s));
    let mut s = sighting(&w, "I1", 30);
    s.seen_until = Some(w.later(-10));
    let events = w.run(&p.dave, Command::RecordSighting(s));
    assert!(matches!(&events[0], Event::SightingRecorded(r) if r.id == "I1-S2"));
    let i = w.state.indicators.get("I1").unwrap();
    assert_eq!(i.first_seen, Some(w.later(-60)));
    assert_eq!(i.last_seen, Some(w.later(-10)));
    assert_eq!(i.sightings_count(), 4);
    assert_eq!(i.sightings[0].recorded_by, p.carol.id);
}

#[test]
fn a_sighting_of_an_unknown_indicator_or_in_the_future_is_refused() {
    let mut w = world();
    let p = w.p.clone();
    let r = w.refuse(&p.dave, Command::RecordSighting(sighting(&w, "I9", 5)));
    assert_eq!(
        (r.kind, r.field),
        (RejectionKind::NotFound, Some("indicator"))
    );
    w.run(&p.dave, add(indicator("ipv4", "203.0.113.7")));
    let r = w.refuse(&p.dave, Command::RecordSighting(sighting(&w, "I1", -60)));
    assert_eq!(r.field, Some("seen_at"));
    let mut s = sighting(&w, "I1", 5);
    s.seen_until = Some(w.later(-10));
    let r = w.refuse(&p.dave, Command::RecordSighting(s));
    assert_eq!(r.field, Some("seen_until"));
    let mut s = sighting(&w, "I1", 5);
    s.count = Some(0);
    let r = w.refuse(&p.dave, Command::RecordSighting(s));
    assert_eq!(r.field, Some("count"));
    let r = w.refuse(&p.mallory, Command::RecordSighting(sighting(&w, "I1", 5)));
    assert_eq!(r.kind, RejectionKind::Forbidden);
}

#[test]
fn an_indicator_links_to_a_finding_and_a_later_link_replaces_it() {
    let mut w = world();
    let p = w.p.clone();
    w.run(&p.dave, add(indicator("ipv4", "203.0.113.7")));
    w.run(
        &p.dave,
        Command::AddFinding {
            kind: FindingKind::Suspected,
            text: "phishing led to the compromise".into(),
            source: None,
        },
    );
    let link = |l| Command::LinkIndicator {
        indicator: "I1".into(),
        finding: "F1".into(),
        link: l,
    };
    w.run(&p.dave, link(IndicatorLink::Supports));
    let r = w.refuse(&p.dave, link(IndicatorLink::Supports));
    assert_eq!(r.kind, RejectionKind::Conflict);
    w.run(&p.erin, link(IndicatorLink::Refutes));
    let links = &w.state.indicators.get("I1").unwrap().links;
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].link, IndicatorLink::Refutes);
    let r = w.refuse(
        &p.dave,
        Command::LinkIndicator {
            indicator: "I1".into(),
            finding: "F7".into(),
            link: IndicatorLink::Supports,
        },
    );
    assert_eq!(
        (r.kind, r.field),
        (RejectionKind::NotFound, Some("finding"))
    );
}

#[test]
fn the_attackers_timeline_is_kept_in_time_order_with_canonical_attack_ids() {
    let mut w = world();
    let p = w.p.clone();
    w.run(&p.dave, add(indicator("ipv4", "203.0.113.7")));
    let mut later = timeline(&w, 30, "lateral movement");
    later.attack = vec!["t1078.004".into(), "TA0008".into()];
    later.indicators = vec!["I1".into()];
    w.run(&p.dave, Command::AddTimelineEvent(later));
    let mut earlier = timeline(&w, 120, "phishing mail opened");
    earlier.precision = Precision::Window;
    earlier.until = Some(w.later(-90));
    w.run(&p.erin, Command::AddTimelineEvent(earlier));
    let t = &w.state.indicators.timeline;
    let order: Vec<(&str, &str)> = t
        .iter()
        .map(|e| (e.id.as_str(), e.description.as_str()))
        .collect();
    assert_eq!(
        order,
        [("TL2", "phishing mail opened"), ("TL1", "lateral movement")]
    );
    assert_eq!(t[1].attack, ["T1078.004", "TA0008"]);
    assert_eq!(t[1].indicators, ["I1"]);
    assert_eq!(w.folded(), w.state, "the timeline folds back from the log");
}

#[test]
fn timeline_refusals_name_their_field() {
    let mut w = world();
    let p = w.p.clone();
    let mut t = timeline(&w, 10, "x");
    t.attack = vec!["T15".into()];
    let r = w.refuse(&p.dave, Command::AddTimelineEvent(t));
    assert_eq!(r.field, Some("attack"));
    assert!(r.message.contains("T1078.004"), "{}", r.message);

    let mut t = timeline(&w, 10, "x");
    t.precision = Precision::Window;
    let r = w.refuse(&p.dave, Command::AddTimelineEvent(t));
    assert_eq!(r.field, Some("until"));

    let mut t = timeline(&w, 10, "x");
    t.until = Some(w.later(-5));
    let r = w.refuse(&p.dave, Command::AddTimelineEvent(t));
    assert_eq!(r.field, Some("until"), "only a window has an end");

    let mut t = timeline(&w, 10, "x");
    t.indicators = vec!["I4".into()];
    let r = w.refuse(&p.dave, Command::AddTimelineEvent(t));
    assert_eq!(
        (r.kind, r.field),
        (RejectionKind::NotFound, Some("indicators"))
    );

    let r = w.refuse(&p.dave, Command::AddTimelineEvent(timeline(&w, -60, "x")));
    assert_eq!(r.field, Some("at"));

    let r = w.refuse(&p.dave, Command::AddTimelineEvent(timeline(&w, 10, "  ")));
    assert_eq!(r.field, Some("description"));

    let r = w.refuse(&p.mallory, Command::AddTimelineEvent(timeline(&w, 10, "x")));
    assert_eq!(r.kind, RejectionKind::Forbidden);
}

#[test]
fn control_characters_in_an_indicators_texts_are_refused() {
    let mut w = world();
    let p = w.p.clone();
    let mut i = indicator("ipv4", "203.0.113.7");
    i.tags = vec!["a\u{202E}b".into()];
    let r = w.refuse(&p.dave, add(i));
    assert_eq!(r.field, Some("tags"));
}

#[test]
fn the_wire_form_of_add_indicator_reads_type_and_defaults() {
    let cmd: Command<String> = serde_json::from_value(serde_json::json!({
        "command": "add-indicator", "type": "ipv4", "value": "203.0.113.7", "ioc": true
    }))
    .unwrap();
    let Command::AddIndicator(i) = cmd else {
        panic!("{cmd:?}")
    };
    assert_eq!((i.ty.as_str(), i.ioc, i.tlp), ("ipv4", true, None));
    let bad = serde_json::from_value::<Command<String>>(serde_json::json!({
        "command": "add-indicator", "type": "ipv4", "value": "1.2.3.4", "colour": "red"
    }));
    assert!(bad.is_err(), "unknown fields are refused");
}
