//! The filesystem blob store: one file per blob at
//! `<root>/sha256/<first two hex digits>/<sha256>`, the default beside the
//! SQLite file (`<database>.blobs`). A stream is written to a temporary file
//! under `<root>/tmp`, fsynced, then hard-linked to its name: a link never
//! replaces a file that is already there (so a stored blob is never
//! overwritten, even by two uploads of the same bytes at once), and the
//! directory is fsynced so the name survives power loss too. A refused or
//! cut-off stream leaves nothing: the temporary file is removed.

use crate::blob::{BlobInfo, BlobStore, ByteStream, Hasher, PutError, Stored, is_sha256};
use crate::{StoreError, blob::normalise_expected};
use async_trait::async_trait;
use bytes::{Bytes, BytesMut};
use futures::StreamExt;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Writes and reads go to the disk in pieces this large, so that a 1 GiB file
/// costs about a thousand blocking writes, not one per network packet.
const CHUNK: usize = 1 << 20;

pub struct FsBlobStore {
    root: PathBuf,
}

fn io(what: &str, path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Other(format!("{what} {}: {e}", path.display()))
}

/// Removes the temporary file unless it was linked into place (or is gone).
struct TempFile(Option<PathBuf>);

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl FsBlobStore {
    /// A store rooted at `root`; directories are made on the first write.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        FsBlobStore { root: root.into() }
    }

    /// The default for a database file: `<database>.blobs` beside it.
    pub fn beside(database: &Path) -> Self {
        let mut name = database.as_os_str().to_owned();
        name.push(".blobs");
        FsBlobStore::new(PathBuf::from(name))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the blob named `sha256` lives (a valid name only).
    pub fn path_of(&self, sha256: &str) -> PathBuf {
        self.root.join("sha256").join(&sha256[..2]).join(sha256)
    }

    async fn write_temp(
        &self,
        mut body: ByteStream,
        max_bytes: u64,
        temp: &Path,
    ) -> Result<Hasher, PutError> {
        let mut file = tokio::fs::File::create(temp)
            .await
            .map_err(|e| io("creating", temp, e))?;
        let mut hasher = Hasher::default();
        let mut pending = BytesMut::with_capacity(CHUNK);
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(PutError::Body)?;
            if hasher.size() + chunk.len() as u64 > max_bytes {
                return Err(PutError::TooLarge { limit: max_bytes });
            }
            hasher.update(&chunk);
            pending.extend_from_slice(&chunk);
            if pending.len() >= CHUNK {
                file.write_all(&pending)
                    .await
                    .map_err(|e| io("writing", temp, e))?;
                pending.clear();
            }
        }
        file.write_all(&pending)
            .await
            .map_err(|e| io("writing", temp, e))?;
        file.sync_all().await.map_err(|e| io("syncing", temp, e))?;
        Ok(hasher)
    }
}

/// Fsyncs a directory, so that a name just made in it is durable.
async fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    let dir = dir.to_owned();
    tokio::task::spawn_blocking(move || std::fs::File::open(&dir)?.sync_all())
        .await
        .map_err(|e| StoreError::Other(format!("syncing a directory: {e}")))?
        .map_err(|e| StoreError::Other(format!("syncing a directory: {e}")))
}

#[async_trait]
impl BlobStore for FsBlobStore {
    async fn put(
        &self,
        body: ByteStream,
        max_bytes: u64,
        expect: Option<&str>,
    ) -> Result<Stored, PutError> {
        let tmp_dir = self.root.join("tmp");
        tokio::fs::create_dir_all(&tmp_dir)
            .await
            .map_err(|e| io("creating", &tmp_dir, e))?;
        let path = tmp_dir.join(uuid::Uuid::now_v7().to_string());
        let temp = TempFile(Some(path.clone()));
        let (sha256, size) = self.write_temp(body, max_bytes, &path).await?.finish();
        if normalise_expected(expect).is_some_and(|e| e != sha256) {
            return Ok(Stored {
                sha256,
                size,
                kept: false,
            });
        }
        let target = self.path_of(&sha256);
        let dir = target.parent().unwrap_or(&self.root).to_owned();
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(|e| io("creating", &dir, e))?;
        match tokio::fs::hard_link(&path, &target).await {
            Ok(()) => sync_dir(&dir).await?,
            // The same bytes are already held: keep those, drop this copy.
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io("linking", &target, e).into()),
        }
        drop(temp);
        Ok(Stored {
            sha256,
            size,
            kept: true,
        })
    }

    async fn open(&self, sha256: &str) -> Result<Option<(u64, ByteStream)>, StoreError> {
        if !is_sha256(sha256) {
            return Ok(None);
        }
        let path = self.path_of(sha256);
        let file = match tokio::fs::File::open(&path).await {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io("opening", &path, e)),
        };
        let size = file
            .metadata()
            .await
            .map_err(|e| io("reading", &path, e))?
            .len();
        let stream = futures::stream::try_unfold(file, |mut file| async move {
            let mut buf = vec![0u8; CHUNK];
            let n = file.read(&mut buf).await?;
            if n == 0 {
                return Ok(None);
            }
            buf.truncate(n);
            Ok(Some((Bytes::from(buf), file)))
        });
        Ok(Some((size, stream.boxed())))
    }

    async fn list_blobs(&self) -> Result<Vec<BlobInfo>, StoreError> {
        let root = self.root.join("sha256");
        tokio::task::spawn_blocking(move || list(&root))
            .await
            .map_err(|e| StoreError::Other(format!("listing blobs: {e}")))?
    }
}

fn list(root: &Path) -> Result<Vec<BlobInfo>, StoreError> {
    let mut out = Vec::new();
    let fans = match std::fs::read_dir(root) {
        Ok(d) => d,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(io("listing", root, e)),
    };
    for fan in fans {
        let fan = fan.map_err(|e| io("listing", root, e))?.path();
        let files = std::fs::read_dir(&fan).map_err(|e| io("listing", &fan, e))?;
        for file in files {
            let file = file.map_err(|e| io("listing", &fan, e))?;
            let name = file.file_name().to_string_lossy().into_owned();
            if is_sha256(&name) {
                let size = file.metadata().map_err(|e| io("reading", &fan, e))?.len();
                out.push(BlobInfo { sha256: name, size });
            }
        }
    }
    out.sort_by(|a, b| a.sha256.cmp(&b.sha256));
    Ok(out)
}
