//! The secrets of one sign-in: `state` (this browser started it), `nonce`
//! (this ID token was issued for it) and the PKCE verifier, whose S256
//! challenge goes to the provider (RFC 7636), so that a stolen code is
//! useless without the verifier.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// 256 random bits, base64url (43 characters: within RFC 7636's 43..=128).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // Without randomness no sign-in is safe: an empty token never matches.
    if getrandom::fill(&mut bytes).is_err() {
        return String::new();
    }
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The S256 challenge of a verifier: base64url(SHA-256(verifier)).
pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Whether `verifier` answers `challenge` (compared without an early exit).
pub fn answers(verifier: &str, challenge: &str) -> bool {
    crate::verify::constant_time_eq(self::challenge(verifier).as_bytes(), challenge.as_bytes())
}

/// A PKCE verifier or challenge as RFC 7636 allows: 43 to 128 characters of
/// `[A-Za-z0-9-._~]`.
pub fn well_formed(value: &str) -> bool {
    (43..=128).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_7636_example_challenge() {
        // RFC 7636 appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            challenge(verifier),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert!(answers(
            verifier,
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
        assert!(!answers(
            "another",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
    }

    #[test]
    fn tokens_are_fresh_and_well_formed() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert!(well_formed(&a), "{a}");
        assert!(!well_formed("short"));
        assert!(!well_formed(&"a/".repeat(30)));
    }
}
