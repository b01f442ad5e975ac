use muster_api::{ErrorBody, ErrorDetail};
use std::fmt;

/// Everything a call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server answered with a 4xx or 5xx and its error body.
    #[error("{}", DisplayDetail(&body.error))]
    Api { status: u16, body: ErrorBody },
    /// The request never got a whole answer: connection refused, reset, timed
    /// out. The cause is the error's source (print it with `{:#}` in anyhow).
    #[error("the request to the server failed")]
    Transport(#[source] reqwest::Error),
    /// The server answered 2xx with a body this client cannot read.
    #[error("cannot read the server's response: {0}")]
    Decode(String),
    /// The base URL given to [`crate::Client::new`] is not a usable URL.
    #[error("`{url}` is not a valid server URL: {reason}")]
    InvalidUrl { url: String, reason: String },
}

impl ClientError {
    /// The HTTP status of an API error.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API error's detail: stable code, message, field and rule.
    pub fn detail(&self) -> Option<&ErrorDetail> {
        match self {
            ClientError::Api { body, .. } => Some(&body.error),
            _ => None,
        }
    }

    /// The API error's stable machine code (`invalid`, `rule-violation`, …).
    pub fn code(&self) -> Option<&str> {
        self.detail().map(|d| d.code.as_str())
    }

    /// The PRODUCT.md rule that refused the request, if one did.
    pub fn rule(&self) -> Option<u8> {
        self.detail().and_then(|d| d.rule)
    }

    /// Builds an API error from a failed response's status and body. A body that
    /// is not the API's error shape (a proxy's HTML page, say) still becomes one,
    /// so callers handle a single shape.
    pub(crate) fn from_response(status: reqwest::StatusCode, body: &[u8]) -> ClientError {
        let body = serde_json::from_slice::<ErrorBody>(body).unwrap_or_else(|_| {
            let text = String::from_utf8_lossy(body);
            let text = text.trim();
            let mut message = format!("HTTP {status}");
            if !text.is_empty() {
                message.push_str(": ");
                message.extend(text.chars().take(200));
            }
            ErrorBody {
                error: ErrorDetail {
                    code: code_for(status).to_owned(),
                    message,
                    field: None,
                    rule: None,
                },
            }
        });
        ClientError::Api {
            status: status.as_u16(),
            body,
        }
    }
}

/// The API's code for a status, for error bodies that did not say.
fn code_for(status: reqwest::StatusCode) -> &'static str {
    match status.as_u16() {
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        409 => "conflict",
        503 => "unavailable",
        400..=499 => "invalid",
        _ => "internal",
    }
}

/// `code: message (field x, rule n)`.
struct DisplayDetail<'a>(&'a ErrorDetail);

impl fmt::Display for DisplayDetail<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(f, "{}: {}", d.code, d.message)?;
        match (&d.field, d.rule) {
            (Some(field), Some(rule)) => write!(f, " (field {field}, rule {rule})"),
            (Some(field), None) => write!(f, " (field {field})"),
            (None, Some(rule)) => write!(f, " (rule {rule})"),
            (None, None) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(field: Option<&str>, rule: Option<u8>) -> ClientError {
        ClientError::Api {
            status: 409,
            body: ErrorBody {
                error: ErrorDetail {
                    code: "rule-violation".into(),
                    message: "the incident manager owns no action".into(),
                    field: field.map(Into::into),
                    rule,
                },
            },
        }
    }

    #[test]
    fn api_error_displays_code_message_field_and_rule() {
        assert_eq!(
            api(Some("owner"), Some(2)).to_string(),
            "rule-violation: the incident manager owns no action (field owner, rule 2)"
        );
        assert_eq!(
            api(None, Some(2)).to_string(),
            "rule-violation: the incident manager owns no action (rule 2)"
        );
        assert_eq!(
            api(Some("owner"), None).to_string(),
            "rule-violation: the incident manager owns no action (field owner)"
        );
        assert_eq!(
            api(None, None).to_string(),
            "rule-violation: the incident manager owns no action"
        );
    }

    #[test]
    fn error_bodies_decode_and_foreign_bodies_still_make_an_api_error() {
        let json = br#"{"error":{"code":"not-found","message":"no incident INC-1"}}"#;
        let e = ClientError::from_response(reqwest::StatusCode::NOT_FOUND, json);
        assert_eq!(e.status(), Some(404));
        assert_eq!(e.code(), Some("not-found"));
        assert_eq!(e.to_string(), "not-found: no incident INC-1");

        let e = ClientError::from_response(reqwest::StatusCode::BAD_GATEWAY, b"<html>down</html>");
        assert_eq!(e.code(), Some("internal"));
        assert_eq!(
            e.to_string(),
            "internal: HTTP 502 Bad Gateway: <html>down</html>"
        );
        assert_eq!(e.rule(), None);
    }
}
