//! MITRE ATT&CK ids, validated by form alone, so a timeline event can carry
//! `T1078.004` whether or not the organisation has imported the catalogue.

use crate::IndicatorError;
use serde::{Serialize, Serializer};
use std::fmt;

/// A tactic (`TA0001`), technique (`T1566`) or sub-technique (`T1078.004`).
/// Ordered as ATT&CK lists them: tactics first, then each technique
/// followed by its sub-techniques.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttackId {
    Tactic(u16),
    Technique(u16),
    SubTechnique(u16, u16),
}

impl AttackId {
    /// Parses the id, in any case, with surrounding space ignored.
    pub fn parse(raw: &str) -> Result<Self, IndicatorError> {
        let text = raw.trim().to_ascii_uppercase();
        let fail = || {
            IndicatorError::BadName(format!(
                "not an ATT&CK id: {raw:?}; expected a tactic (TA0001), a technique (T1566) or a sub-technique (T1078.004)"
            ))
        };
        let four = |s: &str| {
            (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u16>().ok())
                .flatten()
        };
        if let Some(n) = text.strip_prefix("TA") {
            return four(n).map(AttackId::Tactic).ok_or_else(fail);
        }
        let body = text.strip_prefix('T').ok_or_else(fail)?;
        match body.split_once('.') {
            None => four(body).map(AttackId::Technique).ok_or_else(fail),
            Some((technique, sub)) => {
                let t = four(technique).ok_or_else(fail)?;
                let s = (sub.len() == 3 && sub.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| sub.parse::<u16>().ok())
                    .flatten()
                    .ok_or_else(fail)?;
                Ok(AttackId::SubTechnique(t, s))
            }
        }
    }

    /// The technique a sub-technique belongs to; `None` for the others.
    pub fn parent(self) -> Option<AttackId> {
        match self {
            AttackId::SubTechnique(t, _) => Some(AttackId::Technique(t)),
            _ => None,
        }
    }

    pub fn is_tactic(self) -> bool {
        matches!(self, AttackId::Tactic(_))
    }

    /// The page for this id on attack.mitre.org.
    pub fn url(self) -> String {
        match self {
            AttackId::Tactic(n) => format!("https://attack.mitre.org/tactics/TA{n:04}/"),
            AttackId::Technique(n) => format!("https://attack.mitre.org/techniques/T{n:04}/"),
            AttackId::SubTechnique(t, s) => {
                format!("https://attack.mitre.org/techniques/T{t:04}/{s:03}/")
            }
        }
    }
}

impl AttackId {
    fn sort_key(self) -> (u8, u16, u16) {
        match self {
            AttackId::Tactic(n) => (0, n, 0),
            AttackId::Technique(n) => (1, n, 0),
            AttackId::SubTechnique(t, s) => (1, t, s.saturating_add(1)),
        }
    }
}

impl Ord for AttackId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for AttackId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for AttackId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttackId::Tactic(n) => write!(f, "TA{n:04}"),
            AttackId::Technique(n) => write!(f, "T{n:04}"),
            AttackId::SubTechnique(t, s) => write!(f, "T{t:04}.{s:03}"),
        }
    }
}

impl std::str::FromStr for AttackId {
    type Err = IndicatorError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AttackId::parse(s)
    }
}

impl Serialize for AttackId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
