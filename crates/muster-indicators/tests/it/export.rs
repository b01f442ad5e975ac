//! The STIX 2.1 and MISP exports: TLP filtering, deterministic ids, every
//! reference resolving, and the exports reading back through the importers.

use super::fixture::{indicator, input};
use muster_indicators::{
    IndicatorType as T, Tlp, import_misp_event, import_stix_bundle, stix_pattern, to_misp_event,
    to_stix_bundle,
};
use serde_json::Value as Json;
use std::collections::BTreeSet;

fn objects(bundle: &Json) -> &Vec<Json> {
    bundle["objects"].as_array().expect("objects")
}

fn of_type<'b>(bundle: &'b Json, kind: &str) -> Vec<&'b Json> {
    objects(bundle)
        .iter()
        .filter(|o| o["type"] == kind)
        .collect()
}

/// Every id an object refers to, through `*_ref` and `*_refs` properties.
fn references(object: &Json) -> Vec<String> {
    let mut found = Vec::new();
    for (key, value) in object.as_object().expect("an object") {
        if key.ends_with("_ref") {
            found.extend(value.as_str().map(str::to_owned));
        } else if key.ends_with("_refs") {
            found.extend(
                value
                    .as_array()
                    .expect("a list")
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned)),
            );
        }
    }
    found
}

#[test]
fn nothing_above_the_chosen_tlp_leaves_the_stix_bundle() {
    let bundle = to_stix_bundle(&input(Tlp::Amber));
    let text = bundle.to_string();
    assert!(
        !text.contains("insider.evil.example"),
        "the TLP:RED domain left"
    );
    assert!(!text.contains(Tlp::Red.stix_marking_id()));
    assert!(text.contains("203.0.113.7"), "the TLP:AMBER address stays");
    let at_red = to_stix_bundle(&input(Tlp::Red)).to_string();
    assert!(at_red.contains("insider.evil.example"));
    // At CLEAR only the CLEAR address and CVE (and public ATT&CK) remain.
    let clear = to_stix_bundle(&input(Tlp::Clear));
    let kinds: BTreeSet<&str> = objects(&clear)
        .iter()
        .map(|o| o["type"].as_str().expect("type"))
        .collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            "attack-pattern",
            "identity",
            "indicator",
            "ipv6-addr",
            "marking-definition",
            "report",
            "vulnerability"
        ])
    );
    for object in objects(&clear) {
        if object["type"] != "marking-definition" {
            assert_eq!(
                object["object_marking_refs"][0],
                Tlp::Clear.stix_marking_id(),
                "{object}"
            );
        }
    }
}

#[test]
fn every_reference_resolves_and_markings_are_exactly_those_used() {
    for tlp in Tlp::ALL {
        let bundle = to_stix_bundle(&input(tlp));
        let ids: BTreeSet<String> = objects(&bundle)
            .iter()
            .map(|o| o["id"].as_str().expect("id").to_owned())
            .collect();
        assert_eq!(ids.len(), objects(&bundle).len(), "ids are unique at {tlp}");
        let mut markings_used = BTreeSet::new();
        for object in objects(&bundle) {
            for r in references(object) {
                assert!(
                    ids.contains(&r),
                    "{} refers to {r}, which is not in the bundle",
                    object["id"]
                );
                if r.starts_with("marking-definition--") {
                    markings_used.insert(r);
                }
            }
        }
        let defined: BTreeSet<String> = of_type(&bundle, "marking-definition")
            .iter()
            .map(|m| m["id"].as_str().expect("id").to_owned())
            .collect();
        assert_eq!(defined, markings_used, "at {tlp}");
    }
}

#[test]
fn the_report_lists_everything_and_carries_the_highest_marking() {
    let bundle = to_stix_bundle(&input(Tlp::Amber));
    let report = of_type(&bundle, "report")[0];
    assert_eq!(
        report["name"],
        "INC-2026-0007: Phishing wave against finance"
    );
    assert_eq!(
        report["object_marking_refs"][0],
        Tlp::Amber.stix_marking_id()
    );
    let listed: BTreeSet<&str> = report["object_refs"]
        .as_array()
        .expect("refs")
        .iter()
        .filter_map(Json::as_str)
        .collect();
    for object in objects(&bundle) {
        let id = object["id"].as_str().expect("id");
        if object["type"] != "marking-definition" && object["type"] != "report" {
            assert!(listed.contains(id), "the report does not list {id}");
        }
    }
}

