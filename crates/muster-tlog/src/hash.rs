//! The tree's hash and the two RFC 6962 hashing rules: one for leaves, one for
//! interior nodes. The distinct prefixes stop a leaf from being passed off as a
//! node (a second-preimage attack on the tree).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// A SHA-256 hash: a leaf hash, an interior node's hash or a tree's root.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Hash(pub [u8; 32]);

impl Hash {
    /// The root of the empty tree, SHA-256 of the empty string (RFC 9162 2.1.1).
    pub fn empty_tree() -> Hash {
        Hash(Sha256::digest([]).into())
    }

    /// Lowercase hexadecimal, as test vectors and logs usually show hashes.
    pub fn to_hex(&self) -> String {
        use fmt::Write as _;
        let mut s = String::with_capacity(64);
        for b in self.0 {
            // Writing into a String cannot fail.
            let _ = write!(s, "{b:02x}");
        }
        s
    }

    /// Parses exactly 64 hexadecimal digits (either case).
    pub fn from_hex(text: &str) -> Option<Hash> {
        let bytes = text.as_bytes();
        if bytes.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, pair) in bytes.chunks_exact(2).enumerate() {
            let hi = (pair[0] as char).to_digit(16)?;
            let lo = (pair[1] as char).to_digit(16)?;
            out[i] = (hi * 16 + lo) as u8;
        }
        Some(Hash(out))
    }

    /// Standard base64 with padding, the form checkpoints and the HTTP proofs use.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    /// Parses the canonical base64 of exactly 32 bytes; any other spelling of
    /// the same bytes is refused so that one hash has one text.
    pub fn from_base64(text: &str) -> Option<Hash> {
        let bytes = STANDARD.decode(text).ok()?;
        let hash = Hash(bytes.try_into().ok()?);
        (hash.to_base64() == text).then_some(hash)
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({})", self.to_hex())
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// The hash of a leaf: SHA-256(0x00 || data).
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(data);
    Hash(h.finalize().into())
}

/// The hash of an interior node: SHA-256(0x01 || left || right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left.0);
    h.update(right.0);
    Hash(h.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_round_trip_and_refuse_other_spellings() {
        let h = leaf_hash(b"x");
        assert_eq!(Hash::from_hex(&h.to_hex()), Some(h));
        assert_eq!(Hash::from_base64(&h.to_base64()), Some(h));
        assert_eq!(Hash::from_hex(&h.to_hex()[1..]), None);
        let unpadded = h.to_base64().trim_end_matches('=').to_string();
        assert_eq!(Hash::from_base64(&unpadded), None);
        assert_eq!(Hash::from_base64("AAAA"), None, "3 bytes is not a hash");
    }

    #[test]
    fn the_empty_tree_is_sha256_of_nothing() {
        assert_eq!(
            Hash::empty_tree().to_hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
