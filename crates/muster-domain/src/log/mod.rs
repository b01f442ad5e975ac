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
        // function total and lets `verify` report the break instead. Zeros, not
        // whatever a failed decode left half-written: every verifier must hash
        // the same bytes here (docs/log-format.md §4).
        if hex::decode_to_slice(&self.prev_hash, &mut prev).is_err() {
            prev = [0u8; 32];
        }
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

mod file;
mod file_walk;
mod verify;

pub use file::{NotAnExport, verify_export_json};
pub use verify::{
    ACKNOWLEDGED_KIND, Acknowledged, Break, Verification, Verifier, head_break, payload_problem,
    verify, verify_against,
};
