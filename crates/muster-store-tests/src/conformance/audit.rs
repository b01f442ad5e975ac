//! The audit trail of reads.

use super::fixtures::now;
use muster_store::{AuditQuery, AuditRecord, Store};
use uuid::Uuid;

/// Records read back newest first, filtered by incident, person or both; a
/// limit keeps the newest, and a limit of 0 means no limit.
pub async fn audit_records_and_queries<S: Store + ?Sized>(store: &S) {
    let (inc_a, inc_b) = (Uuid::now_v7(), Uuid::now_v7());
    let (ann, ben) = (Uuid::now_v7(), Uuid::now_v7());
    let t = now();
    let rec = |i: i64, person, incident: Uuid| AuditRecord {
        id: Uuid::now_v7(),
        at: t + i,
        person,
        incident: Some(incident),
        what: format!("GET /api/incidents/{incident}/log #{i}"),
        source: Some(format!("192.0.2.{i}")),
        refused: i == 2,
    };
    // A refused look at a reference that names no incident.
    let probe = AuditRecord {
        id: Uuid::now_v7(),
        at: t + 5,
        person: ben,
        incident: None,
        what: "GET /api/incidents/INC-2099-0001".into(),
        source: None,
        refused: true,
    };
    let records = [
        rec(0, ann, inc_a),
        rec(1, ben, inc_a),
        rec(2, ann, inc_b),
        rec(3, ann, inc_a),
        rec(4, ben, inc_b),
        probe,
    ];
    // Stored in two calls and out of time order, to show the query sorts.
    store
        .record_audit(&records[3..])
        .await
        .expect("record_audit");
    store
        .record_audit(&records[..3])
        .await
        .expect("record_audit");
    store
        .record_audit(&[])
        .await
        .expect("an empty record_audit is fine");

    let query = |incident, person, limit| AuditQuery {
        incident,
        person,
        limit,
    };
    let pick = |idx: &[usize]| idx.iter().map(|&i| records[i].clone()).collect::<Vec<_>>();

    let a = store
        .audit(&query(Some(inc_a), None, 0))
        .await
        .expect("audit");
    assert_eq!(a, pick(&[3, 1, 0]), "by incident, newest first, no limit");
    let ann_reads = store
        .audit(&query(None, Some(ann), 0))
        .await
        .expect("audit");
    assert_eq!(ann_reads, pick(&[3, 2, 0]), "by person");
    let both = store
        .audit(&query(Some(inc_a), Some(ann), 0))
        .await
        .expect("audit");
    assert_eq!(both, pick(&[3, 0]), "by incident and person");
    let limited = store
        .audit(&query(Some(inc_a), None, 2))
        .await
        .expect("audit");
    assert_eq!(limited, pick(&[3, 1]), "a limit keeps the newest");
    let none = store
        .audit(&query(Some(Uuid::now_v7()), None, 0))
        .await
        .expect("audit");
    assert!(none.is_empty(), "an incident nobody read has no records");

    let ben_reads = store
        .audit(&query(None, Some(ben), 0))
        .await
        .expect("audit");
    assert_eq!(
        ben_reads,
        pick(&[5, 4, 1]),
        "a probe of no incident is kept, with its source and refusal"
    );

    let any = store.audit(&query(None, None, 3)).await.expect("audit");
    assert_eq!(any.len(), 3, "no filter, limited");
    assert!(
        any.windows(2).all(|w| w[0].at >= w[1].at),
        "no filter is newest first too"
    );
}
