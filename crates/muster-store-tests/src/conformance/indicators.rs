//! The seen index and the ATT&CK catalogue (issue 11): every committed
//! `indicator-added` entry is a row of the index, written with it (on
//! creation and in the group commit); an append that does not commit adds
//! none; a lookup finds a value across incidents, in (incident, indicator)
//! order, and nothing else. The catalogue is replaced whole.

use super::fixtures::{entry, summary};
use muster_domain::LogEntry;
use muster_domain::event::Event;
use muster_domain::indicator::{IndicatorRecord, Tlp};
use muster_domain::log::{GENESIS_HASH as GENESIS, format_time};
use muster_store::{Append, AppendOutcome, AttackRow, CommitBatch, SeenRow, Store};
use uuid::Uuid;

/// A sealed `indicator-added` entry.
pub fn indicator_entry(
    incident: Uuid,
    seq: u64,
    prev: &str,
    id: &str,
    ty: &str,
    value: &str,
) -> LogEntry {
    let record = IndicatorRecord {
        id: id.to_owned(),
        ty: ty.to_owned(),
        value: value.to_owned(),
        tlp: Tlp::Amber,
        pap: None,
        ioc: true,
        tags: Vec::new(),
        first_seen: None,
        last_seen: None,
        comment: None,
    };
    let event = Event::IndicatorAdded(record);
    LogEntry {
        incident,
        seq,
        recorded_at: format_time(jiff::Timestamp::now()),
        occurred_at: None,
        actor: Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001),
        actor_name: "Zoë O'Brien".to_owned(),
        kind: event.kind().to_owned(),
        v: Event::VERSION,
        payload: event.payload_json(),
        prev_hash: String::new(),
        hash: String::new(),
    }
    .seal(prev)
}

fn row(value: &str, ty: &str, incident: Uuid, id: &str) -> SeenRow {
    SeenRow {
        value: value.to_owned(),
        ty: ty.to_owned(),
        incident,
        indicator: id.to_owned(),
    }
}

pub async fn seen_index_written_with_commits<S: Store + ?Sized>(store: &S) {
    // Values unique to this run, so other checks' rows cannot match.
    let tag = Uuid::now_v7().simple().to_string();
    let evil = format!("evil-{tag}.example");
    let other = format!("other-{tag}.example");

    // Created with an indicator among its first entries.
    let a = Uuid::now_v7();
    let a_ref = store.allocate_reference(2071).await.expect("allocate");
    let a1 = entry(a, 1, GENESIS, "declared");
    let a2 = indicator_entry(a, 2, &a1.hash, "I1", "domain", &evil);
    let first = vec![a1, a2];
    store
        .create_incident(
            &summary(a, &a_ref, &first),
            &first,
            None,
            &Default::default(),
        )
        .await
        .expect("create_incident");
    assert_eq!(
        store.seen(&evil).await.expect("seen"),
        [row(&evil, "domain", a, "I1")],
        "an indicator among an incident's first entries is indexed on creation"
    );

    // A second incident, then one batch: a stale append (which must add no
    // row) and a good one adding the same value and another.
    let b = Uuid::now_v7();
    let b_ref = store.allocate_reference(2071).await.expect("allocate");
    let b1 = entry(b, 1, GENESIS, "declared");
    store
        .create_incident(
            &summary(b, &b_ref, std::slice::from_ref(&b1)),
            std::slice::from_ref(&b1),
            None,
            &Default::default(),
        )
        .await
        .expect("create_incident");
    let stale_entries = vec![indicator_entry(a, 2, &first[0].hash, "I9", "url", &other)];
    let b2 = indicator_entry(b, 2, &b1.hash, "I1", "domain", &evil);
    let b3 = indicator_entry(b, 3, &b2.hash, "I2", "domain", &other);
    let good_entries = vec![b2, b3];
    let batch = CommitBatch {
        appends: vec![
            Append {
                incident: a,
                expected_seq: 1,
                summary: summary(a, &a_ref, &stale_entries),
                entries: stale_entries,
                outbox: Default::default(),
            },
            Append {
                incident: b,
                expected_seq: 1,
                summary: summary(b, &b_ref, &good_entries),
                entries: good_entries,
                outbox: Default::default(),
            },
        ],
        ..CommitBatch::default()
    };
    let outcomes = store.commit(&batch).await.expect("commit");
    assert!(matches!(outcomes[0], AppendOutcome::Conflict { .. }));
    assert_eq!(outcomes[1], AppendOutcome::Committed);

    let mut expected = vec![row(&evil, "domain", a, "I1"), row(&evil, "domain", b, "I1")];
    expected.sort_by(|x, y| (x.incident, &x.indicator).cmp(&(y.incident, &y.indicator)));
    assert_eq!(
        store.seen(&evil).await.expect("seen"),
        expected,
        "a value is found in every incident that holds it, in (incident, indicator) order"
    );
    assert_eq!(
        store.seen(&other).await.expect("seen"),
        [row(&other, "domain", b, "I2")],
        "the conflicting append's indicator was not indexed"
    );
    assert!(
        store
            .seen(&format!("EVIL-{tag}.example"))
            .await
            .expect("seen")
            .is_empty(),
        "the index matches the normalised value exactly"
    );
}

pub async fn attack_catalogue_is_replaced_whole<S: Store + ?Sized>(store: &S) {
    let attack = |id: &str, name: &str, tactics: &[&str]| AttackRow {
        id: id.to_owned(),
        name: name.to_owned(),
        tactics: tactics.iter().map(|t| (*t).to_owned()).collect(),
    };
    let first = vec![
        attack("T1566", "Phishing", &["initial-access"]),
        attack("TA0001", "Initial Access", &["initial-access"]),
        attack(
            "T1078.004",
            "Cloud Accounts",
            &["persistence", "privilege-escalation"],
        ),
    ];
    store
        .replace_attack_catalogue(&first)
        .await
        .expect("replace");
    let mut sorted = first.clone();
    sorted.sort_by(|x, y| x.id.cmp(&y.id));
    assert_eq!(store.attack_catalogue().await.expect("read"), sorted);
    let second = vec![attack(
        "T1059",
        "Command and Scripting Interpreter",
        &["execution"],
    )];
    store
        .replace_attack_catalogue(&second)
        .await
        .expect("replace");
    assert_eq!(
        store.attack_catalogue().await.expect("read"),
        second,
        "an import replaces the whole catalogue"
    );
    store.replace_attack_catalogue(&[]).await.expect("empty");
    assert!(store.attack_catalogue().await.expect("read").is_empty());
}
