//! The moments a regime's clock can start from, and the personal-data flag.
//!
//! Each regime anchors on a different moment (awareness for GDPR, classification for DORA,
//! materiality for the SEC), so an incident records each as its own timestamp.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A moment in an incident that starts one or more regulatory clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    Detected,
    Aware,
    ClassifiedMajor,
    MaterialityDetermined,
    Discovered,
    RansomPaid,
    ExploitedVulnerabilityKnown,
}

impl Anchor {
    /// Every anchor, in the order the product lists them.
    pub const ALL: [Anchor; 7] = [
        Anchor::Detected,
        Anchor::Aware,
        Anchor::ClassifiedMajor,
        Anchor::MaterialityDetermined,
        Anchor::Discovered,
        Anchor::RansomPaid,
        Anchor::ExploitedVulnerabilityKnown,
    ];

    /// The kebab-case name used in rule files, the API and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Anchor::Detected => "detected",
            Anchor::Aware => "aware",
            Anchor::ClassifiedMajor => "classified-major",
            Anchor::MaterialityDetermined => "materiality-determined",
            Anchor::Discovered => "discovered",
            Anchor::RansomPaid => "ransom-paid",
            Anchor::ExploitedVulnerabilityKnown => "exploited-vulnerability-known",
        }
    }
}

impl fmt::Display for Anchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An anchor name that is not one of [`Anchor::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown anchor \"{0}\"; expected {expected}", expected = names(Anchor::ALL.iter().map(|a| a.as_str())))]
pub struct UnknownAnchor(pub String);

impl FromStr for Anchor {
    type Err = UnknownAnchor;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Anchor::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownAnchor(s.to_owned()))
    }
}

/// Whether an incident involves personal data; `Unknown` is a real state during triage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PersonalData {
    Yes,
    No,
    Unknown,
}

impl PersonalData {
    pub const ALL: [PersonalData; 3] = [PersonalData::Yes, PersonalData::No, PersonalData::Unknown];

    pub fn as_str(self) -> &'static str {
        match self {
            PersonalData::Yes => "yes",
            PersonalData::No => "no",
            PersonalData::Unknown => "unknown",
        }
    }
}

impl fmt::Display for PersonalData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PersonalData {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PersonalData::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| {
                format!("unknown personal data value \"{s}\"; expected yes, no or unknown")
            })
    }
}

/// "a, b, c or d": how error messages list the accepted words.
pub(crate) fn names<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.into_iter().collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_str_and_serde() {
        for a in Anchor::ALL {
            assert_eq!(a.to_string().parse::<Anchor>(), Ok(a));
            let json = serde_json::to_string(&a).expect("serialise");
            assert_eq!(json, format!("\"{a}\""));
        }
        assert_eq!(Anchor::ClassifiedMajor.to_string(), "classified-major");
        assert_eq!(
            "exploited-vulnerability-known".parse::<Anchor>(),
            Ok(Anchor::ExploitedVulnerabilityKnown)
        );
        let err = "awake".parse::<Anchor>().expect_err("unknown");
        assert!(
            err.to_string()
                .starts_with("unknown anchor \"awake\"; expected detected, aware,")
        );
        assert_eq!("unknown".parse::<PersonalData>(), Ok(PersonalData::Unknown));
        assert!("maybe".parse::<PersonalData>().is_err());
    }
}
