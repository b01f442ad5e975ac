//! Extractors whose failures speak the API's error shape instead of axum's
//! plain-text defaults, and name the field by its path in the request, in
//! words ([`crate::reword`]).

use crate::error::ApiError;
use crate::reword::{Problem, reword};
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

fn invalid(p: Problem) -> ApiError {
    ApiError::invalid_body(p.field, p.message)
}

/// A JSON body; a malformed one is a 422 naming the field that was wrong.
pub struct ApiJson<T>(pub T);

/// `application/json`, or a `+json` type such as `application/merge-patch+json`.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(v) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = v
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType(
                "expected a JSON body with `Content-Type: application/json`".into(),
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge(format!(
                    "the request body is larger than {} bytes",
                    crate::BODY_LIMIT
                ))
            } else {
                ApiError::invalid_body(None, format!("could not read the request body: {e}"))
            }
        })?;
        from_json(&bytes).map(ApiJson)
    }
}

/// serde_json's message without its "at line 1 column 7" (the field says where).
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Parses a JSON body into `T`, refusing it in words that name the field.
pub fn from_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        let message = if bytes.iter().all(u8::is_ascii_whitespace) {
            "the body is empty; send a JSON object".to_owned()
        } else {
            format!("malformed JSON: {e}")
        };
        ApiError::invalid_body(None, message)
    })?;
    // serde would read a struct from a list of its fields in order; every
    // body of this API is an object with named fields.
    if !value.is_object() {
        return Err(ApiError::invalid_body(
            None,
            "the body must be a JSON object with named fields",
        ));
    }
    serde_path_to_error::deserialize(&value).map_err(|e| {
        let tracked = e.path().to_string();
        let raw = without_position(e.inner());
        let path = if tracked == "." {
            // A tagged or flattened body loses serde's path; find it again.
            crate::locate::locate(&value, &raw)
        } else {
            Some(tracked)
        };
        invalid(reword(path.as_deref(), &raw))
    })
}

pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(e) => {
                // A route of one parameter: name it whatever serde said.
                let only = RawPathParams::from_request_parts(parts, state)
                    .await
                    .ok()
                    .and_then(|raw| {
                        let names: Vec<String> = raw.iter().map(|(k, _)| k.to_owned()).collect();
                        (names.len() == 1).then(|| names[0].clone())
                    });
                Err(path_error(e, only))
            }
        }
    }
}

fn path_error(e: PathRejection, only: Option<String>) -> ApiError {
    use axum::extract::path::ErrorKind;
    let PathRejection::FailedToDeserializePathParams(e) = e else {
        return ApiError::internal(format!("reading the path: {e}"));
    };
    let (key, raw) = match e.kind() {
        ErrorKind::ParseErrorAtKey {
            key,
            value,
            expected_type,
        } => (
            Some(key.clone()),
            format!("`{value}` is not {expected_type}"),
        ),
        ErrorKind::InvalidUtf8InPathParam { key } => {
            (Some(key.clone()), "is not valid UTF-8".to_owned())
        }
        ErrorKind::ParseError {
            value,
            expected_type,
        } => (only, format!("`{value}` is not {expected_type}")),
        ErrorKind::Message(m) => (only, m.clone()),
        other => (only, other.to_string()),
    };
    let mut p = reword(key.as_deref(), &raw);
    if p.message.contains("Uuid") || p.message.contains("UUID") {
        p = reword(key.as_deref(), "UUID parsing failed");
    }
    p.message = format!("in the path: {}", p.message);
    invalid(p)
}

pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        from_query(parts.uri.query().unwrap_or_default()).map(ApiQuery)
    }
}

/// Parses a query string into `T`, refusing it in words that name the parameter.
pub fn from_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let tracked = e.path().to_string();
        let path = (tracked != ".").then_some(tracked);
        let mut p = reword(path.as_deref(), &e.inner().to_string());
        p.message = format!("in the query string: {}", p.message);
        invalid(p)
    })
}

/// A page size of a list query: 1 to 1000, 100 when absent.
pub fn limit(limit: Option<u32>) -> Result<u32, ApiError> {
    match limit.unwrap_or(100) {
        n @ 1..=1000 => Ok(n),
        n => Err(ApiError::invalid(
            "limit",
            format!("`limit` is between 1 and 1000, not {n}"),
        )),
    }
}

