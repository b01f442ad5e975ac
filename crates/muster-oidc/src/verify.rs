//! The ID token's checks (OpenID Connect Core §3.1.3.7): the signature
//! against one of the provider's published keys, then `iss`, `aud` (and
//! `azp` when there are several audiences), `exp`, `iat` and `nbf` with a
//! small leeway, and the `nonce` this sign-in sent. The time is a parameter,
//! so that an expired token is refused in a test without waiting.
//!
//! jsonwebtoken checks the signature (ring); the claims are checked here,
//! because its own time checks read the system clock.

use crate::error::Refusal;
use jsonwebtoken::jwk::{AlgorithmParameters, Jwk, KeyAlgorithm};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};

/// Clocks of the provider and of Muster may disagree this much (seconds).
pub const LEEWAY_SECS: i64 = 60;

/// The signature algorithms an ID token may use. `none` and the HMAC ones
/// (keyed with the client secret) are never accepted.
const ALLOWED: [Algorithm; 6] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::ES256,
    Algorithm::ES384,
];

/// What this sign-in expects of its ID token.
#[derive(Debug, Clone)]
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    /// Seconds since the Unix epoch.
    pub now: i64,
}

/// The header fields needed to pick a key.
#[derive(Debug, Clone)]
pub struct TokenKey {
    pub alg: Algorithm,
    pub kid: Option<String>,
}

/// Reads the token's header: which algorithm, which key.
pub fn token_key(token: &str) -> Result<TokenKey, Refusal> {
    let header = jsonwebtoken::decode_header(token)
        .map_err(|e| Refusal::Malformed(format!("the ID token's header cannot be read: {e}")))?;
    if !ALLOWED.contains(&header.alg) {
        return Err(Refusal::Algorithm(format!("{:?}", header.alg)));
    }
    Ok(TokenKey {
        alg: header.alg,
        kid: header.kid,
    })
}

/// The key in `keys` that signed a token with this header: the one with its
/// `kid` (or, when the token names none, the only key that fits the algorithm).
pub fn pick<'k>(keys: &'k [Jwk], want: &TokenKey) -> Option<&'k Jwk> {
    let fits = |k: &&Jwk| fits(k, want.alg);
    match &want.kid {
        Some(kid) => keys
            .iter()
            .filter(fits)
            .find(|k| k.common.key_id.as_deref() == Some(kid)),
        None => {
            let mut candidates = keys.iter().filter(fits);
            let only = candidates.next();
            only.filter(|_| candidates.next().is_none())
        }
    }
}

/// Whether a key can verify `alg`: the right type, and its `alg` (when it
/// states one) the same, so that a key published for one algorithm is never
/// used with another.
fn fits(key: &Jwk, alg: Algorithm) -> bool {
    let family = matches!(
        (&key.algorithm, alg),
        (
            AlgorithmParameters::RSA(_),
            Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 | Algorithm::PS256,
        ) | (
            AlgorithmParameters::EllipticCurve(_),
            Algorithm::ES256 | Algorithm::ES384
        )
    );
    let stated = key.common.key_algorithm.is_none_or(|k| same_alg(k, alg));
    let for_signing = !matches!(
        key.common.public_key_use,
        Some(jsonwebtoken::jwk::PublicKeyUse::Encryption)
    );
    family && stated && for_signing
}

fn same_alg(k: KeyAlgorithm, alg: Algorithm) -> bool {
    format!("{k:?}") == format!("{alg:?}")
}

/// Verifies `token` with `key` and checks its claims against `expected`.
/// Returns the token's claims.
pub fn verify(
    token: &str,
    key: &Jwk,
    header: &TokenKey,
    expected: &Expected<'_>,
) -> Result<Map<String, Value>, Refusal> {
    let decoding = DecodingKey::from_jwk(key)
        .map_err(|e| Refusal::Keys(format!("the provider's key cannot be used: {e}")))?;
    let mut validation = Validation::new(header.alg);
    // Only the signature here; the claims below, against `expected.now`.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let data =
        jsonwebtoken::decode::<Map<String, Value>>(token, &decoding, &validation).map_err(|e| {
            match e.kind() {
                jsonwebtoken::errors::ErrorKind::InvalidSignature => Refusal::Signature,
                _ => Refusal::Malformed(format!("the ID token cannot be read: {e}")),
            }
        })?;
    check_claims(&data.claims, expected)?;
    Ok(data.claims)
}

