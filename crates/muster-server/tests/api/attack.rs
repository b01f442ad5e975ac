//! The organisation's ATT&CK catalogue through the API (issue 11): an
//! administrator imports MITRE's bundle (revoked and deprecated techniques
//! left out), anyone reads it, and the attacker's timeline and the STIX and
//! MISP exports name techniques from it; ids stay valid by form without it.
//! Every refusal (not JSON, not a bundle, no ATT&CK in it, too big, not an
//! administrator) with its error, and the import in the audit trail.

use crate::common::*;
use muster_api::*;
use muster_domain::Precision;
use muster_domain::indicator::TimelineInput;

/// A small bundle in the shape of MITRE's enterprise-attack.json: a tactic,
/// two techniques, a sub-technique, a revoked and a deprecated technique,
/// and objects of other types.
pub const BUNDLE: &str = r#"{
  "type": "bundle",
  "id": "bundle--1b1d2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
  "objects": [
    {"type": "x-mitre-tactic", "id": "x-mitre-tactic--ffd5bcee-6e16-4dd2-8eca-7b3beedf33ca",
     "name": "Initial Access", "x_mitre_shortname": "initial-access",
     "external_references": [{"source_name": "mitre-attack", "external_id": "TA0001",
       "url": "https://attack.mitre.org/tactics/TA0001"}]},
    {"type": "attack-pattern", "id": "attack-pattern--a62a8db3-f23a-4d8f-afd6-9dbc77e7813b",
     "name": "Phishing", "x_mitre_is_subtechnique": false,
     "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "initial-access"}],
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1566"},
                             {"source_name": "capec", "external_id": "CAPEC-98"}]},
    {"type": "attack-pattern", "id": "attack-pattern--b8c5c9dd-a662-479d-9428-ae745872537c",
     "name": "Valid Accounts", "x_mitre_is_subtechnique": false,
     "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "initial-access"},
                           {"kill_chain_name": "mitre-attack", "phase_name": "persistence"}],
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1078"}]},
    {"type": "attack-pattern", "id": "attack-pattern--f232fa7a-025c-4d43-abc7-318e81a73d65",
     "name": "Cloud Accounts", "x_mitre_is_subtechnique": true,
     "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "initial-access"}],
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1078.004"}]},
    {"type": "attack-pattern", "id": "attack-pattern--00000000-0000-4000-8000-000000000001",
     "name": "An Old Technique", "revoked": true,
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1000"}]},
    {"type": "attack-pattern", "id": "attack-pattern--00000000-0000-4000-8000-000000000002",
     "name": "A Deprecated Technique", "x_mitre_deprecated": true,
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1001"}]},
    {"type": "intrusion-set", "id": "intrusion-set--00000000-0000-4000-8000-000000000004",
     "name": "APT Example"},
    {"type": "relationship", "id": "relationship--00000000-0000-4000-8000-000000000005",
     "relationship_type": "uses"}
  ]
}"#;

backends!(an_imported_catalogue_names_techniques_in_the_timeline_and_exports);
async fn an_imported_catalogue_names_techniques_in_the_timeline_and_exports(server: TestServer) {
    let team = Team::new(&server).await;
    let inc = team.declare_staffed(&server.admin).await;
    let attack = |ids: &[&str]| TimelineInput {
        at: in_minutes(-60),
        precision: Precision::Exact,
        until: None,
        host: Some("vpn-gw-1".into()),
        description: "sign-in with a stolen cloud account".into(),
        indicators: Vec::new(),
        attack: ids.iter().map(|s| (*s).to_owned()).collect(),
    };
    // Before any import: valid by form, no names.
    run(
        &team.analyst.client,
        &inc,
        Command::AddTimelineEvent(attack(&["t1078.004", "T1566", "T1059"])),
    )
    .await
    .expect("timeline");
    let before = team.analyst.client.indicators(&inc).await.expect("view");
    assert_eq!(before.timeline[0].attack, ["T1078.004", "T1566", "T1059"]);
    assert!(
        before.timeline[0]
            .techniques
            .iter()
            .all(|t| t.name.is_none()),
        "{:?}",
        before.timeline[0].techniques
    );
    assert!(
        team.analyst
            .client
            .attack_catalogue()
            .await
            .expect("empty")
            .entries
            .is_empty()
    );

    let imported = server
        .admin
        .import_attack_catalogue(BUNDLE.as_bytes().to_vec())
        .await
        .expect("import");
    assert_eq!(
        imported,
        AttackImportResponse {
            tactics: 1,
            techniques: 2,
            sub_techniques: 1,
            retired: 2,
        }
    );
    let catalogue = team.analyst.client.attack_catalogue().await.expect("read");
    let ids: Vec<&str> = catalogue.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        ["TA0001", "T1078", "T1078.004", "T1566"],
        "as ATT&CK lists them"
    );
    let cloud = &catalogue.entries[2];
    assert_eq!(cloud.full_name, "Valid Accounts: Cloud Accounts");
    assert_eq!(cloud.url, "https://attack.mitre.org/techniques/T1078/004/");

    let after = team.analyst.client.indicators(&inc).await.expect("view");
    let names: Vec<Option<&str>> = after.timeline[0]
        .techniques
        .iter()
        .map(|t| t.name.as_deref())
        .collect();
    assert_eq!(
        names,
        [
            Some("Valid Accounts: Cloud Accounts"),
            Some("Phishing"),
            None
        ],
        "T1059 is not in this catalogue: still valid, without a name"
    );
    // A retired id is valid by form and has no name.
    run(
        &team.analyst.client,
        &inc,
        Command::AddTimelineEvent(attack(&["T1000"])),
    )
    .await
    .expect("a revoked technique's id is still an id");

    let stix = team
        .analyst
        .client
        .export_indicators(&inc, "stix", None)
        .await
        .expect("stix");
    let patterns: Vec<&str> = stix["objects"]
        .as_array()
        .expect("objects")
        .iter()
        .filter(|o| o["type"] == "attack-pattern")
        .filter_map(|o| o["name"].as_str())
        .collect();
    assert!(
        patterns.contains(&"Valid Accounts: Cloud Accounts") && patterns.contains(&"Phishing"),
        "{patterns:?}"
    );
    let misp = team
        .analyst
        .client
        .export_indicators(&inc, "misp", None)
        .await
        .expect("misp")
        .to_string();
    assert!(
        misp.contains(r#"misp-galaxy:mitre-attack-pattern=\"Phishing - T1566\""#),
        "{misp}"
    );

    // A second import replaces the whole catalogue.
    let only_tactic = BUNDLE.replace(r#""type": "attack-pattern""#, r#""type": "x-unknown""#);
    let again = server
        .admin
        .import_attack_catalogue(only_tactic.into_bytes())
        .await
        .expect("import");
    assert_eq!((again.tactics, again.techniques), (1, 0));
    let ids: Vec<String> = team
        .analyst
        .client
        .attack_catalogue()
        .await
        .expect("read")
        .entries
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids, ["TA0001"]);

    // The imports are in the audit trail.
    let audit = server.admin.audit(None, None, None).await.expect("audit");
    let imports = audit
        .iter()
        .filter(|a| a.what.starts_with("imported the ATT&CK catalogue"))
        .count();
    assert_eq!(imports, 2, "{audit:?}");
}

backends!(an_import_is_refused_with_what_is_wrong);
async fn an_import_is_refused_with_what_is_wrong(server: TestServer) {
    let team = Team::new(&server).await;
    let message = refused(
        team.analyst
            .client
            .import_attack_catalogue(BUNDLE.as_bytes().to_vec())
            .await,
        403,
        None,
        None,
    );
    assert_eq!(
        message,
        "only an administrator may import the ATT&CK catalogue"
    );

    let message = refused(
        server
            .admin
            .import_attack_catalogue(b"<html>not json</html>".to_vec())
            .await,
        422,
        None,
        Some("body"),
    );
    assert!(
        message.starts_with("the ATT&CK catalogue is not a STIX bundle"),
        "{message}"
    );
    let message = refused(
        server
            .admin
            .import_attack_catalogue(br#"{"type": "report", "objects": []}"#.to_vec())
            .await,
        422,
        None,
        Some("body"),
    );
    assert_eq!(
        message,
        "the ATT&CK catalogue's top-level type is `report`, not `bundle`"
    );
    let message = refused(
        server
            .admin
            .import_attack_catalogue(br#"{"type": "bundle", "objects": []}"#.to_vec())
            .await,
        422,
        None,
        Some("body"),
    );
    assert!(
        message.starts_with("the bundle holds no ATT&CK tactic or technique"),
        "{message}"
    );
    let mut huge = BUNDLE.as_bytes().to_vec();
    huge.resize(muster_app::attack::MAX_ATTACK_BUNDLE + 1, b' ');
    refused(
        server.admin.import_attack_catalogue(huge).await,
        413,
        None,
        None,
    );
    // Nothing was imported by any of them.
    assert!(
        server
            .admin
            .attack_catalogue()
            .await
            .expect("read")
            .entries
            .is_empty()
    );
    // A bundle over the JSON routes' 1 MiB, under the import's own limit, is taken.
    let mut large = BUNDLE.trim_end().trim_end_matches('}').to_owned();
    large.push_str(&format!(
        r#", "padding": "{}"}}"#,
        "x".repeat(2 * 1024 * 1024)
    ));
    let imported = server
        .admin
        .import_attack_catalogue(large.into_bytes())
        .await
        .expect("a 2 MiB bundle");
    assert_eq!(imported.techniques, 2);
}
