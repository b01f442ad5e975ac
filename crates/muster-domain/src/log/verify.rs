//! Checking a chain (`docs/log-format.md` §5 and §6): the first break, the
//! breaks an administrator acknowledged, and the log's end against the head
//! the store recorded for it.
//!
//! A break does not end the walk: the verifier re-anchors on the broken entry
//! (its seq and stored hash become the expected seq and head) and goes on, so
//! that a later `break-acknowledged` entry naming that break can be matched.
//! The verdict is still the first break nobody acknowledged.

use super::{GENESIS_HASH, LogEntry, canonical_json};
use serde::{Deserialize, Serialize};

/// The kind of the entry an administrator's acknowledgement of a break is.
pub const ACKNOWLEDGED_KIND: &str = "break-acknowledged";

/// Payloads nested deeper than this are refused: deeper than any event, and
/// shallow enough that every verifier parses what it refuses.
const MAX_DEPTH: usize = 64;

/// What is wrong with a chain, at the first entry where it goes wrong.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Break {
    pub seq: u64,
    pub reason: String,
    /// The hash the chain should hold here (§6 says which, for each check).
    #[serde(default)]
    pub expected: String,
    /// The hash it holds. `seq`, `expected` and `found` are what an
    /// acknowledgement names.
    #[serde(default)]
    pub found: String,
}

/// A break recorded by an administrator as a `break-acknowledged` entry.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledged {
    /// Where the break is, and the hashes it was acknowledged with.
    pub break_seq: u64,
    pub expected: String,
    pub found: String,
    /// What the verifier said of it when it was acknowledged.
    pub problem: String,
    /// The acknowledging entry: its seq, who made it, and why.
    pub seq: u64,
    pub by: String,
    pub reason: String,
}

/// The result of checking a whole chain.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// How many entries check out: all of them when the chain holds, else
    /// those read before its first break.
    pub entries: u64,
    /// The head those entries reach (the genesis value for none).
    pub head_hash: String,
    /// The first break nobody acknowledged; `None` when the chain holds.
    pub first_break: Option<Break>,
    /// Breaks acknowledged by an entry of the chain, in order.
    #[serde(default)]
    pub acknowledged: Vec<Acknowledged>,
}

impl Verification {
    /// No unacknowledged break (the chain may still carry acknowledged ones).
    pub fn is_whole(&self) -> bool {
        self.first_break.is_none()
    }
}

/// Why a payload is not the canonical JSON text of an object (§3), if it is not.
pub fn payload_problem(payload: &str) -> Option<String> {
    let value: serde_json::Value = match serde_json::from_str(payload) {
        Ok(v) => v,
        Err(e) => return Some(format!("the payload is not JSON text: {e}")),
    };
    if !value.is_object() {
        return Some("the payload is not the JSON text of an object".into());
    }
    if let Some(problem) = value_problem(&value, 1) {
        return Some(problem);
    }
    (canonical_json(&value) != payload)
        .then(|| "the payload is not in the canonical form of §3".to_owned())
}

fn value_problem(value: &serde_json::Value, depth: usize) -> Option<String> {
    use serde_json::Value::*;
    match value {
        Number(n) if n.as_i64().is_none() && n.as_u64().is_none() => Some(format!(
            "the payload holds {n}, which is not a 64-bit integer"
        )),
        Array(_) | Object(_) if depth > MAX_DEPTH => Some(format!(
            "the payload is nested more than {MAX_DEPTH} levels deep"
        )),
        Array(items) => items.iter().find_map(|v| value_problem(v, depth + 1)),
        Object(members) => members.values().find_map(|v| value_problem(v, depth + 1)),
        _ => None,
    }
}

/// The break between the head the store recorded (`seq`, `hash`) and where
/// the log actually ends, if they differ: entries cut off the end, added
/// behind Muster's back, or the chain rewritten and re-sealed.
pub fn head_break(recorded: (u64, &str), log: (u64, &str)) -> Option<Break> {
    let ((rec_seq, rec_hash), (log_seq, log_hash)) = (recorded, log);
    let (seq, reason) = if log_seq < rec_seq {
        (
            log_seq + 1,
            format!(
                "the log ends at entry {log_seq} but its recorded head is entry {rec_seq} \
                 ({rec_hash}): entries {} to {rec_seq} are missing",
                log_seq + 1
            ),
        )
    } else if log_seq > rec_seq {
        (
            rec_seq + 1,
            format!(
                "the log goes on to entry {log_seq} past its recorded head, entry {rec_seq}: \
                 entries were added outside Muster"
            ),
        )
    } else if log_hash != rec_hash {
        (
            rec_seq,
            format!(
                "entry {rec_seq} hashes to {log_hash} but the recorded head is {rec_hash}: \
                 the log was rewritten and re-sealed"
            ),
        )
    } else {
        return None;
    };
    Some(Break {
        seq,
        reason,
        expected: rec_hash.to_owned(),
        found: log_hash.to_owned(),
    })
}

