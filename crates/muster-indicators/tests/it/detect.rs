//! Choosing the format by content, and importing through it.

use muster_indicators::{Format, ImportOptions, detect_format, import};

#[test]
fn formats_are_told_apart_by_content() {
    assert_eq!(
        detect_format(b"type,value\nipv4,203.0.113.7\n"),
        Format::Csv
    );
    assert_eq!(
        detect_format(b"\xEF\xBB\xBF\"Value\",\"Type\"\n"),
        Format::Csv
    );
    assert_eq!(
        detect_format(b"  {\"type\": \"bundle\", \"id\": \"bundle--x\", \"objects\": []}"),
        Format::StixBundle
    );
    assert_eq!(
        detect_format(b"{\"Event\": {\"Attribute\": []}}"),
        Format::MispEvent
    );
    assert_eq!(
        detect_format(b"{\"response\": [{\"Event\": {}}]}"),
        Format::MispEvent
    );
    assert_eq!(detect_format(b"{\"type\": \"report\"}"), Format::Unknown);
    assert_eq!(detect_format(b"{not json"), Format::Unknown);
    assert_eq!(
        detect_format(b"203.0.113.7\n198.51.100.1\n"),
        Format::Unknown
    );
    assert_eq!(detect_format(b""), Format::Unknown);
}

#[test]
fn import_goes_by_the_detected_format() {
    let options = ImportOptions::default();
    let csv = import(b"type,value\ndomain,evil.example\n", &options).expect("csv");
    assert_eq!((csv.format, csv.indicators.len()), (Format::Csv, 1));
    let stix = br#"{"type": "bundle", "objects": [{"type": "url", "id": "url--1", "value": "http://evil.example/"}]}"#;
    let stix = import(stix, &options).expect("stix");
    assert_eq!(
        (stix.format, stix.indicators.len()),
        (Format::StixBundle, 1)
    );
    let misp = import(br#"{"Event": {"Attribute": [{"type": "md5", "value": "d41d8cd98f00b204e9800998ecf8427e"}]}}"#, &options)
        .expect("misp");
    assert_eq!((misp.format, misp.indicators.len()), (Format::MispEvent, 1));
    let unknown = import(b"just some text", &options).unwrap_err();
    assert!(
        unknown
            .to_string()
            .starts_with("cannot tell what this file is")
    );
}
