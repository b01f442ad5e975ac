use super::*;
use crate::test_fixtures::{chain, summary};
use crate::{Append, OutboxCancel};

fn append(incident: Uuid, expected_seq: u64, entries: Vec<LogEntry>) -> Append {
    Append {
        incident,
        expected_seq,
        summary: summary(incident, &format!("INC-2026-{expected_seq:04}"), &entries),
        entries,
        outbox: OutboxChanges::default(),
    }
}

/// Outbox changes told apart by their cancel's slot.
fn outbox(slot: &str) -> OutboxChanges {
    OutboxChanges {
        enqueue: Vec::new(),
        cancel: vec![OutboxCancel {
            slot: slot.to_owned(),
            at: 0,
        }],
        if_subscribed: Vec::new(),
    }
}

fn heads(list: &[(Uuid, &[LogEntry])]) -> Heads {
    list.iter()
        .map(|(id, log)| {
            let last = log.last().expect("a head needs entries");
            (*id, Head::at(last.seq, &last.hash))
        })
        .collect()
}

fn refused(result: StoreResult<impl std::fmt::Debug>) -> String {
    match result {
        Err(StoreError::Other(msg)) => msg,
        other => panic!("expected the batch refused, got {other:?}"),
    }
}

#[test]
fn a_conflict_for_one_append_leaves_the_others_to_commit() {
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    let log_a = chain(a, 0, GENESIS_HASH, 3);
    let log_b = chain(b, 0, GENESIS_HASH, 1);
    // `a` was decided against seq 2, but its head is 3 now.
    let stale = chain(a, 2, &log_a[1].hash, 1);
    let fresh = chain(b, 1, &log_b[0].hash, 2);
    let mut batch = CommitBatch {
        appends: vec![append(a, 2, stale), append(b, 1, fresh.clone())],
        outbox: outbox("batch"),
        ..Default::default()
    };
    batch.appends[0].outbox = outbox("stale");
    batch.appends[1].outbox = outbox("fresh");

    let checked = check_batch(&batch).expect("each append chains");
    assert_eq!(checked.touched(), {
        let mut ids = vec![a, b];
        ids.sort();
        ids
    });
    let plan = checked
        .plan(heads(&[(a, &log_a), (b, &log_b)]))
        .expect("plan");
    assert_eq!(
        plan.outcomes,
        vec![
            AppendOutcome::Conflict { actual_seq: 3 },
            AppendOutcome::Committed
        ]
    );
    let written: Vec<&LogEntry> = plan.entries.iter().map(|r| r.entry).collect();
    assert_eq!(written, fresh.iter().collect::<Vec<_>>());
    assert_eq!(plan.summaries.len(), 1);
    assert_eq!(plan.summaries[0].summary.id, b);
    assert_eq!(plan.summaries[0].seq, 3);
    assert_eq!(plan.summaries[0].head_hash, fresh[1].hash);
    // The conflicting change's outbox rows are not written; the batch's are.
    assert_eq!(plan.outbox, vec![&outbox("fresh"), &outbox("batch")]);
}

#[test]
fn two_appends_to_one_incident_in_one_batch_see_each_other() {
    let id = Uuid::now_v7();
    let first = chain(id, 0, GENESIS_HASH, 2);
    let second = chain(id, 2, &first[1].hash, 1);
    // A third decided against the same head as the second loses to it.
    let third = chain(id, 2, &first[1].hash, 1);
    let mut batch = CommitBatch {
        appends: vec![
            append(id, 0, first.clone()),
            append(id, 2, second.clone()),
            append(id, 2, third),
        ],
        ..Default::default()
    };
    batch.appends[1].summary.title = "the second's title".to_owned();
    let checked = check_batch(&batch).expect("each append chains");
    assert_eq!(checked.touched(), [id]);
    let plan = checked.plan(Heads::new()).expect("plan");
    assert_eq!(
        plan.outcomes,
        vec![
            AppendOutcome::Committed,
            AppendOutcome::Committed,
            AppendOutcome::Conflict { actual_seq: 3 }
        ]
    );
    assert_eq!(plan.entries.len(), 3);
    // One summary row: the last accepted one, with the head from the log.
    assert_eq!(plan.summaries.len(), 1);
    assert_eq!(plan.summaries[0].summary.title, "the second's title");
    assert_eq!(plan.summaries[0].seq, 3);
    assert_eq!(plan.summaries[0].head_hash, second[0].hash);
}

#[test]
fn an_append_that_does_not_chain_from_the_head_is_broken_alone() {
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    let log_a = chain(a, 0, GENESIS_HASH, 2);
    // Right seq, but sealed against another chain's entry 2.
    let forked = chain(a, 2, "f".repeat(64).as_str(), 1);
    let batch = CommitBatch {
        appends: vec![
            append(b, 0, chain(b, 0, GENESIS_HASH, 1)),
            append(a, 2, forked),
        ],
        ..Default::default()
    };
    let checked = check_batch(&batch).expect("each append chains among itself");
    let plan = checked.plan(heads(&[(a, &log_a)])).expect("plan");
    assert_eq!(plan.outcomes[0], AppendOutcome::Committed);
    let AppendOutcome::Broken(b) = &plan.outcomes[1] else {
        panic!("{:?}", plan.outcomes)
    };
    assert_eq!((b.seq, b.found.as_str()), (2, log_a[1].hash.as_str()));
    assert!(b.reason.contains("rewritten"), "{}", b.reason);
    assert_eq!(plan.summaries.len(), 1, "only b's row is written");
}