#[test]
fn indicators_sightings_and_attack_patterns_are_shaped_as_stix_says() {
    let bundle = to_stix_bundle(&input(Tlp::Amber));
    let c2 = of_type(&bundle, "indicator")
        .into_iter()
        .find(|i| i["name"] == "ipv4 203.0.113.7")
        .expect("the C2 indicator");
    assert_eq!(c2["pattern"], "[ipv4-addr:value = '203.0.113.7']");
    assert_eq!(c2["pattern_type"], "stix");
    assert_eq!(c2["valid_from"], "2026-12-03T02:10:00.000Z");
    assert_eq!(c2["created"], "2026-12-03T13:00:00.123Z");
    assert_eq!(
        c2["indicator_types"],
        serde_json::json!(["malicious-activity"])
    );
    assert_eq!(c2["labels"], serde_json::json!(["c2"]));
    let sightings: Vec<&Json> = of_type(&bundle, "sighting")
        .into_iter()
        .filter(|s| s["sighting_of_ref"] == c2["id"])
        .collect();
    assert_eq!(sightings.len(), 2);
    assert_eq!(sightings[0]["count"], 30);
    assert_eq!(sightings[0]["last_seen"], "2026-12-03T02:40:00.000Z");
    assert_eq!(sightings[0]["description"], "seen on proxy-1 by the SOC");
    let observed = &sightings[0]["observed_data_refs"][0];
    let od = objects(&bundle)
        .iter()
        .find(|o| &o["id"] == observed)
        .expect("observed-data");
    assert_eq!(od["number_observed"], 30);
    // The SCO id is the one OASIS's python-stix2 derives for this value.
    assert_eq!(
        od["object_refs"][0],
        "ipv4-addr--9ddd739e-87b1-587d-83f2-62ef1130af2f"
    );
    let ap: Vec<(&str, &str)> = of_type(&bundle, "attack-pattern")
        .iter()
        .map(|a| {
            (
                a["external_references"][0]["external_id"]
                    .as_str()
                    .expect("id"),
                a["name"].as_str().expect("name"),
            )
        })
        .collect();
    assert_eq!(
        ap,
        [
            ("T1071", "Application Layer Protocol"),
            ("T1078", "T1078"),
            ("T1566.002", "Spearphishing Link")
        ]
    );
    let indicates = of_type(&bundle, "relationship");
    assert!(
        indicates
            .iter()
            .any(|r| r["source_ref"] == c2["id"] && r["relationship_type"] == "indicates")
    );
    let cve = of_type(&bundle, "vulnerability")[0];
    assert_eq!(
        cve["external_references"][0],
        serde_json::json!({"source_name": "cve", "external_id": "CVE-2024-3094"})
    );
}

#[test]
fn sco_ids_match_the_reference_implementation() {
    let bundle = to_stix_bundle(&input(Tlp::Red));
    let ids: BTreeSet<&str> = objects(&bundle)
        .iter()
        .filter_map(|o| o["id"].as_str())
        .collect();
    // Computed with OASIS's python-stix2 (2.1 deterministic SCO ids).
    for expected in [
        "file--22f8ff52-8f62-5f03-a53a-6f50f54fd74c",
        "user-account--b93cbcd7-f9c7-5eef-9721-99d481451220",
        "url--ba7df452-5576-51bb-8de5-fab31380d8e3",
    ] {
        assert!(ids.contains(expected), "{expected} missing");
    }
}

#[test]
fn ids_are_deterministic_and_given_ids_are_kept() {
    let a = to_stix_bundle(&input(Tlp::Red));
    assert_eq!(
        a,
        to_stix_bundle(&input(Tlp::Red)),
        "the same input gives the same bundle"
    );
    let mut later = input(Tlp::Red);
    later.exported_at = "2026-12-04T09:00:00Z".parse().expect("time");
    let b = to_stix_bundle(&later);
    let ids = |bundle: &Json| -> BTreeSet<String> {
        objects(bundle)
            .iter()
            .filter(|o| o["type"] != "bundle")
            .map(|o| o["id"].as_str().expect("id").to_owned())
            .collect()
    };
    assert_eq!(ids(&a), ids(&b), "a later export keeps every object's id");
    assert_ne!(a["id"], b["id"], "but is a new bundle");
    let mut given = input(Tlp::Red);
    let uuid = uuid::Uuid::from_u128(0x1234_5678_9abc_4def_8123_4567_89ab_cdef);
    given.indicators[0].id = Some(uuid);
    assert!(
        to_stix_bundle(&given)
            .to_string()
            .contains(&format!("indicator--{uuid}"))
    );
}

