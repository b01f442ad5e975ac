//! The cost of an incident's obligations beside the cost of reading it.
//!
//! An incident of 1,000 log entries (declared as a privacy and security
//! incident at an organisation established in Germany and the US, with its
//! anchors recorded and two notes a minute) is built with the domain's own
//! decisions; then, in the same run, are timed:
//! - baseline: reading it cold, folding its 1,000 entries into state (what a
//!   read does when the state is not cached);
//! - baseline: cloning the folded state (less than a cached read costs);
//! - `obligations`: every obligation it may owe under all shipped rules,
//!   with each stage's deadline and explanation (what `GET
//!   /api/incidents/{ref}/obligations` computes), per regime and in all;
//! - `clocks`: the running deadlines only.
//!
//! Run: `cargo bench -p muster-app --bench obligations` (`MUSTER_BENCH_N`
//! rounds, default 2000).

use jiff::{SignedDuration, Timestamp};
use muster_domain::{
    Anchor, Command, Context, Declaration, IncidentState, PersonRef, PersonalData, Policy, Role,
    decide, declare,
};
use std::hint::black_box;
use std::time::Instant;
use uuid::Uuid;

fn person(n: u128, name: &str, tags: &[&str]) -> PersonRef {
    PersonRef {
        id: Uuid::from_u128(n),
        name: name.into(),
        expertise: tags.iter().map(|t| t.to_string()).collect(),
        chat_handle: None,
    }
}

fn build(policy: &Policy) -> (IncidentState, Vec<muster_domain::LogEntry>) {
    let im = person(1, "Imogen", &[]);
    let privacy = person(2, "Priya", &["data-privacy"]);
    let analyst = person(3, "Ana", &["security-analyst"]);
    let start = Timestamp::now() - SignedDuration::from_hours(10);
    let ctx = |actor: &PersonRef, now: Timestamp| Context {
        actor: actor.clone(),
        admin: false,
        now,
        policy,
    };
    let d = Declaration {
        reference: "INC-2026-0001".into(),
        title: "Customer database copied to an unknown host".into(),
        severity: "SEV-1".into(),
        category: "data-breach".into(),
        security: true,
        personal_data: PersonalData::Yes,
        restricted: None,
        source: "SIEM".into(),
        hypothesis: "stolen admin credentials".into(),
        report: None,
        incident_manager: None,
        team: vec![(privacy.clone(), Role::Sme), (analyst.clone(), Role::Sme)],
    };
    let (events, _) = declare(Uuid::from_u128(9), &ctx(&im, start), d).expect("declare");
    let mut state = IncidentState::new(Uuid::from_u128(9));
    let mut log = Vec::new();
    for e in &events {
        log.push(state.append(&im, start, None, e));
    }
    let run = |log: &mut Vec<muster_domain::LogEntry>,
               state: &mut IncidentState,
               actor: &PersonRef,
               at: Timestamp,
               c: Command| {
        for e in decide(state, &ctx(actor, at), c).expect("accepted") {
            log.push(state.append(actor, at, None, &e));
        }
    };
    for (i, anchor) in [
        Anchor::Detected,
        Anchor::Aware,
        Anchor::ClassifiedMajor,
        Anchor::MaterialityDetermined,
        Anchor::Discovered,
    ]
    .into_iter()
    .enumerate()
    {
        let at = start + SignedDuration::from_mins(10 * i as i64);
        run(
            &mut log,
            &mut state,
            &privacy,
            at,
            Command::RecordAnchor { anchor, at },
        );
    }
    let mut i = 0;
    while log.len() < 1000 {
        let at = start + SignedDuration::from_secs(60 + 30 * i);
        run(
            &mut log,
            &mut state,
            &analyst,
            at,
            Command::AddNote {
                text: format!("note {i}"),
            },
        );
        i += 1;
    }
    (state, log)
}

fn time<T>(rounds: u32, mut f: impl FnMut() -> T) -> f64 {
    let t = Instant::now();
    for _ in 0..rounds {
        black_box(f());
    }
    t.elapsed().as_secs_f64() * 1e6 / f64::from(rounds)
}

fn main() {
    let rounds: u32 = std::env::var("MUSTER_BENCH_N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    let mut policy = Policy::default();
    policy.obligations.jurisdictions = vec!["de".into(), "us".into(), "us-ny".into()];
    policy.obligations.sectors = vec!["financial-entity".into(), "listed-company".into()];
    policy.obligations.time_zone = "Europe/Berlin".into();
    policy.obligations.member_state = Some("de".into());
    let (state, log) = build(&policy);
    let now = Timestamp::now();
    let regimes = muster_app::obligations::obligations(&state, &policy, now).len();
    let fold = time(rounds / 10 + 1, || {
        IncidentState::fold(state.id, &log).expect("fold")
    });
    let clone = time(rounds, || state.clone());
    let obligations = time(rounds, || {
        muster_app::obligations::obligations(&state, &policy, now)
    });
    let clocks = time(rounds, || {
        muster_app::obligations::clocks(&state, &policy, now)
    });
    println!(
        "incident: {} entries; {regimes} regimes apply or may apply; {rounds} rounds",
        log.len()
    );
    println!("baseline: fold 1,000 entries (a cold read)   {fold:>9.1} µs");
    println!("baseline: clone the folded state             {clone:>9.1} µs");
    println!("obligations, all regimes                     {obligations:>9.1} µs");
    println!(
        "obligations, per regime                      {:>9.1} µs",
        obligations / regimes.max(1) as f64
    );
    println!("clocks (running deadlines only)              {clocks:>9.1} µs");
}
