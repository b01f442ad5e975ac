//! Talking to the provider: its discovery document (fetched on first use and
//! kept), the authorization request, the code exchange at its token endpoint
//! (`client_secret_basic`, or `client_secret_post` when that is all it
//! offers), and the ID token's verification with its keys, fetched again
//! when it signs with one Muster has not seen.

use crate::config::OidcConfig;
use crate::error::{OidcError, Refusal};
use crate::keys::{KeyCache, parse_jwks};
use crate::verify::{self, Expected};
use base64::Engine;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, OnceCell};

/// The parts of the discovery document Muster uses.
#[derive(Debug, Clone, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Option<Vec<String>>,
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
}

/// One configured provider, shared by every request.
pub struct Provider {
    config: OidcConfig,
    http: reqwest::Client,
    discovery: OnceCell<Discovery>,
    keys: Mutex<KeyCache>,
}

/// A request to the provider is given this long.
const TIMEOUT: Duration = Duration::from_secs(10);

impl Provider {
    pub fn new(config: OidcConfig) -> Result<Provider, OidcError> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            // The token endpoint must answer, not send us elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| OidcError::Unreachable {
                url: config.issuer.clone(),
                reason: e.to_string(),
            })?;
        Ok(Provider {
            config,
            http,
            discovery: OnceCell::new(),
            keys: Mutex::new(KeyCache::default()),
        })
    }

    pub fn config(&self) -> &OidcConfig {
        &self.config
    }

    async fn get_json(&self, url: &str, what: &'static str) -> Result<Value, OidcError> {
        let unreachable = |e: reqwest::Error| OidcError::Unreachable {
            url: url.to_owned(),
            reason: e.to_string(),
        };
        let response = self.http.get(url).send().await.map_err(unreachable)?;
        if !response.status().is_success() {
            return Err(OidcError::Document {
                what,
                reason: format!("{url} answered {}", response.status()),
            });
        }
        response.json().await.map_err(|e| OidcError::Document {
            what,
            reason: e.to_string(),
        })
    }

    /// The discovery document; its issuer must be the configured one exactly.
    pub async fn discovery(&self) -> Result<&Discovery, OidcError> {
        self.discovery
            .get_or_try_init(|| async {
                let url = format!("{}/.well-known/openid-configuration", self.config.issuer);
                let doc = self.get_json(&url, "discovery document").await?;
                let d: Discovery =
                    serde_json::from_value(doc).map_err(|e| OidcError::Document {
                        what: "discovery document",
                        reason: e.to_string(),
                    })?;
                if d.issuer.trim_end_matches('/') != self.config.issuer {
                    return Err(OidcError::Document {
                        what: "discovery document",
                        reason: format!(
                            "it names the issuer {:?}, not the configured {:?}",
                            d.issuer, self.config.issuer
                        ),
                    });
                }
                Ok(d)
            })
            .await
    }

    /// Where to send the browser: the authorization request with the
    /// sign-in's `state`, `nonce` and PKCE S256 challenge.
    pub async fn authorize_url(
        &self,
        state: &str,
        nonce: &str,
        challenge: &str,
    ) -> Result<String, OidcError> {
        let d = self.discovery().await?;
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.config.client_id)
            .append_pair("redirect_uri", &self.config.redirect_uri)
            .append_pair("scope", &self.config.scopes.join(" "))
            .append_pair("state", state)
            .append_pair("nonce", nonce)
            .append_pair("code_challenge", challenge)
            .append_pair("code_challenge_method", "S256")
            .finish();
        let sep = if d.authorization_endpoint.contains('?') {
            '&'
        } else {
            '?'
        };
        Ok(format!("{}{sep}{query}", d.authorization_endpoint))
    }

    /// Exchanges an authorization code for the ID token (compact JWS).
    pub async fn exchange(&self, code: &str, verifier: &str) -> Result<String, OidcError> {
        let d = self.discovery().await?;
        // RFC 6749 §2.3.1: the default; `client_secret_post` only when the
        // provider does not offer basic.
        let methods = d.token_endpoint_auth_methods_supported.as_deref();
        let basic = methods.is_none_or(|m| m.iter().any(|x| x == "client_secret_basic"));
        // Built before any await: the serializer is not Send.
        let body = {
            let mut form = form_urlencoded::Serializer::new(String::new());
            form.append_pair("grant_type", "authorization_code")
                .append_pair("code", code)
                .append_pair("redirect_uri", &self.config.redirect_uri)
                .append_pair("code_verifier", verifier);
            if !basic {
                form.append_pair("client_id", &self.config.client_id)
                    .append_pair("client_secret", &self.config.client_secret);
            }
            form.finish()
        };
        let mut request = self.http.post(&d.token_endpoint);
        if basic {
            let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
            let pair = format!(
                "{}:{}",
                enc(&self.config.client_id),
                enc(&self.config.client_secret)
            );
            let b64 = base64::engine::general_purpose::STANDARD.encode(pair);
            request = request.header("authorization", format!("Basic {b64}"));
        }
        let response = request
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| OidcError::Unreachable {
                url: d.token_endpoint.clone(),
                reason: e.to_string(),
            })?;
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            // RFC 6749 §5.2: `invalid_grant` for a used, expired or wrong code.
            let said = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_owned);
            let reason = match (said("error"), said("error_description")) {
                (Some(e), Some(d)) => format!("{e} ({d})"),
                (Some(e), None) => e,
                _ => format!("the token endpoint answered {status}"),
            };
            return Err(Refusal::Code(reason).into());
        }
        body.get("id_token")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| {
                Refusal::Malformed("the token endpoint's answer has no id_token".into()).into()
            })
    }

    /// Checks an ID token for this sign-in (`nonce`) at `now` (Unix
    /// seconds); returns its claims.
    pub async fn verify_id_token(
        &self,
        token: &str,
        nonce: &str,
        now: i64,
    ) -> Result<Map<String, Value>, OidcError> {
        let header = verify::token_key(token)?;
        let key = self.key_for(&header).await?;
        let expected = Expected {
            issuer: &self.config.issuer,
            client_id: &self.config.client_id,
            nonce,
            now,
        };
        Ok(verify::verify(token, &key, &header, &expected)?)
    }

    /// The published key for a token's header, fetching the key set again
    /// (rate-limited) when it is not among the cached ones.
    async fn key_for(
        &self,
        header: &verify::TokenKey,
    ) -> Result<jsonwebtoken::jwk::Jwk, OidcError> {
        let mut cache = self.keys.lock().await;
        if let Some(k) = verify::pick(cache.keys(), header) {
            return Ok(k.clone());
        }
        let now = Instant::now();
        if !cache.may_fetch(now, self.config.jwks_min_refetch) {
            return Err(Refusal::UnknownKey(header.kid.clone()).into());
        }
        let uri = self.discovery().await?.jwks_uri.clone();
        match self.get_json(&uri, "key set (JWKS)").await {
            Ok(doc) => {
                let keys = parse_jwks(&doc).map_err(|reason| OidcError::Document {
                    what: "key set (JWKS)",
                    reason,
                })?;
                tracing::info!(keys = keys.len(), kid = ?header.kid, "fetched the identity provider's keys");
                cache.replace(keys, now);
            }
            Err(e) => {
                cache.tried(now);
                return Err(e);
            }
        }
        verify::pick(cache.keys(), header)
            .cloned()
            .ok_or_else(|| Refusal::UnknownKey(header.kid.clone()).into())
    }
}