/// A sequence number in a query: the stores count entries in a signed 64-bit
/// integer, so nothing beyond it names an entry.
pub fn seq(field: &str, seq: Option<u64>) -> Result<(), ApiError> {
    match seq {
        Some(n) if n > i64::MAX as u64 => Err(ApiError::invalid(
            field,
            format!("`{field}` is a sequence number, at most {}", i64::MAX),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use muster_api::CommandRequest;

    fn refusal<T: DeserializeOwned + std::fmt::Debug>(body: &str) -> (Option<String>, String) {
        let e = from_json::<T>(body.as_bytes()).expect_err(body);
        let (status, d) = e.parts();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        (d.field, d.message)
    }

    #[test]
    fn a_command_names_its_field() {
        let (field, message) = refusal::<CommandRequest>(
            r#"{"command":"create-action","title":"t","owner":"a@example.org","report_back_at":"20x6-01-01T00:00:00Z"}"#,
        );
        assert_eq!(field.as_deref(), Some("report_back_at"));
        assert_eq!(
            message,
            "`report_back_at`: not a time; expected RFC 3339, e.g. 2026-12-02T15:00:00Z"
        );
        let (field, message) = refusal::<CommandRequest>(
            r#"{"command":"assign-role","person":"a@example.org","role":"boss"}"#,
        );
        assert_eq!(field.as_deref(), Some("role"));
        assert!(
            message.starts_with("`role`: `boss` is not one of: incident-manager"),
            "{message}"
        );
        let (field, message) =
            refusal::<CommandRequest>(r#"{"command":"correct","seq":-3,"text":"x"}"#);
        assert_eq!(field.as_deref(), Some("seq"));
        assert_eq!(message, "`seq`: must be 0 or more, not integer `-3`");
        let (field, message) = refusal::<CommandRequest>(r#"{"command":"add-note","text":null}"#);
        assert_eq!(field.as_deref(), Some("text"));
        assert_eq!(message, "`text`: must not be null; expected a string");
        let (field, _) = refusal::<CommandRequest>(r#"{"command":"fly","text":"x"}"#);
        assert_eq!(field.as_deref(), Some("command"));
        let (field, message) = refusal::<CommandRequest>(
            r#"{"command":"record-review","went_well":"a","even_better_if":"b","lessons":[],
                "preventive_actions":[{"title":"t","owner":"a@example.org","due":"2026-12-02T15:00:00Z"},
                                      {"title":"u","due":"2026-12-02T15:00:00Z"}]}"#,
        );
        assert_eq!(field.as_deref(), Some("preventive_actions[1].owner"));
        assert_eq!(message, "`preventive_actions[1].owner` is required");
    }

    #[test]
    fn a_plain_body_names_its_field_by_path() {
        let (field, message) = refusal::<muster_api::DeclareRequest>(
            r#"{"severity":"SEV-1","category":"c","security":true,"personal_data":"perhaps","hypothesis":"h"}"#,
        );
        assert_eq!(field.as_deref(), Some("personal_data"));
        assert_eq!(
            message,
            "`personal_data`: `perhaps` is not one of: yes, no, unknown"
        );
        let (field, message) = refusal::<muster_api::NewShiftRequest>(
            r#"{"person":"a","starts_at":"yesterday","ends_at":"2026-12-02T15:00:00Z"}"#,
        );
        assert_eq!(field.as_deref(), Some("starts_at"));
        assert!(
            message.contains("not a time; expected RFC 3339"),
            "{message}"
        );
        let (_, message) = refusal::<muster_api::NewShiftRequest>("");
        assert_eq!(message, "the body is empty; send a JSON object");
        // serde alone would take a list as the struct's fields in order.
        let (_, message) = refusal::<muster_api::UpdatePersonRequest>("[null, null]");
        assert_eq!(message, "the body must be a JSON object with named fields");
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        limit: Option<u32>,
        status: Option<muster_domain::ReportStatus>,
    }

    #[test]
    fn a_query_names_its_parameter() {
        let e = from_query::<Page>("limit=-1").unwrap_err();
        let (_, d) = e.parts();
        assert_eq!(d.field.as_deref(), Some("limit"));
        assert_eq!(
            d.message,
            "in the query string: `limit`: not a whole number, 0 or more"
        );
        let (_, d) = from_query::<Page>("status=open").unwrap_err().parts();
        assert_eq!(d.field.as_deref(), Some("status"));
        assert!(
            d.message.contains("`open` is not one of: awaiting-triage"),
            "{}",
            d.message
        );
        assert!(from_query::<Page>("").is_ok());
    }
}
