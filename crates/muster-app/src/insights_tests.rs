//! The figures of a few hand-made incidents, worked out by hand.

use super::*;
use muster_domain::PersonRef;
use muster_domain::state::{Action, PreventiveAction, ReportBack};
use muster_domain::vocab::{ActionStatus, Phase};
use uuid::Uuid;

fn at(s: &str) -> Timestamp {
    s.parse().expect("a time")
}

fn person() -> PersonRef {
    PersonRef {
        id: Uuid::from_u128(7),
        name: "Dan Okafor".into(),
        expertise: Vec::new(),
        chat_handle: None,
    }
}

fn incident_at(
    reference: &str,
    severity: &str,
    declared: &str,
    minutes: [i64; 4],
) -> IncidentState {
    let mut s = IncidentState::new(Uuid::now_v7());
    s.reference = reference.into();
    s.severity = severity.into();
    s.category = "malware".into();
    s.phase = Some(Phase::Warm);
    let d = at(declared);
    let plus = |m: i64| d.checked_add(jiff::SignedDuration::from_mins(m)).unwrap();
    s.timings.reported_at = Some(
        d.checked_sub(jiff::SignedDuration::from_mins(minutes[0]))
            .unwrap(),
    );
    s.timings.declared_at = Some(d);
    s.timings.assembled_at = Some(plus(minutes[1]));
    s.timings.contained_at = Some(plus(minutes[2]));
    s.timings.resolved_at = (minutes[3] > 0).then(|| plus(minutes[3]));
    s
}

fn action(report_backs: Vec<ReportBack>) -> Action {
    Action {
        id: "A1".into(),
        title: "Reset the passwords".into(),
        owner: person(),
        report_back_at: report_backs.last().unwrap().due,
        status: ActionStatus::Open,
        report: None,
        recommendation: None,
        created_at: at("2026-11-01T00:00:00Z"),
        report_backs,
    }
}

#[test]
fn nearest_rank_is_one_of_the_values() {
    assert_eq!(nearest_rank(&[], 50), None);
    assert_eq!(nearest_rank(&[5], 90), Some(5));
    // ⌈0.5·4⌉ = 2 → the second; ⌈0.9·4⌉ = 4 → the fourth.
    assert_eq!(nearest_rank(&[1, 2, 3, 4], 50), Some(2));
    assert_eq!(nearest_rank(&[1, 2, 3, 4], 90), Some(4));
    let ten: Vec<i64> = (1..=10).collect();
    assert_eq!(nearest_rank(&ten, 90), Some(9));
    assert_eq!(nearest_rank(&ten, 50), Some(5));
}

#[test]
fn durations_group_by_month_severity_and_category() {
    let a = incident_at(
        "INC-2026-0001",
        "SEV-1",
        "2026-10-05T10:00:00Z",
        [10, 30, 120, 600],
    );
    let b = incident_at(
        "INC-2026-0002",
        "SEV-2",
        "2026-11-02T10:00:00Z",
        [20, 60, 240, 0],
    );
    let c = incident_at(
        "INC-2026-0003",
        "SEV-2",
        "2026-11-20T10:00:00Z",
        [40, 90, 60, 300],
    );
    let now = at("2026-12-01T00:00:00Z");
    let v = compute([&a, &b, &c], &[], now);
    assert_eq!(v.incidents, 3);
    let stat = |m: &str, by: &str, g: &str| {
        v.durations
            .iter()
            .find(|d| d.measure == m && d.by == by && d.group == g)
            .cloned()
            .unwrap_or_else(|| panic!("no {m} {by} {g}"))
    };
    let all = stat("declare", "all", "all");
    assert_eq!(
        (all.count, all.median_seconds, all.p90_seconds),
        (3, Some(1200), Some(2400))
    );
    let nov = stat("assemble", "month", "2026-11");
    assert_eq!(
        (nov.count, nov.median_seconds, nov.p90_seconds),
        (2, Some(3600), Some(5400))
    );
    // B is not resolved: only A and C count.
    let resolve = stat("resolve", "severity", "SEV-2");
    assert_eq!((resolve.count, resolve.median_seconds), (1, Some(18_000)));
    assert_eq!(stat("contain", "category", "malware").count, 3);
}

