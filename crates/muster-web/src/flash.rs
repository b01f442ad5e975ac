//! One-shot messages across a POST → redirect: what a form did, or why the
//! rules refused it. Kept in a short-lived cookie (hex, so any text survives)
//! and cleared by the page that shows it.

use crate::session::{cookie, set_cookie};
use axum::http::{HeaderMap, HeaderValue};

pub const FLASH_COOKIE: &str = "muster_flash";

/// Cookies hold about 4 KiB; a longer message is cut (it is also in the log).
const MAX_MESSAGE: usize = 1500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    /// `ok` or `error`: how the page shows it.
    pub kind: &'static str,
    pub message: String,
}

impl Flash {
    pub fn ok(message: impl Into<String>) -> Self {
        Flash {
            kind: "ok",
            message: message.into(),
        }
    }

    pub fn error(message: impl Into<String>) -> Self {
        Flash {
            kind: "error",
            message: message.into(),
        }
    }

    /// The `Set-Cookie` that carries this message to the next page.
    pub fn cookie(&self, request: &HeaderMap) -> HeaderValue {
        let mut message = self.message.as_str();
        if message.len() > MAX_MESSAGE {
            let mut end = MAX_MESSAGE;
            while !message.is_char_boundary(end) {
                end -= 1;
            }
            message = &message[..end];
        }
        let value = format!("{}.{}", self.kind, hex::encode(message.as_bytes()));
        set_cookie(request, FLASH_COOKIE, &value, 60)
    }
}

/// The message waiting for this request, if any.
pub fn take(headers: &HeaderMap) -> Option<Flash> {
    let raw = cookie(headers, FLASH_COOKIE)?;
    let (kind, hexed) = raw.split_once('.')?;
    let bytes = hex::decode(hexed).ok()?;
    let message = String::from_utf8(bytes).ok()?;
    let kind = if kind == "ok" { "ok" } else { "error" };
    Some(Flash { kind, message })
}

/// The `Set-Cookie` that clears a shown message.
pub fn clear(request: &HeaderMap) -> HeaderValue {
    set_cookie(request, FLASH_COOKIE, "", 0)
}
