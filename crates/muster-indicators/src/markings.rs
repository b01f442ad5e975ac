//! Markings: TLP 2.0 (who may see it) and PAP (what may be done with it),
//! with the STIX 2.1 marking-definition ids OASIS fixed for TLP 2.0 in the
//! TLP 2.0 extension (cti-stix-common-objects,
//! extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d).

use crate::IndicatorError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The Traffic Light Protocol 2.0, ordered from the widest audience to the
/// narrowest: `Clear < Green < Amber < AmberStrict < Red`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tlp {
    #[serde(rename = "clear")]
    Clear,
    #[serde(rename = "green")]
    Green,
    #[serde(rename = "amber")]
    Amber,
    #[serde(rename = "amber+strict")]
    AmberStrict,
    #[serde(rename = "red")]
    Red,
}

/// The extension that defines TLP 2.0 marking definitions in STIX 2.1.
pub const TLP2_EXTENSION_ID: &str = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

/// TLP 1.0 marking-definition ids from the STIX 2.1 specification (7.2.1.4),
/// read on import so that older feeds keep their markings; WHITE is CLEAR.
const TLP1_IDS: [(&str, Tlp); 4] = [
    (
        "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
        Tlp::Clear,
    ),
    (
        "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
        Tlp::Green,
    ),
    (
        "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
        Tlp::Amber,
    ),
    (
        "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
        Tlp::Red,
    ),
];

impl Tlp {
    pub const ALL: [Tlp; 5] = [
        Tlp::Clear,
        Tlp::Green,
        Tlp::Amber,
        Tlp::AmberStrict,
        Tlp::Red,
    ];

    /// `clear`, `green`, `amber`, `amber+strict`, `red`.
    pub fn name(self) -> &'static str {
        match self {
            Tlp::Clear => "clear",
            Tlp::Green => "green",
            Tlp::Amber => "amber",
            Tlp::AmberStrict => "amber+strict",
            Tlp::Red => "red",
        }
    }

    /// `TLP:CLEAR` … `TLP:RED`, as TLP 2.0 says it is written.
    pub fn label(self) -> String {
        format!("TLP:{}", self.name().to_ascii_uppercase())
    }

    /// Whether information marked `level` may leave under this chosen
    /// level: nothing above the chosen level leaves.
    pub fn allows(self, level: Tlp) -> bool {
        level <= self
    }

    /// The fixed STIX 2.1 marking-definition id of this TLP 2.0 level.
    pub fn stix_marking_id(self) -> &'static str {
        match self {
            Tlp::Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            Tlp::Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            Tlp::Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            Tlp::AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            Tlp::Red => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
        }
    }

    /// The level a STIX marking-definition id stands for: TLP 2.0 ids, and
    /// TLP 1.0 ids (WHITE read as CLEAR).
    pub fn from_stix_marking_id(id: &str) -> Option<Tlp> {
        Tlp::ALL
            .into_iter()
            .find(|t| t.stix_marking_id() == id)
            .or_else(|| TLP1_IDS.iter().find(|(i, _)| *i == id).map(|(_, t)| *t))
    }

    /// The STIX 2.1 marking-definition object OASIS published for this level.
    pub fn stix_marking_definition(self) -> serde_json::Value {
        serde_json::json!({
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": self.stix_marking_id(),
            "created": "2022-10-01T00:00:00.000Z",
            "name": self.label(),
            "extensions": {
                TLP2_EXTENSION_ID: {
                    "extension_type": "property-extension",
                    "tlp_2_0": self.name(),
                }
            }
        })
    }
}

impl fmt::Display for Tlp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Tlp {
    type Err = IndicatorError;

    /// Accepts the names with or without `TLP:`/`tlp:`, in any case, and
    /// TLP 1.0's `white` as `clear`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bare = t
            .get(..4)
            .filter(|p| p.eq_ignore_ascii_case("tlp:"))
            .map_or(t, |_| &t[4..]);
        match bare.to_ascii_lowercase().as_str() {
            "clear" | "white" => Ok(Tlp::Clear),
            "green" => Ok(Tlp::Green),
            "amber" => Ok(Tlp::Amber),
            "amber+strict" => Ok(Tlp::AmberStrict),
            "red" => Ok(Tlp::Red),
            _ => Err(IndicatorError::BadName(format!(
                "not a TLP level: `{s}`; expected clear, green, amber, amber+strict or red"
            ))),
        }
    }
}

/// The Permissible Actions Protocol, ordered from anything goes to
/// nothing beyond the recipient's own systems: `Clear < Green < Amber < Red`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pap {
    Clear,
    Green,
    Amber,
    Red,
}

impl Pap {
    pub const ALL: [Pap; 4] = [Pap::Clear, Pap::Green, Pap::Amber, Pap::Red];

    pub fn name(self) -> &'static str {
        match self {
            Pap::Clear => "clear",
            Pap::Green => "green",
            Pap::Amber => "amber",
            Pap::Red => "red",
        }
    }

    /// `PAP:CLEAR` … `PAP:RED`.
    pub fn label(self) -> String {
        format!("PAP:{}", self.name().to_ascii_uppercase())
    }
}

impl fmt::Display for Pap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Pap {
    type Err = IndicatorError;

    /// Accepts the names with or without `PAP:`, in any case; `white` (the
    /// name before PAP adopted TLP 2.0's words) is `clear`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bare = t
            .get(..4)
            .filter(|p| p.eq_ignore_ascii_case("pap:"))
            .map_or(t, |_| &t[4..]);
        match bare.to_ascii_lowercase().as_str() {
            "clear" | "white" => Ok(Pap::Clear),
            "green" => Ok(Pap::Green),
            "amber" => Ok(Pap::Amber),
            "red" => Ok(Pap::Red),
            _ => Err(IndicatorError::BadName(format!(
                "not a PAP level: `{s}`; expected clear, green, amber or red"
            ))),
        }
    }
}
