//! Breaks beyond a single entry (docs/log-format.md §5 and §6): payloads that
//! are not canonical objects, a log that does not end at its recorded head,
//! and breaks an administrator acknowledged.

use super::fixture::*;
use super::log::chain;
use crate::log::*;
use crate::*;

/// The acknowledgement of `b`, sealed onto the end of `log`.
fn acknowledge(log: &mut Vec<LogEntry>, b: &Break) {
    let p = cast();
    let last = log.last().expect("a log to acknowledge");
    let event = Event::BreakAcknowledged {
        seq: b.seq,
        expected: b.expected.clone(),
        found: b.found.clone(),
        problem: b.reason.clone(),
        reason: "restored from backup".into(),
    };
    let entry = LogEntry {
        incident: last.incident,
        seq: last.seq + 1,
        recorded_at: format_time(t0()),
        occurred_at: None,
        actor: p.alice.id,
        actor_name: p.alice.name.clone(),
        kind: event.kind().to_owned(),
        v: Event::VERSION,
        payload: event.payload_json(),
        prev_hash: String::new(),
        hash: String::new(),
    }
    .seal(&last.hash);
    log.push(entry);
}

#[test]
fn a_payload_that_is_not_a_canonical_object_is_a_break_even_when_sealed() {
    for (payload, says) in [
        ("[1,2]", "not the JSON text of an object"),
        ("\"text\"", "not the JSON text of an object"),
        ("{\"text\": \"spaced\"}", "canonical"),
        ("{\"z\":1,\"a\":2}", "canonical"),
        ("{\"a\":1.5}", "not a 64-bit integer"),
        ("{\"a\":100000000000000000000}", "not a 64-bit integer"),
        ("{\"a\":\"\\u00e9\"}", "canonical"),
        ("{\"a\":1,\"a\":1}", "canonical"),
        ("{not json", "not JSON text"),
    ] {
        let mut entries = chain(3);
        entries[1].payload = payload.to_owned();
        let resealed = entries[1].clone().seal(&entries[0].hash);
        entries[1] = resealed;
        entries[2] = entries[2].clone().seal(&entries[1].hash);
        let b = verify(&entries).first_break.expect(payload);
        assert_eq!(b.seq, 2, "{payload}: {}", b.reason);
        assert!(b.reason.contains(says), "{payload}: {}", b.reason);
    }
    let deep = format!("{{\"a\":{}1{}}}", "[".repeat(64), "]".repeat(64));
    assert!(payload_problem(&deep).unwrap().contains("nested"));
    assert_eq!(payload_problem("{\"a\":[{\"b\":-3}],\"c\":null}"), None);
}

#[test]
fn a_log_that_does_not_end_at_its_recorded_head_is_broken_there() {
    let entries = chain(7);
    let head = (7, entries[6].hash.as_str());
    assert!(verify_against(&entries, head).is_whole());

    // Entries 6 and 7 deleted: the chain still links, only the head shows it.
    let b = verify_against(&entries[..5], head).first_break.unwrap();
    assert_eq!(b.seq, 6);
    assert!(
        b.reason.contains("entries 6 to 7 are missing"),
        "{}",
        b.reason
    );
    assert_eq!(
        (b.expected.as_str(), b.found.as_str()),
        (head.1, entries[4].hash.as_str())
    );

    // Entry 4 rewritten and everything after it re-sealed.
    let mut resealed = entries.clone();
    resealed[3].payload = "{\"text\":\"nothing happened\"}".into();
    resealed[3].kind = "note-added".into();
    for i in 3..7 {
        let prev = resealed[i - 1].hash.clone();
        resealed[i] = resealed[i].clone().seal(&prev);
    }
    assert!(verify(&resealed).is_whole(), "a re-sealed chain links");
    let b = verify_against(&resealed, head).first_break.unwrap();
    assert_eq!(b.seq, 7);
    assert!(b.reason.contains("re-sealed"), "{}", b.reason);

    // Entries added behind Muster's back.
    let b = verify_against(&entries, (5, entries[4].hash.as_str()))
        .first_break
        .unwrap();
    assert_eq!(b.seq, 6);
}

#[test]
fn an_acknowledged_break_no_longer_breaks_the_chain_and_is_reported() {
    let mut entries = chain(6);
    entries[2].payload = "{\"text\":\"altered\"}".into();
    let b = verify(&entries).first_break.unwrap();
    assert_eq!(b.seq, 3);
    assert_eq!(b.found, entries[2].hash, "the stored hash");
    assert_eq!(
        b.expected,
        entries[2].compute_hash(),
        "what the contents hash to"
    );

    acknowledge(&mut entries, &b);
    let v = verify(&entries);
    assert!(v.is_whole(), "{v:?}");
    assert_eq!(v.entries, 7);
    assert_eq!(v.acknowledged.len(), 1);
    let a = &v.acknowledged[0];
    assert_eq!(
        (a.break_seq, a.seq, a.reason.as_str()),
        (3, 7, "restored from backup")
    );
    assert_eq!(a.by, cast().alice.name);

    // Altered again after the acknowledgement: a new break, not the one acknowledged.
    entries[2].payload = "{\"text\":\"altered twice\"}".into();
    assert_eq!(verify(&entries).first_break.map(|b| b.seq), Some(3));
}

#[test]
fn an_acknowledgement_names_one_break_only() {
    let mut entries = chain(8);
    entries[1].actor_name.push('!');
    entries[4].actor_name.push('!');
    let first = verify(&entries).first_break.unwrap();
    assert_eq!(first.seq, 2);
    acknowledge(&mut entries, &first);
    let v = verify(&entries);
    assert_eq!(
        v.first_break.map(|b| b.seq),
        Some(5),
        "the second break remains"
    );
    assert_eq!((v.entries, v.head_hash), (4, entries[3].hash.clone()));
}

#[test]
fn a_truncation_acknowledged_at_the_head_verifies_with_it_listed() {
    let entries = chain(7);
    let recorded = (7, entries[6].hash.clone());
    let mut cut = entries[..5].to_vec();
    let b = verify_against(&cut, (recorded.0, &recorded.1))
        .first_break
        .unwrap();
    acknowledge(&mut cut, &b);
    let head = (cut[5].seq, cut[5].hash.clone());
    let v = verify_against(&cut, (head.0, &head.1));
    assert!(v.is_whole(), "{v:?}");
    assert_eq!(v.acknowledged[0].break_seq, 6);
    assert!(v.acknowledged[0].problem.contains("missing"));
}
