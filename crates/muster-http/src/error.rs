//! The JSON API's error shape. Every refusal is
//! `{"error":{code,message,field?,rule?}}` with a 4xx naming what was wrong; a
//! 5xx says only that it failed, and the detail goes to the server's log. The
//! statuses come from the application's one table ([`AppError::refusal`]).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use muster_api::{ErrorBody, ErrorDetail};
use muster_app::AppError;
use muster_domain::Rejection;
use muster_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// What the application refused.
    #[error("{0}")]
    App(AppError),
    /// The request body is larger than the route accepts: 413.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The request body is not of a media type the route takes: 415.
    #[error("{0}")]
    UnsupportedMediaType(String),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// A missing or wrong field: 422 naming it.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        ApiError::App(AppError::invalid(field, message))
    }

    /// A 422 that names no single field (a malformed body).
    pub fn invalid_body(field: Option<String>, message: impl Into<String>) -> Self {
        ApiError::App(AppError::Invalid {
            field,
            message: message.into(),
        })
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::App(AppError::NotFound(message.into()))
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError::App(AppError::Unauthorized(message.into()))
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::App(AppError::Forbidden(message.into()))
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        ApiError::App(AppError::Conflict(message.into()))
    }

    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::App(AppError::Internal(message.into()))
    }

    /// The status and the body's detail.
    pub fn parts(&self) -> (StatusCode, ErrorDetail) {
        let (status, code, message, field, rule) = match self {
            ApiError::App(e) => {
                let r = e.refusal();
                (r.status, r.code, r.message, r.field, r.rule)
            }
            ApiError::PayloadTooLarge(m) => (413, "too-large", m.clone(), None, None),
            ApiError::UnsupportedMediaType(m) => {
                (415, "unsupported-media-type", m.clone(), None, None)
            }
        };
        (
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            ErrorDetail {
                code: code.to_owned(),
                message,
                field,
                rule,
            },
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error) = self.parts();
        (status, Json(ErrorBody { error })).into_response()
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl From<Rejection> for ApiError {
    fn from(r: Rejection) -> Self {
        ApiError::App(r.into())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::App(e.into())
    }
}
