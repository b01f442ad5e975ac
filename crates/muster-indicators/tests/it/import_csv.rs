//! CSV import: good rows, and each kind of bad row named by line and field.

use muster_indicators::{
    Format, ImportOptions, IndicatorError, IndicatorType as T, Place, Tlp, import_csv,
};

fn opts() -> ImportOptions {
    ImportOptions {
        custom_types: vec![T::custom("ticket", r"[A-Z]{3}-\d{4}").expect("valid")],
    }
}

#[test]
fn good_rows_are_normalised_with_all_their_columns() {
    let csv = "\u{feff}type,value,tlp,ioc,tags,first_seen,last_seen,comment\n\
        ipv4,203.0.113[.]7,amber,yes,c2; phishing ;c2,2026-12-03T02:10:00Z,2026-12-03T04:00:00+01:00,seen on the proxy\n\
        url,hxxps://Evil[.]Example,TLP:RED,true,,,,\n\
        sha256,\"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855\",,no,,,,\"with, a comma\"\n\
        ,evil.example,,,,,,\n\
        ticket,ABC-1234,,,,,,\n";
    let import = import_csv(csv.as_bytes(), &opts()).expect("readable");
    assert_eq!(import.format, Format::Csv);
    assert_eq!(import.errors, vec![]);
    assert_eq!(import.indicators.len(), 5);
    let ip = &import.indicators[0];
    assert_eq!((ip.ty.clone(), ip.value.as_str()), (T::Ipv4, "203.0.113.7"));
    assert_eq!(ip.tlp, Some(Tlp::Amber));
    assert!(ip.ioc);
    assert_eq!(ip.tags, ["c2", "phishing"]);
    assert_eq!(
        ip.first_seen.expect("first").to_string(),
        "2026-12-03T02:10:00Z"
    );
    assert_eq!(
        ip.last_seen.expect("last").to_string(),
        "2026-12-03T03:00:00Z"
    );
    assert_eq!(ip.comment.as_deref(), Some("seen on the proxy"));
    assert_eq!(import.indicators[1].value.as_str(), "https://evil.example/");
    assert_eq!(import.indicators[1].tlp, Some(Tlp::Red));
    assert_eq!(import.indicators[2].ty, T::Sha256);
    assert!(!import.indicators[2].ioc);
    assert_eq!(import.indicators[2].tlp, None);
    assert_eq!(
        import.indicators[2].comment.as_deref(),
        Some("with, a comma")
    );
    assert_eq!(
        import.indicators[3].ty,
        T::Domain,
        "an empty type is guessed"
    );
    assert_eq!(import.indicators[4].ty.name(), "ticket");
}

#[test]
fn columns_may_come_in_any_order_and_only_type_and_value_are_needed() {
    let csv = "Value,Type\r\nevil.example,domain\r\n\r\n203.0.113.7,ipv4\r\n";
    let import = import_csv(csv.as_bytes(), &opts()).expect("readable");
    let values: Vec<&str> = import.indicators.iter().map(|i| i.value.as_str()).collect();
    assert_eq!(values, ["evil.example", "203.0.113.7"]);
    assert_eq!(
        import.errors,
        vec![],
        "blank lines and CRLF endings are fine"
    );
}

#[test]
fn each_bad_row_is_named_by_line_and_field() {
    let csv = "type,value,tlp,ioc,first_seen,last_seen\n\
        ipv4,203.0.113.256,,,,\n\
        colour,blue,,,,\n\
        domain,evil.example,orange,,,\n\
        domain,evil.example,,perhaps,,\n\
        domain,evil.example,,,yesterday,\n\
        domain,evil.example,,,2026-12-03T02:00:00Z,2026-12-03T01:00:00Z\n\
        domain,evil.example,,,,,extra\n\
        ,hello world,,,,\n\
        domain,good.example,,,,\n";
    let import = import_csv(csv.as_bytes(), &opts()).expect("readable");
    let shown: Vec<String> = import.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "line 2, field `value`: not an IPv4 address: octet 256 is above 255",
            "line 3, field `type`: unknown indicator type `colour`",
            "line 4, field `tlp`: not a TLP level: `orange`; expected clear, green, amber, amber+strict or red",
            "line 5, field `ioc`: `perhaps` is not yes or no (true/false, 1/0)",
            "line 6, field `first_seen`: `yesterday` is not a time with a zone offset, as in 2026-12-03T02:10:00Z",
            "line 7, field `last_seen`: 2026-12-03T01:00:00Z is before first_seen 2026-12-03T02:00:00Z",
            "line 8: has 7 fields; the header has 6",
            "line 9, field `type`: is empty and the type of the value cannot be guessed; name it",
        ]
    );
    assert_eq!(import.indicators.len(), 1, "the good row still imports");
    assert_eq!(import.indicators[0].value.as_str(), "good.example");
    assert_eq!(import.errors[0].place, Place::Line(2));
    assert_eq!(import.errors[0].field.as_deref(), Some("value"));
}

#[test]
fn a_row_with_several_problems_reports_each() {
    let csv = "type,value,tlp\nipv4,1.2.3,purple\n";
    let import = import_csv(csv.as_bytes(), &opts()).expect("readable");
    let fields: Vec<_> = import.errors.iter().map(|e| e.field.as_deref()).collect();
    assert_eq!(fields, [Some("value"), Some("tlp")]);
}

#[test]
fn invalid_utf8_is_a_row_error_and_later_rows_still_import() {
    let mut csv = b"type,value\ndomain,ev\xffil.example\n".to_vec();
    csv.extend_from_slice(b"domain,good.example\n");
    let import = import_csv(&csv, &opts()).expect("readable");
    assert_eq!(import.errors.len(), 1);
    assert_eq!(
        import.errors[0].to_string(),
        "line 2: is not valid UTF-8 text"
    );
    assert_eq!(import.indicators.len(), 1);
}

#[test]
fn a_file_without_a_usable_header_is_refused() {
    let no_header = import_csv(b"ipv4,203.0.113.7\n", &opts()).unwrap_err();
    assert!(
        matches!(&no_header, IndicatorError::BadDocument(m) if m.contains("unknown column `ipv4`")),
        "{no_header}"
    );
    let missing_value = import_csv(b"type,tlp\nipv4,red\n", &opts()).unwrap_err();
    assert!(
        missing_value
            .to_string()
            .contains("no header row naming `type` and `value`")
    );
    let twice = import_csv(b"type,value,value\n", &opts()).unwrap_err();
    assert_eq!(
        twice.to_string(),
        "the CSV header names the column `value` twice"
    );
    let empty = import_csv(b"", &opts()).unwrap_err();
    assert!(empty.to_string().starts_with("the CSV file is empty"));
}
