//! The indicator types, by the kebab-case names the CLI and API use, and the
//! organisation-defined types that carry their own validation pattern.

use crate::IndicatorError;
use serde::{Serialize, Serializer};
use std::fmt;
use std::hash::{Hash, Hasher};

/// What kind of observable a value is. Built-in types have fixed rules;
/// `Custom` types are defined in the organisation's policy with a pattern
/// the whole (trimmed) value must match.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IndicatorType {
    Ipv4,
    Ipv6,
    Cidr,
    Domain,
    Url,
    Email,
    Md5,
    Sha1,
    Sha256,
    Sha512,
    FileName,
    Account,
    Host,
    Process,
    RegistryKey,
    UserAgent,
    Cve,
    Custom { name: String, pattern: Pattern },
}

/// Every built-in type, in the order the issue lists them.
pub const BUILT_IN_TYPES: [IndicatorType; 17] = [
    IndicatorType::Ipv4,
    IndicatorType::Ipv6,
    IndicatorType::Cidr,
    IndicatorType::Domain,
    IndicatorType::Url,
    IndicatorType::Email,
    IndicatorType::Md5,
    IndicatorType::Sha1,
    IndicatorType::Sha256,
    IndicatorType::Sha512,
    IndicatorType::FileName,
    IndicatorType::Account,
    IndicatorType::Host,
    IndicatorType::Process,
    IndicatorType::RegistryKey,
    IndicatorType::UserAgent,
    IndicatorType::Cve,
];

impl IndicatorType {
    /// The kebab-case name (`ipv4`, `file-name`, or the custom type's name).
    pub fn name(&self) -> &str {
        match self {
            Self::Ipv4 => "ipv4",
            Self::Ipv6 => "ipv6",
            Self::Cidr => "cidr",
            Self::Domain => "domain",
            Self::Url => "url",
            Self::Email => "email",
            Self::Md5 => "md5",
            Self::Sha1 => "sha1",
            Self::Sha256 => "sha256",
            Self::Sha512 => "sha512",
            Self::FileName => "file-name",
            Self::Account => "account",
            Self::Host => "host",
            Self::Process => "process",
            Self::RegistryKey => "registry-key",
            Self::UserAgent => "user-agent",
            Self::Cve => "cve",
            Self::Custom { name, .. } => name,
        }
    }

    /// A built-in type by its name; `None` for anything else.
    pub fn built_in(name: &str) -> Option<Self> {
        BUILT_IN_TYPES.iter().find(|t| t.name() == name).cloned()
    }

    /// A type by name: built-in first, then the organisation's own types.
    /// Names are matched exactly (they are kebab-case identifiers).
    pub fn parse(name: &str, custom: &[IndicatorType]) -> Result<Self, IndicatorError> {
        let name = name.trim();
        Self::built_in(name)
            .or_else(|| custom.iter().find(|t| t.name() == name).cloned())
            .ok_or_else(|| IndicatorError::UnknownType(name.to_owned()))
    }

    /// An organisation-defined type. Its name must be kebab-case and must
    /// not shadow a built-in type, or stored values would change meaning.
    pub fn custom(name: &str, pattern: &str) -> Result<Self, IndicatorError> {
        let kebab = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !name.starts_with('-')
            && !name.ends_with('-');
        if !kebab {
            return Err(IndicatorError::BadName(format!(
                "a custom indicator type's name must be kebab-case (a-z, 0-9, -); got `{name}`"
            )));
        }
        if Self::built_in(name).is_some() {
            return Err(IndicatorError::BadName(format!(
                "`{name}` is a built-in indicator type and cannot be redefined"
            )));
        }
        Ok(Self::Custom {
            name: name.to_owned(),
            pattern: Pattern::new(name, pattern)?,
        })
    }
}

impl fmt::Display for IndicatorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for IndicatorType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// A custom type's validation pattern, compiled once. It is anchored at both
/// ends, so `[A-Z]{3}-\d+` means the whole value, not a part of it.
/// `regex-lite` is used because patterns come from a policy file: it is
/// small, compiles fast and matches in linear time, and these patterns do
/// not need Unicode classes.
#[derive(Clone)]
pub struct Pattern {
    source: String,
    regex: regex_lite::Regex,
}

impl Pattern {
    fn new(type_name: &str, source: &str) -> Result<Self, IndicatorError> {
        let regex = regex_lite::Regex::new(&format!("^(?:{source})$")).map_err(|e| {
            IndicatorError::BadPattern {
                name: type_name.to_owned(),
                reason: e.to_string(),
            }
        })?;
        Ok(Self {
            source: source.to_owned(),
            regex,
        })
    }

    /// The pattern as the organisation wrote it.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    pub fn is_match(&self, value: &str) -> bool {
        self.regex.is_match(value)
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pattern({:?})", self.source)
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Eq for Pattern {}

impl Hash for Pattern {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.source.hash(h);
    }
}
