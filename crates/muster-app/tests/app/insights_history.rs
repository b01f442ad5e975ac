//! Insight over a generated history of 1,000 incidents: the figures the
//! application computes from folded states, checked against the same
//! figures worked out here straight from the raw log (each entry's JSON
//! payload and recording time, without the domain's fold), for an
//! administrator and, under rule 10, for a member of some restricted
//! incidents only.

use jiff::Timestamp;
use muster_api::{DurationStat, InsightsView, Tally};
use muster_app::{Actor, App};
use muster_domain::Policy;
use muster_store::{LogStore, Person, Store};
use muster_store_sqlite::SqliteStore;
use muster_store_tests::history;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use uuid::Uuid;

const INCIDENTS: usize = 1000;

fn time(s: &str) -> Timestamp {
    s.parse().expect("an RFC 3339 time")
}

/// What the raw log of one incident says, worked out here.
#[derive(Default)]
struct Raw {
    reference: String,
    severity: String,
    category: String,
    restricted: bool,
    members: Vec<String>,
    declared: Option<Timestamp>,
    reported: Option<Timestamp>,
    assembled: Option<Timestamp>,
    contained: Option<Timestamp>,
    resolved: Option<Timestamp>,
    report_backs: Tally,
    clocks: Tally,
    preventive_open: u32,
    preventive_overdue: u32,
}

fn raw(entries: &[muster_domain::LogEntry], now: Timestamp) -> Raw {
    let mut r = Raw::default();
    let mut roles: Vec<String> = Vec::new();
    // Per action: its report-backs as (due, answered at).
    let mut actions: BTreeMap<String, Vec<(Timestamp, Option<Timestamp>)>> = BTreeMap::new();
    let mut deadlines: HashMap<(String, String), Timestamp> = HashMap::new();
    let mut submitted: HashMap<(String, String), Timestamp> = HashMap::new();
    for e in entries {
        let at = time(&e.recorded_at);
        let p: Value = serde_json::from_str(&e.payload).expect("a JSON payload");
        let s = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
        match e.kind.as_str() {
            "declared" => {
                r.reference = s("reference");
                r.severity = s("severity");
                r.category = s("category");
                r.restricted = p["restricted"].as_bool().unwrap_or(false);
                r.declared = Some(at);
                r.reported = p["report"]["reported_at"].as_str().map(time);
            }
            "role-assigned" => {
                roles.push(s("role"));
                r.members
                    .push(p["person"]["id"].as_str().unwrap_or_default().to_owned());
                let full = ["incident-manager", "deputy", "secretariat", "sme"]
                    .iter()
                    .all(|want| roles.iter().any(|h| h == want));
                if full && r.assembled.is_none() {
                    r.assembled = Some(at);
                }
            }
            "phase-changed" => {
                if s("from") == "hot" && r.contained.is_none() {
                    r.contained = Some(at);
                }
                if s("to") == "cold" {
                    r.resolved = Some(at);
                }
            }
            "action-created" => {
                actions.insert(s("id"), vec![(time(&s("report_back_at")), None)]);
            }
            "action-updated" => {
                let rbs = actions.get_mut(&s("id")).expect("a known action");
                let status = s("status");
                let ends = !matches!(status.as_str(), "open" | "in-progress");
                if (!p["report"].is_null() || ends)
                    && let Some(last) = rbs.last_mut().filter(|l| l.1.is_none())
                {
                    last.1 = Some(at);
                }
                if let Some(due) = p["report_back_at"].as_str().map(time) {
                    match rbs.last_mut() {
                        Some(last) if last.1.is_none() && last.0 >= at => last.0 = due,
                        _ => rbs.push((due, None)),
                    }
                }
            }
            "action-carried" => {
                let rbs = actions.get_mut(&s("id")).expect("a known action");
                if let Some(last) = rbs.last_mut().filter(|l| l.1.is_none()) {
                    last.1 = Some(at);
                }
                r.preventive_open += 1;
                if time(&s("due")) < now {
                    r.preventive_overdue += 1;
                }
            }
            "deadlines-computed" => {
                for d in p["deadlines"].as_array().expect("deadlines") {
                    if let Some(due) = d["due_at"].as_str() {
                        let key = (
                            d["regime"].as_str().unwrap().to_owned(),
                            d["stage"].as_str().unwrap().to_owned(),
                        );
                        deadlines.insert(key, time(due));
                    }
                }
            }
            "submission-recorded" => {
                submitted
                    .entry((s("regime"), s("stage")))
                    .or_insert_with(|| time(&s("at")));
            }
            _ => {}
        }
    }
    let count = |t: &mut Tally, due: Timestamp, answered: Option<Timestamp>| match answered {
        Some(a) if a <= due => t.kept += 1,
        Some(_) => t.missed += 1,
        None if due < now => t.missed += 1,
        None => t.pending += 1,
    };
    for rbs in actions.values() {
        for (due, answered) in rbs {
            count(&mut r.report_backs, *due, *answered);
        }
    }
    for (key, due) in &deadlines {
        count(&mut r.clocks, *due, submitted.get(key).copied());
    }
    r
}

