//! STIX 2.1 bundle import: indicators with value patterns, SCOs, markings,
//! and everything else reported as skipped with its id.

use muster_indicators::{Format, IndicatorType as T, Place, Tlp, import_stix_bundle};

const BUNDLE: &str = r#"{
  "type": "bundle",
  "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
  "objects": [
    {"type": "indicator", "spec_version": "2.1",
     "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
     "created": "2026-12-01T00:00:00.000Z", "modified": "2026-12-01T00:00:00.000Z",
     "name": "C2 address", "indicator_types": ["malicious-activity"],
     "pattern": "[ipv4-addr:value = '203.0.113.7'] OR [ipv4-addr:value = '198.51.100.0/24']",
     "pattern_type": "stix", "valid_from": "2026-12-01T02:10:00Z", "labels": ["c2"],
     "object_marking_refs": ["marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"]},
    {"type": "indicator", "spec_version": "2.1",
     "id": "indicator--0f2a6c52-a1c1-4e59-8f0b-61de8e5a6c77",
     "pattern": "[file:hashes.'SHA-256' = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855' OR file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
     "pattern_type": "stix", "valid_from": "2026-12-01T00:00:00Z",
     "description": "dropper", "indicator_types": ["benign"]},
    {"type": "indicator", "spec_version": "2.1",
     "id": "indicator--1d7e2b44-6f8e-4c36-9fa0-6a0a1c9e2a11",
     "pattern": "[domain-name:value = 'Evil.Example'] OR [url:value = 'http://evil.example/it\\'s'] OR [email-addr:value = 'm@evil.example']",
     "pattern_type": "stix", "valid_from": "2026-12-01T00:00:00Z",
     "object_marking_refs": ["marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
                             "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"]},
    {"type": "indicator", "id": "indicator--2a2a2a2a-0000-4000-8000-000000000001",
     "pattern": "[ipv4-addr:value = '203.0.113.9' AND network-traffic:dst_port = 443]",
     "pattern_type": "stix", "valid_from": "2026-12-01T00:00:00Z"},
    {"type": "indicator", "id": "indicator--2a2a2a2a-0000-4000-8000-000000000002",
     "pattern": "title: x", "pattern_type": "sigma", "valid_from": "2026-12-01T00:00:00Z"},
    {"type": "indicator", "id": "indicator--2a2a2a2a-0000-4000-8000-000000000003",
     "pattern": "[ipv4-addr:value = '203.0.113.999']", "pattern_type": "stix",
     "valid_from": "2026-12-01T00:00:00Z"},
    {"type": "indicator", "id": "indicator--2a2a2a2a-0000-4000-8000-000000000004",
     "pattern": "[ipv4-addr:value = '203.0.113.9'", "pattern_type": "stix",
     "valid_from": "2026-12-01T00:00:00Z"},
    {"type": "indicator", "id": "indicator--2a2a2a2a-0000-4000-8000-000000000005",
     "pattern": "[mac-addr:value = 'aa:bb:cc:dd:ee:ff']", "pattern_type": "stix",
     "valid_from": "2026-12-01T00:00:00Z"},
    {"type": "ipv6-addr", "id": "ipv6-addr--1e61d36c-a16c-53b7-a80f-2a00161c96b1",
     "value": "2001:0db8::0001",
     "object_marking_refs": ["marking-definition--my-own-green"]},
    {"type": "marking-definition", "id": "marking-definition--my-own-green",
     "definition_type": "tlp", "definition": {"tlp": "green"}},
    {"type": "file", "id": "file--364fe3e5-b1f4-5ba3-b951-ee5983b3538d",
     "hashes": {"SHA-1": "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", "SSDEEP": "3:x"},
     "name": "invoice.pdf.exe"},
    {"type": "windows-registry-key", "id": "windows-registry-key--2ba37ae7-2745-5082-9dfd-9486dad41016",
     "key": "hklm\\software\\run"},
    {"type": "domain-name", "id": "domain-name--dd686e37-6889-53bd-8ae1-b1a503452613",
     "value": "not a domain"},
    {"type": "malware", "id": "malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc", "name": "X"}
  ]
}"#;

#[test]
fn indicators_and_observables_are_imported_with_their_markings() {
    let import = import_stix_bundle(BUNDLE.as_bytes()).expect("readable");
    assert_eq!(import.format, Format::StixBundle);
    let got: Vec<(String, &str, Option<Tlp>, bool)> = import
        .indicators
        .iter()
        .map(|i| (i.ty.to_string(), i.value.as_str(), i.tlp, i.ioc))
        .collect();
    let sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    let expected: Vec<(String, &str, Option<Tlp>, bool)> = vec![
        ("ipv4".into(), "203.0.113.7", Some(Tlp::Amber), true),
        ("cidr".into(), "198.51.100.0/24", Some(Tlp::Amber), true),
        ("sha256".into(), sha256, None, false),
        (
            "md5".into(),
            "d41d8cd98f00b204e9800998ecf8427e",
            None,
            false,
        ),
        ("domain".into(), "evil.example", Some(Tlp::Red), true),
        (
            "url".into(),
            "http://evil.example/it's",
            Some(Tlp::Red),
            true,
        ),
        ("email".into(), "m@evil.example", Some(Tlp::Red), true),
        ("ipv6".into(), "2001:db8::1", Some(Tlp::Green), false),
        (
            "sha1".into(),
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            None,
            false,
        ),
        ("file-name".into(), "invoice.pdf.exe", None, false),
        (
            "registry-key".into(),
            r"HKEY_LOCAL_MACHINE\software\run",
            None,
            false,
        ),
    ];
    assert_eq!(got, expected);
    let first = &import.indicators[0];
    assert_eq!(first.tags, ["c2"]);
    assert_eq!(first.comment.as_deref(), Some("C2 address"));
    assert_eq!(
        first.first_seen.expect("valid_from").to_string(),
        "2026-12-01T02:10:00Z"
    );
    assert_eq!(import.indicators[2].comment.as_deref(), Some("dropper"));
    assert_eq!(import.indicators[2].ty, T::Sha256);
}

