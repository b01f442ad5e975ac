//! Draft notifications: each stage's fields from the law's list, filled from what is known,
//! with the rest flagged; and the stored deadline record, explainable after the rule changes.

use std::collections::BTreeMap;

use muster_obligations::Anchor::Aware;
use muster_obligations::{ComputedDeadline, RuleSet, draft_fields, fill_draft};

use crate::support::*;

#[test]
fn gdpr_draft_carries_article_33_3_and_flags_what_is_missing() {
    let rules = RuleSet::shipped();
    let stage = rules
        .get("gdpr-art-33")
        .and_then(|r| r.stage("notification"))
        .expect("shipped stage");
    let keys: Vec<&str> = draft_fields(stage).iter().map(|f| f.key.as_str()).collect();
    for wanted in [
        "nature",
        "data-subject-count",
        "record-count",
        "contact-point",
        "likely-consequences",
        "measures",
    ] {
        assert!(keys.contains(&wanted), "{wanted} missing from {keys:?}");
    }
    let known: BTreeMap<String, String> = [
        (
            "nature".to_owned(),
            "Laptop with an unencrypted HR export stolen from a car".to_owned(),
        ),
        ("contact-point".to_owned(), "dpo@example.org".to_owned()),
        ("measures".to_owned(), "  ".to_owned()),
    ]
    .into();
    let draft = fill_draft(stage, &known);
    assert_eq!(draft.fields.len(), keys.len());
    assert_eq!(
        draft.fields[0].value.as_deref(),
        Some("Laptop with an unencrypted HR export stolen from a car")
    );
    assert!(draft.fields[0].label.starts_with("Nature of the breach"));
    assert!(!draft.missing.contains(&"nature".to_owned()));
    assert!(
        draft.missing.contains(&"measures".to_owned()),
        "a blank answer is still missing"
    );
    assert!(draft.missing.contains(&"likely-consequences".to_owned()));
    assert_eq!(draft.missing.len(), keys.len() - 2);
}

#[test]
fn other_regimes_drafts() {
    let rules = RuleSet::shipped();
    let field_keys = |regime: &str, stage: &str| -> Vec<String> {
        let s = rules
            .get(regime)
            .and_then(|r| r.stage(stage))
            .expect("stage");
        draft_fields(s).iter().map(|f| f.key.clone()).collect()
    };
    assert_eq!(
        field_keys("nis2-art-23", "early-warning"),
        vec!["suspected-malicious", "cross-border-impact"]
    );
    assert_eq!(
        field_keys("sec-8k-item-1-05", "form-8-k"),
        vec!["material-aspects", "material-impact"]
    );
    assert!(
        field_keys("dora-art-19", "initial-notification")
            .contains(&"classification-criteria".to_owned())
    );
}

#[test]
fn computed_deadline_round_trips_and_keeps_its_explanation() {
    let mut f = every_rule_applies("Europe/London");
    anchor(&mut f, Aware, "2026-10-23T09:00:00Z");
    let s = shipped_stage(&f, "2026-10-24T00:00:00Z", "gdpr-art-33", "notification");
    let stored = serde_json::to_string(&s.computed).expect("serialise");
    let back: ComputedDeadline = serde_json::from_str(&stored).expect("deserialise");
    assert_eq!(back, s.computed);
    assert_eq!(back.rule_id, "gdpr-art-33");
    assert_eq!(back.stage, "notification");
    assert_eq!(
        back.anchors_used.get("aware"),
        Some(&ts("2026-10-23T09:00:00Z"))
    );
    assert_eq!(back.due_at, Some(ts("2026-10-26T09:00:00Z")));
    let text = back.explanation.to_string();
    assert!(
        text.contains("gdpr-art-33 version 1, stage notification:"),
        "{text}"
    );
    assert!(
        text.contains("72 hours from anchor aware (2026-10-23T09:00:00Z), in Europe/London"),
        "{text}"
    );
    assert!(
        text.contains("72 clock hours end at 09:00, not 10:00"),
        "{text}"
    );
}

#[test]
fn obligations_serialise_with_the_json_contract_fields() {
    let mut f = every_rule_applies("Europe/Berlin");
    anchor(&mut f, Aware, "2026-12-04T10:00:00Z");
    let all = muster_obligations::evaluate(&RuleSet::shipped(), &f, ts("2026-12-05T00:00:00Z"));
    let json = serde_json::to_value(obligation(&all, "gdpr-art-33")).expect("serialise");
    assert_eq!(json["regime"], "gdpr-art-33");
    assert_eq!(json["recipient"], "lead supervisory authority");
    assert_eq!(json["stages"][0]["stage"], "notification");
    assert_eq!(json["stages"][0]["anchor"], "aware");
    assert_eq!(json["stages"][0]["due_at"], "2026-12-07T10:00:00Z");
    assert!(json["stages"][0]["submitted_at"].is_null());
    let nis2 = serde_json::to_value(obligation(&all, "nis2-art-23")).expect("serialise");
    assert!(nis2["stages"][2]["due_at"].is_null());
}

#[test]
fn explanation_reads_as_words_for_the_room() {
    let mut f = every_rule_applies("Europe/Berlin");
    f.sectors.remove("essential-entity");
    anchor(
        &mut f,
        muster_obligations::Anchor::ClassifiedMajor,
        "2026-12-06T07:00:00Z",
    );
    let s = shipped_stage(
        &f,
        "2026-12-05T00:00:00Z",
        "dora-art-19",
        "initial-notification",
    );
    let text = s.computed.explanation.to_string();
    let want = "dora-art-19 version 1, stage initial-notification:
  4 hours from anchor classified-major (2026-12-06T07:00:00Z), calendar de, in Europe/Berlin
    starts Sunday 2026-12-06 08:00 Europe/Berlin
    ends Sunday 2026-12-06 12:00 Europe/Berlin
  24 hours from anchor aware (not yet recorded), calendar de, in Europe/Berlin
    anchor aware not yet recorded
  earliest of 2 clocks: the one from anchor classified-major (2026-12-06T11:00:00Z)
  fell on a Sunday: moved to noon of the next working day, Monday 2026-12-07 12:00 Europe/Berlin
";
    assert_eq!(text, want);
    let open = shipped_stage(&f, "2026-12-05T00:00:00Z", "gdpr-art-34", "communication");
    assert_eq!(
        open.computed.explanation.to_string(),
        "gdpr-art-34 version 1, stage communication:\n  no fixed deadline: without undue delay\n"
    );
}