#[test]
fn report_backs_are_kept_missed_or_pending() {
    let mut s = incident_at(
        "INC-2026-0004",
        "SEV-3",
        "2026-11-01T00:00:00Z",
        [1, 1, 1, 0],
    );
    let now = at("2026-11-10T00:00:00Z");
    s.actions = vec![
        // Answered before its time: kept.
        action(vec![ReportBack {
            due: at("2026-11-01T01:00:00Z"),
            reported_at: Some(at("2026-11-01T00:50:00Z")),
        }]),
        // Answered late, then a later one still open and past due: two missed.
        action(vec![
            ReportBack {
                due: at("2026-11-01T01:00:00Z"),
                reported_at: Some(at("2026-11-01T02:00:00Z")),
            },
            ReportBack {
                due: at("2026-11-02T00:00:00Z"),
                reported_at: None,
            },
        ]),
        // Not due yet.
        action(vec![ReportBack {
            due: at("2026-11-11T00:00:00Z"),
            reported_at: None,
        }]),
    ];
    s.preventive_actions = vec![
        PreventiveAction {
            id: "PA1".into(),
            title: "Phishing drill".into(),
            owner: person(),
            due: at("2026-11-05T23:59:00Z"),
            done: false,
            note: None,
            action: None,
        },
        PreventiveAction {
            id: "PA2".into(),
            title: "MFA everywhere".into(),
            owner: person(),
            due: at("2026-12-05T23:59:00Z"),
            done: false,
            note: None,
            action: None,
        },
    ];
    let f = incident(&s, now);
    assert_eq!(
        f.report_backs,
        Tally {
            kept: 1,
            missed: 2,
            pending: 1
        }
    );
    assert_eq!((f.preventive_open, f.preventive_overdue), (2, 1));
    let list = preventive_actions([&s], now);
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].id, "PA1", "soonest due first");
    assert!(list[0].overdue && !list[1].overdue);
}

#[test]
fn false_positives_count_in_triage_only() {
    let a = incident_at(
        "INC-2026-0005",
        "SEV-1",
        "2026-11-05T10:00:00Z",
        [10, 30, 120, 600],
    );
    let fp = FalsePositive {
        reported_at: at("2026-11-06T10:00:00Z"),
        triaged_at: at("2026-11-06T10:05:00Z"),
    };
    let v = compute([&a], &[fp], at("2026-12-01T00:00:00Z"));
    let triage = v
        .durations
        .iter()
        .find(|d| d.measure == "triage" && d.by == "all")
        .unwrap();
    assert_eq!(triage.count, 2);
    let declare = v
        .durations
        .iter()
        .find(|d| d.measure == "declare" && d.by == "all")
        .unwrap();
    assert_eq!(declare.count, 1);
    assert_eq!(v.false_positives, 1);
}

#[test]
fn csv_quotes_and_defuses_formulas() {
    let mut a = incident_at(
        "INC-2026-0006",
        "SEV-1",
        "2026-11-05T10:00:00Z",
        [10, 30, 120, 600],
    );
    a.category = "=HYPERLINK(\"x\"),y".into();
    let v = compute([&a], &[], at("2026-12-01T00:00:00Z"));
    let text = csv(&v);
    assert!(text.starts_with("measure,by,group,count,median_seconds,p90_seconds\r\n"));
    assert!(text.contains("declare,all,all,1,600,600\r\n"), "{text}");
    assert!(
        text.contains("\"'=HYPERLINK(\"\"x\"\"),y\""),
        "a formula is defused and quoted: {text}"
    );
}

#[test]
fn prometheus_histograms_are_cumulative() {
    let a = incident_at(
        "INC-2026-0007",
        "SEV-1",
        "2026-11-05T10:00:00Z",
        [2, 30, 120, 600],
    );
    let b = incident_at(
        "INC-2026-0008",
        "SEV-1",
        "2026-11-06T10:00:00Z",
        [20, 30, 120, 600],
    );
    let text = prometheus(&compute([&a, &b], &[], at("2026-12-01T00:00:00Z")));
    assert!(text.contains("# TYPE muster_incident_declare_seconds histogram"));
    assert!(
        text.contains("muster_incident_declare_seconds_bucket{le=\"300\"} 1\n"),
        "{text}"
    );
    assert!(text.contains("muster_incident_declare_seconds_bucket{le=\"1800\"} 2\n"));
    assert!(text.contains("muster_incident_declare_seconds_bucket{le=\"+Inf\"} 2\n"));
    assert!(text.contains("muster_incident_declare_seconds_sum 1320\n"));
    assert!(text.contains("muster_incident_declare_seconds_count 2\n"));
}
