//! Defanging for display, and refanging it back.

use muster_indicators::{IndicatorType as T, defang, normalise, refang};

#[test]
fn clickable_types_are_defanged() {
    assert_eq!(
        defang(&T::Url, "https://evil.example/a.b/c"),
        "hxxps://evil[.]example/a.b/c"
    );
    assert_eq!(
        defang(&T::Url, "http://user@evil.example:8080/"),
        "hxxp://user@evil[.]example:8080/"
    );
    assert_eq!(
        defang(&T::Url, "ftp://evil.example/"),
        "fxp://evil[.]example/"
    );
    assert_eq!(
        defang(&T::Url, "ssh://evil.example/"),
        "ssh[://]evil[.]example/"
    );
    assert_eq!(
        defang(&T::Url, "http://[2001:db8::1]/"),
        "hxxp://[2001:db8::1]/"
    );
    assert_eq!(defang(&T::Domain, "evil.example"), "evil[.]example");
    assert_eq!(
        defang(&T::Email, "user@evil.example"),
        "user[@]evil[.]example"
    );
    assert_eq!(defang(&T::Ipv4, "203.0.113.7"), "203.0.113[.]7");
    assert_eq!(defang(&T::Ipv6, "2001:db8::7"), "2001:db8:[:]7");
    assert_eq!(defang(&T::Cidr, "203.0.113.0/24"), "203.0.113[.]0/24");
    assert_eq!(defang(&T::Host, "db1.corp.example"), "db1[.]corp[.]example");
}

#[test]
fn other_types_are_shown_as_they_are() {
    assert_eq!(defang(&T::FileName, "invoice.pdf.exe"), "invoice.pdf.exe");
    assert_eq!(defang(&T::Sha1, &"a".repeat(40)), "a".repeat(40));
    assert_eq!(defang(&T::Host, "laptop-042"), "laptop-042");
}

#[test]
fn a_defanged_value_normalises_back_to_itself() {
    let values = [
        (T::Url, "https://evil.example/x?y=1"),
        (T::Url, "ftp://evil.example/"),
        (T::Url, "ssh://evil.example/"),
        (T::Domain, "a.b.evil.example"),
        (T::Email, "user@evil.example"),
        (T::Ipv4, "203.0.113.7"),
        (T::Ipv6, "2001:db8::7"),
        (T::Ipv6, "::1"),
        (T::Cidr, "2001:db8::/32"),
        (T::Host, "db1.corp.example"),
    ];
    for (ty, value) in values {
        let shown = defang(&ty, value);
        assert_ne!(shown, value, "{ty} {value} is not defanged");
        let back = normalise(&ty, &shown).unwrap_or_else(|e| panic!("{shown}: {e}"));
        assert_eq!(back.as_str(), value);
    }
}

#[test]
fn refang_undoes_every_bracketed_form() {
    assert_eq!(
        refang("hxxps://a[.]b(.)c{.}d[dot]e(DOT)f/x"),
        "https://a.b.c.d.e.f/x"
    );
    assert_eq!(refang("u[at]a[.]b u(@)c{at}d u[@]e"), "u@a.b u@c@d u@e");
    assert_eq!(refang("http[:]//x"), "http://x");
    assert_eq!(refang("HXXP://x"), "http://x");
    assert_eq!(refang("plain [text] (kept)"), "plain [text] (kept)");
}
