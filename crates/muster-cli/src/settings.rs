//! The server's settings: defaults, then a TOML file, then `MUSTER_*`
//! environment variables, then flags (clap applies the last two, flag first).

use anyhow::{Context, Result};
use clap::Args;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The commented example `muster config --example` prints.
pub const EXAMPLE: &str = r#"# muster.toml: settings for `muster serve`. Every key is optional; environment
# variables (MUSTER_LISTEN, MUSTER_DB, MUSTER_DATABASE_URL, MUSTER_POLICY) and
# flags override what is here.

# Where to listen. Keep it on 127.0.0.1 behind a TLS-terminating proxy.
listen = "127.0.0.1:7878"

# The embedded store: one SQLite file (WAL, synchronous=FULL).
db = "muster.db"

# Or PostgreSQL, for several instances behind a load balancer; wins over `db`.
# database_url = "postgres://muster:secret@db.internal/muster"

# Organisation policy (severities and cadences, rule 4's expertise tags, who is
# notified when). Without it the built-in defaults apply: `muster policy` prints them.
# policy = "policy.toml"

# Log filter, as RUST_LOG takes it.
log = "info"
"#;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub listen: String,
    pub db: PathBuf,
    pub database_url: Option<String>,
    pub policy: Option<PathBuf>,
    pub log: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            listen: "127.0.0.1:7878".into(),
            db: PathBuf::from("muster.db"),
            database_url: None,
            policy: None,
            log: "info".into(),
        }
    }
}

/// Flags shared by `serve`, `admin` and `config`.
#[derive(Debug, Clone, Args)]
pub struct SettingsArgs {
    /// Settings file [default: ./muster.toml when it exists].
    #[arg(long, env = "MUSTER_SETTINGS", value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:7878].
    #[arg(long, env = "MUSTER_LISTEN", value_name = "ADDR")]
    pub listen: Option<String>,
    /// SQLite file [default: ./muster.db].
    #[arg(long, env = "MUSTER_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// A database URL (`postgres://…` or `sqlite://…`); wins over --db.
    #[arg(long, env = "MUSTER_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
    /// Organisation policy file (TOML).
    #[arg(long, env = "MUSTER_POLICY", value_name = "FILE")]
    pub policy: Option<PathBuf>,
}

impl Settings {
    pub fn load(args: &SettingsArgs) -> Result<Settings> {
        let file = match &args.settings {
            Some(path) => Some(path.clone()),
            None => Some(PathBuf::from("muster.toml")).filter(|p| p.exists()),
        };
        let mut settings = match &file {
            Some(path) => Self::from_file(path)?,
            None => Settings::default(),
        };
        if let Some(v) = &args.listen {
            settings.listen.clone_from(v);
        }
        if let Some(v) = &args.db {
            settings.db.clone_from(v);
        }
        if let Some(v) = &args.database_url {
            settings.database_url = Some(v.clone());
        }
        if let Some(v) = &args.policy {
            settings.policy = Some(v.clone());
        }
        Ok(settings)
    }

    fn from_file(path: &Path) -> Result<Settings> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the settings file {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("{} is not valid settings", path.display()))
    }

    /// The store to open: the database URL when given, else the SQLite file.
    pub fn store_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => self.db.display().to_string(),
        }
    }

    /// The effective settings as TOML, with any password in the URL hidden.
    pub fn redacted(&self) -> Result<String> {
        let mut shown = self.clone();
        shown.database_url = self.database_url.as_deref().map(muster_store_open::redact);
        toml::to_string(&shown).context("cannot print the settings")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_parses_and_matches_the_defaults() {
        let parsed: Settings = toml::from_str(EXAMPLE).expect("example parses");
        let d = Settings::default();
        assert_eq!(
            (parsed.listen, parsed.db, parsed.log),
            (d.listen, d.db, d.log)
        );
    }

    #[test]
    fn flags_override_the_file() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("muster.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:9000\"\ndb = \"a.db\"\n").expect("write");
        let args = SettingsArgs {
            settings: Some(file),
            listen: None,
            db: Some("b.db".into()),
            database_url: None,
            policy: None,
        };
        let s = Settings::load(&args).expect("load");
        assert_eq!(s.listen, "127.0.0.1:9000");
        assert_eq!(s.db, PathBuf::from("b.db"));
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "listen_on = 1\n").expect("write");
        let err = Settings::load(&SettingsArgs {
            settings: Some(bad),
            ..args
        })
        .expect_err("unknown key");
        assert!(format!("{err:#}").contains("listen_on"), "{err:#}");
    }
}