/// The head recorded in the row is 3, but the log's last entry is 2 (entry 3
/// was deleted outside Muster): nothing more goes on that log, however the
/// writer saw it, until a `break-acknowledged` entry is sealed onto entry 2.
#[test]
fn a_log_that_does_not_end_at_its_recorded_head_takes_only_an_acknowledgement() {
    let a = Uuid::now_v7();
    let log = chain(a, 0, GENESIS_HASH, 3);
    let cut = Head {
        recorded: (3, log[2].hash.clone()),
        log_end: (2, log[1].hash.clone()),
    };
    let heads = || Heads::from([(a, cut.clone())]);
    for (after, prev) in [(3, &log[2].hash), (2, &log[1].hash)] {
        let batch = CommitBatch {
            appends: vec![append(a, after, chain(a, after, prev, 1))],
            ..Default::default()
        };
        let checked = check_batch(&batch).expect("chains");
        let plan = checked.plan(heads()).expect("plan");
        let AppendOutcome::Broken(b) = &plan.outcomes[0] else {
            panic!("{:?}", plan.outcomes)
        };
        assert_eq!(b.seq, 3, "entry 3 is missing");
        assert_eq!((&b.expected, &b.found), (&log[2].hash, &log[1].hash));
        assert!(plan.entries.is_empty() && plan.summaries.is_empty());
    }

    let mut ack = chain(a, 2, &log[1].hash, 1);
    ack[0].kind = ACKNOWLEDGED_KIND.to_owned();
    let ack = vec![ack[0].clone().seal(&log[1].hash)];
    let batch = CommitBatch {
        appends: vec![append(a, 2, ack.clone())],
        ..Default::default()
    };
    let checked = check_batch(&batch).expect("chains");
    let plan = checked.plan(heads()).expect("plan");
    assert_eq!(plan.outcomes, vec![AppendOutcome::Committed]);
    assert_eq!(plan.summaries[0].seq, 3);
    assert_eq!(plan.summaries[0].head_hash, ack[0].hash);
}

#[test]
fn entries_that_do_not_form_a_chain_refuse_the_batch() {
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    let good = append(a, 0, chain(a, 0, GENESIS_HASH, 1));
    let cases: Vec<(Append, &str)> = vec![
        (
            append(a, 0, chain(b, 0, GENESIS_HASH, 1)),
            "it belongs to incident",
        ),
        (append(a, 1, chain(a, 0, GENESIS_HASH, 1)), "expected seq 2"),
        (
            {
                let mut entries = chain(a, 0, GENESIS_HASH, 2);
                entries[1] = chain(a, 1, GENESIS_HASH, 1).remove(0);
                append(a, 0, entries)
            },
            "prev_hash is not the previous entry's hash",
        ),
        (
            {
                let mut entries = chain(a, 0, GENESIS_HASH, 1);
                entries[0].recorded_at = "yesterday".to_owned();
                append(a, 0, entries)
            },
            "recorded_at \"yesterday\"",
        ),
    ];
    for (bad, why) in cases {
        let batch = CommitBatch {
            appends: vec![good.clone(), bad],
            ..Default::default()
        };
        let msg = refused(check_batch(&batch).map(|_| ()));
        assert!(msg.starts_with("refusing entry "), "{msg}");
        assert!(msg.contains(why), "expected {why:?} in {msg:?}");
    }
}

#[test]
fn summaries_are_sorted_by_incident() {
    let mut ids: Vec<Uuid> = (0..5).map(|_| Uuid::now_v7()).collect();
    ids.reverse();
    let batch = CommitBatch {
        appends: ids
            .iter()
            .map(|&id| append(id, 0, chain(id, 0, GENESIS_HASH, 1)))
            .collect(),
        ..Default::default()
    };
    let checked = check_batch(&batch).expect("chains");
    let plan = checked.plan(Heads::new()).expect("plan");
    let order: Vec<Uuid> = plan.summaries.iter().map(|s| s.summary.id).collect();
    ids.sort();
    assert_eq!(order, ids);
}

#[test]
fn an_empty_batch_plans_only_its_own_outbox() {
    let batch = CommitBatch::default();
    assert!(batch.is_empty());
    let checked = check_batch(&batch).expect("nothing to check");
    let plan = checked.plan(Heads::new()).expect("plan");
    assert!(plan.outcomes.is_empty() && plan.entries.is_empty() && plan.summaries.is_empty());
    assert_eq!(plan.outbox.len(), 1);
}

#[test]
fn creating_needs_a_chain_from_genesis() {
    let id = Uuid::now_v7();
    let entries = chain(id, 0, GENESIS_HASH, 2);
    let s = summary(id, "INC-2026-0001", &entries);
    let (rows, row) = plan_create(&s, &entries).expect("a good start");
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (row.seq, row.head_hash.as_str()),
        (2, entries[1].hash.as_str())
    );

    let (_, empty) = plan_create(&s, &[]).expect("no entries yet");
    assert_eq!((empty.seq, empty.head_hash.as_str()), (0, GENESIS_HASH));

    let elsewhere = chain(id, 0, "0".repeat(63).as_str(), 1);
    let msg = refused(plan_create(&s, &elsewhere).map(|_| ()));
    assert!(msg.contains("must chain from the genesis hash"), "{msg}");
}

#[test]
fn a_clash_on_the_summary_names_the_field() {
    let s = summary(Uuid::now_v7(), "INC-2026-0042", &[]);
    let clash = |msg: &str| summary_clash(StoreError::Conflict(msg.to_owned()), &s, "ref_key");
    assert!(
        matches!(clash("violates ref_key"), StoreError::Conflict(m) if m == "reference: INC-2026-0042 is already taken")
    );
    assert!(
        matches!(clash("violates pkey"), StoreError::Conflict(m) if m == format!("incident {} already exists", s.id))
    );
    assert!(matches!(
        summary_clash(StoreError::Other("x".into()), &s, "ref_key"),
        StoreError::Other(_)
    ));
}
