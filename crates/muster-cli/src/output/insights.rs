//! The preventive actions across incidents and the insight figures as text.

use super::{cell, span, table, time};
use jiff::{SignedDuration, Timestamp};
use muster_api::{InsightsView, OpenPreventiveAction, Tally};

pub fn preventive(rows: &[OpenPreventiveAction], now: Timestamp) -> String {
    if rows.is_empty() {
        return "No open preventive action.\n".to_owned();
    }
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|p| {
            vec![
                cell(&p.incident),
                cell(&p.id),
                cell(&p.owner),
                if p.overdue {
                    format!(
                        "{} OVERDUE by {}",
                        time(p.due),
                        span(now.duration_since(p.due))
                    )
                } else {
                    time(p.due)
                },
                cell(&p.title),
            ]
        })
        .collect();
    table(&["INCIDENT", "ID", "OWNER", "DUE", "WHAT"], &rows)
}

fn seconds(s: Option<i64>) -> String {
    s.map(|s| span(SignedDuration::from_secs(s)))
        .unwrap_or_else(|| "-".into())
}

fn tally(t: &Tally) -> String {
    format!(
        "{} kept, {} missed, {} not due yet",
        t.kept, t.missed, t.pending
    )
}

pub fn insights(v: &InsightsView) -> String {
    let mut out = format!(
        "{} incidents, {} false positives, as of {}\n\n",
        v.incidents,
        v.false_positives,
        time(v.generated_at)
    );
    let rows: Vec<Vec<String>> = v
        .durations
        .iter()
        .filter(|d| d.by == "all")
        .map(|d| {
            vec![
                cell(&d.measure),
                d.count.to_string(),
                seconds(d.median_seconds),
                seconds(d.p90_seconds),
            ]
        })
        .collect();
    out.push_str(&table(&["TIME TO", "INCIDENTS", "MEDIAN", "P90"], &rows));
    out.push_str(&format!(
        "\nReport-backs: {}\nRegulators' deadlines: {}\nPreventive actions: {} open, {} overdue\n",
        tally(&v.report_backs),
        tally(&v.clocks),
        v.preventive_open,
        v.preventive_overdue
    ));
    out.push_str("\nPer month, by severity and by category: muster insights --json or --csv.\n");
    out
}
