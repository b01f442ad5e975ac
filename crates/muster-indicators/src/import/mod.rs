//! Bulk import: CSV, STIX 2.1 bundles and MISP events, chosen by content.
//!
//! A file that cannot be read at all is an error; otherwise every row is
//! either imported, reported as an error naming its line or object and the
//! field at fault, or reported as skipped with the reason (a STIX object
//! type or a MISP attribute type Muster has no indicator type for). Nothing
//! is dropped silently, so a person can fix the file and import again.

mod csv;
mod misp;
mod place;
mod stix;
mod stix_pattern;

pub use csv::import_csv;
pub use misp::import_misp_event;
pub use place::{Place, RowError, Skipped};
pub use stix::import_stix_bundle;

use crate::{IndicatorError, IndicatorType, Pap, Tlp, Value};
use jiff::Timestamp;

/// One indicator read from a file, validated and normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedIndicator {
    pub ty: IndicatorType,
    pub value: Value,
    /// `None` when the file gave no marking; the caller applies its default.
    pub tlp: Option<Tlp>,
    /// Read from MISP `PAP:` tags; CSV and STIX carry none.
    pub pap: Option<Pap>,
    pub ioc: bool,
    pub tags: Vec<String>,
    pub first_seen: Option<Timestamp>,
    pub last_seen: Option<Timestamp>,
    pub comment: Option<String>,
}

impl ImportedIndicator {
    pub(crate) fn new(ty: IndicatorType, value: Value) -> Self {
        Self {
            ty,
            value,
            tlp: None,
            pap: None,
            ioc: false,
            tags: Vec::new(),
            first_seen: None,
            last_seen: None,
            comment: None,
        }
    }
}

/// What an import produced: indicators in file order, and per-row problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub format: Format,
    pub indicators: Vec<ImportedIndicator>,
    pub errors: Vec<RowError>,
    pub skipped: Vec<Skipped>,
}

impl Import {
    pub(crate) fn empty(format: Format) -> Self {
        Self {
            format,
            indicators: Vec::new(),
            errors: Vec::new(),
            skipped: Vec::new(),
        }
    }
}

/// Settings an import needs from the organisation's policy.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Organisation-defined types a CSV `type` column may name.
    pub custom_types: Vec<IndicatorType>,
}

/// The kinds of file `muster indicator import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    StixBundle,
    MispEvent,
    Unknown,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::StixBundle => "STIX 2.1 bundle",
            Format::MispEvent => "MISP event",
            Format::Unknown => "unknown",
        }
    }
}

/// Chooses the format by content, not by file name: JSON with
/// `"type": "bundle"` is STIX, JSON with an `Event` is MISP, text whose
/// first line names `type` and `value` columns is CSV.
pub fn detect_format(bytes: &[u8]) -> Format {
    sniff(bytes).0
}

/// The format, and the parsed JSON when it is JSON, so that importing does
/// not parse the document twice.
fn sniff(bytes: &[u8]) -> (Format, Option<serde_json::Value>) {
    let text = strip_bom(bytes);
    let start = text.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return (Format::Unknown, None);
    };
    if text[start] == b'{' {
        let Ok(json) = serde_json::from_slice::<serde_json::Value>(text) else {
            return (Format::Unknown, None);
        };
        let format = if json.get("type").and_then(|t| t.as_str()) == Some("bundle") {
            Format::StixBundle
        } else if misp::events(&json).is_some() {
            Format::MispEvent
        } else {
            Format::Unknown
        };
        return (format, Some(json));
    }
    let first_line = text[start..]
        .split(|b| *b == b'\n')
        .next()
        .unwrap_or_default();
    let first_line = String::from_utf8_lossy(first_line).to_ascii_lowercase();
    let columns: Vec<&str> = first_line
        .split(',')
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    if columns.contains(&"type") && columns.contains(&"value") {
        (Format::Csv, None)
    } else {
        (Format::Unknown, None)
    }
}

pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Imports a file of any supported format, detected by [`detect_format`].
pub fn import(bytes: &[u8], options: &ImportOptions) -> Result<Import, IndicatorError> {
    match sniff(bytes) {
        (Format::Csv, _) => import_csv(bytes, options),
        (Format::StixBundle, Some(json)) => stix::import_json(&json),
        (Format::MispEvent, Some(json)) => misp::import_json(&json),
        _ => Err(IndicatorError::BadDocument(
            "cannot tell what this file is: expected a CSV file with a header row \
             (type,value,...), a STIX 2.1 bundle or a MISP event in JSON"
                .to_owned(),
        )),
    }
}

/// A time in a file: RFC 3339 with its zone offset, because a time without
/// one cannot be placed on the attacker's timeline.
pub(crate) fn parse_time(text: &str) -> Result<Timestamp, String> {
    text.trim().parse::<Timestamp>().map_err(|_| {
        format!(
            "`{}` is not a time with a zone offset, as in 2026-12-03T02:10:00Z",
            text.trim()
        )
    })
}

/// The single IP type a value from a feed belongs to: CIDR when it has a
/// prefix, IPv6 when it has colons, IPv4 otherwise.
pub(crate) fn ip_type(value: &str) -> IndicatorType {
    if value.contains('/') {
        IndicatorType::Cidr
    } else if value.contains(':') {
        IndicatorType::Ipv6
    } else {
        IndicatorType::Ipv4
    }
}
