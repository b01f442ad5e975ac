//! What sign-on through an identity provider keeps: which provider session
//! (issuer, `sid`) each web session came from, so that the provider's
//! front-channel logout can end it on every instance; and the one-time grants
//! `muster login --sso` exchanges for a token, so that the code the browser
//! carries back to the CLI is good once, for a short time, and only with
//! the CLI's own PKCE verifier.

use crate::StoreResult;
use async_trait::async_trait;
use uuid::Uuid;

/// A one-time CLI sign-in grant. Only the code's SHA-256 is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoGrant {
    pub code_hash: String,
    pub person: Uuid,
    /// The CLI's PKCE S256 challenge: the exchange must bring its verifier.
    pub challenge: String,
    /// Unix microseconds.
    pub expires_at: i64,
}

#[async_trait]
pub trait SsoStore: Send + Sync {
    /// Records that web session `token` signed in through provider session
    /// `sid` of `issuer`, at `at` (microseconds).
    async fn record_sso_session(
        &self,
        token: Uuid,
        issuer: &str,
        sid: &str,
        at: i64,
    ) -> StoreResult<()>;

    /// The web sessions signed in through `issuer`'s session `sid`.
    async fn sso_sessions(&self, issuer: &str, sid: &str) -> StoreResult<Vec<Uuid>>;

    /// Keeps a grant until it is taken or expires.
    async fn put_sso_grant(&self, grant: &SsoGrant) -> StoreResult<()>;

    /// Takes the grant whose code hashes to `code_hash`: it is gone
    /// afterwards, so a second take (a replay, in parallel or later) finds
    /// nothing. An expired grant (at `now`, microseconds) is taken and `None`
    /// returned; expired grants are forgotten on the way.
    async fn take_sso_grant(&self, code_hash: &str, now: i64) -> StoreResult<Option<SsoGrant>>;
}
