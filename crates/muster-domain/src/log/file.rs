//! Verifying an export file (`docs/log-format.md` §1 and §5) from its text,
//! as `docs/verify_log.py` does: the same checks in the same order, so that
//! both give every file the same verdict. What `muster verify --file` runs.

use super::LogEntry;
use super::verify::{Break, Verification, Verifier};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;
use uuid::Uuid;

/// A file nested deeper than this is refused, by every verifier alike.
const MAX_FILE_DEPTH: usize = 64;

/// The file is not a log export at all: no verdict, an error (§5).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct NotAnExport(pub String);

/// The members of an entry, and of nothing else.
const MEMBERS: [&str; 11] = [
    "incident",
    "seq",
    "recorded_at",
    "occurred_at",
    "actor",
    "actor_name",
    "kind",
    "v",
    "payload",
    "prev_hash",
    "hash",
];

/// Checks an export's text: the chain of `log.entries`, then its totals.
pub fn verify_export_json(text: &str) -> Result<Verification, NotAnExport> {
    let Strict(doc) = serde_json::from_str(text)
        .map_err(|e| NotAnExport(format!("the file is not UTF-8 JSON: {e}")))?;
    if depth(&doc) > MAX_FILE_DEPTH {
        return Err(NotAnExport(format!(
            "the file is nested more than {MAX_FILE_DEPTH} levels deep"
        )));
    }
    let log = doc
        .get("log")
        .and_then(Value::as_object)
        .ok_or_else(|| NotAnExport("the export has no top-level `log` object".into()))?;
    let entries = log
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            NotAnExport("the export's `log.entries` is missing or not an array".into())
        })?;
    let stated_count = log
        .get("entries_count")
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            NotAnExport("the export's `log.entries_count` is missing or not an integer".into())
        })?;
    let stated_head = log
        .get("head_hash")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            NotAnExport("the export's `log.head_hash` is missing or not a string".into())
        })?;

    let mut verifier = Verifier::default();
    for value in entries {
        match entry(value) {
            Ok(e) => verifier.push(&e),
            Err(reason) => {
                let seq = verifier.expected_seq();
                verifier.stop(Break {
                    seq,
                    reason,
                    expected: String::new(),
                    found: String::new(),
                });
                break;
            }
        }
    }
    let last_seq = verifier.end().0;
    let mut v = verifier.finish();
    if v.first_break.is_some() {
        return Ok(v);
    }
    // A chain cut short is still a chain: only the totals show it. The count
    // first, then the head.
    let count = v.entries;
    v.first_break = if stated_count != count {
        Some(Break {
            seq: stated_count.min(count) + 1,
            reason: format!(
                "the export says the log holds {stated_count} entries but it holds {count}: \
                 entries are missing from the end, or were added"
            ),
            expected: stated_count.to_string(),
            found: count.to_string(),
        })
    } else if stated_head != v.head_hash {
        Some(Break {
            seq: last_seq,
            reason: format!(
                "the export's head_hash {stated_head} is not the hash of its last entry ({})",
                v.head_hash
            ),
            expected: stated_head.to_owned(),
            found: v.head_hash.clone(),
        })
    } else {
        None
    };
    Ok(v)
}

/// An element of `entries` as an entry, or why it is not one (§5, check 1).
fn entry(value: &Value) -> Result<LogEntry, String> {
    let obj = value
        .as_object()
        .ok_or_else(|| "the entry is not a JSON object".to_owned())?;
    let text = |field: &str| {
        obj.get(field)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("field `{field}` is missing or not a string"))
    };
    let id = |field: &str| {
        let s = text(field)?;
        lowercase_uuid(&s)
            .ok_or_else(|| format!("field `{field}` is not a lowercase hyphenated UUID"))
    };
    let integer = |field: &str, max: u64| {
        obj.get(field)
            .and_then(Value::as_u64)
            .filter(|n| *n <= max)
            .ok_or_else(|| format!("field `{field}` is missing or not an integer from 0 to {max}"))
    };
    let e = LogEntry {
        incident: id("incident")?,
        seq: integer("seq", u64::MAX)?,
        recorded_at: text("recorded_at")?,
        occurred_at: match obj.get("occurred_at") {
            Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            _ => return Err("field `occurred_at` is missing or neither a string nor null".into()),
        },
        actor: id("actor")?,
        actor_name: text("actor_name")?,
        kind: text("kind")?,
        v: u32::try_from(integer("v", u64::from(u32::MAX))?).unwrap_or(u32::MAX),
        payload: text("payload")?,
        prev_hash: text("prev_hash")?,
        hash: text("hash")?,
    };
    if let Some(extra) = obj.keys().find(|k| !MEMBERS.contains(&k.as_str())) {
        return Err(format!("member `{extra}` is not part of an entry"));
    }
    Ok(e)
}

/// The UUID written exactly as the log writes one, or `None`: a verifier
/// hashes the text it reads, so another spelling of the same id would hash
/// differently here and in a verifier that keeps strings opaque.
fn lowercase_uuid(s: &str) -> Option<Uuid> {
    let id = Uuid::try_parse(s).ok()?;
    let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
    (id.hyphenated().encode_lower(&mut buf) == s).then_some(id)
}

fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(members) => 1 + members.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// A JSON value read refusing duplicate keys, which `serde_json::Value`
/// would silently resolve to the last one (and another verifier might not).
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number out of range"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if members.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "duplicate key `{key}` in a JSON object"
                )));
            }
            let Strict(v) = map.next_value()?;
            members.insert(key, v);
        }
        Ok(Value::Object(members))
    }
}
