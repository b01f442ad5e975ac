//! What a page says when it cannot be shown. A restricted incident answers the
//! same 404 page as one that does not exist; a store failure is a calm 503; an
//! internal error says only that it failed (the detail goes to the log).

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use muster_server::error::ApiError;
use muster_store::StoreError;

#[derive(Debug)]
pub enum WebError {
    /// Not signed in (or the session ended): go to the sign-in page, then back.
    SignIn {
        next: String,
    },
    /// A form without this session's CSRF token.
    Csrf,
    NotFound(String),
    Api(ApiError),
}

impl From<ApiError> for WebError {
    fn from(e: ApiError) -> Self {
        WebError::Api(e)
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        WebError::Api(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    heading: &'a str,
    message: &'a str,
}

/// The URL of the sign-in page that comes back to `next` afterwards.
pub fn sign_in_url(next: &str) -> String {
    let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
    format!("/signin?next={next}")
}

fn page(status: StatusCode, heading: &str, message: &str) -> Response {
    let body = ErrorPage {
        status: status.as_u16(),
        heading,
        message,
    }
    .render()
    .unwrap_or_else(|_| "error".into());
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

impl WebError {
    /// The status and the sentence a person sees, for pages and for forms.
    pub fn status_and_message(&self) -> (StatusCode, String) {
        match self {
            WebError::SignIn { .. } => (
                StatusCode::UNAUTHORIZED,
                "Your session has ended: sign in again.".into(),
            ),
            WebError::Csrf => (
                StatusCode::FORBIDDEN,
                "This form has expired or came from another site: reload the page and try again."
                    .into(),
            ),
            WebError::NotFound(m) => (StatusCode::NOT_FOUND, m.clone()),
            WebError::Api(e) => {
                let status = e.clone_status();
                let message = match e {
                    ApiError::Internal(m) => {
                        tracing::error!(error = %m, "internal error in the web UI");
                        "Something went wrong on the server; nothing was changed. Try again.".into()
                    }
                    ApiError::Unavailable(m) => {
                        tracing::warn!(error = %m, "store unavailable");
                        "The store is unavailable; nothing was written. Try again in a moment."
                            .into()
                    }
                    other => other.to_string(),
                };
                (status, message)
            }
        }
    }
}

/// The status an API error would answer with.
trait ClonedStatus {
    fn clone_status(&self) -> StatusCode;
}

impl ClonedStatus for ApiError {
    fn clone_status(&self) -> StatusCode {
        use muster_domain::RejectionKind as K;
        match self {
            ApiError::Rejected(r) => match r.kind {
                K::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
                K::Forbidden => StatusCode::FORBIDDEN,
                K::Conflict => StatusCode::CONFLICT,
                K::NotFound => StatusCode::NOT_FOUND,
            },
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let WebError::SignIn { next } = &self {
            return Redirect::to(&sign_in_url(next)).into_response();
        }
        let (status, message) = self.status_and_message();
        let heading = match status {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::FORBIDDEN => "Not allowed",
            StatusCode::SERVICE_UNAVAILABLE => "Unavailable",
            s if s.is_server_error() => "Something went wrong",
            _ => "That did not work",
        };
        page(status, heading, &message)
    }
}
