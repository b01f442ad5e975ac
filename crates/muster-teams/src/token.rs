//! OAuth2 client credentials (RFC 6749 §4.4) against Microsoft Entra ID:
//! `POST {login}/{tenant}/oauth2/v2.0/token` with `client_id`,
//! `client_secret`, `scope` and `grant_type=client_credentials`, form-encoded.
//! The answer's `access_token` is reused until a minute before `expires_in`
//! runs out, so a busy worker asks Entra ID about once an hour per scope.

use crate::TeamsError;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// Renew this long before the token expires, so none is sent stale.
const EARLY: Duration = Duration::from_secs(60);

pub struct TokenSource {
    url: String,
    app_id: String,
    secret: String,
    scope: String,
    http: reqwest::Client,
    cached: Mutex<Option<(String, Instant)>>,
}

impl std::fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret or the token.
        f.debug_struct("TokenSource")
            .field("url", &self.url)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl TokenSource {
    /// `login_base` is [`crate::LOGIN_BASE`] in production.
    pub fn new(
        login_base: &str,
        tenant: &str,
        app_id: &str,
        secret: &str,
        scope: &str,
        http: reqwest::Client,
    ) -> TokenSource {
        TokenSource {
            url: format!(
                "{}/{tenant}/oauth2/v2.0/token",
                login_base.trim_end_matches('/')
            ),
            app_id: app_id.into(),
            secret: secret.into(),
            scope: scope.into(),
            http,
            cached: Mutex::new(None),
        }
    }

    /// A bearer token for the scope: the cached one while it is fresh.
    pub async fn token(&self) -> Result<String, TeamsError> {
        // Held across the request, so concurrent callers wait for one fetch.
        let mut cached = self.cached.lock().await;
        if let Some((token, renew_at)) = cached.as_ref()
            && Instant::now() < *renew_at
        {
            return Ok(token.clone());
        }
        let (token, lifetime) = self.fetch().await?;
        *cached = Some((
            token.clone(),
            Instant::now() + lifetime.saturating_sub(EARLY),
        ));
        Ok(token)
    }

    /// Forgets the cached token (it was refused), so the next call fetches one.
    pub async fn forget(&self) {
        *self.cached.lock().await = None;
    }

    /// Sends the request `build` makes with this source's bearer token; a 401
    /// drops the cached token and tries once more, since a token revoked early
    /// is refused before it expires. A failed answer is read as Microsoft's error.
    pub(crate) async fn send(
        &self,
        what: &'static str,
        build: impl Fn() -> reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, TeamsError> {
        let mut refused_once = false;
        loop {
            let res = build()
                .bearer_auth(self.token().await?)
                .send()
                .await
                .map_err(|e| TeamsError::transport(what, e))?;
            if res.status() == reqwest::StatusCode::UNAUTHORIZED && !refused_once {
                refused_once = true;
                self.forget().await;
                continue;
            }
            if !res.status().is_success() {
                return Err(TeamsError::from_response(what, res).await);
            }
            return Ok(res);
        }
    }

    async fn fetch(&self) -> Result<(String, Duration), TeamsError> {
        const WHAT: &str = "the Entra ID token request";
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("client_id", &self.app_id)
            .append_pair("client_secret", &self.secret)
            .append_pair("scope", &self.scope)
            .append_pair("grant_type", "client_credentials")
            .finish();
        let res = self
            .http
            .post(&self.url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .map_err(|e| TeamsError::transport(WHAT, e))?;
        if !res.status().is_success() {
            return Err(TeamsError::from_response(WHAT, res).await);
        }
        let body: serde_json::Value = res
            .json()
            .await
            .map_err(|e| TeamsError::transport(WHAT, e))?;
        let token = body["access_token"]
            .as_str()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| TeamsError::transport(WHAT, "the answer has no access_token"))?;
        // Entra ID sends expires_in as a number (seconds); some proxies send a string.
        let secs = body["expires_in"]
            .as_u64()
            .or_else(|| body["expires_in"].as_str().and_then(|s| s.parse().ok()))
            .unwrap_or(0);
        Ok((token.to_owned(), Duration::from_secs(secs)))
    }
}
