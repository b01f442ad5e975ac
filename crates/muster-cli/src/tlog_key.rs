//! The transparency log's signing key for `muster serve` and `muster admin
//! init` (issue 12): from `MUSTER_TLOG_KEY` (the key text), else the key
//! file (mode 0600) the settings name or the default beside the database.
//! The key never goes into the database: whoever can write to it still
//! cannot sign a checkpoint.

use crate::settings::Settings;
use anyhow::{Context, Result, bail};
use muster_tlog::{Signer, read_key_file, write_key_file};
use std::path::PathBuf;

/// The variable that holds the signer key text itself.
pub const KEY_ENV: &str = "MUSTER_TLOG_KEY";

/// Where the signing key came from.
#[derive(Debug)]
pub enum KeySource {
    Environment,
    File(PathBuf),
}

impl std::fmt::Display for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeySource::Environment => write!(f, "{KEY_ENV}"),
            KeySource::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// `muster/<hostname>`: a name the key and the checkpoints' origin line can
/// carry (no space, no `+`).
pub fn default_origin() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .unwrap_or_default();
    let host: String = host
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    format!(
        "muster/{}",
        if host.is_empty() { "localhost" } else { &host }
    )
}

/// The configured signing key, if any. A configured file that is missing,
/// open to others (mode named) or not a key refuses start-up; the default
/// file that does not exist means no key.
pub fn load(settings: &Settings) -> Result<Option<(Signer, KeySource)>> {
    if let Ok(text) = std::env::var(KEY_ENV)
        && !text.trim().is_empty()
    {
        let signer = Signer::from_env_text(&text)
            .with_context(|| format!("{KEY_ENV} does not hold a signer key"))?;
        return checked(settings, signer, KeySource::Environment).map(Some);
    }
    let (path, configured) = settings.tlog_key_path();
    if !configured && !path.exists() {
        return Ok(None);
    }
    let signer = read_key_file(&path).context("the transparency log's signing key")?;
    checked(settings, signer, KeySource::File(path)).map(Some)
}

/// A key whose name is not the configured origin would sign checkpoints no
/// pinned verifier of that origin accepts.
fn checked(settings: &Settings, signer: Signer, source: KeySource) -> Result<(Signer, KeySource)> {
    if let Some(origin) = &settings.tlog_origin
        && origin != signer.name()
    {
        bail!(
            "the signing key in {source} is named {:?}, but tlog_origin is {origin:?}: \
             the key's name is the log's origin",
            signer.name()
        );
    }
    Ok((signer, source))
}

/// For `muster admin init`: the configured key, or a new one written to the
/// key file with mode 0600. `true` when it was created now.
pub fn ensure(settings: &Settings) -> Result<(Signer, KeySource, bool)> {
    if let Some((signer, source)) = load(settings)? {
        return Ok((signer, source, false));
    }
    let (path, _) = settings.tlog_key_path();
    let origin = settings.tlog_origin.clone().unwrap_or_else(default_origin);
    let signer = Signer::generate(&origin).context("generating the signing key")?;
    write_key_file(&path, &signer).context("writing the transparency log's signing key")?;
    Ok((signer, KeySource::File(path), true))
}

/// Says where the signing key is and prints its public key for people to pin.
pub fn report(
    signer: &muster_tlog::Signer,
    source: &KeySource,
    created: bool,
    json: bool,
) -> Result<()> {
    let key = signer.verifier().to_key_text();
    let what = if created { "created" } else { "kept" };
    if json {
        let v = serde_json::json!({"tlog_key": key, "tlog_key_source": source.to_string(), "created": created});
        eprintln!("{}", serde_json::to_string(&v)?);
    } else {
        println!(
            "Transparency log signing key {what}: {source} (keep it off the database host's backups, mode 0600)."
        );
        println!(
            "Its public key, for people to pin (also at /api/log/key and `muster log key`):\n{key}"
        );
    }
    Ok(())
}

/// The transparency log's signing, as the settings and the key say. No key:
/// the tree is still built, and a warning says nothing is signed.
pub fn config(settings: &Settings) -> Result<muster_app::TlogConfig> {
    let key = load(settings)?;
    // A rotation's old key and the retired ones live beside the key file.
    let (path, _) = settings.tlog_key_path();
    let previous = match &key {
        Some((signer, KeySource::File(file))) => crate::tlog_rotate::load_previous(file, signer)?,
        _ => None,
    };
    let retired = if key.is_some() {
        crate::tlog_rotate::load_retired(&path)?
    } else {
        Vec::new()
    };
    let config = muster_app::TlogConfig {
        origin: key
            .as_ref()
            .map(|(s, _)| s.name().to_owned())
            .or_else(|| settings.tlog_origin.clone())
            .unwrap_or_else(default_origin),
        signer: key.as_ref().map(|(s, _)| s.clone()),
        every_entries: settings.tlog_checkpoint_entries,
        every: std::time::Duration::from_secs(settings.tlog_checkpoint_secs),
        previous,
        retired,
    };
    match &key {
        Some((signer, source)) => tracing::info!(
            key = %signer.verifier().to_key_text(), %source,
            "signing checkpoints of the transparency log"
        ),
        None => {
            // Whatever the log filter, on standard error: an unsigned log
            // is a choice someone must see.
            eprintln!(
                "warning: no transparency log signing key ({} or {}): the tree is kept but no \
                 checkpoint is signed; `muster admin init` creates one",
                path.display(),
                KEY_ENV
            );
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_origin_is_a_key_name() {
        muster_tlog::check_key_name(&default_origin()).expect("a valid key name");
        assert!(default_origin().starts_with("muster/"));
    }

    #[test]
    fn the_key_file_defaults_beside_the_database_and_is_made_once() {
        let dir = tempfile::tempdir().expect("dir");
        let settings = Settings {
            db: dir.path().join("m.db"),
            tlog_origin: Some("test.example/log".into()),
            ..Settings::default()
        };
        assert!(load(&settings).expect("load").is_none(), "no key yet");
        let (made, source, created) = ensure(&settings).expect("ensure");
        assert!(created);
        assert_eq!(
            source.to_string(),
            dir.path().join("m.db.tlog-key").display().to_string()
        );
        let (again, _, created) = ensure(&settings).expect("again");
        assert!(!created, "never overwritten");
        assert_eq!(again.verifier(), made.verifier());
        let other = Settings {
            tlog_origin: Some("other.example/log".into()),
            ..settings
        };
        let err = load(&other).expect_err("a key of another name");
        assert!(format!("{err:#}").contains("tlog_origin"), "{err:#}");
    }
}
