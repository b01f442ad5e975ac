//! Guessing the type of untyped values in bulk imports.

use muster_indicators::{IndicatorType as T, guess_type};

#[test]
fn each_form_is_guessed() {
    let cases = [
        ("203.0.113.7", Some(T::Ipv4)),
        ("203.0.113[.]7", Some(T::Ipv4)),
        ("2001:db8::7", Some(T::Ipv6)),
        ("203.0.113.0/24", Some(T::Cidr)),
        ("2001:db8::/32", Some(T::Cidr)),
        ("hxxps://evil[.]example/x", Some(T::Url)),
        ("mallory@evil.example", Some(T::Email)),
        ("evil.example", Some(T::Domain)),
        ("cve-2024-3094", Some(T::Cve)),
        (&"a".repeat(32), Some(T::Md5)),
        (&"B".repeat(40), Some(T::Sha1)),
        (&"c".repeat(64), Some(T::Sha256)),
        (&"d".repeat(128), Some(T::Sha512)),
        (r"HKLM\Software\Evil", Some(T::RegistryKey)),
    ];
    for (raw, expected) in cases {
        assert_eq!(guess_type(raw), expected, "{raw}");
    }
}

#[test]
fn unclear_values_are_not_guessed() {
    for raw in [
        "",
        "hello world",
        "invoice.pdf.exe x",
        "203.0.113.256",
        "abc",
        "010.1.1.1",
        "CVE-12",
        // A character across the fourth byte once made the CVE check panic.
        "ab\u{20ac}d",
        "\u{10ffff}",
    ] {
        assert_eq!(guess_type(raw), None, "{raw}");
    }
}
