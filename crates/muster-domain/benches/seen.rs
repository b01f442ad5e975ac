//! "Have we seen this before?" two ways: a scan of every folded state's
//! indicators for the value (how `muster-app` first answered it), and a
//! hash index of value → (incident, indicator), the shape of the index it
//! now reads (`muster-app/src/seen_index.rs`) and of a store index. A
//! million indicators (1,000 incidents × 1,000 each), 200 lookups, both in
//! the same run.
//!
//! `cargo bench -p muster-domain --bench seen`

use jiff::Timestamp;
use muster_domain::IncidentState;
use muster_domain::event::Event;
use muster_domain::indicator::{IndicatorRecord, Tlp};
use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};
use uuid::Uuid;

const INCIDENTS: usize = 1_000;
const PER_INCIDENT: usize = 1_000;
const LOOKUPS: usize = 200;

fn value(incident: usize, n: usize) -> String {
    let i = incident * PER_INCIDENT + n;
    format!("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255)
}

fn main() {
    let at = Timestamp::now();
    let states: Vec<IncidentState> = (0..INCIDENTS)
        .map(|inc| {
            let mut s = IncidentState::new(Uuid::from_u128(inc as u128));
            s.reference = format!("INC-2026-{inc:04}");
            for n in 0..PER_INCIDENT {
                let record = IndicatorRecord {
                    id: format!("I{}", n + 1),
                    ty: "ipv4".into(),
                    value: value(inc, n),
                    tlp: Tlp::Amber,
                    pap: None,
                    ioc: true,
                    tags: Vec::new(),
                    first_seen: None,
                    last_seen: None,
                    comment: None,
                };
                s.apply(&Event::IndicatorAdded(record), Uuid::nil(), at);
            }
            s
        })
        .collect();
    let wanted: Vec<String> = (0..LOOKUPS)
        .map(|k| value((k * 7919) % INCIDENTS, (k * 104_729) % PER_INCIDENT))
        .collect();

    let scan = time(&wanted, |v| {
        states
            .iter()
            .map(|s| s.indicators.with_value(v).count())
            .sum::<usize>()
    });

    let started = Instant::now();
    let mut index: HashMap<&str, Vec<(usize, &str)>> = HashMap::new();
    for (inc, s) in states.iter().enumerate() {
        for i in &s.indicators.items {
            index
                .entry(i.value.as_str())
                .or_default()
                .push((inc, i.id.as_str()));
        }
    }
    let built = started.elapsed();
    let indexed = time(&wanted, |v| index.get(v).map_or(0, Vec::len));

    println!(
        "seen: {} indicators in {INCIDENTS} incidents, {LOOKUPS} lookups",
        INCIDENTS * PER_INCIDENT
    );
    report("scan of folded states", &scan);
    report("hash index", &indexed);
    println!("  hash index built in {built:?}");
}

fn time(wanted: &[String], mut lookup: impl FnMut(&str) -> usize) -> Vec<Duration> {
    let mut times: Vec<Duration> = wanted
        .iter()
        .map(|v| {
            let started = Instant::now();
            assert_eq!(black_box(lookup(v)), 1, "each value is on one incident");
            started.elapsed()
        })
        .collect();
    times.sort();
    times
}

fn report(name: &str, sorted: &[Duration]) {
    let p = |q: f64| sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)];
    println!(
        "  {name:<32} p50 {:>10.3?}  p99 {:>10.3?}",
        p(0.50),
        p(0.99)
    );
}
