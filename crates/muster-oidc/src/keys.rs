//! The provider's published keys (its JWKS), cached. A token signed by a key
//! the cache does not know (the provider rotated its keys) makes the cache
//! fetch the JWKS again, at most once per `min_refetch`, so that tokens with
//! made-up key ids cannot make Muster hammer the provider; a key still
//! unknown after that is refused (fail closed).

use jsonwebtoken::jwk::Jwk;
use serde_json::Value;
use std::time::{Duration, Instant};

/// Keys as last fetched, and when.
#[derive(Debug, Default)]
pub struct KeyCache {
    keys: Vec<Jwk>,
    fetched: Option<Instant>,
}

impl KeyCache {
    pub fn keys(&self) -> &[Jwk] {
        &self.keys
    }

    /// Whether a fetch may happen at `now`: never fetched, or the last fetch
    /// is at least `min_refetch` old.
    pub fn may_fetch(&self, now: Instant, min_refetch: Duration) -> bool {
        self.fetched
            .is_none_or(|at| now.saturating_duration_since(at) >= min_refetch)
    }

    /// Takes a freshly fetched key set.
    pub fn replace(&mut self, keys: Vec<Jwk>, now: Instant) {
        self.keys = keys;
        self.fetched = Some(now);
    }

    /// Notes a fetch that failed, so that it too counts for the rate limit.
    pub fn tried(&mut self, now: Instant) {
        self.fetched = Some(now);
    }
}

/// The usable keys of a JWKS document. A key Muster cannot read (another
/// type, an encryption key) is skipped rather than failing the whole set.
pub fn parse_jwks(doc: &Value) -> Result<Vec<Jwk>, String> {
    let Some(list) = doc.get("keys").and_then(Value::as_array) else {
        return Err("it has no \"keys\" list".into());
    };
    Ok(list
        .iter()
        .filter_map(|k| serde_json::from_value::<Jwk>(k.clone()).ok())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refetches_are_rate_limited() {
        let mut cache = KeyCache::default();
        let t0 = Instant::now();
        let limit = Duration::from_secs(10);
        assert!(
            cache.may_fetch(t0, limit),
            "the first fetch is always allowed"
        );
        cache.replace(Vec::new(), t0);
        assert!(!cache.may_fetch(t0 + Duration::from_secs(9), limit));
        assert!(cache.may_fetch(t0 + limit, limit));
        cache.tried(t0 + limit);
        assert!(
            !cache.may_fetch(t0 + limit + Duration::from_secs(1), limit),
            "a failed fetch counts too"
        );
    }

    #[test]
    fn unreadable_keys_are_skipped_and_a_document_without_keys_is_refused() {
        let doc = json!({"keys": [
            {"kty": "EC", "crv": "P-256", "kid": "e1", "use": "sig",
             "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
             "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
            {"kty": "OKP-unknown", "kid": "x"}
        ]});
        let keys = parse_jwks(&doc).expect("parse");
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].common.key_id.as_deref(), Some("e1"));
        assert!(parse_jwks(&json!({"nope": []})).is_err());
    }
}
