//! The one HTTP error type. Every refusal is `{"error":{code,message,field?,rule?}}`
//! with a 4xx naming what was wrong; a 5xx says only that it failed, and the
//! detail goes to the server's log.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use muster_api::{ErrorBody, ErrorDetail};
use muster_domain::{Rejection, RejectionKind};
use muster_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Rejected(Rejection),
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
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    Internal(String),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        ApiError::Invalid {
            field: Some(field.to_owned()),
            message: message.into(),
        }
    }

    fn parts(&self) -> (StatusCode, ErrorDetail) {
        let detail =
            |code: &str, message: String, field: Option<String>, rule: Option<u8>| ErrorDetail {
                code: code.to_owned(),
                message,
                field,
                rule,
            };
        match self {
            ApiError::Rejected(r) => {
                let status = match r.kind {
                    RejectionKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
                    RejectionKind::Forbidden => StatusCode::FORBIDDEN,
                    RejectionKind::Conflict => StatusCode::CONFLICT,
                    RejectionKind::NotFound => StatusCode::NOT_FOUND,
                };
                (
                    status,
                    detail(r.code, r.to_string(), r.field.map(str::to_owned), r.rule),
                )
            }
            ApiError::Invalid { field, message } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                detail("invalid", message.clone(), field.clone(), None),
            ),
            ApiError::Unauthorized(m) => (
                StatusCode::UNAUTHORIZED,
                detail("unauthorized", m.clone(), None, None),
            ),
            ApiError::Forbidden(m) => (
                StatusCode::FORBIDDEN,
                detail("forbidden", m.clone(), None, None),
            ),
            ApiError::NotFound(m) => (
                StatusCode::NOT_FOUND,
                detail("not-found", m.clone(), None, None),
            ),
            ApiError::Conflict(m) => (
                StatusCode::CONFLICT,
                detail("conflict", m.clone(), None, None),
            ),
            ApiError::PayloadTooLarge(m) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                detail("too-large", m.clone(), None, None),
            ),
            ApiError::Unavailable(m) => {
                tracing::warn!(error = %m, "store unavailable");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    detail(
                        "unavailable",
                        "the store is unavailable; nothing was written, try again".into(),
                        None,
                        None,
                    ),
                )
            }
            ApiError::Internal(m) => {
                tracing::error!(error = %m, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    detail("internal", "internal error".into(), None, None),
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error) = self.parts();
        (status, Json(ErrorBody { error })).into_response()
    }
}

impl From<Rejection> for ApiError {
    fn from(r: Rejection) -> Self {
        ApiError::Rejected(r)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(m) => ApiError::NotFound(m),
            StoreError::Conflict(m) => ApiError::Conflict(m),
            StoreError::Unavailable(m) => ApiError::Unavailable(m),
            StoreError::Other(m) => ApiError::Internal(m),
        }
    }
}
