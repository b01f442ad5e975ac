//! How long `evaluate` takes per shipped regime, beside a baseline measured in the same run:
//! cloning the `Facts` (what the caller pays just to hand the incident's facts over).
//!
//! `cargo bench -p muster-obligations --bench evaluate`

use std::hint::black_box;
use std::time::Instant;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use muster_obligations::{Anchor, Facts, PersonalData, RuleSet, evaluate};

fn facts() -> Facts {
    let tz = TimeZone::get("Europe/Berlin").expect("tz database");
    let mut f = Facts::new(tz);
    f.security = true;
    f.personal_data = PersonalData::Yes;
    // Every jurisdiction and sector a shipped rule asks for, so every rule applies.
    for j in ["de", "uk", "us", "us-ny", "in", "br", "sg", "au", "ca"] {
        f.subject_jurisdictions.insert(j.to_owned());
        f.organisation_jurisdictions.insert(j.to_owned());
    }
    for s in [
        "financial-entity",
        "essential-entity",
        "manufacturer",
        "listed-company",
        "covered-entity",
        "banking-organization",
        "communications-provider",
        "critical-infrastructure",
    ] {
        f.sectors.insert(s.to_owned());
    }
    let t: Timestamp = "2026-12-04T09:30:00Z".parse().expect("timestamp");
    for a in Anchor::ALL {
        f.anchors.insert(a, t);
    }
    f.submissions
        .insert(("dora-art-19".into(), "initial-notification".into()), t);
    f.submissions
        .insert(("nis2-art-23".into(), "notification".into()), t);
    f.member_state_calendar = Some("de".into());
    f
}

fn time<R>(label: &str, iterations: u32, per: usize, mut f: impl FnMut() -> R) -> f64 {
    for _ in 0..iterations / 10 {
        black_box(f());
    }
    let start = Instant::now();
    for _ in 0..iterations {
        black_box(f());
    }
    let ns = start.elapsed().as_nanos() as f64 / f64::from(iterations) / per as f64;
    println!("{label:<44} {ns:>10.0} ns");
    ns
}

fn main() {
    let rules = RuleSet::shipped();
    let facts = facts();
    let now: Timestamp = "2026-12-05T10:00:00Z".parse().expect("timestamp");
    let regimes = evaluate(&rules, &facts, now).len();
    assert_eq!(
        regimes,
        rules.rules().len(),
        "every shipped rule should apply to these facts"
    );
    println!(
        "{regimes} regimes, {} stages",
        rules.rules().iter().map(|r| r.stages.len()).sum::<usize>()
    );
    let iterations = 2_000;
    let baseline = time("baseline: clone the Facts", iterations * 10, 1, || {
        facts.clone()
    });
    let all = time(
        "evaluate, all shipped rules (per call)",
        iterations,
        1,
        || evaluate(&rules, &facts, now),
    );
    let per = time("evaluate, per regime", iterations, regimes, || {
        evaluate(&rules, &facts, now)
    });
    for rule in rules.rules() {
        let one = RuleSet::empty(rules.calendars().clone()).with_rule(rule.clone());
        time(&format!("  {}", rule.id), iterations, 1, || {
            evaluate(&one, &facts, now)
        });
    }
    println!(
        "per regime: {:.1} us ({:.0}x the Facts clone); all: {:.1} us",
        per / 1000.0,
        per / baseline,
        all / 1000.0
    );
}
