//! Creating incidents and the group commit.

use super::fixtures::{all_entries, assert_conflict, chain, new_incident, now, summary};
use muster_domain::log::{GENESIS_HASH, verify};
use muster_domain::vocab::{Phase, ReportStatus};
use muster_store::{
    Append, AppendOutcome, AuditQuery, AuditRecord, CommitBatch, NewReport, Store, Triage,
};
use uuid::Uuid;

/// Declaring from a report marks it declared in the same transaction; a second
/// declaration from the same report is a Conflict that writes nothing.
pub async fn create_incident_with_triage<S: Store + ?Sized>(store: &S) {
    let year = 2051;
    let report = store
        .create_report(NewReport {
            id: Uuid::now_v7(),
            year,
            title: "Customer data on a paste site".to_owned(),
            description: "A dump with our customers' emails.".to_owned(),
            source: "threat intel feed".to_owned(),
            reported_by: Uuid::now_v7(),
            reported_at: now(),
        })
        .await
        .expect("create_report");

    let reference = store.allocate_reference(year).await.expect("allocate");
    let id = Uuid::now_v7();
    let entries = chain(id, 0, GENESIS_HASH, 3);
    let declared = summary(id, &reference, &entries);
    let triage = Triage {
        report: report.id,
        by: Uuid::now_v7(),
        at: now(),
        note: Some("confirmed: real customer data".to_owned()),
        incident: Some(id),
    };
    store
        .create_incident(&declared, &entries, Some(&triage), &Default::default())
        .await
        .expect("create_incident");

    let got = store.incident(id).await.expect("incident");
    assert_eq!(got.as_ref(), Some(&declared), "the summary reads back");
    let by_ref = store
        .incident_by_reference(&reference)
        .await
        .expect("by ref");
    assert_eq!(by_ref.as_ref(), Some(&declared));
    let stored = all_entries(store, id).await;
    assert_eq!(stored, entries, "entries read back byte for byte");
    assert!(
        verify(&stored).is_whole(),
        "the first entries form a whole chain"
    );
    let r = store
        .report(report.id)
        .await
        .expect("report")
        .expect("there");
    assert_eq!(r.status, ReportStatus::Declared);
    assert_eq!((r.incident, r.triaged_by), (Some(id), Some(triage.by)));

    // The same report again, for a different incident: refused, nothing written.
    let reference2 = store.allocate_reference(year).await.expect("allocate");
    let id2 = Uuid::now_v7();
    let entries2 = chain(id2, 0, GENESIS_HASH, 2);
    let second = summary(id2, &reference2, &entries2);
    let again = Triage {
        incident: Some(id2),
        ..triage.clone()
    };
    assert_conflict(
        store
            .create_incident(&second, &entries2, Some(&again), &Default::default())
            .await,
        None,
        "declaring from an already-triaged report",
    );
    assert_eq!(store.incident(id2).await.expect("incident"), None);
    assert_eq!(
        store.incident_by_reference(&reference2).await.expect("r"),
        None
    );
    assert!(
        all_entries(store, id2).await.is_empty(),
        "no entries written"
    );
    let r2 = store
        .report(report.id)
        .await
        .expect("report")
        .expect("there");
    assert_eq!(r2, r, "the report still names the first incident");

    // Reusing an incident's reference or id is a Conflict too.
    let clash = summary(id2, &reference, &entries2);
    assert_conflict(
        store
            .create_incident(&clash, &entries2, None, &Default::default())
            .await,
        None,
        "a second incident with the same reference",
    );
    assert_eq!(store.incident(id2).await.expect("incident"), None);
    assert_conflict(
        store
            .create_incident(&declared, &entries, None, &Default::default())
            .await,
        None,
        "creating the same incident twice",
    );
    assert_eq!(
        all_entries(store, id).await,
        entries,
        "the log is untouched"
    );
}

fn audit(incident: Uuid, what: &str) -> AuditRecord {
    AuditRecord {
        id: Uuid::now_v7(),
        at: now(),
        person: Uuid::now_v7(),
        incident: Some(incident),
        what: what.to_owned(),
        source: None,
        refused: false,
    }
}

