//! MISP event import: attributes, objects' attributes, composite types,
//! tags as markings, and skipped and bad attributes.

use muster_indicators::{Format, IndicatorType as T, Pap, Place, Tlp, import_misp_event};

const EVENT: &str = r#"{"Event": {
  "info": "Phishing wave", "Tag": [{"name": "tlp:green"}, {"name": "PAP:AMBER"}],
  "Attribute": [
    {"type": "ip-dst", "value": "203.0.113.7", "to_ids": true, "category": "Network activity",
     "comment": "C2", "Tag": [{"name": "tlp:amber"}, {"name": "c2"}],
     "first_seen": "2026-12-03T02:10:00.000000+00:00", "last_seen": "2026-12-03T03:00:00.000000+00:00"},
    {"type": "filename|sha256", "value": "invoice.pdf.exe|E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
     "to_ids": "1", "category": "Payload delivery"},
    {"type": "hostname", "value": "Mail.Evil.Example", "to_ids": false},
    {"type": "url", "value": "hxxp://evil[.]example/login", "to_ids": "0"},
    {"type": "vulnerability", "value": "cve-2024-3094", "to_ids": false},
    {"type": "regkey|value", "value": "HKCU\\Software\\Run|evil.exe", "to_ids": true},
    {"type": "email-src", "value": "m@evil.example", "to_ids": true, "Tag": [{"name": "tlp:clear"}]},
    {"type": "text", "value": "some analyst text"},
    {"type": "md5", "value": "not-a-hash", "to_ids": true},
    {"type": "ip-src", "value": "203.0.113.8", "deleted": true},
    {"type": "sha1", "value": "da39a3ee5e6b4b0d3255bfef95601890afd80709", "first_seen": "last tuesday"}
  ],
  "Object": [
    {"name": "file", "Attribute": [
      {"type": "sha512", "value": "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "to_ids": true},
      {"type": "domain|ip", "value": "evil.example|203.0.113.300"}
    ]}
  ]
}}"#;

#[test]
fn attributes_and_object_attributes_are_imported() {
    let import = import_misp_event(EVENT.as_bytes()).expect("readable");
    assert_eq!(import.format, Format::MispEvent);
    let got: Vec<(String, &str, bool)> = import
        .indicators
        .iter()
        .map(|i| (i.ty.to_string(), i.value.as_str(), i.ioc))
        .collect();
    let zeros = "0".repeat(128);
    let expected: Vec<(String, &str, bool)> = vec![
        ("ipv4".into(), "203.0.113.7", true),
        ("file-name".into(), "invoice.pdf.exe", true),
        (
            "sha256".into(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            true,
        ),
        ("domain".into(), "mail.evil.example", false),
        ("url".into(), "http://evil.example/login", false),
        ("cve".into(), "CVE-2024-3094", false),
        (
            "registry-key".into(),
            r"HKEY_CURRENT_USER\Software\Run",
            true,
        ),
        ("email".into(), "m@evil.example", true),
        ("sha512".into(), &zeros, true),
        ("domain".into(), "evil.example", false),
    ];
    assert_eq!(got, expected);
}

#[test]
fn tags_become_markings_and_the_attributes_own_win() {
    let import = import_misp_event(EVENT.as_bytes()).expect("readable");
    let ip = &import.indicators[0];
    assert_eq!(
        ip.tlp,
        Some(Tlp::Amber),
        "the attribute's tlp:amber wins over the event's"
    );
    assert_eq!(ip.pap, Some(Pap::Amber), "PAP is inherited from the event");
    assert_eq!(ip.tags, ["c2"]);
    assert_eq!(ip.comment.as_deref(), Some("C2"));
    assert_eq!(
        ip.first_seen.expect("first").to_string(),
        "2026-12-03T02:10:00Z"
    );
    assert_eq!(
        ip.last_seen.expect("last").to_string(),
        "2026-12-03T03:00:00Z"
    );
    assert_eq!(
        import.indicators[1].tlp,
        Some(Tlp::Green),
        "inherited from the event"
    );
    assert_eq!(import.indicators[7].tlp, Some(Tlp::Clear));
}

#[test]
fn bad_and_unsupported_attributes_are_reported() {
    let import = import_misp_event(EVENT.as_bytes()).expect("readable");
    let errors: Vec<String> = import.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "attribute 8, field `value`: md5 must be 32 hex digits; got 10",
            "attribute 10, field `first_seen`: `last tuesday` is not a time with a zone offset, as in 2026-12-03T02:10:00Z",
            "object 0, attribute 1, field `value`: not an IPv4 address: octet 300 is above 255",
        ]
    );
    let skipped: Vec<String> = import.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        skipped,
        [
            "attribute 7: skipped: MISP type `text` has no Muster indicator type",
            "attribute 9: skipped: the attribute is deleted",
        ]
    );
    assert_eq!(
        import.errors[2].place,
        Place::MispAttribute {
            object: Some(0),
            index: 1
        }
    );
}

#[test]
fn the_api_response_form_is_read_and_other_json_is_refused() {
    let response = r#"{"response": [{"Event": {"Attribute": [{"type": "domain", "value": "a.example"}]}},
                                     {"Event": {"Attribute": [{"type": "domain", "value": "b.example"}]}}]}"#;
    let import = import_misp_event(response.as_bytes()).expect("readable");
    let values: Vec<&str> = import.indicators.iter().map(|i| i.value.as_str()).collect();
    assert_eq!(values, ["a.example", "b.example"]);
    assert_eq!(import.indicators[0].ty, T::Domain);
    let err = import_misp_event(br#"{"type": "bundle"}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the file is JSON but not a MISP event: it has no `Event`"
    );
    let composite =
        r#"{"Event": {"Attribute": [{"type": "filename|md5", "value": "only-a-name"}]}}"#;
    let import = import_misp_event(composite.as_bytes()).expect("readable");
    assert_eq!(
        import.errors[0].to_string(),
        "attribute 0, field `value`: a `filename|md5` value has 2 parts separated by |; got 1"
    );
}
