//! One pass over an export's text that checks it as JSON (no duplicate keys
//! anywhere, nesting counted) and hands each element of `log.entries` to the
//! verifier as soon as it is read, without building the document in memory.
//! Issue 15: building the whole document first made `verify --file` several
//! times slower than `sha256sum` over the same bytes. The verdict is the one
//! the document-building reader gave (its tests compare the two), and
//! `docs/verify_log.py`'s.

use super::file::{EntryFields, Field, Strict, depth};
use super::verify::Break;
use super::verify::Verifier;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

/// What the walk learnt beyond the verifier's own state.
#[derive(Default)]
pub(super) struct Walk {
    pub verifier: Verifier,
    /// The deepest nesting seen (the document-building reader's `depth`).
    pub depth: usize,
    pub log_is_object: bool,
    pub entries_is_array: bool,
    pub entries_count: Option<Value>,
    pub head_hash: Option<Value>,
    /// An entry was not one: the verifier has stopped; the rest is only read.
    pub stopped: bool,
}

impl Walk {
    fn reach(&mut self, level: usize) {
        self.depth = self.depth.max(level);
    }

    fn capture<'de, D: Deserializer<'de>>(
        &mut self,
        level: usize,
        d: D,
    ) -> Result<Value, D::Error> {
        let Strict(v) = serde::Deserialize::deserialize(d)?;
        self.reach(level - 1 + depth(&v));
        Ok(v)
    }
}

/// A key as read: borrowed from the text when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

fn duplicate<E: de::Error>(key: &str) -> E {
    E::custom(format!("duplicate key `{key}` in a JSON object"))
}

/// Which part of the export a value sits in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Top,
    Log,
    Entries,
    Entry,
    /// Anywhere else: read, checked, dropped.
    Other,
}

/// A value at nesting `level` (the containers around it, plus one) in `place`.
pub(super) struct Seed<'w> {
    walk: &'w mut Walk,
    level: usize,
    place: Place,
}

impl<'w> Seed<'w> {
    pub(super) fn top(walk: &'w mut Walk) -> Self {
        Seed {
            walk,
            level: 1,
            place: Place::Top,
        }
    }

    fn child(&mut self, place: Place) -> Seed<'_> {
        Seed {
            walk: self.walk,
            level: self.level + 1,
            place,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.scalar();
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        self.scalar();
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        self.scalar();
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        finite(v)?;
        self.scalar();
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        self.scalar();
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.scalar();
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.walk.reach(self.level);
        if self.place == Place::Entry {
            self.not_an_entry("the entry is not a JSON object");
        }
        let place = if self.place == Place::Entries {
            self.walk.entries_is_array = true;
            Place::Entry
        } else {
            Place::Other
        };
        while seq.next_element_seed(self.child(place))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        self.walk.reach(self.level);
        if self.place == Place::Entry {
            return self.entry(map);
        }
        if self.place == Place::Log {
            self.walk.log_is_object = true;
        }
        let mut keys: HashSet<Cow<'de, str>> = HashSet::new();
        while let Some(Key(key)) = map.next_key()? {
            if keys.contains(&key) {
                return Err(duplicate(&key));
            }
            match (self.place, key.as_ref()) {
                (Place::Log, "entries_count") => {
                    let v = map.next_value_seed(Capture(self.walk, self.level + 1))?;
                    self.walk.entries_count = Some(v);
                }
                (Place::Log, "head_hash") => {
                    let v = map.next_value_seed(Capture(self.walk, self.level + 1))?;
                    self.walk.head_hash = Some(v);
                }
                (Place::Top, "log") => map.next_value_seed(self.child(Place::Log))?,
                (Place::Log, "entries") => map.next_value_seed(self.child(Place::Entries))?,
                _ => map.next_value_seed(self.child(Place::Other))?,
            }
            keys.insert(key);
        }
        Ok(())
    }
}

/// A value kept whole (`entries_count`, `head_hash`: small, read as they are).
struct Capture<'w>(&'w mut Walk, usize);

impl<'de> DeserializeSeed<'de> for Capture<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.0.capture(self.1, d)
    }
}

impl Seed<'_> {
    /// An element of `log.entries` that is an object: its members, checked
    /// for duplicates, then handed to the verifier (once it has not stopped).
    fn entry<'de, A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let mut fields = EntryFields::default();
        let mut others: HashSet<Cow<'de, str>> = HashSet::new();
        while let Some(Key(key)) = map.next_key()? {
            match fields.slot(&key) {
                Some(slot) => {
                    if slot.is_some() {
                        return Err(duplicate(&key));
                    }
                    *slot = Some(map.next_value_seed(FieldSeed(self.child(Place::Other)))?);
                }
                None => {
                    if others.contains(&key) {
                        return Err(duplicate(&key));
                    }
                    map.next_value_seed(self.child(Place::Other))?;
                    others.insert(key);
                }
            }
        }
        if !self.walk.stopped {
            let extra = others.iter().min().map(|k| k.as_ref());
            match fields.entry(extra) {
                Ok(e) => self.walk.verifier.push(&e),
                Err(reason) => self.not_an_entry(reason),
            }
        }
        Ok(())
    }

    /// A scalar where an entry belongs is not one.
    fn scalar(mut self) {
        if self.place == Place::Entry {
            self.not_an_entry("the entry is not a JSON object");
        }
    }

    /// The verifier stops at the entry it expected next, as the
    /// document-building reader did (§5, check 1); the rest is only read.
    fn not_an_entry(&mut self, reason: impl Into<String>) {
        if self.walk.stopped {
            return;
        }
        self.walk.stopped = true;
        let seq = self.walk.verifier.expected_seq();
        self.walk.verifier.stop(Break {
            seq,
            reason: reason.into(),
            expected: String::new(),
            found: String::new(),
        });
    }
}

fn finite<E: de::Error>(v: f64) -> Result<(), E> {
    match v.is_finite() {
        true => Ok(()),
        false => Err(E::custom("a number out of range")),
    }
}

/// A member of an entry: a string, an integer or null is kept; anything
/// else is read (and checked) and remembered only as not one of those.
struct FieldSeed<'w>(Seed<'w>);

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = Field<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Field<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed<'_> {
    type Value = Field<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Field<'de>, E> {
        Ok(Field::Other)
    }
    fn visit_i64<E>(self, v: i64) -> Result<Field<'de>, E> {
        Ok(u64::try_from(v).map_or(Field::Other, Field::Integer))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Field<'de>, E> {
        Ok(Field::Integer(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Field<'de>, E> {
        finite(v).map(|()| Field::Other)
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Field<'de>, E> {
        Ok(Field::Text(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Field<'de>, E> {
        Ok(Field::Text(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Field<'de>, E> {
        Ok(Field::Text(Cow::Owned(v)))
    }
    fn visit_unit<E>(self) -> Result<Field<'de>, E> {
        Ok(Field::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Field<'de>, A::Error> {
        self.0.visit_seq(seq).map(|()| Field::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field<'de>, A::Error> {
        self.0.visit_map(map).map(|()| Field::Other)
    }
}