/// One batch: appends to different incidents commit or conflict on their own,
/// two appends to one incident chain within the batch, and audit records land.
pub async fn commit_appends_and_conflicts<S: Store + ?Sized>(store: &S) {
    let (a, a_entries) = new_incident(store, 2052, 2).await;
    let (b, b_entries) = new_incident(store, 2052, 3).await;
    assert!(
        store
            .commit(&CommitBatch::default())
            .await
            .expect("empty")
            .is_empty()
    );

    let a_new = chain(a.id, 2, &a.head_hash, 3);
    let a_more = chain(a.id, 5, &a_new[2].hash, 1);
    let mut a_summary = summary(a.id, &a.reference, &a_more);
    a_summary.title = "Contained: suspicious logins".to_owned();
    a_summary.phase = Phase::Warm;
    a_summary.restricted = false;
    a_summary.members.push(Uuid::now_v7());
    a_summary.declared_at = a.declared_at;
    let mid_summary = summary(a.id, &a.reference, &a_new);
    // B's writer saw seq 2 but B is at 3: it must re-read and decide again.
    let b_stale = chain(b.id, 2, &b_entries[1].hash, 1);
    let b_summary = summary(b.id, &b.reference, &b_stale);
    let record = audit(b.id, "GET /api/incidents/log");

    let batch = CommitBatch {
        appends: vec![
            Append {
                incident: a.id,
                expected_seq: 2,
                entries: a_new.clone(),
                summary: mid_summary,
                outbox: Default::default(),
            },
            Append {
                incident: b.id,
                expected_seq: 2,
                entries: b_stale,
                summary: b_summary,
                outbox: Default::default(),
            },
            Append {
                incident: a.id,
                expected_seq: 5,
                entries: a_more.clone(),
                summary: a_summary.clone(),
                outbox: Default::default(),
            },
        ],
        audit: vec![record.clone()],
        outbox: Default::default(),
    };
    let outcomes = store.commit(&batch).await.expect("commit");
    assert_eq!(
        outcomes,
        vec![
            AppendOutcome::Committed,
            AppendOutcome::Conflict { actual_seq: 3 },
            AppendOutcome::Committed,
        ],
        "one outcome per append, in order; only B's conflicts"
    );

    let stored = all_entries(store, a.id).await;
    let expected: Vec<_> = [a_entries, a_new, a_more].concat();
    assert_eq!(stored, expected, "A's entries are readable in order");
    assert!(verify(&stored).is_whole());
    let got = store.incident(a.id).await.expect("incident");
    assert_eq!(got, Some(a_summary), "A's summary is the last one written");
    assert_eq!(all_entries(store, b.id).await, b_entries, "B is unchanged");
    assert_eq!(
        store.incident(b.id).await.expect("incident"),
        Some(b.clone())
    );
    let audited = store
        .audit(&AuditQuery {
            incident: Some(b.id),
            person: None,
            limit: 10,
        })
        .await
        .expect("audit");
    assert_eq!(audited, vec![record], "the batch's audit record is stored");

    // The conflicting writer retries from the real head and commits.
    let b_retry = chain(b.id, 3, &b.head_hash, 1);
    let retry = CommitBatch {
        appends: vec![Append {
            incident: b.id,
            expected_seq: 3,
            entries: b_retry.clone(),
            summary: summary(b.id, &b.reference, &b_retry),
            outbox: Default::default(),
        }],
        audit: Vec::new(),
        outbox: Default::default(),
    };
    let outcomes = store.commit(&retry).await.expect("commit");
    assert_eq!(outcomes, vec![AppendOutcome::Committed]);
    let b_now = store
        .incident(b.id)
        .await
        .expect("incident")
        .expect("there");
    assert_eq!((b_now.seq, b_now.head_hash), (4, b_retry[0].hash.clone()));
}

