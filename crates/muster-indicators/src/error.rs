//! The crate's one error type. Every message is written for the person who
//! typed or imported the value: it names the type and what is wrong with it,
//! so the API and CLI can show it as it is.

/// Why a value, a file or an id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndicatorError {
    /// A value that is not a valid instance of its indicator type; the
    /// message names the problem ("sha256 must be 64 hex digits; got 63").
    #[error("{0}")]
    Invalid(String),
    /// A type name that is neither built in nor defined by the organisation.
    #[error("unknown indicator type `{0}`")]
    UnknownType(String),
    /// An organisation-defined type whose pattern does not compile.
    #[error("the pattern of indicator type `{name}` is not a valid regular expression: {reason}")]
    BadPattern { name: String, reason: String },
    /// A marking, ATT&CK id or other word that is not one of those allowed.
    #[error("{0}")]
    BadName(String),
    /// A whole document that cannot be read at all (not JSON, no CSV header);
    /// problems with single rows are reported per row instead.
    #[error("{0}")]
    BadDocument(String),
}

impl IndicatorError {
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::Invalid(message.into())
    }
}
