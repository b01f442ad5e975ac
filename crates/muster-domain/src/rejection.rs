//! Why the domain refused a command: a stable code, a message a responder can act
//! on, and the field or PRODUCT.md rule it concerns.

use crate::rule::Rule;
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
    /// The rule of PRODUCT.md's "Rules the software enforces" behind the
    /// refusal; serialised as its number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
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

    pub fn rule(rule: Rule, kind: RejectionKind, message: impl Into<String>) -> Self {
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

    /// The same refusal, now named as stemming from `rule`.
    pub fn under(self, rule: Rule, why: &str) -> Self {
        Rejection {
            rule: Some(rule),
            code: "rule-violation",
            message: format!("{}: {why}", self.message),
            ..self
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rule {
            // A message that already names its rule is not prefixed twice.
            Some(rule) if !names_rule(&self.message, rule) => write!(f, "{rule}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

/// Whether `message` already begins by naming `rule` ("rule 8: …", "Rule 8 …").
fn names_rule(message: &str, rule: Rule) -> bool {
    let Some(rest) = message
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("rule "))
        .map(|_| &message[5..])
    else {
        return false;
    };
    let number = rule.number().to_string();
    rest.strip_prefix(&number)
        .is_some_and(|after| !after.starts_with(|c: char| c.is_ascii_digit()))
}

impl std::error::Error for Rejection {}

pub type Decision<T> = Result<T, Rejection>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_rule_once() {
        let r = Rejection::rule(Rule::Restricted, RejectionKind::Forbidden, "hidden");
        assert_eq!(r.to_string(), "rule 10: hidden");
        let r = Rejection::rule(
            Rule::NeverWithoutCommander,
            RejectionKind::Invalid,
            "rule 8: a handover needs a brief",
        );
        assert_eq!(r.to_string(), "rule 8: a handover needs a brief");
        let r = Rejection::rule(
            Rule::OneIncidentManager,
            RejectionKind::Conflict,
            "rule 10 x",
        );
        assert_eq!(r.to_string(), "rule 1: rule 10 x");
        assert_eq!(
            serde_json::to_value(&r).unwrap()["rule"],
            serde_json::json!(1),
            "the wire carries the rule's number"
        );
    }
}
