//! The CLI's own settings file, written by `muster login`: the server URL and the
//! API token, so that later commands need neither flag. It holds a secret, so it
//! is written with mode 0600.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const DEFAULT_URL: &str = "http://127.0.0.1:7878";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub url: Option<String>,
    pub token: Option<String>,
}

/// `$MUSTER_CONFIG`, else `$XDG_CONFIG_HOME/muster/config.toml`, else
/// `~/.config/muster/config.toml`.
pub fn path() -> Result<PathBuf> {
    path_from(
        std::env::var_os("MUSTER_CONFIG"),
        std::env::var_os("XDG_CONFIG_HOME"),
        std::env::var_os("HOME"),
    )
    .context("cannot tell where the config file goes: set MUSTER_CONFIG or HOME")
}

fn path_from(
    muster_config: Option<OsString>,
    xdg_config_home: Option<OsString>,
    home: Option<OsString>,
) -> Option<PathBuf> {
    let set = |v: Option<OsString>| v.filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(p) = set(muster_config) {
        return Some(p);
    }
    // The XDG spec says to ignore a relative XDG_CONFIG_HOME.
    let base = set(xdg_config_home)
        .filter(|p| p.is_absolute())
        .or_else(|| set(home).map(|h| h.join(".config")))?;
    Some(base.join("muster").join("config.toml"))
}

/// A missing file is an empty config.
pub fn load(path: &Path) -> Result<Config> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    toml::from_str(&text).with_context(|| format!("{} is not a valid config file", path.display()))
}

/// Writes the whole file afresh, readable by its owner only, replacing it
/// atomically so an interrupted write never leaves half a token behind.
pub fn save(path: &Path, config: &Config) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    create_private_dir(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let text = toml::to_string(config).context("cannot write the config")?;
    let tmp = path.with_extension("toml.tmp");
    let mut file = private_file(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
    file.write_all(b"# Written by `muster login`. Holds an API token: keep it private.\n")
        .and_then(|()| file.write_all(text.as_bytes()))
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    drop(file);
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    // `mode` applies only on creation; a leftover file keeps its old bits.
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    Ok(file)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::create(path)
}

/// Where to connect and as whom: flags and environment first, then the file.
/// The saved token goes only to the server it was saved for.
pub fn resolve(
    flag_url: Option<String>,
    flag_token: Option<String>,
    saved: &Config,
) -> (String, Option<String>) {
    let same = |a: &str, b: &str| a.trim_end_matches('/') == b.trim_end_matches('/');
    let url = flag_url
        .or_else(|| saved.url.clone())
        .unwrap_or_else(|| DEFAULT_URL.to_owned());
    let saved_url = saved.url.as_deref().unwrap_or(DEFAULT_URL);
    let token = flag_token.or_else(|| saved.token.clone().filter(|_| same(&url, saved_url)));
    (url, token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(s: &str) -> Option<OsString> {
        Some(OsString::from(s))
    }

    #[test]
    fn the_path_follows_muster_config_then_xdg_then_home() {
        let p = |a, b, c| path_from(a, b, c).map(|p| p.display().to_string());
        assert_eq!(
            p(os("/m.toml"), os("/x"), os("/h")).as_deref(),
            Some("/m.toml")
        );
        assert_eq!(
            p(None, os("/x"), os("/h")).as_deref(),
            Some("/x/muster/config.toml")
        );
        assert_eq!(
            p(os(""), os("rel"), os("/h")).as_deref(),
            Some("/h/.config/muster/config.toml")
        );
        assert_eq!(p(None, None, None), None);
    }

    #[test]
    fn saving_writes_a_private_file_that_loads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("config.toml");
        assert_eq!(load(&path).unwrap(), Config::default());
        let config = Config {
            url: Some("https://muster.example".into()),
            token: Some("mst_secret".into()),
        };
        save(&path, &config).unwrap();
        save(&path, &config).unwrap();
        assert_eq!(load(&path).unwrap(), config);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "url = 3").unwrap();
        assert!(load(&path).is_err());
    }

    #[test]
    fn the_saved_token_goes_only_to_the_saved_server() {
        let saved = Config {
            url: Some("https://a.example/".into()),
            token: Some("t".into()),
        };
        let r = |url: Option<&str>, token: Option<&str>| {
            resolve(url.map(Into::into), token.map(Into::into), &saved)
        };
        assert_eq!(
            r(None, None),
            ("https://a.example/".into(), Some("t".into()))
        );
        assert_eq!(r(Some("https://a.example"), None).1, Some("t".into()));
        assert_eq!(r(Some("https://b.example"), None).1, None);
        assert_eq!(r(Some("https://b.example"), Some("u")).1, Some("u".into()));
        let empty = resolve(None, None, &Config::default());
        assert_eq!(empty, (DEFAULT_URL.to_owned(), None));
    }
}
