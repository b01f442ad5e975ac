//! The Bot Framework's authentication of requests to the bot (Microsoft's
//! "Authentication with the Bot Connector API", connector to bot):
//!
//! 1. `Authorization: Bearer <JWT>` is required;
//! 2. the token is RS256, signed by a key in the JWKS whose address the
//!    OpenID metadata (`https://login.botframework.com/v1/.well-known/openidconfiguration`)
//!    names as `jwks_uri`, found by the header's `kid`; a `kid` not in the cached
//!    set fetches the set again (keys roll), at most once per `refetch_every`;
//! 3. the key's `endorsements` include the activity's `channelId` (`msteams`);
//! 4. `iss` is `https://api.botframework.com`, `aud` the bot's app id;
//! 5. `exp` and `nbf` hold, with the five minutes of clock skew Microsoft allows;
//! 6. the `serviceUrl` claim is the activity's `serviceUrl`, so a reply (which
//!    carries the bot's own token) goes only where Microsoft vouched for.

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

pub const ISSUER: &str = "https://api.botframework.com";
/// Microsoft allows five minutes of clock skew.
pub const LEEWAY_SECS: u64 = 300;
/// Keys are fetched again after this long even if every `kid` is known.
const KEYS_KEPT: Duration = Duration::from_secs(24 * 3600);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error(
        "the request has no Authorization header; the Bot Framework signs every request it sends"
    )]
    Missing,
    #[error("the Authorization header is not `Bearer <token>`")]
    NotBearer,
    #[error("the bearer token is not a JWT: {0}")]
    Malformed(String),
    #[error("the token is signed with {0:?}; the Bot Framework signs with RS256")]
    WrongAlgorithm(String),
    #[error("the token's signing key {0:?} is not among the Bot Framework's published keys")]
    UnknownKey(String),
    #[error("the signing key is not endorsed for the {0:?} channel")]
    NotEndorsed(String),
    #[error("the token's signature does not match the Bot Framework's key")]
    BadSignature,
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid yet (nbf)")]
    NotYetValid,
    #[error("the token was issued by {0:?}, not https://api.botframework.com")]
    WrongIssuer(String),
    #[error("the token is for another bot (aud is not this bot's app id)")]
    WrongAudience,
    #[error("the token's serviceUrl claim does not match the activity's serviceUrl")]
    ServiceUrl,
    #[error("the Bot Framework's signing keys could not be fetched: {0}")]
    KeysUnavailable(String),
}

#[derive(Debug, Clone, Deserialize)]
struct Jwk {
    #[serde(default)]
    kid: String,
    #[serde(default)]
    kty: String,
    #[serde(default)]
    n: String,
    #[serde(default)]
    e: String,
    /// The channels this key may sign for (Microsoft's extension to JWK).
    #[serde(default)]
    endorsements: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub exp: u64,
    #[serde(default, rename = "serviceUrl", alias = "serviceurl")]
    pub service_url: Option<String>,
}

#[derive(Default)]
struct Keys {
    set: Vec<Jwk>,
    fetched: Option<Instant>,
}

pub struct Verifier {
    metadata_url: String,
    app_id: String,
    http: reqwest::Client,
    refetch_every: Duration,
    keys: Mutex<Keys>,
}

impl Verifier {
    /// `metadata_url` is [`crate::BOT_OPENID_METADATA`] in production; an
    /// unknown `kid` fetches the keys again at most once per `refetch_every`
    /// (so forged `kid`s cannot make Muster hammer Microsoft).
    pub fn new(
        metadata_url: &str,
        app_id: &str,
        http: reqwest::Client,
        refetch_every: Duration,
    ) -> Verifier {
        Verifier {
            metadata_url: metadata_url.into(),
            app_id: app_id.into(),
            http,
            refetch_every,
            keys: Mutex::new(Keys::default()),
        }
    }

    async fn fetch(&self) -> Result<Vec<Jwk>, VerifyError> {
        let unavailable = |e: String| VerifyError::KeysUnavailable(e);
        let get = |url: String| async move {
            let res = self
                .http
                .get(&url)
                .send()
                .await
                .map_err(|e| unavailable(e.to_string()))?;
            if !res.status().is_success() {
                return Err(unavailable(format!("{url} answered {}", res.status())));
            }
            res.json::<serde_json::Value>()
                .await
                .map_err(|e| unavailable(e.to_string()))
        };
        let meta = get(self.metadata_url.clone()).await?;
        let jwks_uri = meta["jwks_uri"]
            .as_str()
            .ok_or_else(|| unavailable("the OpenID metadata has no jwks_uri".into()))?
            .to_owned();
        let set = get(jwks_uri).await?;
        serde_json::from_value::<Vec<Jwk>>(set["keys"].clone())
            .map_err(|e| unavailable(format!("the JWKS is not a key set: {e}")))
    }

