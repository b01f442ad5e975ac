//! One sign-in through the provider, between leaving for it and coming back:
//! its `state`, `nonce` and PKCE verifier, where to go afterwards, and, for
//! `muster login --sso`, the CLI's loopback port, state and PKCE challenge.
//! It lives in an `HttpOnly`, `SameSite=Lax` cookie of this browser, for ten
//! minutes: every instance can finish a sign-in another started, and the
//! callback's `state` must equal the cookie's, so a sign-in cannot be
//! finished in a browser that did not start it.

use crate::session::{cookie, set_cookie};
use axum::http::{HeaderMap, HeaderValue};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

pub const FLOW_COOKIE: &str = "muster_oidc";
/// A sign-in not finished within this time starts again.
pub const FLOW_MAX_AGE: u64 = 600;

/// The CLI waiting on its loopback listener.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CliReturn {
    pub port: u16,
    /// The CLI's own state, given back to it unchanged.
    pub state: String,
    /// The CLI's PKCE S256 challenge: only the CLI that holds its verifier
    /// can exchange the code the loopback receives.
    pub challenge: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    pub next: String,
    pub cli: Option<CliReturn>,
}

impl Flow {
    pub fn set_cookie(&self, headers: &HeaderMap) -> HeaderValue {
        let json = serde_json::to_vec(self).unwrap_or_default();
        set_cookie(
            headers,
            FLOW_COOKIE,
            &URL_SAFE_NO_PAD.encode(json),
            FLOW_MAX_AGE,
        )
    }

    /// The flow this browser started, if its cookie is there and readable.
    pub fn from_cookie(headers: &HeaderMap) -> Option<Flow> {
        let text = cookie(headers, FLOW_COOKIE).filter(|v| !v.is_empty())?;
        let json = URL_SAFE_NO_PAD.decode(text).ok()?;
        serde_json::from_slice(&json).ok()
    }

    pub fn clear_cookie(headers: &HeaderMap) -> HeaderValue {
        set_cookie(headers, FLOW_COOKIE, "", 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header;

    #[test]
    fn a_flow_survives_its_cookie_and_garbage_is_no_flow() {
        let flow = Flow {
            state: "s".into(),
            nonce: "n".into(),
            verifier: "v".into(),
            next: "/incidents/INC-2026-0001".into(),
            cli: Some(CliReturn {
                port: 4242,
                state: "cs".into(),
                challenge: "cc".into(),
            }),
        };
        let set = flow.set_cookie(&HeaderMap::new());
        let pair = set
            .to_str()
            .expect("ascii")
            .split(';')
            .next()
            .expect("pair");
        let mut request = HeaderMap::new();
        request.insert(header::COOKIE, pair.parse().expect("header"));
        assert_eq!(Flow::from_cookie(&request), Some(flow));
        let mut garbled = HeaderMap::new();
        garbled.insert(header::COOKIE, "muster_oidc=%%%".parse().expect("header"));
        assert_eq!(Flow::from_cookie(&garbled), None);
    }
}
