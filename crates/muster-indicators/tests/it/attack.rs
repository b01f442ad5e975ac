//! ATT&CK ids by form, and the catalogue read from MITRE's bundle shape.

use muster_indicators::{AttackCatalogue, AttackId};

#[test]
fn ids_parse_by_form() {
    assert_eq!(
        AttackId::parse("TA0001").expect("tactic"),
        AttackId::Tactic(1)
    );
    assert_eq!(
        AttackId::parse("T1566").expect("technique"),
        AttackId::Technique(1566)
    );
    assert_eq!(
        AttackId::parse(" t1078.004 ").expect("sub"),
        AttackId::SubTechnique(1078, 4)
    );
    assert_eq!(AttackId::SubTechnique(1078, 4).to_string(), "T1078.004");
    assert_eq!(AttackId::Tactic(1).to_string(), "TA0001");
    assert_eq!(
        AttackId::SubTechnique(1078, 4).parent(),
        Some(AttackId::Technique(1078))
    );
    assert_eq!(
        AttackId::SubTechnique(1078, 4).url(),
        "https://attack.mitre.org/techniques/T1078/004/"
    );
}

#[test]
fn malformed_ids_are_refused() {
    for bad in [
        "",
        "T156",
        "T15660",
        "TA001",
        "T1078.04",
        "T1078.0004",
        "X1566",
        "T1566.",
        "TA0001.001",
        "T-1566",
    ] {
        let err = AttackId::parse(bad).expect_err(bad);
        assert!(
            err.to_string().starts_with("not an ATT&CK id"),
            "{bad}: {err}"
        );
    }
}

/// A small bundle in the shape of MITRE's enterprise-attack.json.
pub(crate) const BUNDLE: &str = r#"{
  "type": "bundle",
  "id": "bundle--1b1d2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
  "objects": [
    {"type": "x-mitre-tactic", "id": "x-mitre-tactic--ffd5bcee-6e16-4dd2-8eca-7b3beedf33ca",
     "name": "Initial Access", "x_mitre_shortname": "initial-access",
     "external_references": [{"source_name": "mitre-attack", "external_id": "TA0001",
       "url": "https://attack.mitre.org/tactics/TA0001"}]},
    {"type": "attack-pattern", "id": "attack-pattern--a62a8db3-f23a-4d8f-afd6-9dbc77e7813b",
     "name": "Phishing",
     "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "initial-access"}],
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1566"},
                             {"source_name": "capec", "external_id": "CAPEC-98"}]},
    {"type": "attack-pattern", "id": "attack-pattern--b8c5c9dd-a662-479d-9428-ae745872537c",
     "name": "Valid Accounts",
     "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "initial-access"},
                           {"kill_chain_name": "mitre-attack", "phase_name": "persistence"}],
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1078"}]},
    {"type": "attack-pattern", "id": "attack-pattern--f232fa7a-025c-4d43-abc7-318e81a73d65",
     "name": "Cloud Accounts", "x_mitre_is_subtechnique": true,
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1078.004"}]},
    {"type": "attack-pattern", "id": "attack-pattern--00000000-0000-4000-8000-000000000001",
     "name": "An Old Technique", "revoked": true,
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1000"}]},
    {"type": "attack-pattern", "id": "attack-pattern--00000000-0000-4000-8000-000000000002",
     "name": "A Deprecated Technique", "x_mitre_deprecated": true,
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1001"}]},
    {"type": "attack-pattern", "id": "attack-pattern--00000000-0000-4000-8000-000000000003",
     "name": "Not From ATT&CK",
     "external_references": [{"source_name": "capec", "external_id": "CAPEC-1"}]},
    {"type": "intrusion-set", "id": "intrusion-set--00000000-0000-4000-8000-000000000004",
     "name": "APT Example"}
  ]
}"#;

#[test]
fn the_catalogue_names_tactics_and_techniques() {
    let catalogue = AttackCatalogue::from_stix_bundle(BUNDLE.as_bytes()).expect("reads");
    assert_eq!(catalogue.len(), 4);
    assert_eq!(catalogue.name(AttackId::Tactic(1)), Some("Initial Access"));
    assert_eq!(catalogue.name(AttackId::Technique(1566)), Some("Phishing"));
    assert_eq!(
        catalogue
            .full_name(AttackId::SubTechnique(1078, 4))
            .as_deref(),
        Some("Valid Accounts: Cloud Accounts")
    );
    let valid = catalogue.get(AttackId::Technique(1078)).expect("present");
    assert_eq!(valid.tactics, ["initial-access", "persistence"]);
    assert_eq!(
        catalogue.get(AttackId::Tactic(1)).expect("tactic").tactics,
        ["initial-access"]
    );
    // Revoked and deprecated entries have no name, though their ids are valid.
    assert_eq!(catalogue.name(AttackId::Technique(1000)), None);
    assert_eq!(catalogue.name(AttackId::Technique(1001)), None);
    assert_eq!(catalogue.retired(), 2, "the revoked and the deprecated one");
}

#[test]
fn a_catalogue_that_is_not_a_bundle_is_refused() {
    let not_json = AttackCatalogue::from_stix_bundle(b"<html>").unwrap_err();
    assert!(
        not_json
            .to_string()
            .starts_with("the ATT&CK catalogue is not a STIX bundle")
    );
    let not_bundle =
        AttackCatalogue::from_stix_bundle(br#"{"type": "report", "objects": []}"#).unwrap_err();
    assert_eq!(
        not_bundle.to_string(),
        "the ATT&CK catalogue's top-level type is `report`, not `bundle`"
    );
    let broken = br#"{"type": "bundle", "objects": [{"type": "attack-pattern", "name": 7}]}"#;
    let err = AttackCatalogue::from_stix_bundle(broken).unwrap_err();
    assert!(
        err.to_string()
            .contains("object 0 (attack-pattern) cannot be read"),
        "{err}"
    );
}

#[test]
fn ids_sort_as_attack_lists_them() {
    let mut ids: Vec<AttackId> = [
        "T1566",
        "T1078.004",
        "TA0008",
        "T1078",
        "TA0001",
        "T1078.001",
    ]
    .iter()
    .map(|s| AttackId::parse(s).expect("id"))
    .collect();
    ids.sort();
    let shown: Vec<String> = ids.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "TA0001",
            "TA0008",
            "T1078",
            "T1078.001",
            "T1078.004",
            "T1566"
        ],
        "tactics, then each technique followed by its sub-techniques"
    );
}
