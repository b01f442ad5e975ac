//! Every type's validation and normalisation, and its refusals in words.

use muster_indicators::{IndicatorError, IndicatorType as T, normalise};

fn ok(ty: T, raw: &str) -> String {
    match normalise(&ty, raw) {
        Ok(v) => v.into_string(),
        Err(e) => panic!("{ty} {raw:?} refused: {e}"),
    }
}

fn refused(ty: T, raw: &str) -> String {
    match normalise(&ty, raw) {
        Ok(v) => panic!("{ty} {raw:?} accepted as {v}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn ipv4_is_accepted_plain_and_defanged() {
    assert_eq!(ok(T::Ipv4, " 203.0.113.7 "), "203.0.113.7");
    assert_eq!(ok(T::Ipv4, "203.0.113[.]7"), "203.0.113.7");
    assert_eq!(ok(T::Ipv4, "203(.)0(.)113(.)7"), "203.0.113.7");
    assert_eq!(ok(T::Ipv4, "203[dot]0{.}113[DOT]7"), "203.0.113.7");
    assert_eq!(ok(T::Ipv4, "0.0.0.0"), "0.0.0.0");
}

#[test]
fn ipv4_refusals_name_the_octet() {
    assert_eq!(
        refused(T::Ipv4, "203.0.113.256"),
        "not an IPv4 address: octet 256 is above 255"
    );
    assert_eq!(
        refused(T::Ipv4, "010.1.1.1"),
        "not an IPv4 address: octet `010` has a leading zero, which some tools read as octal"
    );
    assert_eq!(
        refused(T::Ipv4, "203.0.113"),
        "not an IPv4 address: `203.0.113` has 3 parts; an IPv4 address has 4 octets separated by dots"
    );
    assert_eq!(
        refused(T::Ipv4, "203.0.x.7"),
        "not an IPv4 address: octet `x` is not a number"
    );
    assert_eq!(
        refused(T::Ipv4, "203..113.7"),
        "not an IPv4 address: `203..113.7` has an empty octet"
    );
    assert_eq!(refused(T::Ipv4, "   "), "the ipv4 value is empty");
}

#[test]
fn ipv6_is_compressed_to_rfc_5952() {
    assert_eq!(
        ok(T::Ipv6, "2001:0DB8:0000:0000:0000:0000:0000:0001"),
        "2001:db8::1"
    );
    assert_eq!(ok(T::Ipv6, "2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
    assert_eq!(ok(T::Ipv6, "[2001:db8::7]"), "2001:db8::7");
    assert_eq!(ok(T::Ipv6, "2001[:]db8[:][:]7"), "2001:db8::7");
    assert_eq!(ok(T::Ipv6, "::FFFF:203.0.113.7"), "::ffff:203.0.113.7");
}

#[test]
fn ipv6_refusals() {
    assert!(refused(T::Ipv6, "fe80::1%eth0").contains("zone id"));
    assert!(refused(T::Ipv6, "203.0.113.7").contains("has no colons"));
    assert!(
        refused(T::Ipv6, "2001:db8::1::2")
            .starts_with("not an IPv6 address: `2001:db8::1::2` is not eight groups")
    );
    assert!(refused(T::Ipv6, "2001:db8:g::1").starts_with("not an IPv6 address"));
}

#[test]
fn cidr_is_canonical_and_host_bits_are_refused() {
    assert_eq!(ok(T::Cidr, "203.0.113.0/24"), "203.0.113.0/24");
    assert_eq!(ok(T::Cidr, "203.0.113[.]0/24"), "203.0.113.0/24");
    assert_eq!(ok(T::Cidr, "2001:DB8:0::/32"), "2001:db8::/32");
    assert_eq!(ok(T::Cidr, "0.0.0.0/0"), "0.0.0.0/0");
    assert_eq!(ok(T::Cidr, "203.0.113.7/32"), "203.0.113.7/32");
    assert_eq!(
        refused(T::Cidr, "203.0.113.7/24"),
        "not a CIDR block: 203.0.113.7/24 has host bits set; its network is 203.0.113.0/24"
    );
    assert_eq!(
        refused(T::Cidr, "2001:db8::1/64"),
        "not a CIDR block: 2001:db8::1/64 has host bits set; its network is 2001:db8::/64"
    );
    assert_eq!(
        refused(T::Cidr, "203.0.113.0/33"),
        "not a CIDR block: prefix length 33 is above 32 for IPv4"
    );
    assert!(refused(T::Cidr, "203.0.113.0").contains("has no prefix length"));
    assert!(refused(T::Cidr, "203.0.113.0/x").contains("prefix length `x` is not a number"));
    assert!(refused(T::Cidr, "010.0.0.0/8").contains("leading zero"));
}

#[test]
fn domains_are_lower_cased_without_the_root_dot() {
    assert_eq!(ok(T::Domain, "Evil.EXAMPLE."), "evil.example");
    assert_eq!(ok(T::Domain, "evil[.]example"), "evil.example");
    assert_eq!(ok(T::Domain, "_dmarc.evil.example"), "_dmarc.evil.example");
    assert_eq!(
        ok(T::Domain, "xn--bcher-kva.example"),
        "xn--bcher-kva.example"
    );
    assert_eq!(ok(T::Domain, "BÜCHER.example"), "bücher.example");
}

#[test]
fn domain_refusals() {
    assert!(refused(T::Domain, "localhost").contains("is a single label"));
    assert!(refused(T::Domain, "evil..example").contains("has an empty label"));
    assert!(refused(T::Domain, "-evil.example").contains("starts or ends with a hyphen"));
    assert!(refused(T::Domain, "evil example.com").contains("contains a space"));
    assert!(refused(T::Domain, "http://evil.example").contains("looks like a URL"));
    assert!(refused(T::Domain, "a@evil.example").contains("looks like an email address"));
    assert!(refused(T::Domain, "1.2.3.4").contains("ends in a number"));
    let long_label = format!("{}.example", "a".repeat(64));
    assert!(refused(T::Domain, &long_label).contains("is 64 bytes long; at most 63"));
}

#[test]
fn urls_keep_their_path_and_lower_case_scheme_and_host() {
    assert_eq!(
        ok(T::Url, "hxxps://Evil[.]Example/Path/A.php?Q=1#F"),
        "https://evil.example/Path/A.php?Q=1#F"
    );
    assert_eq!(ok(T::Url, "hXXp://evil[.]example"), "http://evil.example/");
    assert_eq!(
        ok(T::Url, "http[:]//evil[.]example/x"),
        "http://evil.example/x"
    );
    assert_eq!(
        ok(T::Url, "HTTP://user:Pw@EVIL.example:8080/a/../b"),
        "http://user:Pw@evil.example:8080/a/../b"
    );
    assert_eq!(
        ok(T::Url, "http://[2001:DB8::0:1]:443/x"),
        "http://[2001:db8::1]:443/x"
    );
    assert_eq!(
        ok(T::Url, "fxp://files.evil.example/x"),
        "ftp://files.evil.example/x"
    );
    assert_eq!(ok(T::Url, "http://203.0.113.7?x"), "http://203.0.113.7/?x");
}

#[test]
fn url_refusals() {
    assert!(refused(T::Url, "evil.example/x").contains("has no scheme"));
    assert!(
        refused(T::Url, "http://evil.example/a b").contains("contains a space; percent-encode it")
    );
    assert!(refused(T::Url, "http:///x").contains("has no host"));
    assert_eq!(
        refused(T::Url, "http://evil.example:99999/"),
        "not a URL: port 99999 is above 65535"
    );
    assert!(refused(T::Url, "http://010.0.0.1/").contains("leading zero"));
    assert!(refused(T::Url, "http://ev!l.example/").contains("its host"));
}

#[test]
fn email_lower_cases_the_domain_only() {
    assert_eq!(ok(T::Email, "Mallory@Evil.EXAMPLE"), "Mallory@evil.example");
    assert_eq!(
        ok(T::Email, "mallory[at]evil[.]example"),
        "mallory@evil.example"
    );
    assert_eq!(
        ok(T::Email, "mallory[@]evil(.)example"),
        "mallory@evil.example"
    );
    assert_eq!(
        ok(T::Email, "mailto:mallory@evil.example"),
        "mallory@evil.example"
    );
    assert!(refused(T::Email, "mallory.evil.example").contains("has no @"));
    assert!(refused(T::Email, "@evil.example").contains("nothing before the @"));
    assert!(refused(T::Email, "mal lory@evil.example").contains("contains a space"));
    assert_eq!(
        refused(T::Email, "mallory@localhost"),
        "not an email address: its domain: `localhost` is a single label; a domain has at least two, as in example.com (use the host type for a bare name)"
    );
}

#[test]
fn hashes_are_lower_case_hex_of_the_exact_length() {
    let sha256 = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
    assert_eq!(ok(T::Sha256, sha256), sha256.to_lowercase());
    assert_eq!(
        ok(T::Md5, "D41D8CD98F00B204E9800998ECF8427E"),
        "d41d8cd98f00b204e9800998ecf8427e"
    );
    assert_eq!(ok(T::Sha1, &"A".repeat(40)), "a".repeat(40));
    assert_eq!(ok(T::Sha512, &"0f".repeat(64)), "0f".repeat(64));
    assert_eq!(
        refused(T::Sha256, &sha256[1..]),
        "sha256 must be 64 hex digits; got 63"
    );
    assert_eq!(
        refused(T::Md5, &"a".repeat(40)),
        "md5 must be 32 hex digits; got 40"
    );
    assert_eq!(
        refused(T::Sha1, &format!("{}g", "a".repeat(39))),
        "sha1 must be hex digits (0-9, a-f); `g` at position 40 is not one"
    );
}

#[test]
fn cve_ids_are_upper_cased_and_checked_by_form() {
    assert_eq!(ok(T::Cve, "cve-2024-3094"), "CVE-2024-3094");
    assert_eq!(ok(T::Cve, "CVE-2021-44228"), "CVE-2021-44228");
    assert_eq!(ok(T::Cve, "CVE-2024-1234567"), "CVE-2024-1234567");
    let short = refused(T::Cve, "CVE-2024-123");
    assert!(
        short.starts_with("not a CVE id: expected CVE-YYYY-NNNN"),
        "{short}"
    );
    assert!(refused(T::Cve, "2024-3094").contains("got `2024-3094`"));
    assert!(refused(T::Cve, "CVE-24-3094").starts_with("not a CVE id"));
    assert_eq!(
        refused(T::Cve, "CVE-1990-0001"),
        "not a CVE id: the year 1990 is before 1999, when CVE ids began"
    );
}

#[test]
fn registry_keys_use_the_full_hive_name() {
    assert_eq!(
        ok(
            T::RegistryKey,
            r"hklm\Software\Microsoft\Windows\CurrentVersion\Run\"
        ),
        r"HKEY_LOCAL_MACHINE\Software\Microsoft\Windows\CurrentVersion\Run"
    );
    assert_eq!(
        ok(T::RegistryKey, r"HKCU\\Software\\Evil"),
        r"HKEY_CURRENT_USER\Software\Evil"
    );
    assert_eq!(
        ok(T::RegistryKey, r"hkey_users\S-1-5-18"),
        r"HKEY_USERS\S-1-5-18"
    );
    assert_eq!(ok(T::RegistryKey, "HKCR"), "HKEY_CLASSES_ROOT");
    assert_eq!(
        refused(T::RegistryKey, r"SOFTWARE\Evil"),
        "not a registry key: it must start with a hive such as HKEY_LOCAL_MACHINE or HKLM; got `SOFTWARE`"
    );
}

#[test]
fn hosts_accept_single_labels_and_addresses() {
    assert_eq!(ok(T::Host, "LAPTOP-042"), "laptop-042");
    assert_eq!(ok(T::Host, "db1.corp.example."), "db1.corp.example");
    assert_eq!(ok(T::Host, "10.0.0.5"), "10.0.0.5");
    assert_eq!(ok(T::Host, "2001:DB8::5"), "2001:db8::5");
    assert!(refused(T::Host, "laptop 42").starts_with("not a host name"));
    assert_eq!(
        refused(T::Host, "laptop-42:3389"),
        "not a host name: `laptop-42:3389` contains `:`, which a host name cannot"
    );
    assert!(refused(T::Host, "010.0.0.5").contains("leading zero"));
}

#[test]
fn free_text_types_keep_their_case_and_refuse_control_characters() {
    assert_eq!(ok(T::Account, r" CORP\alice "), r"CORP\alice");
    assert_eq!(ok(T::FileName, "Invoice[.]pdf.exe"), "Invoice[.]pdf.exe");
    assert_eq!(
        ok(T::Process, "powershell.exe -enc AAAA"),
        "powershell.exe -enc AAAA"
    );
    assert_eq!(
        ok(T::UserAgent, "Mozilla/5.0 (Windows NT 10.0)"),
        "Mozilla/5.0 (Windows NT 10.0)"
    );
    assert_eq!(
        refused(T::FileName, "evil\u{0}.exe"),
        "the file-name value contains a control character (U+0000) at byte 4"
    );
    let huge = "a".repeat(9000);
    assert_eq!(
        refused(T::UserAgent, &huge),
        "the user-agent value is 9000 bytes long; at most 8192 are allowed"
    );
}

#[test]
fn custom_types_match_their_whole_pattern() {
    let ty = T::custom("ticket", r"[A-Z]{3}-\d{4}").expect("a valid custom type");
    assert_eq!(ok(ty.clone(), " ABC-1234 "), "ABC-1234");
    assert_eq!(
        refused(ty.clone(), "xABC-1234"),
        r"not a ticket: `xABC-1234` does not match the organisation's pattern `[A-Z]{3}-\d{4}`"
    );
    assert!(
        normalise(&ty, "ABC-12345").is_err(),
        "the pattern is anchored at the end"
    );
    assert!(matches!(
        T::custom("ticket", "(["),
        Err(IndicatorError::BadPattern { .. })
    ));
    assert!(
        T::custom("sha256", ".*")
            .unwrap_err()
            .to_string()
            .contains("built-in")
    );
    assert!(
        T::custom("Bad Name", ".*")
            .unwrap_err()
            .to_string()
            .contains("kebab-case")
    );
}

#[test]
fn type_names_are_kebab_case_and_parse_back() {
    let custom = vec![T::custom("ticket", ".+").expect("valid")];
    for ty in muster_indicators::BUILT_IN_TYPES {
        assert_eq!(T::parse(ty.name(), &custom).expect("parses"), ty);
    }
    assert_eq!(T::FileName.name(), "file-name");
    assert_eq!(T::RegistryKey.to_string(), "registry-key");
    assert_eq!(
        T::parse("ticket", &custom).expect("custom").name(),
        "ticket"
    );
    assert_eq!(
        T::parse("nope", &custom).unwrap_err().to_string(),
        "unknown indicator type `nope`"
    );
    assert_eq!(
        serde_json::to_string(&T::UserAgent).expect("json"),
        "\"user-agent\""
    );
}

#[test]
fn normalising_is_idempotent() {
    let samples = [
        (T::Ipv4, "203.0.113[.]7"),
        (T::Ipv6, "2001:0DB8::0001"),
        (T::Cidr, "2001:DB8::/32"),
        (T::Domain, "Evil.Example."),
        (T::Url, "hxxps://Evil[.]Example"),
        (T::Email, "A@B[.]EXAMPLE"),
        (T::Sha256, &"AB".repeat(32)),
        (T::Cve, "cve-2024-3094"),
        (T::RegistryKey, r"hklm\Software"),
        (T::Host, "HOST-1"),
    ];
    for (ty, raw) in samples {
        let once = ok(ty.clone(), raw);
        assert_eq!(ok(ty.clone(), &once), once, "{ty} {raw:?}");
    }
}
