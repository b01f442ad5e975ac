//! The hash-chained log format. `docs/log-format.md` specifies it for independent
//! verifiers; keep the two in step.
//!
//! An entry's hash is `SHA-256(prev_hash_bytes || canonical_entry_bytes)`, where the
//! canonical entry is a JSON object with sorted keys and no whitespace. The first
//! entry of an incident chains from 32 zero bytes.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The `prev_hash` of an incident's first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The version of the entry envelope (the fields around the payload).
pub const ENVELOPE_VERSION: u32 = 1;

/// One entry of an incident's log, as stored and exported.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub incident: Uuid,
    pub seq: u64,
    /// Server time of recording, RFC 3339 in UTC with exactly six fractional digits.
    pub recorded_at: String,
    /// When the thing happened, where the author stated it.
    pub occurred_at: Option<String>,
    pub actor: Uuid,
    pub actor_name: String,
    pub kind: String,
    pub v: u32,
    /// Canonical JSON text of the event's payload.
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Formats a timestamp the one way the log writes it: `2026-11-27T13:16:29.123456Z`.
pub fn format_time(ts: Timestamp) -> String {
    let dt = ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).datetime();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        // The civil time's fraction, not the epoch's: `as_microsecond` truncates
        // toward zero, which before 1970 would put the fraction a second out.
        dt.subsec_nanosecond() / 1_000
    )
}

/// Serialises JSON canonically: object keys in byte order, no insignificant
/// whitespace, strings escaped as serde_json does (the same bytes as Python's
/// `json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`).
pub fn canonical_json(value: &serde_json::Value) -> String {
    // serde_json's Map is a BTreeMap (no `preserve_order` feature anywhere in this
    // workspace), so plain serialisation already sorts keys by bytes.
    serde_json::to_string(value).expect("a JSON value always serialises")
}

fn push_json_str(out: &mut Vec<u8>, s: &str) {
    // Writing into a Vec cannot fail, and a &str always serialises.
    let _ = serde_json::to_writer(&mut *out, s);
}

fn push_uuid(out: &mut Vec<u8>, id: &Uuid) {
    let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
    out.extend_from_slice(id.hyphenated().encode_lower(&mut buf).as_bytes());
}

impl LogEntry {
    /// The bytes the hash covers after the previous hash: the entry minus its own
    /// `hash` and `prev_hash`, as canonical JSON with keys in byte order.
    pub fn canonical(&self) -> String {
        let mut out = Vec::with_capacity(256 + self.payload.len());
        self.write_canonical(&mut out);
        // Only valid UTF-8 was written: JSON text built from &str fields.
        String::from_utf8(out).unwrap_or_default()
    }

    /// Appends the canonical encoding to `out`, allocating nothing else, so that
    /// verifying a long chain costs little more than the hashing itself.
    pub fn write_canonical(&self, out: &mut Vec<u8>) {
        use std::io::Write as _;
        out.extend_from_slice(b"{\"actor\":\"");
        push_uuid(out, &self.actor);
        out.extend_from_slice(b"\",\"actor_name\":");
        push_json_str(out, &self.actor_name);
        out.extend_from_slice(b",\"incident\":\"");
        push_uuid(out, &self.incident);
        out.extend_from_slice(b"\",\"kind\":");
        push_json_str(out, &self.kind);
        out.extend_from_slice(b",\"occurred_at\":");
        match &self.occurred_at {
            Some(t) => push_json_str(out, t),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"payload\":");
        out.extend_from_slice(self.payload.as_bytes());
        out.extend_from_slice(b",\"recorded_at\":");
        push_json_str(out, &self.recorded_at);
        let _ = write!(out, ",\"seq\":{},\"v\":{}}}", self.seq, self.v);
    }

    /// SHA-256 over the previous hash's 32 bytes and the canonical encoding,
    /// using `buf` as scratch space.
    pub fn digest_with(&self, buf: &mut Vec<u8>) -> [u8; 32] {
        let mut prev = [0u8; 32];
        // A malformed prev_hash cannot match any real chain; hashing zeros keeps the
        // function total and lets `verify` report the broken link instead.
        let _ = hex::decode_to_slice(&self.prev_hash, &mut prev);
        buf.clear();
        self.write_canonical(buf);
        let mut hasher = Sha256::new();
        hasher.update(prev);
        hasher.update(&buf[..]);
        hasher.finalize().into()
    }

    /// Computes this entry's hash from its fields and `prev_hash`.
    pub fn compute_hash(&self) -> String {
        let mut buf = Vec::with_capacity(256 + self.payload.len());
        hex::encode(self.digest_with(&mut buf))
    }

    /// Fills in `prev_hash` and `hash` for a new entry that follows `prev_hash`.
    pub fn seal(mut self, prev_hash: &str) -> LogEntry {
        self.prev_hash = prev_hash.to_owned();
        self.hash = self.compute_hash();
        self
    }
}

/// What is wrong with a chain, at the first entry where it goes wrong.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Break {
    pub seq: u64,
    pub reason: String,
}

/// The result of checking a whole chain.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub entries: u64,
    pub head_hash: String,
    /// `None` when the chain is whole.
    pub first_break: Option<Break>,
}

impl Verification {
    pub fn is_whole(&self) -> bool {
        self.first_break.is_none()
    }
}

/// Incremental chain checker, so that a store can stream entries through it.
#[derive(Debug, Clone)]
pub struct Verifier {
    expected_seq: u64,
    head: String,
    broken: Option<Break>,
    buf: Vec<u8>,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier {
            expected_seq: 1,
            head: GENESIS_HASH.to_owned(),
            broken: None,
            buf: Vec::with_capacity(1024),
        }
    }
}

impl Verifier {
    pub fn push(&mut self, entry: &LogEntry) {
        if self.broken.is_some() {
            return;
        }
        let reason = if entry.seq != self.expected_seq {
            Some(format!(
                "expected entry {} but found entry {}: an entry is missing or out of order",
                self.expected_seq, entry.seq
            ))
        } else if entry.prev_hash != self.head {
            Some(format!(
                "prev_hash {} does not match the hash of entry {} ({})",
                entry.prev_hash,
                self.expected_seq - 1,
                self.head
            ))
        } else {
            let actual = entry.digest_with(&mut self.buf);
            let mut stored = [0u8; 32];
            let matches = entry.hash.len() == 64
                && hex::decode_to_slice(&entry.hash, &mut stored).is_ok()
                && stored == actual
                && entry.hash.bytes().all(|b| !b.is_ascii_uppercase());
            (!matches).then(|| {
                format!(
                    "stored hash {} but the entry's contents hash to {}: the entry was altered",
                    entry.hash,
                    hex::encode(actual)
                )
            })
        };
        match reason {
            Some(reason) => {
                self.broken = Some(Break {
                    seq: self.expected_seq.min(entry.seq),
                    reason,
                })
            }
            None => {
                self.expected_seq += 1;
                self.head.clone_from(&entry.hash);
            }
        }
    }

    pub fn finish(self) -> Verification {
        Verification {
            entries: self.expected_seq - 1,
            head_hash: self.head,
            first_break: self.broken,
        }
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
