//! Prometheus metrics at `/metrics`, kept as plain atomics: a handful of counters
//! does not justify a metrics framework in the dependency tree.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

#[derive(Default)]
pub struct Metrics {
    commits: AtomicU64,
    commit_entries: AtomicU64,
    commit_micros: AtomicU64,
    commands_committed: AtomicU64,
    commands_rejected: AtomicU64,
    http_requests: AtomicU64,
    http_errors: AtomicU64,
    broken_chains: AtomicU64,
}

impl Metrics {
    pub fn record_commit(&self, entries: usize, took: Duration) {
        self.commits.fetch_add(1, Relaxed);
        self.commit_entries.fetch_add(entries as u64, Relaxed);
        self.commit_micros
            .fetch_add(took.as_micros() as u64, Relaxed);
    }

    pub fn commands_committed(&self, n: usize) {
        self.commands_committed.fetch_add(n as u64, Relaxed);
    }

    pub fn command_rejected(&self) {
        self.commands_rejected.fetch_add(1, Relaxed);
    }

    /// How many incidents' logs are known to fail verification.
    pub fn set_broken_chains(&self, n: usize) {
        self.broken_chains.store(n as u64, Relaxed);
    }

    pub fn http_request(&self, status: u16) {
        self.http_requests.fetch_add(1, Relaxed);
        if status >= 500 {
            self.http_errors.fetch_add(1, Relaxed);
        }
    }

    pub fn render(&self, backend: &str, incidents_cached: usize) -> String {
        let mut out = String::new();
        let mut counter = |name: &str, help: &str, value: u64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}"
            );
        };
        counter(
            "muster_commits_total",
            "Group commits written to the store.",
            self.commits.load(Relaxed),
        );
        counter(
            "muster_log_entries_total",
            "Log entries written.",
            self.commit_entries.load(Relaxed),
        );
        counter(
            "muster_commit_seconds_micros_total",
            "Microseconds spent in group commits.",
            self.commit_micros.load(Relaxed),
        );
        counter(
            "muster_commands_committed_total",
            "Commands accepted and written.",
            self.commands_committed.load(Relaxed),
        );
        counter(
            "muster_commands_rejected_total",
            "Commands refused by the rules.",
            self.commands_rejected.load(Relaxed),
        );
        counter(
            "muster_http_requests_total",
            "HTTP requests answered.",
            self.http_requests.load(Relaxed),
        );
        counter(
            "muster_http_server_errors_total",
            "HTTP requests answered with a 5xx.",
            self.http_errors.load(Relaxed),
        );
        let _ = writeln!(
            out,
            "# HELP muster_incidents_cached Incident states held in memory.\n# TYPE muster_incidents_cached gauge\nmuster_incidents_cached {incidents_cached}"
        );
        let _ = writeln!(
            out,
            "# HELP muster_broken_chains Incidents whose log failed verification and awaits an administrator.\n# TYPE muster_broken_chains gauge\nmuster_broken_chains {}",
            self.broken_chains.load(Relaxed)
        );
        let _ = writeln!(
            out,
            "# HELP muster_store_info The store backend.\n# TYPE muster_store_info gauge\nmuster_store_info{{backend=\"{backend}\"}} 1"
        );
        out
    }
}
