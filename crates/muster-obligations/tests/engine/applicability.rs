//! Which regimes an incident's facts bring in: `applies`, `may-apply` while personal data is
//! unknown, `no-longer-applies` once re-classified, and nothing at all for rules that never did.

use std::collections::BTreeSet;

use muster_obligations::{Applicability, Facts, PersonalData, RuleSet, RuleStatus, evaluate};

use crate::support::*;

fn regimes(f: &Facts, now: &str) -> BTreeSet<(String, Applicability)> {
    evaluate(&RuleSet::shipped(), f, ts(now))
        .into_iter()
        .map(|o| (o.regime, o.applicability))
        .collect()
}

fn eu_privacy(pd: PersonalData) -> Facts {
    let mut f = Facts::new(tz("Europe/Berlin"));
    f.personal_data = pd;
    f.subject_jurisdictions.insert("de".to_owned());
    f
}

#[test]
fn personal_data_yes_in_the_eu_brings_gdpr_33_and_34() {
    let got = regimes(&eu_privacy(PersonalData::Yes), "2026-12-05T00:00:00Z");
    let want: BTreeSet<_> = [
        ("gdpr-art-33".to_owned(), Applicability::Applies),
        ("gdpr-art-34".to_owned(), Applicability::Applies),
    ]
    .into();
    assert_eq!(got, want);
}

#[test]
fn unknown_personal_data_may_apply() {
    let got = regimes(&eu_privacy(PersonalData::Unknown), "2026-12-05T00:00:00Z");
    assert!(
        got.contains(&("gdpr-art-33".to_owned(), Applicability::MayApply)),
        "{got:?}"
    );
    assert!(
        got.contains(&("gdpr-art-34".to_owned(), Applicability::MayApply)),
        "{got:?}"
    );
}

#[test]
fn reclassified_no_says_no_longer_applies_rather_than_vanishing() {
    let mut f = eu_privacy(PersonalData::No);
    assert!(regimes(&f, "2026-12-05T00:00:00Z").is_empty());
    f.previously_applied.insert("gdpr-art-33".to_owned());
    let got = regimes(&f, "2026-12-05T00:00:00Z");
    let want: BTreeSet<_> = [("gdpr-art-33".to_owned(), Applicability::NoLongerApplies)].into();
    assert_eq!(got, want);
}

#[test]
fn jurisdiction_and_sector_conditions() {
    let mut f = Facts::new(tz("America/New_York"));
    f.security = true;
    f.personal_data = PersonalData::No;
    f.organisation_jurisdictions.insert("us-ny".to_owned());
    // A New York financial entity: NYDFS; not the banking rule without its sector tag.
    f.sectors.insert("financial-entity".to_owned());
    let got = regimes(&f, "2026-12-05T00:00:00Z");
    assert!(
        got.contains(&("nydfs-500-17".to_owned(), Applicability::Applies)),
        "{got:?}"
    );
    assert!(!got.iter().any(|(r, _)| r == "us-banking-36h"), "{got:?}");
    // NYDFS asks where the organisation is, not where the data subjects are.
    let mut g = Facts::new(tz("America/New_York"));
    g.security = true;
    g.subject_jurisdictions.insert("us-ny".to_owned());
    g.sectors.insert("financial-entity".to_owned());
    assert!(
        !regimes(&g, "2026-12-05T00:00:00Z")
            .iter()
            .any(|(r, _)| r == "nydfs-500-17")
    );
    // The NIS2 rule needs a security incident.
    let mut h = Facts::new(tz("Europe/Berlin"));
    h.organisation_jurisdictions.insert("de".to_owned());
    h.sectors.insert("essential-entity".to_owned());
    assert!(
        !regimes(&h, "2026-12-05T00:00:00Z")
            .iter()
            .any(|(r, _)| r == "nis2-art-23")
    );
    h.security = true;
    assert!(
        regimes(&h, "2026-12-05T00:00:00Z")
            .contains(&("nis2-art-23".to_owned(), Applicability::Applies))
    );
}

#[test]
fn rules_not_yet_effective_are_left_out() {
    let mut f = Facts::new(tz("Europe/Berlin"));
    f.security = true;
    f.organisation_jurisdictions.insert("de".to_owned());
    f.sectors.insert("manufacturer".to_owned());
    let before = regimes(&f, "2026-09-10T12:00:00Z");
    assert!(
        !before.iter().any(|(r, _)| r.starts_with("cra-")),
        "{before:?}"
    );
    let after = regimes(&f, "2026-09-11T12:00:00Z");
    assert!(after.contains(&(
        "cra-art-14-vulnerability".to_owned(),
        Applicability::Applies
    )));
    assert!(after.contains(&("cra-art-14-incident".to_owned(), Applicability::Applies)));
}

#[test]
fn obligations_carry_their_rule_metadata() {
    let f = every_rule_applies("America/Chicago");
    let all = evaluate(&RuleSet::shipped(), &f, ts("2026-12-05T00:00:00Z"));
    let circia = obligation(&all, "circia");
    assert_eq!(circia.rule_status, RuleStatus::Proposed);
    assert!(!circia.verified);
    let gdpr = obligation(&all, "gdpr-art-33");
    assert!(gdpr.verified);
    assert_eq!(gdpr.recipient, "lead supervisory authority");
    assert_eq!(
        gdpr.legal_basis,
        "Regulation (EU) 2016/679 (GDPR), Article 33"
    );
    assert_eq!(gdpr.rule_version.to_string(), "1");
    let hipaa = obligation(&all, "hipaa-breach");
    assert_eq!(
        stage(hipaa, "media").recipients,
        vec!["prominent media outlets serving the state".to_owned()]
    );
    // Verified only where the reference confirmed the legal text.
    let unverified: BTreeSet<&str> = all
        .iter()
        .filter(|o| !o.verified)
        .map(|o| o.regime.as_str())
        .collect();
    let want: BTreeSet<&str> = [
        "uk-gdpr-art-33",
        "uk-pecr-reg-5a",
        "sec-8k-item-1-05",
        "cert-in-6h",
        "lgpd-art-48",
        "pdpa-sg-26d",
        "au-ndb",
        "pipeda-10-1",
        "circia",
    ]
    .into();
    assert_eq!(unverified, want);
    assert!(
        all.iter()
            .filter(|o| !o.verified)
            .all(|o| o.verification_note.is_some())
    );
}
