//! Rotating the transparency log's signing key (issue 12), as C2SP signed
//! notes allow: a note may carry several signatures, so the first checkpoint
//! after a rotation is signed by both the old key and the new one, and
//! whoever pinned the old key learns the new one from a checkpoint the old
//! key vouches for. Old checkpoints keep their old signatures and still
//! verify against the old key.
//!
//! Beside the key file `K`, `muster admin rotate-log-key` (server stopped)
//! leaves:
//! - `K`: the new key (mode 0600);
//! - `K.previous`: the old key (mode 0600), until the server has signed the
//!   announcement with both; then it may be deleted (the server says so);
//! - `K.retired`: the old keys' public halves, one per line, so the server
//!   and `muster verify` accept old checkpoints signed by them.
//!
//! No key is ever overwritten: the new one is written beside the old one and
//! both are moved into place by renames.

use crate::settings::Settings;
use anyhow::{Context, Result, bail};
use muster_tlog::{Signer, Verifier, read_key_file, write_key_file};
use std::io::Write as _;
use std::path::{Path, PathBuf};

fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// `K.previous`: the old key, kept until the announcement is signed.
pub fn previous_path(key: &Path) -> PathBuf {
    beside(key, ".previous")
}

/// `K.retired`: the old keys' verifier texts.
pub fn retired_path(key: &Path) -> PathBuf {
    beside(key, ".retired")
}

/// The old key still to co-sign the announcement, if a rotation is pending.
pub fn load_previous(key: &Path, current: &Signer) -> Result<Option<Signer>> {
    let path = previous_path(key);
    if !path.exists() {
        return Ok(None);
    }
    let previous = read_key_file(&path).context("the previous transparency log signing key")?;
    if previous.name() != current.name() {
        bail!(
            "{} is named {:?}, but the signing key is named {:?}: a rotated key keeps the log's name",
            path.display(),
            previous.name(),
            current.name()
        );
    }
    Ok(Some(previous))
}

/// The retired keys' verifiers (none when the file does not exist).
pub fn load_retired(key: &Path) -> Result<Vec<Verifier>> {
    let path = retired_path(key);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            Verifier::parse(l.trim())
                .with_context(|| format!("{} line {}: not a verifier key", path.display(), n + 1))
        })
        .collect()
}

/// What a rotation did, for the administrator to act on.
#[derive(Debug, serde::Serialize)]
pub struct Rotated {
    pub old_key: String,
    pub new_key: String,
    pub key_file: String,
    pub previous_file: String,
    pub retired_file: String,
}

/// Rotates the key in the configured key file.
pub fn rotate(settings: &Settings) -> Result<Rotated> {
    if std::env::var(crate::tlog_key::KEY_ENV).is_ok_and(|v| !v.trim().is_empty()) {
        bail!(
            "the signing key comes from {}: rotate it there (and keep the old one as \
             <key file>.previous for the announcement), or move it to a key file first",
            crate::tlog_key::KEY_ENV
        );
    }
    let (key, _) = settings.tlog_key_path();
    let current = read_key_file(&key).context("the transparency log's signing key")?;
    let previous = previous_path(&key);
    if previous.exists() {
        bail!(
            "{} exists: the last rotation has not been announced yet. Start the server and let \
             it sign a checkpoint (it signs the first one after a rotation with both keys), \
             then delete that file and rotate again",
            previous.display()
        );
    }
    let fresh = Signer::generate(current.name()).context("generating the new key")?;
    let next = beside(&key, ".next");
    write_key_file(&next, &fresh).context("writing the new signing key")?;
    // The old key's public half first, so that nothing it signed is ever
    // without a verifier, whatever happens next.
    let retired = retired_path(&key);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&retired)
        .with_context(|| format!("opening {}", retired.display()))?;
    writeln!(file, "{}", current.verifier().to_key_text())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing {}", retired.display()))?;
    std::fs::rename(&key, &previous)
        .with_context(|| format!("moving {} to {}", key.display(), previous.display()))?;
    std::fs::rename(&next, &key)
        .with_context(|| format!("moving {} to {}", next.display(), key.display()))?;
    Ok(Rotated {
        old_key: current.verifier().to_key_text(),
        new_key: fresh.verifier().to_key_text(),
        key_file: key.display().to_string(),
        previous_file: previous.display().to_string(),
        retired_file: retired.display().to_string(),
    })
}

/// Says what happened and what to do next.
pub fn report(r: &Rotated, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(r)?);
        return Ok(());
    }
    println!(
        "Rotated the transparency log's signing key in {}.",
        r.key_file
    );
    println!(
        "Old key (kept in {} until the announcement): {}",
        r.previous_file, r.old_key
    );
    println!("New key, to pin beside the old one: {}", r.new_key);
    println!(
        "Start the server: the first checkpoint it signs carries both signatures and announces \
         the new key; old checkpoints still verify with the old key (listed in {}).",
        r.retired_file
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rotation_keeps_every_key_and_refuses_a_second_before_the_announcement() {
        let dir = tempfile::tempdir().expect("dir");
        let settings = Settings {
            db: dir.path().join("m.db"),
            tlog_origin: Some("rotate.example/log".into()),
            ..Settings::default()
        };
        let (old, _, _) = crate::tlog_key::ensure(&settings).expect("key");
        let r = rotate(&settings).expect("rotate");
        let (key, _) = settings.tlog_key_path();
        let new = read_key_file(&key).expect("new key");
        assert_ne!(new.verifier(), old.verifier());
        assert_eq!(new.name(), old.name(), "the log keeps its name");
        assert_eq!(r.new_key, new.verifier().to_key_text());
        let previous = load_previous(&key, &new)
            .expect("previous")
            .expect("pending");
        assert_eq!(previous.verifier(), old.verifier());
        assert_eq!(load_retired(&key).expect("retired"), vec![old.verifier()]);
        let err = rotate(&settings).expect_err("pending").to_string();
        assert!(
            err.contains(".previous") && err.contains("announced"),
            "{err}"
        );
        std::fs::remove_file(previous_path(&key)).expect("announced");
        rotate(&settings).expect("a second rotation");
        assert_eq!(load_retired(&key).expect("retired").len(), 2);
    }
}
