use jiff::Timestamp;
use jiff::tz::TimeZone;
use muster_obligations::{
    Anchor, Facts, Obligation, PersonalData, RuleSet, StageObligation, evaluate,
};

pub fn ts(s: &str) -> Timestamp {
    s.parse()
        .unwrap_or_else(|e| panic!("bad timestamp {s}: {e}"))
}

pub fn tz(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or_else(|e| panic!("time zone {name}: {e}"))
}

/// A security incident with personal data, in every jurisdiction and sector some shipped rule
/// asks for, so that each rule applies; sectors that trigger exceptions are left out.
pub fn every_rule_applies(zone: &str) -> Facts {
    let mut f = Facts::new(tz(zone));
    f.security = true;
    f.personal_data = PersonalData::Yes;
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
    f.member_state_calendar = Some("de".to_owned());
    f
}

pub fn anchor(f: &mut Facts, a: Anchor, at: &str) {
    f.anchors.insert(a, ts(at));
}

pub fn submit(f: &mut Facts, regime: &str, stage: &str, at: &str) {
    f.submissions
        .insert((regime.to_owned(), stage.to_owned()), ts(at));
}

pub fn obligation<'a>(all: &'a [Obligation], regime: &str) -> &'a Obligation {
    all.iter().find(|o| o.regime == regime).unwrap_or_else(|| {
        panic!(
            "no obligation {regime} among {:?}",
            all.iter().map(|o| &o.regime).collect::<Vec<_>>()
        )
    })
}

pub fn stage<'a>(o: &'a Obligation, id: &str) -> &'a StageObligation {
    o.stages
        .iter()
        .find(|s| s.stage == id)
        .unwrap_or_else(|| panic!("{} has no stage {id}", o.regime))
}

/// Evaluates the shipped rules and returns one stage.
pub fn shipped_stage(facts: &Facts, now: &str, regime: &str, id: &str) -> StageObligation {
    let all = evaluate(&RuleSet::shipped(), facts, ts(now));
    stage(obligation(&all, regime), id).clone()
}

/// Every step of a stage's explanation, clocks' and the stage's own, in order.
pub fn steps(s: &StageObligation) -> Vec<String> {
    let e = &s.computed.explanation;
    e.clocks
        .iter()
        .flat_map(|c| c.steps.iter().cloned())
        .chain(e.steps.iter().cloned())
        .collect()
}

pub fn assert_step(s: &StageObligation, wanted: &str) {
    let all = steps(s);
    assert!(
        all.iter().any(|x| x == wanted),
        "{} has no step {wanted:?}; steps are:\n  {}",
        s.stage,
        all.join("\n  ")
    );
}

/// A fresh, empty directory under the system's temp dir for one test.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("muster-obligations-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}
