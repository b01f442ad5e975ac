//! The ATT&CK catalogue the organisation imports (`muster attack import
//! enterprise-attack.json`): MITRE's STIX 2.1 bundle, read for the names of
//! tactics and techniques by id. Revoked and deprecated entries are left
//! out, so a retired id is still valid by form but has no name.

use crate::{AttackId, IndicatorError};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One tactic, technique or sub-technique from the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttackEntry {
    pub id: AttackId,
    pub name: String,
    /// For tactics, the short name (`initial-access`) that techniques'
    /// kill-chain phases refer to; for techniques, those phases' names.
    pub tactics: Vec<String>,
}

/// Tactics and techniques by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttackCatalogue {
    entries: BTreeMap<AttackId, AttackEntry>,
    /// Revoked or deprecated objects the bundle held and this left out.
    retired: usize,
}

#[derive(Deserialize)]
struct Bundle {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    objects: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct Object {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    revoked: bool,
    #[serde(default)]
    x_mitre_deprecated: bool,
    #[serde(default)]
    x_mitre_shortname: Option<String>,
    #[serde(default)]
    external_references: Vec<ExternalReference>,
    #[serde(default)]
    kill_chain_phases: Vec<KillChainPhase>,
}

#[derive(Deserialize)]
struct ExternalReference {
    source_name: String,
    #[serde(default)]
    external_id: Option<String>,
}

#[derive(Deserialize)]
struct KillChainPhase {
    kill_chain_name: String,
    phase_name: String,
}

impl AttackCatalogue {
    /// Reads MITRE's bundle. Objects other than `attack-pattern` and
    /// `x-mitre-tactic`, and those without a `mitre-attack` external id,
    /// are ignored; an object of those types that cannot be read at all is
    /// an error naming its position, since a half-read catalogue would
    /// quietly lose names.
    pub fn from_stix_bundle(bytes: &[u8]) -> Result<Self, IndicatorError> {
        let bundle: Bundle = serde_json::from_slice(bytes).map_err(|e| {
            IndicatorError::BadDocument(format!("the ATT&CK catalogue is not a STIX bundle: {e}"))
        })?;
        if bundle.kind != "bundle" {
            return Err(IndicatorError::BadDocument(format!(
                "the ATT&CK catalogue's top-level type is `{}`, not `bundle`",
                bundle.kind
            )));
        }
        let mut entries = BTreeMap::new();
        let mut retired = 0;
        for (index, raw) in bundle.objects.into_iter().enumerate() {
            let kind = raw
                .get("type")
                .and_then(|t| t.as_str())
                .unwrap_or_default()
                .to_owned();
            if kind != "attack-pattern" && kind != "x-mitre-tactic" {
                continue;
            }
            let object: Object = serde_json::from_value(raw).map_err(|e| {
                IndicatorError::BadDocument(format!(
                    "the ATT&CK catalogue's object {index} ({kind}) cannot be read: {e}"
                ))
            })?;
            if object.revoked || object.x_mitre_deprecated {
                retired += 1;
                continue;
            }
            let Some(id) = object
                .external_references
                .iter()
                .find(|r| r.source_name == "mitre-attack")
                .and_then(|r| r.external_id.as_deref())
                .and_then(|id| AttackId::parse(id).ok())
            else {
                continue;
            };
            // A tactic's id under a technique's type (or the reverse) would be
            // a broken catalogue; skip it rather than misname.
            if (object.kind == "x-mitre-tactic") != id.is_tactic() {
                continue;
            }
            let tactics = if object.kind == "x-mitre-tactic" {
                object.x_mitre_shortname.into_iter().collect()
            } else {
                object
                    .kill_chain_phases
                    .into_iter()
                    .filter(|p| p.kill_chain_name == "mitre-attack")
                    .map(|p| p.phase_name)
                    .collect()
            };
            entries.insert(
                id,
                AttackEntry {
                    id,
                    name: object.name,
                    tactics,
                },
            );
        }
        Ok(Self { entries, retired })
    }

    /// A catalogue of `entries` (as the store keeps them); a later entry for
    /// the same id replaces an earlier one.
    pub fn from_entries(entries: impl IntoIterator<Item = AttackEntry>) -> Self {
        Self {
            entries: entries.into_iter().map(|e| (e.id, e)).collect(),
            retired: 0,
        }
    }

    /// How many revoked or deprecated objects the bundle read held.
    pub fn retired(&self) -> usize {
        self.retired
    }

    /// The name of a tactic or technique (`Phishing` for T1566).
    pub fn name(&self, id: AttackId) -> Option<&str> {
        self.entries.get(&id).map(|e| e.name.as_str())
    }

    pub fn get(&self, id: AttackId) -> Option<&AttackEntry> {
        self.entries.get(&id)
    }

    /// `Valid Accounts: Cloud Accounts` for T1078.004, as ATT&CK writes it.
    pub fn full_name(&self, id: AttackId) -> Option<String> {
        let own = self.name(id)?;
        match id.parent().and_then(|p| self.name(p)) {
            Some(parent) => Some(format!("{parent}: {own}")),
            None => Some(own.to_owned()),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every entry, in id order (tactics first).
    pub fn entries(&self) -> impl Iterator<Item = &AttackEntry> {
        self.entries.values()
    }
}
