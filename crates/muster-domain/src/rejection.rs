//! Why the domain refused a command: a stable code, a message a responder can act
//! on, and the field or PRODUCT.md rule it concerns.

use serde::Serialize;
use std::fmt;

/// How a refusal maps onto the edge: the server turns these into 4xx statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RejectionKind {
    /// The command itself is malformed (a missing or bad field): 422.
    Invalid,
    /// The actor's role does not allow it: 403.
    Forbidden,
    /// The incident's current state does not allow it: 409.
    Conflict,
    /// The command names something the incident does not have: 404.
    NotFound,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    pub kind: RejectionKind,
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// The number of the rule in PRODUCT.md's "Rules the software enforces".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<u8>,
}

impl Rejection {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Rejection {
            kind: RejectionKind::Invalid,
            code: "invalid",
            message: message.into(),
            field: Some(field),
            rule: None,
        }
    }

    pub fn rule(rule: u8, kind: RejectionKind, message: impl Into<String>) -> Self {
        Rejection {
            kind,
            code: "rule-violation",
            message: message.into(),
            field: None,
            rule: Some(rule),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Rejection {
            kind: RejectionKind::Forbidden,
            code: "forbidden",
            message: message.into(),
            field: None,
            rule: None,
        }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Rejection {
            kind: RejectionKind::Conflict,
            code: "conflict",
            message: message.into(),
            field: None,
            rule: None,
        }
    }

    pub fn not_found(field: &'static str, message: impl Into<String>) -> Self {
        Rejection {
            kind: RejectionKind::NotFound,
            code: "not-found",
            message: message.into(),
            field: Some(field),
            rule: None,
        }
    }

    pub fn with_field(mut self, field: &'static str) -> Self {
        self.field = Some(field);
        self
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rule {
            Some(rule) => write!(f, "rule {rule}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Rejection {}

pub type Decision<T> = Result<T, Rejection>;