/// The claim checks, apart from the signature.
pub fn check_claims(claims: &Map<String, Value>, expected: &Expected<'_>) -> Result<(), Refusal> {
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    let number = |name: &str| claims.get(name).and_then(Value::as_i64);
    match text("iss") {
        Some(iss) if iss == expected.issuer => {}
        other => {
            return Err(Refusal::Issuer {
                found: other.unwrap_or("").to_owned(),
            });
        }
    }
    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(a)) => vec![a.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !audiences.contains(&expected.client_id) {
        return Err(Refusal::Audience {
            found: audiences.join(", "),
        });
    }
    // Several audiences: the party it was issued to must be us (Core §2).
    if (audiences.len() > 1 || text("azp").is_some()) && text("azp") != Some(expected.client_id) {
        return Err(Refusal::AuthorizedParty {
            found: text("azp").unwrap_or("").to_owned(),
        });
    }
    let Some(exp) = number("exp") else {
        return Err(Refusal::Malformed("the ID token has no `exp`".into()));
    };
    if expected.now > exp.saturating_add(LEEWAY_SECS) {
        return Err(Refusal::Expired {
            ago: expected.now - exp,
        });
    }
    let Some(iat) = number("iat") else {
        return Err(Refusal::Malformed("the ID token has no `iat`".into()));
    };
    if iat > expected.now.saturating_add(LEEWAY_SECS) {
        return Err(Refusal::NotYetValid);
    }
    if number("nbf").is_some_and(|nbf| nbf > expected.now.saturating_add(LEEWAY_SECS)) {
        return Err(Refusal::NotYetValid);
    }
    // Compared without an early exit: the nonce is this browser's secret.
    let sent = text("nonce").unwrap_or("");
    if !constant_time_eq(sent.as_bytes(), expected.nonce.as_bytes()) || expected.nonce.is_empty() {
        return Err(Refusal::Nonce);
    }
    if text("sub").is_none_or(str::is_empty) {
        return Err(Refusal::Malformed("the ID token has no `sub`".into()));
    }
    Ok(())
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().cloned().expect("object")
    }

    fn good() -> Value {
        json!({"iss": "https://idp", "aud": "muster", "sub": "u1", "exp": 1_000, "iat": 900, "nonce": "n1"})
    }

    const EXPECTED: Expected<'static> = Expected {
        issuer: "https://idp",
        client_id: "muster",
        nonce: "n1",
        now: 950,
    };

    #[test]
    fn a_good_token_passes_and_each_claim_is_refused_by_name() {
        assert_eq!(check_claims(&claims(good()), &EXPECTED), Ok(()));
        let mut v = good();
        v["iss"] = json!("https://evil");
        assert!(matches!(
            check_claims(&claims(v), &EXPECTED),
            Err(Refusal::Issuer { found }) if found == "https://evil"
        ));
        let mut v = good();
        v["aud"] = json!("other");
        assert!(matches!(
            check_claims(&claims(v), &EXPECTED),
            Err(Refusal::Audience { .. })
        ));
        let mut v = good();
        v["aud"] = json!(["muster", "other"]);
        assert!(matches!(
            check_claims(&claims(v.clone()), &EXPECTED),
            Err(Refusal::AuthorizedParty { .. })
        ));
        v["azp"] = json!("muster");
        assert_eq!(check_claims(&claims(v), &EXPECTED), Ok(()));
        let mut v = good();
        v["nonce"] = json!("n2");
        assert_eq!(check_claims(&claims(v), &EXPECTED), Err(Refusal::Nonce));
        let mut v = good();
        v["iat"] = json!(950 + LEEWAY_SECS + 1);
        assert_eq!(
            check_claims(&claims(v), &EXPECTED),
            Err(Refusal::NotYetValid)
        );
    }

    #[test]
    fn expiry_has_a_small_leeway_and_no_more() {
        let at = |now| Expected { now, ..EXPECTED };
        assert_eq!(
            check_claims(&claims(good()), &at(1_000 + LEEWAY_SECS)),
            Ok(())
        );
        assert_eq!(
            check_claims(&claims(good()), &at(1_000 + LEEWAY_SECS + 1)),
            Err(Refusal::Expired {
                ago: LEEWAY_SECS + 1
            })
        );
    }

    #[test]
    fn only_asymmetric_algorithms_are_accepted() {
        // {"alg":"HS256"} and {"alg":"none"} headers.
        let hs = "eyJhbGciOiJIUzI1NiJ9.e30.c2ln";
        assert!(matches!(token_key(hs), Err(Refusal::Algorithm(_))));
        let none = "eyJhbGciOiJub25lIn0.e30.";
        assert!(token_key(none).is_err());
    }
}
