//! Refuses text with a NUL character before it reaches a handler. PostgreSQL
//! cannot store NUL in text and would fail the query (a 500); no field of
//! Muster's has a use for it, so it is a 422 at the door, for every route.

use crate::error::ApiError;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest body this check will buffer; larger ones are refused by the
/// routes' own body limit anyway.
const LIMIT: usize = crate::BODY_LIMIT;

fn refused(place: &str) -> Response {
    ApiError::invalid_body(
        None,
        format!("the {place} contains a NUL character, which no field accepts"),
    )
    .into_response()
}

/// Whether percent-encoded text (a path, query or form body) encodes a NUL.
fn percent_nul(s: &[u8]) -> bool {
    s.windows(3).any(|w| w == b"%00") || s.contains(&0)
}

/// Whether a JSON text has a `\u0000` escape (a raw NUL is invalid JSON, and
/// serde refuses it). Escapes are walked, so `\\u0000` (a backslash, then the
/// letters) is not mistaken for one.
fn json_nul(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            0 => return true,
            b'\\' => {
                if s.get(i + 1) == Some(&b'u') && s.get(i + 2..i + 6) == Some(b"0000") {
                    return true;
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    false
}

pub async fn refuse_nul(req: Request, next: Next) -> Response {
    let uri = req.uri();
    if percent_nul(uri.path().as_bytes()) || uri.query().is_some_and(|q| percent_nul(q.as_bytes()))
    {
        return refused("URL");
    }
    let kind = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.to_ascii_lowercase());
    let check: Option<fn(&[u8]) -> bool> = match kind.as_deref() {
        Some(k) if k.starts_with("application/json") => Some(json_nul),
        Some(k) if k.starts_with("application/x-www-form-urlencoded") => Some(percent_nul),
        _ => None,
    };
    let Some(check) = check else {
        return next.run(req).await;
    };
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::PayloadTooLarge(format!(
                "the request body is larger than {LIMIT} bytes"
            ))
            .into_response();
        }
    };
    if check(&bytes) {
        return refused("request body");
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nul_however_it_is_spelled() {
        assert!(json_nul(br#"{"text":"a\u0000b"}"#));
        assert!(
            !json_nul(br#"{"text":"a\\u0000b"}"#),
            "an escaped backslash, then letters"
        );
        assert!(json_nul(br#"{"text":"a\\\u0000b"}"#));
        assert!(!json_nul(br#"{"text":"\u00e9"}"#));
        assert!(percent_nul(b"text=a%00b"));
        assert!(!percent_nul(b"text=a%200"));
    }
}
