//! The signing key's file: kept outside the database, so that whoever can
//! write to the database still cannot sign a checkpoint.
//!
//! The file holds the signer key text and a newline. It is created with mode
//! 0600 and never overwritten (a lost key orphans every checkpoint it signed),
//! and a file others can read is refused rather than used.

use std::fs::{File, OpenOptions};
use std::io::{self, Read as _, Write as _};
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::key::{KeyError, Signer};

/// A key file is a line of text; anything much longer is not one.
const MAX_KEY_FILE: u64 = 4096;

/// Why a key file could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("key file {} already exists; a signing key is never overwritten", .path.display())]
    Exists { path: PathBuf },
    #[error(
        "key file {} has mode {mode:04o}, open to group or others; it must be 0600 (chmod 600 {})",
        .path.display(), .path.display()
    )]
    Permissions { path: PathBuf, mode: u32 },
    #[error("key file {} is not a regular file", .path.display())]
    NotAFile { path: PathBuf },
    #[error("key file {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("key file {}: {source}", .path.display())]
    Key {
        path: PathBuf,
        #[source]
        source: KeyError,
    },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> KeyFileError + '_ {
    move |source| KeyFileError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `signer`'s key to a new file at `path` with mode 0600, durably.
pub fn write_key_file(path: &Path, signer: &Signer) -> Result<(), KeyFileError> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => KeyFileError::Exists {
                path: path.to_path_buf(),
            },
            _ => io_error(path)(e),
        })?;
    let text = Zeroizing::new(format!("{}\n", *signer.to_key_text()));
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all());
    if let Err(e) = written {
        // A half-written key is no key; leave nothing that would block a retry.
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(io_error(path)(e));
    }
    // The new name must survive a power loss too.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_error(dir))?;
    }
    Ok(())
}

/// Reads the signing key at `path`, refusing a file open to group or others.
pub fn read_key_file(path: &Path) -> Result<Signer, KeyFileError> {
    let file = File::open(path).map_err(io_error(path))?;
    // The mode of the file opened, not of whatever the name points to later.
    let meta = file.metadata().map_err(io_error(path))?;
    if !meta.is_file() {
        return Err(KeyFileError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o077 != 0 {
        return Err(KeyFileError::Permissions {
            path: path.to_path_buf(),
            mode,
        });
    }
    let mut text = Zeroizing::new(String::new());
    file.take(MAX_KEY_FILE)
        .read_to_string(&mut text)
        .map_err(io_error(path))?;
    Signer::parse(text.trim()).map_err(|source| KeyFileError::Key {
        path: path.to_path_buf(),
        source,
    })
}
