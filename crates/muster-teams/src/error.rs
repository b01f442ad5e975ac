use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum TeamsError {
    /// Microsoft answered with an error: its HTTP status and its code
    /// (`NameAlreadyExists`, `InvalidAuthenticationToken`, `invalid_client`, …).
    #[error("{what} failed: HTTP {status} {code}: {message}")]
    Api {
        what: &'static str,
        status: u16,
        code: String,
        message: String,
    },
    #[error("{what} is throttled; retry after {retry_after:?}")]
    Throttled {
        what: &'static str,
        retry_after: Duration,
    },
    /// Could not reach Microsoft, or the answer was not what its API documents.
    #[error("{what} could not be called: {message}")]
    Transport { what: &'static str, message: String },
}

impl TeamsError {
    /// Microsoft's error code, when it answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            TeamsError::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            TeamsError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub(crate) fn transport(what: &'static str, e: impl std::fmt::Display) -> TeamsError {
        TeamsError::Transport {
            what,
            message: e.to_string(),
        }
    }

    /// Reads a failed response: Graph's `{"error": {"code", "message"}}`, Entra
    /// ID's `{"error", "error_description"}`, or the Bot Connector's
    /// `{"error": {"code", "message"}}`.
    pub(crate) async fn from_response(what: &'static str, res: reqwest::Response) -> TeamsError {
        let status = res.status();
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            let secs = res
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse().ok())
                .unwrap_or(30);
            return TeamsError::Throttled {
                what,
                retry_after: Duration::from_secs(secs),
            };
        }
        let body: serde_json::Value = res.json().await.unwrap_or_default();
        let (code, message) = match &body["error"] {
            serde_json::Value::Object(e) => (
                e.get("code").and_then(|c| c.as_str()).unwrap_or("unknown"),
                e.get("message").and_then(|c| c.as_str()).unwrap_or(""),
            ),
            serde_json::Value::String(code) => (
                code.as_str(),
                body["error_description"].as_str().unwrap_or(""),
            ),
            _ => ("unknown", ""),
        };
        TeamsError::Api {
            what,
            status: status.as_u16(),
            code: code.to_owned(),
            message: message.to_owned(),
        }
    }
}
