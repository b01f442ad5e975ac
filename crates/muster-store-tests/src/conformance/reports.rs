//! Reports and their triage, references, and the rota.

use super::fixtures::{assert_conflict, assert_not_found, now};
use muster_domain::vocab::ReportStatus;
use muster_store::{NewReport, Shift, Store, Triage};
use uuid::Uuid;

/// The year the reports check numbers in; no other check uses it.
const REPORT_YEAR: i16 = 2031;

fn new_report(year: i16, title: &str, at: i64) -> NewReport {
    NewReport {
        id: Uuid::now_v7(),
        year,
        title: title.to_owned(),
        description: "Several staff received a convincing Microsoft 365 login page.".to_owned(),
        source: "phishing mailbox".to_owned(),
        reported_by: Uuid::now_v7(),
        reported_at: at,
    }
}

/// References count up per year from 0001; a false positive closes a report
/// once, and a second triage is a Conflict that changes nothing.
pub async fn reports_and_triage<S: Store + ?Sized>(store: &S) {
    let t = now();
    let mut created = Vec::new();
    for (i, title) in ["Phishing wave", "Odd VPN login", "Lost laptop"]
        .iter()
        .enumerate()
    {
        let r = store
            .create_report(new_report(REPORT_YEAR, title, t + i as i64))
            .await
            .expect("create_report");
        assert_eq!(r.reference, format!("REP-{REPORT_YEAR}-{:04}", i + 1));
        assert_eq!(r.status, ReportStatus::AwaitingTriage);
        assert_eq!((r.triaged_by, r.triaged_at, r.incident), (None, None, None));
        created.push(r);
    }
    let other_year = store
        .create_report(new_report(REPORT_YEAR + 1, "Next year", t))
        .await
        .expect("create_report");
    assert_eq!(
        other_year.reference,
        format!("REP-{}-0001", REPORT_YEAR + 1),
        "each year numbers from 0001"
    );

    for r in &created {
        assert_eq!(store.report(r.id).await.expect("report").as_ref(), Some(r));
        let by_ref = store
            .report_by_reference(&r.reference)
            .await
            .expect("by ref");
        assert_eq!(by_ref.as_ref(), Some(r));
    }
    assert_eq!(store.report(Uuid::now_v7()).await.expect("report"), None);
    let none = store
        .report_by_reference("REP-1999-0001")
        .await
        .expect("by ref");
    assert_eq!(none, None);

    let fp = &created[1];
    let triage = Triage {
        report: fp.id,
        by: Uuid::now_v7(),
        at: t + 100,
        note: Some("the user's own VPN from a hotel".to_owned()),
        incident: None,
    };
    store
        .mark_false_positive(&triage)
        .await
        .expect("false positive");
    let got = store
        .report(fp.id)
        .await
        .expect("report")
        .expect("still there");
    assert_eq!(got.status, ReportStatus::FalsePositive);
    assert_eq!(got.triaged_by, Some(triage.by));
    assert_eq!(got.triaged_at, Some(triage.at));
    assert_eq!(
        got.triage_note, triage.note,
        "the reason is kept for trends"
    );
    assert_eq!(got.incident, None);

    let again = Triage {
        by: Uuid::now_v7(),
        at: t + 200,
        note: Some("second opinion".to_owned()),
        ..triage.clone()
    };
    assert_conflict(
        store.mark_false_positive(&again).await,
        None,
        "double triage",
    );
    let unchanged = store.report(fp.id).await.expect("report").expect("there");
    assert_eq!(unchanged, got, "a refused triage changes nothing");
    let ghost = Triage {
        report: Uuid::now_v7(),
        ..triage
    };
    assert_not_found(
        store.mark_false_positive(&ghost).await,
        "triage of no report",
    );

    let ours = |list: Vec<muster_store::Report>| -> Vec<Uuid> {
        list.into_iter()
            .map(|r| r.id)
            .filter(|id| created.iter().any(|c| c.id == *id))
            .collect()
    };
    let waiting = store
        .list_reports(Some(ReportStatus::AwaitingTriage))
        .await
        .expect("list");
    assert_eq!(
        ours(waiting),
        vec![created[0].id, created[2].id],
        "the triage queue is oldest first and holds only untriaged reports"
    );
    let closed = store
        .list_reports(Some(ReportStatus::FalsePositive))
        .await
        .expect("list");
    assert_eq!(ours(closed), vec![fp.id]);
    let everything = store.list_reports(None).await.expect("list");
    let ids: Vec<Uuid> = created.iter().map(|r| r.id).collect();
    assert_eq!(ours(everything), ids, "no filter lists every report");
}

/// Shifts that have not ended, earliest start first; removal is NotFound twice.
pub async fn rota_shifts<S: Store + ?Sized>(store: &S) {
    let hour = 3_600_000_000;
    // Far from now, so that other checks' shifts cannot interleave.
    let base = now() + 10_000 * hour;
    let shift = |from: i64, to: i64| Shift {
        id: Uuid::now_v7(),
        person: Uuid::now_v7(),
        starts_at: base + from * hour,
        ends_at: base + to * hour,
    };
    let ended = shift(-8, 0);
    let current = shift(-1, 8);
    let next = shift(8, 16);
    let later = shift(16, 24);
    for s in [&later, &ended, &next, &current] {
        store.add_shift(s).await.expect("add_shift");
    }
    let ids = [ended.id, current.id, next.id, later.id];
    let ours = |list: Vec<Shift>| -> Vec<Shift> {
        list.into_iter().filter(|s| ids.contains(&s.id)).collect()
    };
    let from = ours(store.shifts_from(base).await.expect("shifts_from"));
    assert_eq!(
        from,
        vec![current.clone(), next.clone(), later.clone()],
        "shifts that end after `from`, earliest start first; one ending at `from` is over"
    );
    store.remove_shift(next.id).await.expect("remove_shift");
    let from = ours(store.shifts_from(base).await.expect("shifts_from"));
    assert_eq!(from, vec![current, later]);
    assert_not_found(store.remove_shift(next.id).await, "removing a shift twice");
    let earlier = ours(store.shifts_from(base - 100 * hour).await.expect("from"));
    assert_eq!(
        earlier.first(),
        Some(&ended),
        "an earlier `from` includes it"
    );
}

/// Incident references count up per year, apart from report references.
pub async fn allocate_reference_per_year<S: Store + ?Sized>(store: &S) {
    let (a, b) = (2041, 2042);
    let next = |y| store.allocate_reference(y);
    assert_eq!(next(a).await.expect("allocate"), "INC-2041-0001");
    assert_eq!(next(a).await.expect("allocate"), "INC-2041-0002");
    assert_eq!(
        next(b).await.expect("allocate"),
        "INC-2042-0001",
        "per year"
    );
    assert_eq!(next(a).await.expect("allocate"), "INC-2041-0003");
    // Reports of the same year count separately.
    let r = store
        .create_report(new_report(a, "same year", now()))
        .await
        .expect("create_report");
    assert_eq!(r.reference, "REP-2041-0001");
    assert_eq!(next(a).await.expect("allocate"), "INC-2041-0004");
}
