//! Insight: the organisation's incident figures, computed purely from folded
//! incident states and triaged reports, for the insight page, `GET
//! /api/insights`, its CSV and the `/metrics` histograms.
//!
//! Durations are measured per incident from its log's timings (folded by the
//! domain): triage and declare from the report to the declaration (in Muster
//! triage declares, so the two agree for a declared report; triage also
//! counts false positives), and assemble, contain and resolve from the
//! declaration. The median and the 90th percentile are nearest-rank: the
//! value at rank ⌈p·n⌉ of the sorted values, so every figure is one incident's
//! own. Report-backs are kept when the owner reported by the time in force
//! and missed when late, or past due unanswered; a regulator's deadline is met
//! when its stage was submitted by the deadline. Which incidents count is the
//! caller's (rule 10): see `App::insights`.

use jiff::Timestamp;
use muster_api::{DurationStat, IncidentFigures, InsightsView, OpenPreventiveAction, Tally};
use muster_domain::IncidentState;
use muster_domain::obligation::Deadline;
use muster_domain::vocab::ObligationStatus;
use std::collections::BTreeMap;

/// The measures, in the order they are shown.
pub const MEASURES: [&str; 5] = ["triage", "declare", "assemble", "contain", "resolve"];

/// A false-positive report: only its time to triage counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FalsePositive {
    pub reported_at: Timestamp,
    pub triaged_at: Timestamp,
}

fn seconds(from: Option<Timestamp>, to: Option<Timestamp>) -> Option<i64> {
    let (from, to) = (from?, to?);
    Some(to.as_second() - from.as_second()).filter(|s| *s >= 0)
}

/// The value at nearest rank ⌈p·n⌉ of `sorted` (p in 0..=100).
pub fn nearest_rank(sorted: &[i64], p: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let rank = (p as usize * n).div_ceil(100).max(1);
    sorted.get(rank.min(n) - 1).copied()
}

fn tally_report_backs(s: &IncidentState, now: Timestamp) -> Tally {
    let mut t = Tally::default();
    for a in &s.actions {
        for rb in &a.report_backs {
            match rb.reported_at {
                Some(at) if at <= rb.due => t.kept += 1,
                Some(_) => t.missed += 1,
                None if rb.due < now => t.missed += 1,
                None => t.pending += 1,
            }
        }
    }
    t
}

/// Whether a deadline's regime still asks for it: one assessed as not
/// required or delayed counts neither way.
fn counts(s: &IncidentState, d: &Deadline) -> bool {
    !matches!(
        s.obligations.status(&d.regime),
        ObligationStatus::NotRequired | ObligationStatus::Delayed
    )
}

fn tally_clocks(s: &IncidentState, now: Timestamp) -> Tally {
    let mut t = Tally::default();
    for d in &s.obligations.deadlines {
        let Some(due) = d.due_at else { continue };
        if !counts(s, d) {
            continue;
        }
        match s.obligations.submitted_at(&d.regime, &d.stage) {
            Some(at) if at <= due => t.kept += 1,
            Some(_) => t.missed += 1,
            None if due < now => t.missed += 1,
            None => t.pending += 1,
        }
    }
    t
}

/// One incident's figures.
pub fn incident(s: &IncidentState, now: Timestamp) -> IncidentFigures {
    let t = &s.timings;
    let declare = seconds(t.reported_at, t.declared_at);
    IncidentFigures {
        reference: s.reference.clone(),
        severity: s.severity.clone(),
        category: s.category.clone(),
        phase: s.phase.map(|p| p.as_str()).unwrap_or("").to_owned(),
        declared_at: t.declared_at,
        triage_seconds: declare,
        declare_seconds: declare,
        assemble_seconds: seconds(t.declared_at, t.assembled_at),
        contain_seconds: seconds(t.declared_at, t.contained_at),
        resolve_seconds: seconds(t.declared_at, t.resolved_at),
        report_backs: tally_report_backs(s, now),
        clocks: tally_clocks(s, now),
        preventive_open: s.preventive_actions.iter().filter(|p| !p.done).count() as u32,
        preventive_overdue: s.overdue_preventive_actions(now).count() as u32,
    }
}

fn add(into: &mut Tally, t: &Tally) {
    into.kept += t.kept;
    into.missed += t.missed;
    into.pending += t.pending;
}

/// `2026-11`, in UTC.
pub fn month(at: Timestamp) -> String {
    at.strftime("%Y-%m").to_string()
}

/// The measure's value of one incident's figures.
pub fn value(f: &IncidentFigures, measure: &str) -> Option<i64> {
    match measure {
        "triage" => f.triage_seconds,
        "declare" => f.declare_seconds,
        "assemble" => f.assemble_seconds,
        "contain" => f.contain_seconds,
        "resolve" => f.resolve_seconds,
        _ => None,
    }
}

/// Collects values per (measure, by, group), then sorts each once.
#[derive(Default)]
struct Groups(BTreeMap<(usize, u8, String), Vec<i64>>);

const BY: [&str; 4] = ["all", "month", "severity", "category"];

impl Groups {
    fn push(&mut self, measure: usize, by: u8, group: &str, v: i64) {
        self.0
            .entry((measure, by, group.to_owned()))
            .or_default()
            .push(v);
    }

    fn stats(self) -> Vec<DurationStat> {
        self.0
            .into_iter()
            .map(|((m, by, group), mut values)| {
                values.sort_unstable();
                DurationStat {
                    measure: MEASURES[m].to_owned(),
                    by: BY[by as usize].to_owned(),
                    group,
                    count: values.len() as u32,
                    median_seconds: nearest_rank(&values, 50),
                    p90_seconds: nearest_rank(&values, 90),
                }
            })
            .collect()
    }
}

