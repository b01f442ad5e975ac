//! One incident's indicators, at every TLP level and of every type, shared
//! by the export tests.

use jiff::Timestamp;
use muster_indicators::{
    AttackId, ExportIncident, ExportIndicator, ExportInput, ExportSighting, IndicatorType as T,
    Pap, Tlp, normalise,
};
use std::collections::BTreeMap;

pub(crate) fn at(text: &str) -> Timestamp {
    text.parse().expect("a test time")
}

pub(crate) fn indicator(ty: T, raw: &str, tlp: Tlp, ioc: bool) -> ExportIndicator {
    ExportIndicator {
        id: None,
        value: normalise(&ty, raw).expect("a valid test value"),
        ty,
        tlp,
        pap: None,
        ioc,
        tags: Vec::new(),
        first_seen: None,
        last_seen: None,
        comment: None,
        attack: Vec::new(),
        sightings: Vec::new(),
    }
}

pub(crate) fn input(tlp: Tlp) -> ExportInput {
    let mut c2 = indicator(T::Ipv4, "203.0.113.7", Tlp::Amber, true);
    c2.tags = vec!["c2".into()];
    c2.comment = Some("beaconing every 60 s".into());
    c2.first_seen = Some(at("2026-12-03T02:10:00Z"));
    c2.last_seen = Some(at("2026-12-03T04:00:00Z"));
    c2.pap = Some(Pap::Green);
    c2.attack = vec![AttackId::Technique(1071), AttackId::Tactic(11)];
    c2.sightings = vec![
        ExportSighting {
            seen_at: at("2026-12-03T02:10:00Z"),
            seen_until: Some(at("2026-12-03T02:40:00Z")),
            count: 30,
            seen_on: Some("proxy-1".into()),
            seen_by: Some("the SOC".into()),
        },
        ExportSighting {
            seen_at: at("2026-12-03T03:55:00Z"),
            seen_until: None,
            count: 1,
            seen_on: None,
            seen_by: None,
        },
    ];
    let mut phish = indicator(
        T::Url,
        "hxxps://login.evil[.]example/o365",
        Tlp::Green,
        true,
    );
    phish.attack = vec![AttackId::SubTechnique(1566, 2)];
    let mut secret = indicator(T::Domain, "insider.evil.example", Tlp::Red, true);
    secret.sightings = vec![ExportSighting {
        seen_at: at("2026-12-03T05:00:00Z"),
        seen_until: None,
        count: 2,
        seen_on: Some("dns-1".into()),
        seen_by: None,
    }];
    let mut our_laptop = indicator(T::Host, "LAPTOP-042", Tlp::AmberStrict, false);
    our_laptop.comment = Some("the laptop that ran the dropper".into());
    let indicators = vec![
        c2,
        phish,
        secret,
        indicator(T::Ipv6, "2001:db8::7", Tlp::Clear, true),
        indicator(T::Cidr, "198.51.100.0/24", Tlp::Green, true),
        indicator(T::Email, "billing@evil.example", Tlp::Green, true),
        indicator(T::Md5, "d41d8cd98f00b204e9800998ecf8427e", Tlp::Green, true),
        indicator(
            T::Sha1,
            &"da39a3ee5e6b4b0d3255bfef95601890afd80709".to_uppercase(),
            Tlp::Green,
            true,
        ),
        indicator(
            T::Sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            Tlp::Green,
            true,
        ),
        indicator(T::Sha512, &"ab".repeat(64), Tlp::Green, true),
        indicator(T::FileName, "invoice.pdf.exe", Tlp::Green, true),
        indicator(T::Account, r"CORP\svc-backup", Tlp::Amber, true),
        our_laptop,
        indicator(
            T::Process,
            "powershell.exe -nop -enc SQBFAFgA",
            Tlp::Amber,
            true,
        ),
        indicator(T::Process, "rundll32.exe", Tlp::Amber, false),
        indicator(
            T::RegistryKey,
            r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run\updater",
            Tlp::Amber,
            true,
        ),
        indicator(
            T::UserAgent,
            "Mozilla/5.0 (compatible; EvilBot/1.0; it's)",
            Tlp::Green,
            true,
        ),
        indicator(T::Cve, "CVE-2024-3094", Tlp::Clear, false),
        indicator(T::Domain, "cdn.evil.example", Tlp::Green, false),
        indicator(
            T::custom("ticket", r"[A-Z]{3}-\d{4}").expect("valid"),
            "ABC-1234",
            Tlp::Green,
            false,
        ),
    ];
    ExportInput {
        organisation: "Example Org".into(),
        incident: ExportIncident {
            reference: "INC-2026-0007".into(),
            title: "Phishing wave against finance".into(),
            description: Some("Credential phishing, then C2 from one laptop.".into()),
        },
        indicators,
        attack: vec![AttackId::Technique(1078), AttackId::Tactic(1)],
        attack_names: BTreeMap::from([
            (
                AttackId::Technique(1071),
                "Application Layer Protocol".to_owned(),
            ),
            (
                AttackId::SubTechnique(1566, 2),
                "Spearphishing Link".to_owned(),
            ),
        ]),
        tlp,
        exported_at: at("2026-12-03T13:00:00.123Z"),
    }
}
