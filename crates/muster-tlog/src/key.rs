//! Ed25519 note keys and their C2SP text forms:
//!
//! - verifier key: `<name>+<hex key id>+<base64(0x01 || public key)>`, the
//!   form people pin and `GET /api/log/key` serves;
//! - signer key: `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || seed)>`,
//!   the form of the key file and of the environment variable.
//!
//! The key ID is the first four bytes, big-endian, of
//! SHA-256(name || 0x0A || 0x01 || public key).

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The signature type byte C2SP assigns to Ed25519.
const ED25519: u8 = 0x01;
const PRIVATE_PREFIX: &str = "PRIVATE+KEY+";

/// Why a key or key name was refused. Never carries the key text: it may be
/// a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("key name {name:?} is not allowed: {problem}")]
    BadName { name: String, problem: &'static str },
    #[error("malformed {what}: expected {form}")]
    Malformed {
        what: &'static str,
        form: &'static str,
    },
    #[error("key type {0:#04x} is not Ed25519 (0x01)")]
    UnknownAlgorithm(u8),
    #[error("the key says its ID is {stated:08x} but its name and public key give {computed:08x}")]
    KeyIdMismatch { stated: u32, computed: u32 },
    #[error("the public key is not a valid Ed25519 point")]
    BadPublicKey,
    #[error("the operating system's random source failed: {0}")]
    Random(String),
}

const VERIFIER_FORM: &str = "<name>+<8 hex digits>+<base64 of 0x01 and a 32-byte key>";
const SIGNER_FORM: &str = "PRIVATE+KEY+<name>+<8 hex digits>+<base64 of 0x01 and a 32-byte seed>";

/// Checks a key name: non-empty, no Unicode space, no `+` (C2SP signed-note).
pub fn check_key_name(name: &str) -> Result<(), KeyError> {
    let problem = if name.is_empty() {
        "it is empty"
    } else if name.chars().any(char::is_whitespace) {
        "it holds a space"
    } else if name.contains('+') {
        "it holds a plus sign"
    } else if name.chars().any(char::is_control) {
        "it holds a control character"
    } else {
        return Ok(());
    };
    Err(KeyError::BadName {
        name: name.to_string(),
        problem,
    })
}

/// The C2SP key ID of an Ed25519 key.
pub fn key_id(name: &str, public_key: &[u8; 32]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', ED25519]);
    h.update(public_key);
    let digest = h.finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// Splits `<name>+<hex id>+<base64(0x01 || 32 bytes)>`; the base64 may hold
/// `+` itself, so only the first two are separators. The 32 bytes may be a
/// seed, so every copy of them is wiped when dropped.
fn split_key_text<'a>(
    text: &'a str,
    what: &'static str,
    form: &'static str,
) -> Result<(&'a str, u32, Zeroizing<[u8; 32]>), KeyError> {
    let malformed = KeyError::Malformed { what, form };
    let mut parts = text.splitn(3, '+');
    let (Some(name), Some(hex), Some(b64)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(malformed);
    };
    check_key_name(name)?;
    let lower_hex = hex.len() == 8
        && hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let id = match u32::from_str_radix(hex, 16) {
        Ok(id) if lower_hex => id,
        _ => return Err(malformed),
    };
    let bytes = Zeroizing::new(STANDARD.decode(b64).map_err(|_| malformed.clone())?);
    if *encode(&bytes) != b64 {
        return Err(malformed);
    }
    let Some((&kind, key)) = bytes.split_first() else {
        return Err(malformed);
    };
    if kind != ED25519 {
        return Err(KeyError::UnknownAlgorithm(kind));
    }
    let key: [u8; 32] = key.try_into().map_err(|_| malformed)?;
    Ok((name, id, Zeroizing::new(key)))
}

fn encode(bytes: &[u8]) -> Zeroizing<String> {
    Zeroizing::new(STANDARD.encode(bytes))
}

fn encode_key(key: &[u8; 32]) -> Zeroizing<String> {
    let mut bytes = Zeroizing::new([0u8; 33]);
    bytes[0] = ED25519;
    bytes[1..].copy_from_slice(key);
    encode(&bytes[..])
}

/// A public key that checks signatures of one name.
#[derive(Clone, PartialEq, Eq)]
pub struct Verifier {
    name: String,
    id: u32,
    key: VerifyingKey,
}

impl Verifier {
    /// Parses the verifier key text, checking its key ID.
    pub fn parse(text: &str) -> Result<Verifier, KeyError> {
        let (name, id, public) = split_key_text(text, "verifier key", VERIFIER_FORM)?;
        let computed = key_id(name, &public);
        if computed != id {
            return Err(KeyError::KeyIdMismatch {
                stated: id,
                computed,
            });
        }
        let key = VerifyingKey::from_bytes(&public).map_err(|_| KeyError::BadPublicKey)?;
        Ok(Verifier {
            name: name.to_string(),
            id,
            key,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.id
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// The verifier key text, for people to pin.
    pub fn to_key_text(&self) -> String {
        format!(
            "{}+{:08x}+{}",
            self.name,
            self.id,
            *encode_key(self.key.as_bytes())
        )
    }

    /// Checks an Ed25519 signature of `message`, strictly (RFC 8032's
    /// canonical encodings, no small-order keys).
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(signature) = Signature::from_slice(signature) else {
            return false;
        };
        self.key.verify_strict(message, &signature).is_ok()
    }
}

impl fmt::Display for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_key_text())
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Verifier({})", self.to_key_text())
    }
}

