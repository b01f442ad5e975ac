//! The product's words (PRODUCT.md, "Words") as closed types, so that a typo in a
//! role or phase is a compile error here and a 4xx naming the field at the edge.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        // By hand, not derived: the derive does not see the `rename`s through
        // this macro and would document the variants' Rust names (PascalCase)
        // where the wire has the words.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($text),+]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!(
                        "`{s}` is not one of: {}",
                        [$($text),+].join(", ")
                    )),
                }
            }
        }
    };
}

word_enum!(
    /// The six roles of the data incident team (seed: "Roles and responsibilities").
    Role {
        IncidentManager => "incident-manager",
        Deputy => "deputy",
        Secretariat => "secretariat",
        Sme => "sme",
        CommsLead => "comms-lead",
        Liaison => "liaison",
    }
);

word_enum!(
    /// The organisation's phases of a declared incident.
    Phase {
        Hot => "hot",
        Warm => "warm",
        Cold => "cold",
        Closed => "closed",
    }
);

word_enum!(
    /// Whether the incident may involve personal data; `unknown` counts as `yes` for rule 4.
    PersonalData {
        Yes => "yes",
        No => "no",
        Unknown => "unknown",
    }
);

word_enum!(
    FindingKind {
        Known => "known",
        Unknown => "unknown",
        Suspected => "suspected",
    }
);

word_enum!(
    FindingStatus {
        Open => "open",
        Delegated => "delegated",
        Answered => "answered",
        Confirmed => "confirmed",
        Refuted => "refuted",
    }
);

word_enum!(
    /// One cell of the analysis-of-competing-hypotheses grid.
    Consistency {
        Consistent => "consistent",
        Inconsistent => "inconsistent",
        NotApplicable => "not-applicable",
    }
);

word_enum!(
    ActionStatus {
        Open => "open",
        InProgress => "in-progress",
        Done => "done",
        Cancelled => "cancelled",
        // Carried into the review as a preventive action (rule 7), tracked there.
        Carried => "carried",
    }
);

word_enum!(
    RecommendationStatus {
        Pending => "pending",
        Approved => "approved",
        Rejected => "rejected",
    }
);

word_enum!(
    ReportStatus {
        AwaitingTriage => "awaiting-triage",
        FalsePositive => "false-positive",
        Declared => "declared",
        // Never stored: what a report that became a restricted incident is to
        // everyone outside its team and the administrators (rule 10).
        Triaged => "triaged",
    }
);

word_enum!(
    /// The moments a regulator's clock runs from, each recorded by whoever
    /// establishes it, with the time it happened (issue 10).
    Anchor {
        Detected => "detected",
        Aware => "aware",
        ClassifiedMajor => "classified-major",
        MaterialityDetermined => "materiality-determined",
        Discovered => "discovered",
        RansomPaid => "ransom-paid",
        ExploitedVulnerabilityKnown => "exploited-vulnerability-known",
    }
);

word_enum!(
    /// Where an obligation to notify stands, beside the incident's own
    /// lifecycle: unassessed → assessing → not required (a logged decision
    /// with its rationale) or due → each stage submitted → amended →
    /// complete; or delayed, for an authorised delay with its evidence.
    ObligationStatus {
        Unassessed => "unassessed",
        Assessing => "assessing",
        NotRequired => "not-required",
        Due => "due",
        Submitted => "submitted",
        Amended => "amended",
        Complete => "complete",
        Delayed => "delayed",
    }
);

word_enum!(
    CommunicationStatus {
        Draft => "draft",
        Agreed => "agreed",
        Sent => "sent",
    }
);

word_enum!(
    Audience {
        Internal => "internal",
        External => "external",
        ThirdParty => "third-party",
    }
);

impl ActionStatus {
    /// Open work is what can become overdue.
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

word_enum!(
    /// How precisely the attacker's timeline knows when something happened:
    /// to the moment, roughly, or only within a window (which then has an end).
    Precision {
        Exact => "exact",
        Approximate => "approximate",
        Window => "window",
    }
);

word_enum!(
    /// What an indicator says about a finding on the board.
    IndicatorLink {
        Supports => "supports",
        Refutes => "refutes",
    }
);
