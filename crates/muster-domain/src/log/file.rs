//! Verifying an export file (`docs/log-format.md` §1 and §5) from its text,
//! as `docs/verify_log.py` does: the same checks in the same order, so that
//! both give every file the same verdict. What `muster verify --file` runs.

use super::LogEntry;
use super::file_walk::{Seed, Walk};
use super::verify::{Break, Verification, Verifier};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;
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

/// Checks an export's text: the chain of `log.entries`, then its totals. One
/// pass: each entry is verified as it is read (`file_walk`).
pub fn verify_export_json(text: &str) -> Result<Verification, NotAnExport> {
    let mut walk = Walk::default();
    let mut de = serde_json::Deserializer::from_str(text);
    Seed::top(&mut walk)
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| NotAnExport(format!("the file is not UTF-8 JSON: {e}")))?;
    if walk.depth > MAX_FILE_DEPTH {
        return Err(NotAnExport(format!(
            "the file is nested more than {MAX_FILE_DEPTH} levels deep"
        )));
    }
    if !walk.log_is_object {
        return Err(NotAnExport(
            "the export has no top-level `log` object".into(),
        ));
    }
    if !walk.entries_is_array {
        return Err(NotAnExport(
            "the export's `log.entries` is missing or not an array".into(),
        ));
    }
    let stated_count = walk
        .entries_count
        .as_ref()
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            NotAnExport("the export's `log.entries_count` is missing or not an integer".into())
        })?;
    let stated_head = walk
        .head_hash
        .as_ref()
        .and_then(Value::as_str)
        .ok_or_else(|| {
            NotAnExport("the export's `log.head_hash` is missing or not a string".into())
        })?;
    Ok(totals(walk.verifier, stated_count, stated_head))
}

/// The verdict once the chain is walked: a chain cut short is still a chain,
/// and only the export's totals show it. The count first, then the head.
fn totals(verifier: Verifier, stated_count: u64, stated_head: &str) -> Verification {
    let last_seq = verifier.end().0;
    let mut v = verifier.finish();
    if v.first_break.is_some() {
        return v;
    }
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
    v
}

/// A member of an entry as read: only strings, integers and null can be
/// what an entry's fields hold.
pub(super) enum Field<'de> {
    Text(Cow<'de, str>),
    Integer(u64),
    Null,
    Other,
}

/// The members of an entry object as read, by name ([`MEMBERS`]).
#[derive(Default)]
pub(super) struct EntryFields<'de>([Option<Field<'de>>; 11]);

impl<'de> EntryFields<'de> {
    /// Where a member goes; `None` for a name that is not a member.
    pub(super) fn slot(&mut self, name: &str) -> Option<&mut Option<Field<'de>>> {
        let i = MEMBERS.iter().position(|m| *m == name)?;
        Some(&mut self.0[i])
    }

    fn get(&self, name: &str) -> Option<&Field<'de>> {
        let i = MEMBERS.iter().position(|m| *m == name)?;
        self.0[i].as_ref()
    }

    /// The entry, or why it is not one (§5, check 1), checking the fields in
    /// the order [`entry`] does; `extra` is the least name that is not a member.
    pub(super) fn entry(&self, extra: Option<&str>) -> Result<LogEntry, String> {
        let text = |field: &str| match self.get(field) {
            Some(Field::Text(s)) => Ok(s.clone().into_owned()),
            _ => Err(format!("field `{field}` is missing or not a string")),
        };
        let id = |field: &str| {
            let s = text(field)?;
            lowercase_uuid(&s)
                .ok_or_else(|| format!("field `{field}` is not a lowercase hyphenated UUID"))
        };
        let integer = |field: &str, max: u64| match self.get(field) {
            Some(Field::Integer(n)) if *n <= max => Ok(*n),
            _ => Err(format!(
                "field `{field}` is missing or not an integer from 0 to {max}"
            )),
        };
        let e = LogEntry {
            incident: id("incident")?,
            seq: integer("seq", u64::MAX)?,
            recorded_at: text("recorded_at")?,
            occurred_at: match self.get("occurred_at") {
                Some(Field::Null) => None,
                Some(Field::Text(s)) => Some(s.clone().into_owned()),
                _ => {
                    return Err(
                        "field `occurred_at` is missing or neither a string nor null".into(),
                    );
                }
            },
            actor: id("actor")?,
            actor_name: text("actor_name")?,
            kind: text("kind")?,
            v: u32::try_from(integer("v", u64::from(u32::MAX))?).unwrap_or(u32::MAX),
            payload: text("payload")?,
            prev_hash: text("prev_hash")?,
            hash: text("hash")?,
        };
        if let Some(extra) = extra {
            return Err(format!("member `{extra}` is not part of an entry"));
        }
        Ok(e)
    }
}

/// The UUID written exactly as the log writes one, or `None`: a verifier
/// hashes the text it reads, so another spelling of the same id would hash
/// differently here and in a verifier that keeps strings opaque.
pub(super) fn lowercase_uuid(s: &str) -> Option<Uuid> {
    let id = Uuid::try_parse(s).ok()?;
    let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
    (id.hyphenated().encode_lower(&mut buf) == s).then_some(id)
}

pub(super) fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(members) => 1 + members.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// A JSON value read refusing duplicate keys, which `serde_json::Value`
/// would silently resolve to the last one (and another verifier might not).
pub(super) struct Strict(pub(super) Value);

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

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
