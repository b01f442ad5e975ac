//! The part of the policy that shapes indicators: the organisation's own
//! indicator types, each with the pattern a value must match (a ticket id,
//! an internal asset tag), beside the built-in ones.

use muster_indicators::{IndicatorError, IndicatorType};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IndicatorPolicy {
    /// The organisation's name as exports give it: the STIX identity that
    /// created every object, and the MISP event's creator organisation.
    pub organisation: String,
    /// Organisation-defined types: a kebab-case name and an anchored regular
    /// expression the whole value must match.
    pub custom_types: Vec<CustomType>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomType {
    pub name: String,
    pub pattern: String,
}

impl Default for IndicatorPolicy {
    fn default() -> Self {
        IndicatorPolicy {
            organisation: "Muster".into(),
            custom_types: Vec::new(),
        }
    }
}

impl IndicatorPolicy {
    /// The type named `name`: built in, or one of the organisation's. Only
    /// the custom type asked for is compiled, so a decision about an `ipv4`
    /// costs no regular expression.
    pub fn indicator_type(&self, name: &str) -> Result<IndicatorType, IndicatorError> {
        let name = name.trim();
        if let Some(t) = IndicatorType::built_in(name) {
            return Ok(t);
        }
        match self.custom_types.iter().find(|c| c.name == name) {
            Some(c) => IndicatorType::custom(&c.name, &c.pattern),
            None => Err(IndicatorError::UnknownType(name.to_owned())),
        }
    }

    /// Every custom type compiled: what an importer needs, and what loading
    /// the policy checks so that a bad pattern is refused at start-up.
    pub fn custom_types(&self) -> Result<Vec<IndicatorType>, IndicatorError> {
        self.custom_types
            .iter()
            .map(|c| IndicatorType::custom(&c.name, &c.pattern))
            .collect()
    }
}