/// A batch whose entries do not continue their chain is refused whole: an
/// `Err`, and nothing of the batch written, not even its valid appends.
pub async fn commit_refuses_broken_chain<S: Store + ?Sized>(store: &S) {
    let (a, a_entries) = new_incident(store, 2053, 1).await;
    let (b, b_entries) = new_incident(store, 2053, 1).await;
    let good = chain(a.id, 1, &a.head_hash, 1);
    let mut gap = chain(b.id, 1, &b.head_hash, 2);
    gap.remove(0);
    for (broken, what) in [(gap, "a gap in seq")] {
        let batch = CommitBatch {
            appends: vec![
                Append {
                    incident: a.id,
                    expected_seq: 1,
                    entries: good.clone(),
                    summary: summary(a.id, &a.reference, &good),
                    outbox: Default::default(),
                },
                Append {
                    incident: b.id,
                    expected_seq: 1,
                    summary: summary(b.id, &b.reference, &broken),
                    outbox: Default::default(),
                    entries: broken,
                },
            ],
            audit: vec![audit(a.id, "GET /api/incidents")],
            outbox: Default::default(),
        };
        let result = store.commit(&batch).await;
        assert!(result.is_err(), "{what}: expected Err, got {result:?}");
        assert_eq!(
            all_entries(store, a.id).await,
            a_entries,
            "{what}: A unchanged"
        );
        assert_eq!(
            all_entries(store, b.id).await,
            b_entries,
            "{what}: B unchanged"
        );
        assert_eq!(
            store.incident(a.id).await.expect("incident"),
            Some(a.clone())
        );
        let q = AuditQuery {
            incident: Some(a.id),
            ..AuditQuery::default()
        };
        assert!(
            store.audit(&q).await.expect("audit").is_empty(),
            "{what}: no audit"
        );
    }
}

/// Incidents are listed newest declaration first.
pub async fn list_incidents_newest_first<S: Store + ?Sized>(store: &S) {
    let base = now() + 1_000_000_000;
    let mut ids = Vec::new();
    for i in 0..3 {
        let reference = store.allocate_reference(2054).await.expect("allocate");
        let id = Uuid::now_v7();
        let entries = chain(id, 0, GENESIS_HASH, 1);
        let mut s = summary(id, &reference, &entries);
        s.declared_at = base + i;
        store
            .create_incident(&s, &entries, None, &Default::default())
            .await
            .expect("create");
        ids.push(id);
    }
    let listed: Vec<Uuid> = store
        .list_incidents()
        .await
        .expect("list_incidents")
        .into_iter()
        .map(|s| s.id)
        .filter(|id| ids.contains(id))
        .collect();
    ids.reverse();
    assert_eq!(listed, ids, "newest declaration first");
}

/// An append sealed onto another chain than the stored one (right seq, wrong
/// prev_hash) is `Broken` on its own: the batch's other appends commit.
pub async fn commit_breaks_an_append_off_the_head<S: Store + ?Sized>(store: &S) {
    let (a, _) = new_incident(store, 2053, 1).await;
    let (b, b_entries) = new_incident(store, 2053, 1).await;
    let good = chain(a.id, 1, &a.head_hash, 1);
    let wrong_link = chain(b.id, 1, GENESIS_HASH, 1);
    let batch = CommitBatch {
        appends: vec![
            Append {
                incident: a.id,
                expected_seq: 1,
                summary: summary(a.id, &a.reference, &good),
                entries: good.clone(),
                outbox: Default::default(),
            },
            Append {
                incident: b.id,
                expected_seq: 1,
                summary: summary(b.id, &b.reference, &wrong_link),
                entries: wrong_link,
                outbox: Default::default(),
            },
        ],
        ..Default::default()
    };
    let outcomes = store.commit(&batch).await.expect("commit");
    assert_eq!(outcomes[0], AppendOutcome::Committed);
    match &outcomes[1] {
        AppendOutcome::Broken(brk) => {
            assert_eq!((brk.seq, &brk.found), (1, &b.head_hash), "{brk:?}");
        }
        other => panic!("a prev_hash off the head: expected Broken, got {other:?}"),
    }
    assert_eq!(all_entries(store, a.id).await.len(), 2, "A committed");
    assert_eq!(all_entries(store, b.id).await, b_entries, "B unchanged");
    assert_eq!(store.incident(b.id).await.expect("incident"), Some(b));
}
