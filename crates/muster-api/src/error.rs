use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Every error the API returns: `{"error": {...}}` with a 4xx or 5xx status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine code: `invalid`, `rule-violation`, `forbidden`, `not-found`,
    /// `conflict`, `unauthorized`, `unavailable`, `internal`.
    pub code: String,
    /// What was wrong, naming the field or rule.
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The number of the rule in PRODUCT.md that refused the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<u8>,
}
