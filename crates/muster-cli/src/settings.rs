//! The server's settings: defaults, then a TOML file, then `MUSTER_*`
//! environment variables, then flags (clap applies the last two, flag first).

use anyhow::{Context, Result};
use clap::Args;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub use crate::settings_oidc::OidcArgs;

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

# Behind a load balancer or reverse proxy: the proxies whose client-address
# header is believed (addresses or CIDR networks). Without this, every
# connection's own peer is the client, and a header claiming otherwise is
# ignored. Sign-in guesses are throttled per client address and account.
# trusted_proxies = ["10.0.0.0/8", "192.0.2.10"]
# The header those proxies name the client in; its right-most address that is
# not a trusted proxy is the client.
client_address_header = "X-Forwarded-For"

# Seconds a client has to send a request's headers (from connecting, or from
# the previous response on a kept-alive connection: also the idle keep-alive
# time) and its whole body. Responses are not timed: live streams stay open.
header_timeout_secs = 10
body_timeout_secs = 30

# The transparency log (issue 12): every entry is a leaf of one Merkle tree,
# and the server signs checkpoints of it with a key kept outside the database.
# The key file (mode 0600, created by `muster admin init`) [default: beside the
# SQLite file, `<db>.tlog-key`; with PostgreSQL, ./muster.tlog-key]. Or give
# the key text itself in MUSTER_TLOG_KEY (never in this file). Without a key,
# the tree is still kept but nothing is signed.
# tlog_key_file = "/etc/muster/tlog-key"
# The log's name, the checkpoints' origin line and the key's name, used when
# `muster admin init` creates the key [default: muster/<hostname>].
# tlog_origin = "muster.example.org/log"
# Sign a checkpoint once the tree grew by this many entries, or once this
# many seconds passed since the last one and it grew at all.
tlog_checkpoint_entries = 1000
tlog_checkpoint_secs = 60

# Witnesses of the log beyond webhook subscribers (MUSTER_TSA_URL,
# MUSTER_TLOG_WITNESS_EMAILS, MUSTER_TLOG_WITNESS_CHANNEL): an RFC 3161
# timestamp authority for every checkpoint, addresses to email each one to
# (needs MUSTER_SMTP_HOST), a chat channel id to post each one to.
[witnesses]
# tsa_url = "https://tsa.example.org/tsr"
# emails = ["audit@example.org"]
# chat_channel = "C0123456789"

