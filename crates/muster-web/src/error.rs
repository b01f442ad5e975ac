//! What a page says when it cannot be shown. A restricted incident answers the
//! same 404 page as one that does not exist; a store failure is a calm 503; an
//! internal error says only that it failed (the detail goes to the log).

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use muster_app::AppError;
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
    Api(AppError),
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
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
    // The same headers as every page: a 404 is a page too, and one about a
    // restricted incident must not be cached either.
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_SECURITY_POLICY, crate::layout::PAGE_CSP),
            (header::REFERRER_POLICY, "same-origin"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
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
                // The application's one status table; the page's own words for
                // failures that are not the person's doing.
                let refusal = e.refusal();
                let message = match e {
                    AppError::Internal(_) => {
                        "Something went wrong on the server; nothing was changed. Try again.".into()
                    }
                    AppError::Unavailable(_) => {
                        "The store is unavailable; nothing was written. Try again in a moment."
                            .into()
                    }
                    other => other.to_string(),
                };
                (
                    StatusCode::from_u16(refusal.status)
                        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                    message,
                )
            }
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
