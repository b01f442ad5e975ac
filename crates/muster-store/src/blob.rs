//! Evidence files' bytes (issue 11), outside the log: the log records each
//! file's SHA-256, size and name; a [`BlobStore`] keeps the bytes under their
//! SHA-256 (content-addressed: the same bytes are stored once, and a stored
//! blob is never overwritten). The filesystem backend ([`crate::FsBlobStore`])
//! sits beside the SQLite file; PostgreSQL keeps blobs in the database, so
//! that every instance sees every file. The conformance suite in
//! `muster-store-tests` holds both to the same behaviour.

use crate::StoreError;
use async_trait::async_trait;
use bytes::Bytes;
use futures::stream::BoxStream;
use sha2::{Digest, Sha256};

/// A file's bytes as they arrive or leave, chunk by chunk, never all at once.
pub type ByteStream = BoxStream<'static, std::io::Result<Bytes>>;

/// What storing a stream ended with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The SHA-256 Muster measured, 64 lower-case hex digits.
    pub sha256: String,
    pub size: u64,
    /// False when the measured hash was not the one expected: nothing was kept.
    pub kept: bool,
}

/// A blob held, as a listing shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobInfo {
    pub sha256: String,
    pub size: u64,
}

/// Why a stream was not stored. In every case nothing is left behind.
#[derive(Debug, thiserror::Error)]
pub enum PutError {
    /// The stream went past the limit; reading stopped there.
    #[error("the file is larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    /// The stream itself failed (the client went away mid-upload).
    #[error("the upload was cut off: {0}")]
    Body(std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Where evidence files' bytes live.
#[async_trait]
pub trait BlobStore: Send + Sync {
    /// Streams `body` in, hashing it on the way, and keeps it under its
    /// SHA-256, durably, before answering. More than `max_bytes` is
    /// [`PutError::TooLarge`]. When `expect` is given and the measured hash is
    /// another, nothing is kept (`kept: false`). Bytes already held under
    /// that hash are left as they are (never overwritten).
    async fn put(
        &self,
        body: ByteStream,
        max_bytes: u64,
        expect: Option<&str>,
    ) -> Result<Stored, PutError>;

    /// The blob's size and bytes, or `None` when none is held under `sha256`.
    async fn open(&self, sha256: &str) -> Result<Option<(u64, ByteStream)>, StoreError>;

    /// Every blob held, by SHA-256.
    async fn list_blobs(&self) -> Result<Vec<BlobInfo>, StoreError>;
}

/// What re-hashing a held blob found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The bytes still hash to the name they are stored under.
    Intact,
    /// They hash to something else now: the file was changed.
    Changed { actual: String, size: u64 },
    /// Nothing is held under that hash any more.
    Missing,
}

/// Re-reads the blob stored as `sha256` and says whether it still hashes to it.
pub async fn check(store: &dyn BlobStore, sha256: &str) -> Result<Check, StoreError> {
    use futures::StreamExt;
    let Some((_, mut bytes)) = store.open(sha256).await? else {
        return Ok(Check::Missing);
    };
    let mut hasher = Hasher::default();
    while let Some(chunk) = bytes.next().await {
        let chunk = chunk.map_err(|e| StoreError::Other(format!("reading blob {sha256}: {e}")))?;
        hasher.update(&chunk);
    }
    let (actual, size) = hasher.finish();
    Ok(if actual == sha256 {
        Check::Intact
    } else {
        Check::Changed { actual, size }
    })
}

/// SHA-256 and length of a stream, as both backends measure it.
#[derive(Default)]
pub struct Hasher {
    sha: Sha256,
    size: u64,
}

impl Hasher {
    pub fn update(&mut self, chunk: &[u8]) {
        self.sha.update(chunk);
        self.size += chunk.len() as u64;
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// The hash as 64 lower-case hex digits, and the length.
    pub fn finish(self) -> (String, u64) {
        (hex::encode(self.sha.finalize()), self.size)
    }
}

/// Whether `text` is a SHA-256 as blobs are named: 64 lower-case hex digits.
/// Backends refuse any other name, so a name can never walk a path.
pub fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The declared hash in the form blobs are named by (trimmed, lower case).
pub fn normalise_expected(expect: Option<&str>) -> Option<String> {
    expect.map(|e| e.trim().to_ascii_lowercase())
}