# Sign-on through the organisation's identity provider (OpenID Connect). With
# an issuer, the sign-in page offers "Sign in with <provider_name>" and
# `muster login --sso` works. The three secrets-ish settings can come from
# MUSTER_OIDC_ISSUER, MUSTER_OIDC_CLIENT_ID and MUSTER_OIDC_CLIENT_SECRET
# (and the address from MUSTER_OIDC_PUBLIC_URL). See the README's "Sign in
# with your identity provider".
[oidc]
# issuer = "https://login.example.org/realms/acme"
# client_id = "muster"
# client_secret = "..."   # better: MUSTER_OIDC_CLIENT_SECRET
# The address browsers reach Muster at; register
# <public_url>/auth/oidc/callback as the redirect URI at the provider.
# public_url = "https://muster.example.org"
provider_name = "your identity provider"
scopes = ["openid", "email", "profile"]
# The claim people are found in the directory by; `email` must come with
# `email_verified = true`.
email_claim = "email"
# Add a person the directory does not have at their first sign-in.
create_people = false
# Administration follows a group: members are administrators, and a person
# removed from it loses administration at their next sign-in.
# admin_claim = "groups"
# admin_group = "muster-admins"
# false: password sign-in is switched off (the form is gone; POST /signin is refused).
passwords = true
# A token signed by a key Muster has not seen fetches the provider's keys
# again, at most this often (seconds).
jwks_min_refetch_secs = 10
"#;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub listen: String,
    pub db: PathBuf,
    pub database_url: Option<String>,
    pub policy: Option<PathBuf>,
    pub log: String,
    pub trusted_proxies: Vec<String>,
    pub client_address_header: String,
    pub header_timeout_secs: u64,
    pub body_timeout_secs: u64,
    // The transparency log (issue 12).
    pub tlog_key_file: Option<PathBuf>,
    pub tlog_origin: Option<String>,
    pub tlog_checkpoint_entries: u64,
    pub tlog_checkpoint_secs: u64,
    pub witnesses: crate::settings_witnesses::Witnesses,
    /// Sign-on through an identity provider (issue 14).
    pub oidc: muster_oidc::OidcSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            listen: "127.0.0.1:7878".into(),
            db: PathBuf::from("muster.db"),
            database_url: None,
            policy: None,
            log: "info".into(),
            trusted_proxies: Vec::new(),
            client_address_header: "X-Forwarded-For".into(),
            header_timeout_secs: 10,
            body_timeout_secs: 30,
            tlog_key_file: None,
            tlog_origin: None,
            tlog_checkpoint_entries: 1000,
            tlog_checkpoint_secs: 60,
            witnesses: Default::default(),
            oidc: muster_oidc::OidcSettings::default(),
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
    /// Proxies whose client-address header is believed, comma-separated
    /// addresses or CIDR networks [default: none].
    #[arg(
        long,
        env = "MUSTER_TRUSTED_PROXIES",
        value_name = "ADDRS",
        value_delimiter = ','
    )]
    pub trusted_proxies: Option<Vec<String>>,
    /// The header trusted proxies name the client in [default: X-Forwarded-For].
    #[arg(long, env = "MUSTER_CLIENT_ADDRESS_HEADER", value_name = "NAME")]
    pub client_address_header: Option<String>,
    /// Seconds a client has to send a request's headers; also the idle
    /// keep-alive time [default: 10].
    #[arg(long, env = "MUSTER_HEADER_TIMEOUT_SECS", value_name = "SECS")]
    pub header_timeout_secs: Option<u64>,
    /// Seconds a client has to send a request's body [default: 30].
    #[arg(long, env = "MUSTER_BODY_TIMEOUT_SECS", value_name = "SECS")]
    pub body_timeout_secs: Option<u64>,
    /// The transparency log's signing key file (mode 0600) [default:
    /// <db>.tlog-key]; or give the key itself in MUSTER_TLOG_KEY.
    #[arg(long, env = "MUSTER_TLOG_KEY_FILE", value_name = "FILE")]
    pub tlog_key_file: Option<PathBuf>,
    /// The transparency log's origin line (the key's name) [default: muster/<hostname>].
    #[arg(long, env = "MUSTER_TLOG_ORIGIN", value_name = "NAME")]
    pub tlog_origin: Option<String>,
    /// Sign a checkpoint after this many new entries [default: 1000].
    #[arg(long, env = "MUSTER_TLOG_CHECKPOINT_ENTRIES", value_name = "N")]
    pub tlog_checkpoint_entries: Option<u64>,
    /// ...or this many seconds after the last one, if the tree grew [default: 60].
    #[arg(long, env = "MUSTER_TLOG_CHECKPOINT_SECS", value_name = "SECS")]
    pub tlog_checkpoint_secs: Option<u64>,
    #[command(flatten)]
    pub witnesses: crate::settings_witnesses::WitnessArgs,
    #[command(flatten)]
    pub oidc: OidcArgs,
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
        if let Some(v) = &args.trusted_proxies {
            settings.trusted_proxies = v
                .iter()
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())
                .collect();
        }
        if let Some(v) = &args.client_address_header {
            settings.client_address_header.clone_from(v);
        }
        if let Some(v) = args.header_timeout_secs {
            settings.header_timeout_secs = v;
        }
        if let Some(v) = args.body_timeout_secs {
            settings.body_timeout_secs = v;
        }
        if let Some(v) = &args.tlog_key_file {
            settings.tlog_key_file = Some(v.clone());
        }
        if let Some(v) = &args.tlog_origin {
            settings.tlog_origin = Some(v.clone());
        }
        if let Some(v) = args.tlog_checkpoint_entries {
            settings.tlog_checkpoint_entries = v;
        }
        if let Some(v) = args.tlog_checkpoint_secs {
            settings.tlog_checkpoint_secs = v;
        }
        settings.witnesses.apply(&args.witnesses);
        args.oidc.apply(&mut settings.oidc);
        settings.check()?;
        Ok(settings)
    }

    /// Refuses settings `serve` could not honour, naming the setting.
    fn check(&self) -> Result<()> {
        for (name, secs) in [
            ("header_timeout_secs", self.header_timeout_secs),
            ("body_timeout_secs", self.body_timeout_secs),
        ] {
            if !(1..=86_400).contains(&secs) {
                anyhow::bail!("{name} must be between 1 and 86400 seconds, not {secs}");
            }
        }
        if self.tlog_checkpoint_entries == 0 {
            anyhow::bail!("tlog_checkpoint_entries must be at least 1");
        }
        if !(1..=86_400).contains(&self.tlog_checkpoint_secs) {
            anyhow::bail!(
                "tlog_checkpoint_secs must be between 1 and 86400 seconds, not {}",
                self.tlog_checkpoint_secs
            );
        }
        if let Some(origin) = &self.tlog_origin {
            muster_tlog::check_key_name(origin).context("tlog_origin")?;
        }
        self.witnesses.check()?;
        self.sign_on_config()?;
        self.client_address().map(|_| ())
    }

    /// Sign-on's checked settings, `None` when it is not configured.
    pub fn sign_on_config(&self) -> Result<Option<muster_oidc::OidcConfig>> {
        self.oidc.check().map_err(anyhow::Error::msg)
    }

    /// Where the transparency log's key file is: as configured, else beside
    /// the SQLite file (`<db>.tlog-key`), else (PostgreSQL) `muster.tlog-key`.
    /// `true` when it was configured, so that a missing file is an error.
    pub fn tlog_key_path(&self) -> (PathBuf, bool) {
        match (&self.tlog_key_file, &self.database_url) {
            (Some(path), _) => (path.clone(), true),
            (None, Some(_)) => (PathBuf::from("muster.tlog-key"), false),
            (None, None) => {
                let mut name = self.db.clone().into_os_string();
                name.push(".tlog-key");
                (PathBuf::from(name), false)
            }
        }
    }

    /// How the web UI finds the client's address behind trusted proxies.
    pub fn client_address(&self) -> Result<muster_web::ClientAddress> {
        muster_web::ClientAddress::new(&self.trusted_proxies, &self.client_address_header)
            .map_err(anyhow::Error::msg)
    }

    /// How long clients have to send their requests.
    pub fn timeouts(&self) -> muster_server::Timeouts {
        muster_server::Timeouts {
            header: std::time::Duration::from_secs(self.header_timeout_secs),
            body: std::time::Duration::from_secs(self.body_timeout_secs),
        }
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
        if shown.oidc.client_secret.is_some() {
            shown.oidc.client_secret = Some("(hidden)".into());
        }
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
        assert_eq!(parsed.oidc, d.oidc, "the example's [oidc] is the defaults");
        assert_eq!(
            (parsed.listen, parsed.db, parsed.log),
            (d.listen, d.db, d.log)
        );
        assert_eq!(
            (
                parsed.trusted_proxies,
                parsed.client_address_header,
                parsed.header_timeout_secs,
                parsed.body_timeout_secs
            ),
            (
                d.trusted_proxies,
                d.client_address_header,
                d.header_timeout_secs,
                d.body_timeout_secs
            )
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
            trusted_proxies: None,
            client_address_header: None,
            header_timeout_secs: None,
            body_timeout_secs: None,
            tlog_key_file: None,
            tlog_origin: None,
            tlog_checkpoint_entries: None,
            tlog_checkpoint_secs: None,
            witnesses: Default::default(),
            oidc: OidcArgs::default(),
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

    #[test]
    fn proxies_and_timeouts_are_checked_naming_the_setting() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("muster.toml");
        std::fs::write(
            &file,
            "trusted_proxies = [\"10.0.0.0/8\"]\nheader_timeout_secs = 5\n",
        )
        .expect("write");
        let args = SettingsArgs {
            settings: Some(file),
            listen: None,
            db: None,
            database_url: None,
            policy: None,
            trusted_proxies: None,
            client_address_header: None,
            header_timeout_secs: None,
            body_timeout_secs: None,
            tlog_key_file: None,
            tlog_origin: None,
            tlog_checkpoint_entries: None,
            tlog_checkpoint_secs: None,
            witnesses: Default::default(),
            oidc: OidcArgs::default(),
        };
        let s = Settings::load(&args).expect("load");
        assert_eq!(s.trusted_proxies, vec!["10.0.0.0/8".to_owned()]);
        assert_eq!(s.timeouts().header, std::time::Duration::from_secs(5));
        let flagged = Settings::load(&SettingsArgs {
            trusted_proxies: Some(vec!["192.0.2.1".into(), " 2001:db8::/32".into()]),
            ..args.clone()
        })
        .expect("load");
        assert_eq!(flagged.trusted_proxies, ["192.0.2.1", "2001:db8::/32"]);
        let err = Settings::load(&SettingsArgs {
            trusted_proxies: Some(vec!["not-an-ip".into()]),
            ..args.clone()
        })
        .expect_err("bad proxy");
        assert!(format!("{err:#}").contains("trusted_proxies"), "{err:#}");
        let err = Settings::load(&SettingsArgs {
            body_timeout_secs: Some(0),
            ..args
        })
        .expect_err("zero timeout");
        assert!(format!("{err:#}").contains("body_timeout_secs"), "{err:#}");
    }
}