/// Incremental chain checker, so that a store can stream entries through it.
#[derive(Debug, Clone)]
pub struct Verifier {
    expected_seq: u64,
    head: String,
    entries: u64,
    /// Breaks not (yet) acknowledged, each with how many entries checked out
    /// before it and the head they reached.
    pending: Vec<(Break, u64, String)>,
    acknowledged: Vec<Acknowledged>,
    /// A break that ends the walk (an export's entry that is not an entry).
    stopped: Option<(Break, u64, String)>,
    buf: Vec<u8>,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier {
            expected_seq: 1,
            head: GENESIS_HASH.to_owned(),
            entries: 0,
            pending: Vec::new(),
            acknowledged: Vec::new(),
            stopped: None,
            buf: Vec::with_capacity(1024),
        }
    }
}

impl Verifier {
    /// The seq the next entry should have.
    pub fn expected_seq(&self) -> u64 {
        self.expected_seq
    }

    /// Where the log read so far ends: its last seq and hash.
    pub fn end(&self) -> (u64, &str) {
        (self.expected_seq - 1, &self.head)
    }

    pub fn push(&mut self, entry: &LogEntry) {
        if self.stopped.is_some() {
            return;
        }
        match self.check(entry) {
            Some(b) => self.pending.push((b, self.entries, self.head.clone())),
            None if entry.kind == ACKNOWLEDGED_KIND => self.acknowledge(entry),
            None => {}
        }
        self.entries += 1;
        // Re-anchor on the entry as stored, so that what follows it is
        // checked against it (and an acknowledgement of this break can match).
        self.expected_seq = entry.seq.saturating_add(1);
        self.head.clone_from(&entry.hash);
    }

    /// Ends the walk at a break after which nothing can be checked.
    pub fn stop(&mut self, at: Break) {
        if self.stopped.is_none() {
            self.stopped = Some((at, self.entries, self.head.clone()));
        }
    }

    fn check(&mut self, entry: &LogEntry) -> Option<Break> {
        let brk = |seq, reason, expected: &str, found: &str| Break {
            seq,
            reason,
            expected: expected.to_owned(),
            found: found.to_owned(),
        };
        if entry.seq != self.expected_seq {
            return Some(brk(
                self.expected_seq.min(entry.seq),
                format!(
                    "expected entry {} but found entry {}: an entry is missing or out of order",
                    self.expected_seq, entry.seq
                ),
                &self.head,
                &entry.prev_hash,
            ));
        }
        if entry.prev_hash != self.head {
            return Some(brk(
                entry.seq,
                format!(
                    "prev_hash {} does not match the hash of entry {} ({})",
                    entry.prev_hash,
                    entry.seq - 1,
                    self.head
                ),
                &self.head,
                &entry.prev_hash,
            ));
        }
        let actual = hex::encode(entry.digest_with(&mut self.buf));
        if let Some(problem) = payload_problem(&entry.payload) {
            return Some(brk(entry.seq, problem, &actual, &entry.hash));
        }
        (actual != entry.hash).then(|| {
            brk(
                entry.seq,
                format!(
                    "stored hash {} but the entry's contents hash to {actual}: the entry was altered",
                    entry.hash
                ),
                &actual,
                &entry.hash,
            )
        })
    }

    /// A sound `break-acknowledged` entry: the break it names is no longer
    /// pending, and it is listed whatever it names (a head break shows only
    /// against the store's recorded head, never in the chain itself).
    fn acknowledge(&mut self, entry: &LogEntry) {
        let Ok(payload) = serde_json::from_str::<serde_json::Value>(&entry.payload) else {
            return;
        };
        let text = |key: &str| payload.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        let (Some(break_seq), Some(expected), Some(found)) = (
            payload.get("seq").and_then(|v| v.as_u64()),
            text("expected"),
            text("found"),
        ) else {
            return;
        };
        self.pending
            .retain(|(b, ..)| (b.seq, &b.expected, &b.found) != (break_seq, &expected, &found));
        self.acknowledged.push(Acknowledged {
            break_seq,
            expected,
            found,
            problem: text("problem").unwrap_or_default(),
            seq: entry.seq,
            by: entry.actor_name.clone(),
            reason: text("reason").unwrap_or_default(),
        });
    }

    pub fn finish(self) -> Verification {
        let (first_break, entries, head_hash) =
            match self.pending.into_iter().next().or(self.stopped) {
                Some((b, entries, head)) => (Some(b), entries, head),
                None => (None, self.entries, self.head),
            };
        Verification {
            entries,
            head_hash,
            first_break,
            acknowledged: self.acknowledged,
        }
    }

    /// [`Verifier::finish`], then, if the chain holds, its end checked
    /// against the head the store recorded for it.
    pub fn finish_against(self, recorded: (u64, &str)) -> Verification {
        let end = (self.expected_seq - 1, self.head.clone());
        let mut v = self.finish();
        if v.first_break.is_none() {
            v.first_break = head_break(recorded, (end.0, &end.1));
        }
        v
    }
}

/// Verifies a whole chain held in memory.
pub fn verify<'a>(entries: impl IntoIterator<Item = &'a LogEntry>) -> Verification {
    let mut verifier = Verifier::default();
    for entry in entries {
        verifier.push(entry);
    }
    verifier.finish()
}

/// Verifies a whole chain held in memory, then its end against the head the
/// store recorded for it.
pub fn verify_against<'a>(
    entries: impl IntoIterator<Item = &'a LogEntry>,
    recorded: (u64, &str),
) -> Verification {
    let mut verifier = Verifier::default();
    for entry in entries {
        verifier.push(entry);
    }
    verifier.finish_against(recorded)
}