impl FromStr for Verifier {
    type Err = KeyError;
    fn from_str(text: &str) -> Result<Verifier, KeyError> {
        Verifier::parse(text)
    }
}

/// A private key that signs notes under one name. Its `Debug` shows only the
/// public half; the seed is zeroed when it is dropped.
#[derive(Clone)]
pub struct Signer {
    name: String,
    id: u32,
    key: SigningKey,
}

impl Signer {
    /// The signer whose Ed25519 seed (RFC 8032 private key) is `seed`.
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Signer, KeyError> {
        check_key_name(name)?;
        let key = SigningKey::from_bytes(seed);
        let id = key_id(name, key.verifying_key().as_bytes());
        Ok(Signer {
            name: name.to_string(),
            id,
            key,
        })
    }

    /// A new key from the operating system's random source.
    pub fn generate(name: &str) -> Result<Signer, KeyError> {
        check_key_name(name)?;
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::fill(&mut seed[..]).map_err(|e| KeyError::Random(e.to_string()))?;
        Signer::from_seed(name, &seed)
    }

    /// Parses the signer key text, checking its key ID.
    pub fn parse(text: &str) -> Result<Signer, KeyError> {
        let malformed = KeyError::Malformed {
            what: "signer key",
            form: SIGNER_FORM,
        };
        let rest = text.strip_prefix(PRIVATE_PREFIX).ok_or(malformed)?;
        let (name, id, seed) = split_key_text(rest, "signer key", SIGNER_FORM)?;
        let signer = Signer::from_seed(name, &seed)?;
        if signer.id != id {
            return Err(KeyError::KeyIdMismatch {
                stated: id,
                computed: signer.id,
            });
        }
        Ok(signer)
    }

    /// The signer key from an environment variable's value: the key text,
    /// with any surrounding white space (a trailing newline from a secrets
    /// file, say) ignored.
    pub fn from_env_text(value: &str) -> Result<Signer, KeyError> {
        Signer::parse(value.trim())
    }

    /// The signer key text. It is the secret: write it only to a key file or
    /// a secret store. It is wiped from memory when dropped.
    pub fn to_key_text(&self) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "{PRIVATE_PREFIX}{}+{:08x}+{}",
            self.name,
            self.id,
            *encode_key(self.key.as_bytes())
        ))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.id
    }

    /// The matching public key.
    pub fn verifier(&self) -> Verifier {
        Verifier {
            name: self.name.clone(),
            id: self.id,
            key: self.key.verifying_key(),
        }
    }

    /// The Ed25519 signature of `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Signer({}, secret redacted)",
            self.verifier().to_key_text()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The Go sumdb note package's documented example key.
    const SKEY: &str =
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

    #[test]
    fn the_go_example_keys_parse_and_match() {
        let signer = Signer::parse(SKEY).unwrap();
        assert_eq!(signer.key_id(), 0xc74f20a3);
        assert_eq!(signer.verifier().to_key_text(), VKEY);
        assert_eq!(*signer.to_key_text(), SKEY);
        assert_eq!(Verifier::parse(VKEY).unwrap(), signer.verifier());
        assert!(
            !format!("{signer:?}").contains("AYEKF"),
            "Debug leaks the seed"
        );
    }

    #[test]
    fn wrong_keys_are_refused_with_reasons() {
        let wrong_id = VKEY.replace("c74f20a3", "c74f20a4");
        assert_eq!(
            Verifier::parse(&wrong_id),
            Err(KeyError::KeyIdMismatch {
                stated: 0xc74f20a4,
                computed: 0xc74f20a3
            })
        );
        let upper = VKEY.replace("c74f20a3", "C74F20A3");
        assert!(matches!(
            Verifier::parse(&upper),
            Err(KeyError::Malformed { .. })
        ));
        // 0x02 (ECDSA) instead of 0x01.
        let ecdsa = format!("PeterNeumann+c74f20a3+{}", STANDARD.encode([2u8; 33]));
        assert_eq!(Verifier::parse(&ecdsa), Err(KeyError::UnknownAlgorithm(2)));
        assert!(matches!(
            Verifier::parse("PeterNeumann+c74f20a3"),
            Err(KeyError::Malformed { .. })
        ));
        assert!(matches!(
            Signer::parse(VKEY),
            Err(KeyError::Malformed { .. })
        ));
        assert!(matches!(
            Signer::from_seed("a b", &[0; 32]),
            Err(KeyError::BadName { .. })
        ));
        assert!(matches!(
            Signer::from_seed("a+b", &[0; 32]),
            Err(KeyError::BadName { .. })
        ));
        assert!(matches!(
            Signer::from_seed("", &[0; 32]),
            Err(KeyError::BadName { .. })
        ));
    }

    #[test]
    fn environment_text_may_carry_white_space_and_generated_keys_differ() {
        let signer = Signer::from_env_text(&format!("  {SKEY}\n")).unwrap();
        assert_eq!(signer.key_id(), 0xc74f20a3);
        let a = Signer::generate("muster.example/log").unwrap();
        let b = Signer::generate("muster.example/log").unwrap();
        assert_ne!(a.verifier().public_key(), b.verifier().public_key());
        let back = Signer::parse(&a.to_key_text()).unwrap();
        assert_eq!(back.verifier(), a.verifier());
        let sig = a.sign(b"text\n");
        assert!(a.verifier().verify(b"text\n", &sig));
        assert!(!b.verifier().verify(b"text\n", &sig));
        assert!(!a.verifier().verify(b"text!\n", &sig));
    }
}