#[test]
fn patterns_quote_values_and_types_without_a_stix_form_are_left_out() {
    assert_eq!(
        stix_pattern(&T::UserAgent, r"it's a \ test").as_deref(),
        Some(
            r"[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'it\'s a \\ test']"
        )
    );
    assert_eq!(
        stix_pattern(&T::Process, "evil.exe").as_deref(),
        Some("[process:image_ref.name = 'evil.exe']")
    );
    assert_eq!(stix_pattern(&T::Host, "laptop-042"), None);
    assert_eq!(stix_pattern(&T::Cve, "CVE-2024-3094"), None);
    let text = to_stix_bundle(&input(Tlp::Red)).to_string();
    assert!(!text.contains("laptop-042") && !text.contains("ABC-1234"));
}

#[test]
fn the_stix_export_reads_back_through_the_importer() {
    let exported = input(Tlp::Red);
    let bundle = to_stix_bundle(&exported);
    let import = import_stix_bundle(bundle.to_string().as_bytes()).expect("readable");
    assert_eq!(import.errors, vec![], "our own bundle has no bad rows");
    let back: BTreeSet<(String, String, Option<Tlp>)> = import
        .indicators
        .iter()
        .map(|i| (i.ty.to_string(), i.value.to_string(), i.tlp))
        .collect();
    for i in &exported.indicators {
        if i.ioc && stix_pattern(&i.ty, i.value.as_str()).is_some() {
            let key = (i.ty.to_string(), i.value.to_string(), Some(i.tlp));
            assert!(back.contains(&key), "{key:?} did not come back");
        }
    }
}

#[test]
fn the_misp_event_honours_tlp_and_maps_types() {
    let event = to_misp_event(&input(Tlp::Amber));
    let text = event.to_string();
    assert!(!text.contains("insider.evil.example"));
    assert!(
        !text.contains("laptop-042"),
        "TLP:AMBER+STRICT is above TLP:AMBER"
    );
    let attributes = event["Event"]["Attribute"].as_array().expect("attributes");
    assert_eq!(attributes.len(), input(Tlp::Amber).allowed().count());
    let c2 = &attributes[0];
    assert_eq!(
        (c2["type"].as_str(), c2["category"].as_str()),
        (Some("ip-dst"), Some("Network activity"))
    );
    assert_eq!(c2["to_ids"], true);
    assert_eq!(c2["first_seen"], "2026-12-03T02:10:00.000000+00:00");
    let tags: Vec<&str> = c2["Tag"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(tags, ["tlp:amber", "PAP:GREEN", "c2"]);
    assert_eq!(c2["Sighting"][0]["source"], "seen on proxy-1 by the SOC");
    let event_tags: Vec<&str> = event["Event"]["Tag"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(
        event_tags,
        [
            "tlp:amber",
            "misp-galaxy:mitre-attack-pattern=\"Application Layer Protocol - T1071\"",
            "mitre-attack:T1078",
            "misp-galaxy:mitre-attack-pattern=\"Spearphishing Link - T1566.002\"",
        ]
    );
    let process = attributes
        .iter()
        .find(|a| a["value"] == "rundll32.exe")
        .expect("process");
    assert_eq!(
        (process["type"].as_str(), process["comment"].as_str()),
        (Some("other"), Some("process"))
    );
}

#[test]
fn the_misp_export_reads_back_through_the_importer() {
    let exported = input(Tlp::Red);
    let import =
        import_misp_event(to_misp_event(&exported).to_string().as_bytes()).expect("readable");
    assert_eq!(import.errors, vec![]);
    let back: Vec<(String, String, Option<Tlp>, bool)> = import
        .indicators
        .iter()
        .map(|i| (i.ty.to_string(), i.value.to_string(), i.tlp, i.ioc))
        .collect();
    let expected: Vec<(String, String, Option<Tlp>, bool)> = exported
        .indicators
        .iter()
        .filter(|i| !matches!(i.ty, T::Process | T::Custom { .. }))
        .map(|i| (i.ty.to_string(), i.value.to_string(), Some(i.tlp), i.ioc))
        .collect();
    assert_eq!(back, expected);
    assert_eq!(
        import.skipped.len(),
        3,
        "process and custom types go as `other`"
    );
}

#[test]
fn an_export_with_nothing_allowed_is_still_valid_in_shape() {
    let mut only_red = input(Tlp::Clear);
    only_red.indicators = vec![indicator(T::Ipv4, "203.0.113.9", Tlp::Red, true)];
    only_red.attack.clear();
    let bundle = to_stix_bundle(&only_red);
    let report = of_type(&bundle, "report")[0];
    assert_eq!(
        report["object_refs"].as_array().expect("refs").len(),
        1,
        "the report lists the identity"
    );
    assert!(!bundle.to_string().contains("203.0.113.9"));
    assert_eq!(
        to_misp_event(&only_red)["Event"]["Attribute"],
        serde_json::json!([])
    );
}
