//! Where in an imported file a problem is, in the words a person would use
//! to find it: a CSV line, a STIX object (by position and id), a MISP
//! attribute (by position, inside its object if any).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A CSV line, counted from 1 (the header is line 1).
    Line(u64),
    /// A STIX object, by its position in `objects` (from 0) and its id.
    StixObject { index: usize, id: Option<String> },
    /// A MISP attribute by its position (from 0) in the event's
    /// `Attribute` list, or in the `Attribute` list of object `object`.
    MispAttribute { object: Option<usize>, index: usize },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(n) => write!(f, "line {n}"),
            Place::StixObject {
                index,
                id: Some(id),
            } => write!(f, "object {index} ({id})"),
            Place::StixObject { index, id: None } => write!(f, "object {index}"),
            Place::MispAttribute {
                object: None,
                index,
            } => write!(f, "attribute {index}"),
            Place::MispAttribute {
                object: Some(o),
                index,
            } => write!(f, "object {o}, attribute {index}"),
        }
    }
}

/// A row that could not be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub place: Place,
    /// The column or property at fault, when one is.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{}, field `{field}`: {}", self.place, self.message),
            None => write!(f, "{}: {}", self.place, self.message),
        }
    }
}

/// A row that was read but holds nothing Muster imports, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub place: Place,
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: skipped: {}", self.place, self.reason)
    }
}