#[test]
fn bad_values_and_malformed_patterns_are_errors_naming_the_object() {
    let import = import_stix_bundle(BUNDLE.as_bytes()).expect("readable");
    let shown: Vec<String> = import.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "object 5 (indicator--2a2a2a2a-0000-4000-8000-000000000003), field `pattern`: not an IPv4 address: octet 999 is above 255",
            "object 6 (indicator--2a2a2a2a-0000-4000-8000-000000000004), field `pattern`: not a STIX pattern: a `[` is not closed",
            "object 12 (domain-name--dd686e37-6889-53bd-8ae1-b1a503452613), field `value`: not a domain: `not a domain` contains a space, which a host name cannot",
        ]
    );
}

#[test]
fn unsupported_objects_are_skipped_with_their_id_and_why() {
    let import = import_stix_bundle(BUNDLE.as_bytes()).expect("readable");
    let shown: Vec<String> = import.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "object 3 (indicator--2a2a2a2a-0000-4000-8000-000000000001): skipped: the pattern joins comparisons with AND, so its values only mean something together",
            "object 4 (indicator--2a2a2a2a-0000-4000-8000-000000000002): skipped: its pattern_type is `sigma`, not `stix`",
            "object 7 (indicator--2a2a2a2a-0000-4000-8000-000000000005): skipped: the pattern compares `mac-addr:value`, which has no Muster indicator type",
            "object 10 (file--364fe3e5-b1f4-5ba3-b951-ee5983b3538d): skipped: hash algorithm `SSDEEP` has no Muster type",
            "object 13 (malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc): skipped: `malware` objects hold no indicator Muster imports",
        ]
    );
    assert_eq!(
        import.skipped[0].place,
        Place::StixObject {
            index: 3,
            id: Some("indicator--2a2a2a2a-0000-4000-8000-000000000001".into())
        }
    );
}

#[test]
fn other_pattern_forms_are_skipped_not_misread() {
    let cases = [
        (
            "[ipv4-addr:value != '203.0.113.7']",
            "compares with !=, not =",
        ),
        (
            "[domain-name:value LIKE '%.example']",
            "compares with LIKE, not =",
        ),
        (
            "[ipv4-addr:value = '203.0.113.7'] WITHIN 300 SECONDS",
            "WITHIN qualifier",
        ),
        (
            "[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [ipv4-addr:value = '1.2.3.5']",
            "FOLLOWEDBY",
        ),
    ];
    for (pattern, why) in cases {
        let bundle = serde_json::json!({"type": "bundle", "id": "bundle--00000000-0000-4000-8000-000000000000",
            "objects": [{"type": "indicator", "id": "indicator--00000000-0000-4000-8000-000000000009",
                         "pattern": pattern, "pattern_type": "stix", "valid_from": "2026-12-01T00:00:00Z"}]});
        let import = import_stix_bundle(bundle.to_string().as_bytes()).expect("readable");
        assert_eq!(import.indicators.len(), 0, "{pattern}");
        assert_eq!(import.skipped.len(), 1, "{pattern}");
        assert!(
            import.skipped[0].reason.contains(why),
            "{pattern}: {}",
            import.skipped[0].reason
        );
    }
    let parens = serde_json::json!({"type": "bundle", "objects": [{"type": "indicator", "id": "indicator--x",
        "pattern": "([ipv4-addr:value = '1.2.3.4'] OR ([url:value = 'http://a.example/']))",
        "pattern_type": "stix"}]});
    let import = import_stix_bundle(parens.to_string().as_bytes()).expect("readable");
    assert_eq!(import.indicators.len(), 2);
}

#[test]
fn a_document_that_is_not_a_bundle_is_refused() {
    assert!(
        import_stix_bundle(b"{")
            .unwrap_err()
            .to_string()
            .starts_with("the STIX bundle is not valid JSON")
    );
    assert!(
        import_stix_bundle(br#"{"type": "report"}"#)
            .unwrap_err()
            .to_string()
            .contains("not a STIX bundle")
    );
    assert!(
        import_stix_bundle(br#"{"type": "bundle", "objects": 3}"#)
            .unwrap_err()
            .to_string()
            .contains("is not a list")
    );
}