fn secs(from: Option<Timestamp>, to: Option<Timestamp>) -> Option<i64> {
    Some(to?.as_second() - from?.as_second())
}

/// Nearest rank, worked out again: the value at rank ⌈p·n/100⌉.
fn rank(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let r = ((p * sorted.len()) as f64 / 100.0).ceil() as usize;
    Some(sorted[r.max(1) - 1])
}

/// Every duration statistic the raw logs give, as (measure, by, group) → stat.
/// (measure, by, group) → (count, median, 90th percentile).
type Stats = BTreeMap<(String, String, String), (u32, Option<i64>, Option<i64>)>;

fn expected_stats(raws: &[&Raw]) -> Stats {
    let mut values: BTreeMap<(String, String, String), Vec<i64>> = BTreeMap::new();
    for r in raws {
        let month = r.declared.unwrap().strftime("%Y-%m").to_string();
        let measures = [
            ("triage", secs(r.reported, r.declared)),
            ("declare", secs(r.reported, r.declared)),
            ("assemble", secs(r.declared, r.assembled)),
            ("contain", secs(r.declared, r.contained)),
            ("resolve", secs(r.declared, r.resolved)),
        ];
        for (m, v) in measures {
            let Some(v) = v else { continue };
            for (by, group) in [
                ("all", "all"),
                ("month", month.as_str()),
                ("severity", r.severity.as_str()),
                ("category", r.category.as_str()),
            ] {
                values
                    .entry((m.into(), by.into(), group.into()))
                    .or_default()
                    .push(v);
            }
        }
    }
    values
        .into_iter()
        .map(|(k, mut v)| {
            v.sort();
            (k, (v.len() as u32, rank(&v, 50), rank(&v, 90)))
        })
        .collect()
}

fn got_stats(v: &InsightsView) -> Stats {
    v.durations
        .iter()
        .map(|d: &DurationStat| {
            (
                (d.measure.clone(), d.by.clone(), d.group.clone()),
                (d.count, d.median_seconds, d.p90_seconds),
            )
        })
        .collect()
}

fn sum(raws: &[&Raw], f: impl Fn(&Raw) -> &Tally) -> Tally {
    let mut t = Tally::default();
    for r in raws {
        let x = f(r);
        t.kept += x.kept;
        t.missed += x.missed;
        t.pending += x.pending;
    }
    t
}

fn check(v: &InsightsView, raws: &[&Raw]) {
    assert_eq!(v.incidents as usize, raws.len());
    let expected = expected_stats(raws);
    let got = got_stats(v);
    assert_eq!(got.len(), expected.len(), "the same groups");
    for (k, want) in &expected {
        assert_eq!(got.get(k), Some(want), "{k:?}");
    }
    assert_eq!(v.report_backs, sum(raws, |r| &r.report_backs));
    assert_eq!(v.clocks, sum(raws, |r| &r.clocks));
    assert_eq!(
        v.preventive_open,
        raws.iter().map(|r| r.preventive_open).sum::<u32>()
    );
    assert_eq!(
        v.preventive_overdue,
        raws.iter().map(|r| r.preventive_overdue).sum::<u32>()
    );
}