/// The figures of `states` (the incidents the caller may see) and the
/// false positives they may see, at `now`. Incidents not yet declared are
/// left out.
pub fn compute<'a>(
    states: impl IntoIterator<Item = &'a IncidentState>,
    false_positives: &[FalsePositive],
    now: Timestamp,
) -> InsightsView {
    let mut per_incident: Vec<IncidentFigures> = states
        .into_iter()
        .filter(|s| s.is_declared())
        .map(|s| incident(s, now))
        .collect();
    per_incident.sort_by_key(|f| f.declared_at);
    let mut groups = Groups::default();
    let (mut report_backs, mut clocks) = (Tally::default(), Tally::default());
    let (mut preventive_open, mut preventive_overdue) = (0, 0);
    for f in &per_incident {
        let month = f.declared_at.map(self::month).unwrap_or_default();
        for (m, measure) in MEASURES.iter().enumerate() {
            if let Some(v) = value(f, measure) {
                groups.push(m, 0, "all", v);
                groups.push(m, 1, &month, v);
                groups.push(m, 2, &f.severity, v);
                groups.push(m, 3, &f.category, v);
            }
        }
        add(&mut report_backs, &f.report_backs);
        add(&mut clocks, &f.clocks);
        preventive_open += f.preventive_open;
        preventive_overdue += f.preventive_overdue;
    }
    for fp in false_positives {
        if let Some(v) = seconds(Some(fp.reported_at), Some(fp.triaged_at)) {
            groups.push(0, 0, "all", v);
            groups.push(0, 1, &month(fp.reported_at), v);
            groups.push(0, 2, "false-positive", v);
            groups.push(0, 3, "false-positive", v);
        }
    }
    InsightsView {
        generated_at: now,
        incidents: per_incident.len() as u32,
        false_positives: false_positives.len() as u32,
        durations: groups.stats(),
        report_backs,
        clocks,
        preventive_open,
        preventive_overdue,
        per_incident,
    }
}

/// Every open preventive action of `states`, soonest due first.
pub fn preventive_actions<'a>(
    states: impl IntoIterator<Item = &'a IncidentState>,
    now: Timestamp,
) -> Vec<OpenPreventiveAction> {
    let mut out: Vec<OpenPreventiveAction> = states
        .into_iter()
        .flat_map(|s| {
            s.preventive_actions
                .iter()
                .filter(|p| !p.done)
                .map(move |p| OpenPreventiveAction {
                    incident: s.reference.clone(),
                    incident_title: s.title.clone(),
                    id: p.id.clone(),
                    title: p.title.clone(),
                    owner: p.owner.name.clone(),
                    due: p.due,
                    overdue: p.is_overdue(now),
                })
        })
        .collect();
    out.sort_by(|a, b| a.due.cmp(&b.due).then(a.incident.cmp(&b.incident)));
    out
}

/// A CSV cell: quoted when it holds a comma, a quote or a line break, and
/// prefixed with `'` when a spreadsheet would read it as a formula.
fn cell(v: &str) -> String {
    let v = if v.starts_with(['=', '+', '-', '@']) {
        format!("'{v}")
    } else {
        v.to_owned()
    };
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

fn opt(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The figures as CSV (RFC 4180): the duration statistics, then one row
/// per incident, each table with its own header, a blank line between.
pub fn csv(view: &InsightsView) -> String {
    let mut out = String::from("measure,by,group,count,median_seconds,p90_seconds\r\n");
    for d in &view.durations {
        out.push_str(&format!(
            "{},{},{},{},{},{}\r\n",
            cell(&d.measure),
            cell(&d.by),
            cell(&d.group),
            d.count,
            opt(d.median_seconds),
            opt(d.p90_seconds)
        ));
    }
    out.push_str("\r\nincident,severity,category,phase,declared_at,triage_seconds,declare_seconds,assemble_seconds,contain_seconds,resolve_seconds,report_backs_kept,report_backs_missed,clocks_met,clocks_missed,preventive_open,preventive_overdue\r\n");
    for f in &view.per_incident {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n",
            cell(&f.reference),
            cell(&f.severity),
            cell(&f.category),
            cell(&f.phase),
            f.declared_at
                .map(muster_api::time::format)
                .unwrap_or_default(),
            opt(f.triage_seconds),
            opt(f.declare_seconds),
            opt(f.assemble_seconds),
            opt(f.contain_seconds),
            opt(f.resolve_seconds),
            f.report_backs.kept,
            f.report_backs.missed,
            f.clocks.kept,
            f.clocks.missed,
            f.preventive_open,
            f.preventive_overdue
        ));
    }
    out
}

/// Histogram buckets of `/metrics`, in seconds: a minute to four weeks.
pub const BUCKETS: [i64; 12] = [
    60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400, 259_200, 604_800, 2_419_200,
];

/// The per-incident durations as Prometheus histograms
/// (`muster_incident_<measure>_seconds`), in the text exposition format.
pub fn prometheus(view: &InsightsView) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for measure in MEASURES {
        let values: Vec<i64> = view
            .per_incident
            .iter()
            .filter_map(|f| value(f, measure))
            .collect();
        let name = format!("muster_incident_{measure}_seconds");
        let _ = writeln!(
            out,
            "# HELP {name} Time to {measure} per unrestricted incident (insight).\n# TYPE {name} histogram"
        );
        for le in BUCKETS {
            let n = values.iter().filter(|v| **v <= le).count();
            let _ = writeln!(out, "{name}_bucket{{le=\"{le}\"}} {n}");
        }
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {}", values.len());
        let _ = writeln!(out, "{name}_sum {}", values.iter().sum::<i64>());
        let _ = writeln!(out, "{name}_count {}", values.len());
    }
    out
}

#[cfg(test)]
#[path = "insights_tests.rs"]
mod tests;
