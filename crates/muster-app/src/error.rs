//! What the application answers when it will not or cannot do what was asked.
//! Each adapter shows these its own way (the JSON API as `{"error":…}`, the room
//! as a page), from the one status table here.

use muster_domain::{Rejection, RejectionKind};
use muster_store::StoreError;

#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    /// A rule or a field of the domain refused the command.
    #[error("{0}")]
    Rejected(Rejection),
    /// A field of the request is missing or wrong.
    #[error("{message}")]
    Invalid {
        field: Option<String>,
        message: String,
    },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// The incident's log failed verification: it takes no entries until an
    /// administrator acknowledges the break (rule 9).
    #[error(
        "the log of {reference} failed verification at seq {}: {}; nothing was written: \
         an administrator must act (`muster admin log acknowledge {reference} --reason …` \
         records the break) before the log takes new entries",
        brk.seq,
        brk.reason
    )]
    LogBroken {
        reference: String,
        brk: muster_domain::log::Break,
    },
    /// The request is larger than a limit allows (an evidence file past the
    /// policy's `max_upload_bytes`); nothing was kept.
    #[error("{0}")]
    TooLarge(String),
    /// The store could not be reached; nothing was written.
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

/// The kind of a refusal, as every adapter reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status an adapter answers with.
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
    pub rule: Option<u8>,
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: Some(field.to_owned()),
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        AppError::NotFound(message.into())
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        AppError::Unauthorized(message.into())
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden(message.into())
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        AppError::Conflict(message.into())
    }

    pub fn internal(message: impl Into<String>) -> Self {
        AppError::Internal(message.into())
    }

    /// The one status table: what each kind of refusal is called and answered with.
    pub fn refusal(&self) -> Refusal {
        let plain = |status, code, message: &String| Refusal {
            status,
            code,
            message: message.clone(),
            field: None,
            rule: None,
        };
        match self {
            AppError::Rejected(r) => Refusal {
                status: match r.kind {
                    RejectionKind::Invalid => 422,
                    RejectionKind::Forbidden => 403,
                    RejectionKind::Conflict => 409,
                    RejectionKind::NotFound => 404,
                },
                code: r.code,
                message: r.to_string(),
                field: r.field.map(str::to_owned),
                rule: r.rule.map(muster_domain::Rule::number),
            },
            AppError::Invalid { field, message } => Refusal {
                field: field.clone(),
                ..plain(422, "invalid", message)
            },
            AppError::Unauthorized(m) => plain(401, "unauthorized", m),
            AppError::Forbidden(m) => plain(403, "forbidden", m),
            AppError::NotFound(m) => plain(404, "not-found", m),
            AppError::Conflict(m) => plain(409, "conflict", m),
            AppError::TooLarge(m) => plain(413, "too-large", m),
            // 409, not 5xx: the server is well and the request was sound, but
            // the incident's state (a broken chain) refuses it until an
            // administrator acts; retrying will not help.
            AppError::LogBroken { .. } => plain(409, "log-broken", &self.to_string()),
            AppError::Unavailable(m) => {
                tracing::warn!(error = %m, "store unavailable");
                plain(
                    503,
                    "unavailable",
                    &"the store is unavailable; nothing was written, try again".to_owned(),
                )
            }
            AppError::Internal(m) => {
                tracing::error!(error = %m, "internal error");
                plain(500, "internal", &"internal error".to_owned())
            }
        }
    }
}

impl From<Rejection> for AppError {
    fn from(r: Rejection) -> Self {
        AppError::Rejected(r)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(m) => AppError::NotFound(m),
            StoreError::Conflict(m) => AppError::Conflict(m),
            StoreError::Unavailable(m) => AppError::Unavailable(m),
            StoreError::Other(m) => AppError::Internal(m),
        }
    }
}