    /// The key `kid`, fetching the set when it is stale or lacks the key.
    async fn key(&self, kid: &str) -> Result<Jwk, VerifyError> {
        let mut keys = self.keys.lock().await;
        let find = |k: &Keys| k.set.iter().find(|j| j.kid == kid).cloned();
        let stale = keys.fetched.is_none_or(|t| t.elapsed() > KEYS_KEPT);
        if !stale && let Some(k) = find(&keys) {
            return Ok(k);
        }
        let may_refetch = stale
            || keys
                .fetched
                .is_none_or(|t| t.elapsed() >= self.refetch_every);
        if may_refetch {
            match self.fetch().await {
                Ok(set) => {
                    keys.set = set;
                    keys.fetched = Some(Instant::now());
                }
                // Keep the old keys if Microsoft is unreachable for a moment.
                Err(e) if keys.set.is_empty() => return Err(e),
                Err(e) => tracing::warn!(error = %e, "could not refresh the Bot Framework keys"),
            }
        }
        find(&keys).ok_or_else(|| VerifyError::UnknownKey(kid.to_owned()))
    }

    /// Checks an incoming request's `Authorization` header for an activity
    /// from `channel_id` (`msteams`) that says it came through `service_url`.
    pub async fn verify(
        &self,
        authorization: Option<&str>,
        channel_id: &str,
        service_url: &str,
    ) -> Result<Claims, VerifyError> {
        let header = authorization
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .ok_or(VerifyError::Missing)?;
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(VerifyError::NotBearer)?;
        let head = jsonwebtoken::decode_header(token)
            .map_err(|e| VerifyError::Malformed(e.to_string()))?;
        if head.alg != Algorithm::RS256 {
            return Err(VerifyError::WrongAlgorithm(format!("{:?}", head.alg)));
        }
        let kid = head
            .kid
            .ok_or_else(|| VerifyError::Malformed("the header has no kid".into()))?;
        let jwk = self.key(&kid).await?;
        if let Some(endorsed) = &jwk.endorsements
            && !endorsed.iter().any(|c| c == channel_id)
        {
            return Err(VerifyError::NotEndorsed(channel_id.to_owned()));
        }
        if jwk.kty != "RSA" {
            return Err(VerifyError::UnknownKey(kid));
        }
        let key = DecodingKey::from_rsa_components(&jwk.n, &jwk.e)
            .map_err(|e| VerifyError::KeysUnavailable(format!("key {kid}: {e}")))?;
        let mut v = Validation::new(Algorithm::RS256);
        v.set_issuer(&[ISSUER]);
        v.set_audience(&[&self.app_id]);
        v.leeway = LEEWAY_SECS;
        v.validate_nbf = true;
        v.set_required_spec_claims(&["exp", "iss", "aud"]);
        let claims = jsonwebtoken::decode::<Claims>(token, &key, &v)
            .map_err(|e| match e.kind() {
                ErrorKind::InvalidSignature => VerifyError::BadSignature,
                ErrorKind::ExpiredSignature => VerifyError::Expired,
                ErrorKind::ImmatureSignature => VerifyError::NotYetValid,
                ErrorKind::InvalidIssuer => VerifyError::WrongIssuer(issuer_of(token)),
                ErrorKind::InvalidAudience => VerifyError::WrongAudience,
                _ => VerifyError::Malformed(e.to_string()),
            })?
            .claims;
        if claims.service_url.as_deref() != Some(service_url) {
            return Err(VerifyError::ServiceUrl);
        }
        Ok(claims)
    }
}

/// The `iss` a refused token claimed, for the error message (unverified, never trusted).
fn issuer_of(token: &str) -> String {
    // jsonwebtoken 9 reads a token unchecked through a Validation with every
    // check off; the result only names the issuer in the refusal.
    let mut v = Validation::default();
    v.insecure_disable_signature_validation();
    v.validate_exp = false;
    v.validate_aud = false;
    v.required_spec_claims.clear();
    jsonwebtoken::decode::<serde_json::Value>(token, &DecodingKey::from_secret(&[]), &v)
        .ok()
        .and_then(|t| t.claims["iss"].as_str().map(str::to_owned))
        .unwrap_or_default()
}
