//! A normalised indicator value: the only way to make one is
//! [`crate::normalise`], so holding a `Value` means it was validated.

use serde::{Serialize, Serializer};
use std::fmt;

/// A validated, normalised indicator value, stored refanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Value(String);

impl Value {
    pub(crate) fn new(normalised: String) -> Self {
        Self(normalised)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Value {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

// Serialised as the bare string; deserialising is deliberately not offered,
// because a stored string must go back through `normalise` to become a Value.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}
