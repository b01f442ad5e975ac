//! The hash-chained log: sealing, verifying, and finding exactly where a chain
//! was tampered with.

use super::fixture::*;
use crate::log::*;
use crate::*;
use jiff::{SignedDuration, Timestamp};

fn note(text: &str) -> Event {
    Event::NoteAdded { text: text.into() }
}

/// A sealed chain of `n` entries with awkward strings in every text field.
pub fn chain(n: u64) -> Vec<LogEntry> {
    let p = cast();
    let incident = uuid::Uuid::from_u128(0x0190_aaaa_0000_7000_8000_0000_0000_0002);
    let mut head = GENESIS_HASH.to_owned();
    let mut out = Vec::new();
    for seq in 1..=n {
        let who = if seq % 2 == 0 { &p.carol } else { &p.alice };
        let event = match seq % 3 {
            0 => Event::Corrected {
                corrects: seq - 1,
                text: format!("entry {} said \"09:05\"; it was 09:50", seq - 1),
            },
            1 => note(&format!(
                "note {seq}: café — 🔒 tab\there\nnew line, \\ and \u{1f}"
            )),
            _ => Event::RoleAssigned {
                person: p.dave.clone(),
                role: Role::Sme,
            },
        };
        let at = t0() + SignedDuration::new(seq as i64 * 61, (seq as i32 * 37_000) % 1_000_000_000);
        let entry = LogEntry {
            incident,
            seq,
            recorded_at: format_time(at),
            occurred_at: (seq % 3 == 0).then(|| format_time(at - SignedDuration::from_mins(45))),
            actor: who.id,
            actor_name: if seq == 2 {
                "Carol \"Sec\" Ó'Brien".into()
            } else {
                who.name.clone()
            },
            kind: event.kind().to_owned(),
            v: Event::VERSION,
            payload: event.payload_json(),
            prev_hash: String::new(),
            hash: String::new(),
        }
        .seal(&head);
        head.clone_from(&entry.hash);
        out.push(entry);
    }
    out
}

#[test]
fn a_sealed_chain_verifies() {
    let entries = chain(7);
    assert_eq!(entries[0].prev_hash, GENESIS_HASH);
    for pair in entries.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
    }
    for e in &entries {
        assert_eq!(e.hash.len(), 64);
        assert!(
            e.hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "lowercase hex"
        );
        assert_eq!(e.compute_hash(), e.hash);
    }
    let v = verify(&entries);
    assert!(v.is_whole(), "{v:?}");
    assert_eq!(
        (v.entries, v.head_hash.as_str()),
        (7, entries[6].hash.as_str())
    );
    let empty = verify(&[]);
    assert_eq!(
        (empty.entries, empty.head_hash.as_str(), empty.is_whole()),
        (0, GENESIS_HASH, true)
    );
}

/// Every way of changing one byte of one text field of one entry.
fn one_byte_changes(s: &str) -> Vec<String> {
    s.bytes()
        .enumerate()
        .filter(|(_, b)| b.is_ascii())
        .map(|(i, b)| {
            let mut bytes = s.as_bytes().to_vec();
            bytes[i] = b ^ 0x01;
            String::from_utf8(bytes).expect("an ASCII byte stays ASCII")
        })
        .collect()
}

