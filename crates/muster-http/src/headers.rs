//! Headers every response carries: `X-Content-Type-Options: nosniff`, so that
//! no browser guesses a JSON error or an export into something it runs.

use axum::http::{HeaderValue, header};
use axum::response::Response;

/// Adds `nosniff` to a response that does not say otherwise.
pub async fn nosniff(mut response: Response) -> Response {
    response
        .headers_mut()
        .entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    response
}
