//! Extractors whose failures speak the API's error shape instead of axum's
//! plain-text defaults.

use crate::error::ApiError;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// A JSON body; a malformed one is a 422 naming the field serde complained about.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(json_error(rejection)),
        }
    }
}

fn json_error(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            let message = e.body_text();
            ApiError::invalid_body(
                field_of(&message),
                format!("invalid request body: {}", strip_prefix(&message)),
            )
        }
        JsonRejection::JsonSyntaxError(e) => ApiError::invalid_body(
            None,
            format!("malformed JSON: {}", strip_prefix(&e.body_text())),
        ),
        JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType(
            "expected a JSON body with `Content-Type: application/json`".into(),
        ),
        JsonRejection::BytesRejection(e) => ApiError::PayloadTooLarge(format!(
            "could not read the request body: {}",
            e.body_text()
        )),
        other => ApiError::invalid_body(None, other.body_text()),
    }
}

fn strip_prefix(message: &str) -> &str {
    message
        .split_once(": ")
        .map(|(_, rest)| rest)
        .unwrap_or(message)
}

/// serde names the problem field as ``missing field `x` `` or ``unknown field `x` ``
/// or the path before the colon; pull it out for the `field` member.
fn field_of(message: &str) -> Option<String> {
    let detail = strip_prefix(message);
    if let Some(start) = detail.find('`') {
        let rest = &detail[start + 1..];
        if let Some(end) = rest.find('`')
            && (detail.contains("missing field") || detail.contains("unknown field"))
        {
            return Some(rest[..end].to_owned());
        }
    }
    let path = detail.split(':').next()?.trim();
    (!path.is_empty() && !path.contains(' ')).then(|| path.to_owned())
}

pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| ApiPath(v))
            .map_err(|e: PathRejection| {
                ApiError::invalid_body(None, format!("bad path: {}", e.body_text()))
            })
    }
}

pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(v)| ApiQuery(v))
            .map_err(|e: QueryRejection| {
                ApiError::invalid_body(None, format!("bad query string: {}", e.body_text()))
            })
    }
}
