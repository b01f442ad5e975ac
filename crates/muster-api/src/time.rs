//! The one shape of a time on the wire: RFC 3339 in UTC with exactly six
//! fractional digits, `2026-11-27T13:16:29.123456Z`. It is the shape the log
//! hashes its entries' `recorded_at` in (docs/log-format.md), so the API's
//! other times are made to match the log rather than the reverse: a client
//! parses one shape, and sorts times as text.
//!
//! Reading is lenient: any RFC 3339 time with an offset (`Z` or `±hh:mm`) is
//! accepted in a request, and a time that is not one is refused in words that
//! say what was expected.
//!
//! Use with `#[serde(with = "muster_api::time")]` (or `time::option` for an
//! `Option<Timestamp>`), and `#[schema(value_type = String, format = DateTime)]`.

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serializer};

/// Shown in every refusal of a time, so the fix is in the message.
pub const EXPECTED: &str = "expected RFC 3339, e.g. 2026-12-02T15:00:00Z";

/// Formats `ts` in the wire's one shape.
pub fn format(ts: Timestamp) -> String {
    muster_domain::log::format_time(ts)
}

/// Parses any RFC 3339 time with an offset.
pub fn parse(text: &str) -> Result<Timestamp, String> {
    text.parse::<Timestamp>()
        .map_err(|_| format!("not a time; {EXPECTED}"))
}

pub fn serialize<S: Serializer>(ts: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format(*ts))
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
    let text = String::deserialize(d)?;
    parse(&text).map_err(serde::de::Error::custom)
}

/// The same for an optional time: `null` when absent.
pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(ts: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match ts {
            Some(ts) => super::serialize(ts, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(text) => parse(&text).map(Some).map_err(serde::de::Error::custom),
            None => Ok(None),
        }
    }
}

/// The same for a list of times.
pub mod list {
    use super::*;
    use serde::ser::SerializeSeq;

    pub fn serialize<S: Serializer>(times: &[Timestamp], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(times.len()))?;
        for ts in times {
            seq.serialize_element(&format(*ts))?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Timestamp>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|t| parse(t).map_err(serde::de::Error::custom))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct T {
        #[serde(with = "crate::time")]
        at: Timestamp,
        #[serde(with = "crate::time::option")]
        maybe: Option<Timestamp>,
    }

    #[test]
    fn writes_one_shape_and_reads_any_rfc3339() {
        let t: T = serde_json::from_str(
            r#"{"at":"2026-12-02T16:00:00+01:00","maybe":"2026-12-02T15:00:00.5Z"}"#,
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"at":"2026-12-02T15:00:00.000000Z","maybe":"2026-12-02T15:00:00.500000Z"}"#
        );
        let none: T =
            serde_json::from_str(r#"{"at":"2026-12-02T15:00:00Z","maybe":null}"#).unwrap();
        assert_eq!(none.maybe, None);
        let err = serde_json::from_str::<T>(r#"{"at":"2026-13-02","maybe":null}"#).unwrap_err();
        assert!(err.to_string().contains(EXPECTED), "{err}");
    }
}
