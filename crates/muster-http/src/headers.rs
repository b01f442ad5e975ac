//! Headers every response carries unless it says otherwise:
//!
//! * `X-Content-Type-Options: nosniff`, so that no browser guesses a JSON
//!   error or an export into something it runs;
//! * `Cache-Control: no-store`, unless the response is marked `public` (the
//!   embedded assets): everything else is about incidents, people or the
//!   caller's session, and a restricted incident must not linger in a browser
//!   or proxy cache (rule 10). Even a stream's `no-cache` becomes `no-store`;
//! * a `Content-Security-Policy` that lets nothing load or run, for responses
//!   that bring none of their own (JSON, errors): a page sets its own.

use axum::http::{HeaderValue, header};
use axum::response::Response;

/// What a response without its own policy gets: nothing may load, nothing
/// may frame it.
pub const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// Adds the default headers to a response.
pub async fn defaults(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    let public = h
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|d| d.trim().eq_ignore_ascii_case("public"))
        });
    if !public {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(DEFAULT_CSP));
    response
}
