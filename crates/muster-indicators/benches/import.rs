//! Importing 10,000 indicators from CSV (parse, validate, normalise) beside
//! a baseline measured in the same run: only splitting the same CSV into
//! lines and fields. The difference is what validation costs.
//!
//! `cargo bench -p muster-indicators --bench import`

use muster_indicators::{ImportOptions, import_csv};
use std::hint::black_box;
use std::time::{Duration, Instant};

const ROWS: usize = 10_000;
const RUNS: usize = 15;

/// A mix like a real feed: addresses, domains, URLs (some defanged),
/// hashes, emails, CVEs, with markings, tags and times on some rows.
fn csv() -> String {
    let mut out = String::from("type,value,tlp,ioc,tags,first_seen,last_seen,comment\n");
    for i in 0..ROWS {
        let (a, b) = (i / 250, i % 250);
        let row = match i % 8 {
            0 => format!("ipv4,203.{a}.113[.]{b},amber,yes,c2,2026-12-03T02:10:00Z,,"),
            1 => format!("domain,Host{i}.Evil.Example.,green,yes,phishing;wave-2,,,"),
            2 => format!("url,hxxps://evil{i}[.]example/login?id={i},red,yes,,,,\"seen, twice\""),
            3 => format!("sha256,{:064X},,no,,,,", i as u128 * 0x9e37_79b9_7f4a_7c15),
            4 => format!("md5,{:032x},,yes,,,,", i as u128 * 0x1234_5678_9abc),
            5 => format!("email,user{i}[@]evil[.]example,amber,yes,,,,"),
            6 => format!("ipv6,2001:DB8:0:0:0:0:{a:x}:{b:x},clear,no,,,,"),
            _ => format!("cve,cve-2024-{:04},clear,no,,,,", 1000 + i),
        };
        out.push_str(&row);
        out.push('\n');
    }
    out
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time(mut f: impl FnMut() -> usize) -> Duration {
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        black_box(f());
        times.push(start.elapsed());
    }
    median(times)
}

fn main() {
    let text = csv();
    let bytes = text.as_bytes();
    let options = ImportOptions::default();
    let checked = import_csv(bytes, &options).expect("the bench CSV is readable");
    assert_eq!(
        checked.indicators.len(),
        ROWS,
        "every bench row is valid: {:?}",
        checked.errors.first()
    );

    let baseline = time(|| {
        bytes
            .split(|b| *b == b'\n')
            .map(|line| line.split(|b| *b == b',').count())
            .sum()
    });
    let import = time(|| {
        import_csv(black_box(bytes), &options)
            .map(|i| i.indicators.len())
            .unwrap_or(0)
    });
    let per_row = |d: Duration| d.as_nanos() as f64 / ROWS as f64;
    println!(
        "import {ROWS} indicators from CSV ({} KiB), median of {RUNS} runs:",
        bytes.len() / 1024
    );
    println!(
        "  baseline (split lines and fields): {:>9.3} ms  ({:>7.1} ns/row)",
        baseline.as_secs_f64() * 1e3,
        per_row(baseline)
    );
    println!(
        "  import_csv (parse + normalise):    {:>9.3} ms  ({:>7.1} ns/row)",
        import.as_secs_f64() * 1e3,
        per_row(import)
    );
    println!(
        "  ratio: {:.1}x the baseline",
        import.as_secs_f64() / baseline.as_secs_f64().max(1e-9)
    );
}
