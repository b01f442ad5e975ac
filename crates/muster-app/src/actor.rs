//! Who is asking. API tokens are 256-bit random secrets, so a fast SHA-256 is the
//! right hash for them (lookup by hash, nothing to brute-force); passwords are
//! low-entropy and get argon2.

use crate::app::App;
use crate::error::AppError;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use muster_api::NewToken;
use muster_domain::PersonRef;
use muster_store::{ApiToken, AuthStore, Person, StoreError, StoreResult};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a token lookup is trusted before the store is asked again. Revoking
/// on this instance takes effect at once; on others within this time.
const TOKEN_TTL: Duration = Duration::from_secs(10);

/// The name of the token row behind a web UI session (its secret is the cookie).
pub const WEB_SESSION: &str = "web session";

/// A web session is refused this long after sign-in, on the API as in the browser.
pub const WEB_SESSION_LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);

/// Whether a token is a web session past its lifetime.
pub fn is_expired_session(token: &ApiToken, now_micros: i64) -> bool {
    token.name == WEB_SESSION
        && now_micros.saturating_sub(token.created_at) > WEB_SESSION_LIFETIME.as_micros() as i64
}

/// The authenticated caller. Every log entry's actor comes from here, never from
/// a name the client claims.
#[derive(Debug, Clone)]
pub struct Actor {
    pub person: Person,
    pub admin: bool,
    /// Where the request came from (the client's address, or the chat
    /// platform), for rule 10's audit; set by the adapter.
    pub source: Option<String>,
}

impl Actor {
    /// The same caller, seen coming from `source`.
    pub fn from_source(mut self, source: Option<String>) -> Self {
        self.source = source;
        self
    }

    pub fn person_ref(&self) -> PersonRef {
        person_ref(&self.person)
    }
}

pub fn person_ref(p: &Person) -> PersonRef {
    PersonRef {
        id: p.id,
        name: p.name.clone(),
        expertise: p.expertise.clone(),
        chat_handle: p.chat_handle.clone(),
    }
}

pub fn token_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn random_secret() -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Other(format!("no randomness: {e}")))?;
    Ok(format!("mst_{}", hex::encode(bytes)))
}

/// Creates an API token for `person`; the secret is returned this once only.
pub async fn mint_token(store: &dyn AuthStore, person: Uuid, name: &str) -> StoreResult<NewToken> {
    let secret = random_secret()?;
    let token = ApiToken {
        id: Uuid::now_v7(),
        person,
        name: name.to_owned(),
        hash: token_hash(&secret),
        created_at: jiff::Timestamp::now().as_microsecond(),
        revoked_at: None,
    };
    store.create_token(&token).await?;
    Ok(NewToken {
        id: token.id,
        person,
        name: token.name,
        token: secret,
    })
}

pub fn hash_password(password: &str) -> Result<String, String> {
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|hash| {
            argon2::Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Recently seen tokens, so that a busy client costs no store reads per request.
#[derive(Default)]
pub struct TokenCache {
    entries: Mutex<HashMap<String, (Instant, Actor)>>,
}

impl TokenCache {
    pub(crate) fn get(&self, hash: &str) -> Option<Actor> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(hash)
            .filter(|(at, _)| at.elapsed() < TOKEN_TTL)
            .map(|(_, actor)| actor.clone())
    }

    pub(crate) fn put(&self, hash: String, actor: Actor) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() > 10_000 {
            entries.retain(|_, (at, _)| at.elapsed() < TOKEN_TTL);
        }
        entries.insert(hash, (Instant::now(), actor));
    }

    /// Forgets every cached lookup (after a revocation or a change of login).
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// Resolves a bearer secret to the acting user.
pub async fn actor_for_token(app: &App, secret: &str) -> Result<Actor, AppError> {
    let hash = token_hash(secret);
    if let Some(actor) = app.inner().tokens.get(&hash) {
        return Ok(actor);
    }
    let invalid =
        || AppError::Unauthorized("the API token is not valid (unknown or revoked)".into());
    let token = app
        .logins()
        .token_by_hash(&hash)
        .await?
        .ok_or_else(invalid)?;
    if is_expired_session(&token, jiff::Timestamp::now().as_microsecond()) {
        return Err(AppError::Unauthorized(
            "the web session has expired; sign in again".into(),
        ));
    }
    // A calls-feed token reads its calendar and nothing else; it is never
    // cached here, so it cannot reach the API through the cache either.
    if let Some(reference) = crate::admin::tokens::feed_scope(&token) {
        return Err(AppError::Unauthorized(format!(
            "this token only reads the calls feed of {reference}; use an API token"
        )));
    }
    let actor = actor_for_person(app, token.person)
        .await?
        .ok_or_else(invalid)?;
    app.inner().tokens.put(hash, actor.clone());
    Ok(actor)
}

/// Resolves the secret sent to `reference`'s calls feed: an API token, or a
/// calls-feed token minted for that incident (read-only, that feed alone).
pub async fn actor_for_feed(app: &App, secret: &str, reference: &str) -> Result<Actor, AppError> {
    let hash = token_hash(secret);
    let token = app.logins().token_by_hash(&hash).await?;
    match token
        .as_ref()
        .and_then(|t| Some((t, crate::admin::tokens::feed_scope(t)?)))
    {
        Some((token, scope)) => {
            if !scope.eq_ignore_ascii_case(reference.trim()) {
                return Err(AppError::Unauthorized(format!(
                    "this token reads the calls feed of {scope}, not {reference}"
                )));
            }
            actor_for_person(app, token.person).await?.ok_or_else(|| {
                AppError::Unauthorized("the API token is not valid (unknown or revoked)".into())
            })
        }
        None => actor_for_token(app, secret).await,
    }
}

/// The user behind a person id, if they still have a login.
pub async fn actor_for_person(app: &App, person: Uuid) -> Result<Option<Actor>, AppError> {
    let Some(user) = app.logins().user(person).await? else {
        return Ok(None);
    };
    let Some(person) = app.directory().person(person).await? else {
        return Ok(None);
    };
    Ok(Some(Actor {
        person,
        admin: user.admin,
        source: None,
    }))
}

/// Administrators only.
pub fn require_admin(actor: &Actor, what: &str) -> Result<(), AppError> {
    if actor.admin {
        Ok(())
    } else {
        Err(AppError::Forbidden(format!(
            "only an administrator may {what}"
        )))
    }
}