#[test]
fn altering_any_byte_of_an_entry_is_found_at_that_entry() {
    let entries = chain(6);
    type Field = fn(&mut LogEntry) -> &mut String;
    let fields: [(&str, Field); 7] = [
        ("payload", |e| &mut e.payload),
        ("actor_name", |e| &mut e.actor_name),
        ("recorded_at", |e| &mut e.recorded_at),
        ("kind", |e| &mut e.kind),
        ("hash", |e| &mut e.hash),
        ("prev_hash", |e| &mut e.prev_hash),
        ("occurred_at", |e| {
            e.occurred_at.get_or_insert_with(String::new)
        }),
    ];
    let mut checked = 0;
    for i in 0..entries.len() {
        for (name, field) in &fields {
            let original = field(&mut entries[i].clone()).clone();
            for altered in one_byte_changes(&original) {
                let mut tampered = entries.clone();
                *field(&mut tampered[i]) = altered;
                let v = verify(&tampered);
                let seq = entries[i].seq;
                let b = v
                    .first_break
                    .unwrap_or_else(|| panic!("{name} of entry {seq} altered unnoticed"));
                assert_eq!(b.seq, seq, "{name}: {}", b.reason);
                assert_eq!(v.entries, seq - 1, "the whole prefix still counts");
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn altering_the_numbers_and_ids_is_found_at_that_entry() {
    let entries = chain(5);
    type Alter = fn(&mut LogEntry);
    let alter: [(&str, Alter); 5] = [
        ("v", |e| e.v = 2),
        ("actor", |e| e.actor = uuid::Uuid::from_u128(7)),
        ("incident", |e| e.incident = uuid::Uuid::from_u128(7)),
        ("occurred_at added", |e| {
            e.occurred_at = Some("2026-11-19T09:00:00.000000Z".into())
        }),
        ("seq", |e| e.seq += 10),
    ];
    for (name, f) in alter {
        let mut tampered = entries.clone();
        f(&mut tampered[2]);
        let b = verify(&tampered).first_break.expect(name);
        assert_eq!(b.seq, 3, "{name}: {}", b.reason);
    }
    // A payload rewritten and the entry re-sealed still breaks the next link.
    let mut tampered = entries.clone();
    tampered[2].payload = note("nothing to see").payload_json();
    tampered[2] = tampered[2].clone().seal(&entries[1].hash);
    let b = verify(&tampered).first_break.unwrap();
    assert_eq!(b.seq, 4, "{}", b.reason);
    assert!(b.reason.contains("prev_hash"), "{}", b.reason);
}

#[test]
fn a_dropped_or_reordered_entry_is_found() {
    let entries = chain(6);
    let mut dropped = entries.clone();
    dropped.remove(2);
    let v = verify(&dropped);
    let b = v.first_break.unwrap();
    assert_eq!(b.seq, 3);
    assert!(
        b.reason.contains("expected entry 3 but found entry 4"),
        "{}",
        b.reason
    );
    assert!(b.reason.contains("missing or out of order"), "{}", b.reason);
    assert_eq!((v.entries, v.head_hash), (2, entries[1].hash.clone()));

    let mut reordered = entries.clone();
    reordered.swap(3, 4);
    let b = verify(&reordered).first_break.unwrap();
    assert_eq!(b.seq, 4, "{}", b.reason);
    assert!(
        b.reason.contains("expected entry 4 but found entry 5"),
        "{}",
        b.reason
    );

    let mut first_dropped = entries.clone();
    first_dropped.remove(0);
    assert_eq!(verify(&first_dropped).first_break.unwrap().seq, 1);

    // Renumbering after a drop cannot hide it: the links no longer meet.
    let mut renumbered = dropped.clone();
    for (i, e) in renumbered.iter_mut().enumerate() {
        e.seq = i as u64 + 1;
    }
    assert_eq!(verify(&renumbered).first_break.unwrap().seq, 3);

    // A dropped tail leaves a whole, shorter chain: only the head hash (from the
    // export or the server) shows it, which is why verifiers compare it.
    let v = verify(&entries[..5]);
    assert!(v.is_whole());
    assert_ne!(v.head_hash, entries[5].hash);
}

#[test]
fn the_incremental_verifier_stops_at_the_first_break() {
    let mut entries = chain(6);
    entries[1].actor_name.push('!');
    entries[4].payload.push(' ');
    let mut verifier = Verifier::default();
    for e in &entries {
        verifier.push(e);
    }
    let v = verifier.finish();
    assert_eq!(v.first_break.map(|b| b.seq), Some(2));
    assert_eq!((v.entries, v.head_hash), (1, entries[0].hash.clone()));
}

#[test]
fn canonical_is_the_serde_json_canonical_form_of_the_entry() {
    for e in chain(9) {
        let value = serde_json::json!({
            "v": e.v,
            "seq": e.seq,
            "recorded_at": e.recorded_at,
            "payload": serde_json::from_str::<serde_json::Value>(&e.payload).unwrap(),
            "occurred_at": e.occurred_at,
            "kind": e.kind,
            "incident": e.incident.to_string(),
            "actor_name": e.actor_name,
            "actor": e.actor.to_string(),
        });
        let canonical = e.canonical();
        assert_eq!(canonical, canonical_json(&value));
        // Keys in byte order, and neither the entry's own hash nor the link.
        let keys = [
            "actor",
            "actor_name",
            "incident",
            "kind",
            "occurred_at",
            "payload",
            "recorded_at",
            "seq",
            "v",
        ];
        let at: Vec<usize> = keys
            .iter()
            .map(|k| canonical.find(&format!("\"{k}\":")).unwrap())
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{canonical}");
        assert!(!canonical.contains("\"hash\"") && !canonical.contains("prev_hash"));
        assert!(
            !outside_strings(&canonical).contains(char::is_whitespace),
            "no whitespace between tokens"
        );
    }
}

/// The JSON text with the contents of its strings removed.
fn outside_strings(json: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for c in json.chars() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_string = false,
            (true, false, _) => {}
            (false, _, '"') => in_string = true,
            (false, _, c) => out.push(c),
        }
    }
    out
}

#[test]
fn canonical_json_sorts_nested_keys_and_escapes_like_python() {
    let value = serde_json::json!({"b": [1, {"z": null, "a": true}], "a": "q\"\\\u{8}\u{c}\n\r\t\u{1}\u{7f}/é🔒", "A": -3});
    assert_eq!(
        canonical_json(&value),
        "{\"A\":-3,\"a\":\"q\\\"\\\\\\b\\f\\n\\r\\t\\u0001\u{7f}/é🔒\",\"b\":[1,{\"a\":true,\"z\":null}]}"
    );
}

#[test]
fn format_time_writes_six_fractional_digits_and_z() {
    let cases = [
        (
            Timestamp::from_second(super::fixture::T0).unwrap(),
            "2026-11-19T09:20:00.000000Z",
        ),
        (
            Timestamp::new(super::fixture::T0, 123_456_789).unwrap(),
            "2026-11-19T09:20:00.123456Z",
        ),
        (
            Timestamp::new(super::fixture::T0, 1_000).unwrap(),
            "2026-11-19T09:20:00.000001Z",
        ),
        (
            Timestamp::new(super::fixture::T0, 999).unwrap(),
            "2026-11-19T09:20:00.000000Z",
        ),
        (Timestamp::UNIX_EPOCH, "1970-01-01T00:00:00.000000Z"),
        (
            Timestamp::new(-1, 500_000_000).unwrap(),
            "1969-12-31T23:59:59.500000Z",
        ),
        // Before the epoch, a fraction below a microsecond still truncates toward
        // the earlier instant, never a second out.
        (
            Timestamp::new(0, -500).unwrap(),
            "1969-12-31T23:59:59.999999Z",
        ),
    ];
    for (ts, expected) in cases {
        let text = format_time(ts);
        assert_eq!(text, expected, "{ts:?}");
        assert_eq!(text.len(), 27);
        let (whole, frac) = text.split_once('.').unwrap();
        assert_eq!(whole.len(), 19);
        assert_eq!(frac.len(), 7);
        assert!(frac[..6].bytes().all(|b| b.is_ascii_digit()) && frac.ends_with('Z'));
        let back: Timestamp = text.parse().unwrap();
        assert!(back <= ts && ts.duration_since(back) < SignedDuration::from_micros(1));
    }
}