#[tokio::test]
async fn insight_over_a_thousand_incidents_matches_the_raw_log() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open(dir.path().join("muster.db").to_str().unwrap())
            .await
            .unwrap(),
    );
    let end: Timestamp = "2026-11-30T00:00:00Z".parse().unwrap();
    let ids = history::generate(store.as_ref(), INCIDENTS, 42, end).await;
    let c = history::cast();
    let now = Timestamp::now();
    let mut raws = Vec::new();
    for id in &ids {
        let entries = LogStore::entries(store.as_ref(), *id, 0, 1000)
            .await
            .unwrap();
        raws.push(raw(&entries, now));
    }
    // The history has every kind of figure in it, so the check below means something.
    let all: Vec<&Raw> = raws.iter().collect();
    let t = sum(&all, |r| &r.report_backs);
    assert!(t.kept > 100 && t.missed > 100, "{t:?}");
    let k = sum(&all, |r| &r.clocks);
    assert!(k.kept > 20 && k.missed > 5, "{k:?}");
    assert!(all.iter().any(|r| r.assembled.is_none()) && all.iter().any(|r| r.resolved.is_none()));
    assert!(all.iter().map(|r| r.preventive_open).sum::<u32>() > 10);

    let app = App::new(store.clone(), Policy::default());
    let admin = actor(store.as_ref(), "Ada Admin", "ada@example.org", true, None).await;
    let v = app.insights(&admin, "test").await.unwrap();
    check(&v, &all);
    assert_eq!(v.per_incident.len(), INCIDENTS);

    // Rule 10: Priya is on the even-numbered restricted incidents only; the
    // others do not count for her, not even in a count.
    let priya = actor(
        store.as_ref(),
        "Priya Nair",
        "priya@example.org",
        false,
        Some(c.team_member.id),
    )
    .await;
    let hers: Vec<&Raw> = raws
        .iter()
        .filter(|r| !r.restricted || r.members.contains(&c.team_member.id.to_string()))
        .collect();
    assert!(hers.len() < INCIDENTS && hers.iter().any(|r| r.restricted));
    let v = app.insights(&priya, "test").await.unwrap();
    check(&v, &hers);
    let shown: Vec<&str> = v
        .per_incident
        .iter()
        .map(|f| f.reference.as_str())
        .collect();
    for r in raws
        .iter()
        .filter(|r| r.restricted && !r.members.contains(&c.team_member.id.to_string()))
    {
        assert!(
            !shown.contains(&r.reference.as_str()),
            "{} is hidden from her",
            r.reference
        );
    }

    // `/metrics` has no caller: only unrestricted incidents count there.
    let text = app.insight_metrics().await.unwrap();
    let open: Vec<&Raw> = raws.iter().filter(|r| !r.restricted).collect();
    let declared = open.iter().filter(|r| r.reported.is_some()).count();
    assert!(
        text.contains(&format!(
            "muster_incident_declare_seconds_count {declared}\n"
        )),
        "{text}"
    );
}

async fn actor(store: &dyn Store, name: &str, email: &str, admin: bool, id: Option<Uuid>) -> Actor {
    let person = Person {
        id: id.unwrap_or_else(Uuid::now_v7),
        name: name.into(),
        email: email.into(),
        chat_handle: None,
        slack_id: None,
        matrix_id: None,
        teams_id: None,
        expertise: Vec::new(),
        team: None,
        created_at: Timestamp::now().as_microsecond(),
    };
    store.create_person(&person).await.unwrap();
    store
        .upsert_user(&muster_store::User {
            person: person.id,
            admin,
            password_hash: None,
            created_at: person.created_at,
        })
        .await
        .unwrap();
    Actor {
        person,
        admin,
        source: None,
    }
}
