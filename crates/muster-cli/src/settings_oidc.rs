//! Sign-on's settings from the environment or flags (`MUSTER_OIDC_ISSUER`,
//! `MUSTER_OIDC_CLIENT_ID`, `MUSTER_OIDC_CLIENT_SECRET`,
//! `MUSTER_OIDC_PUBLIC_URL`), over the settings file's `[oidc]` table.

use clap::Args;

/// Sign-on's settings from the environment (or flags); the rest of them are
/// in the settings file's `[oidc]` table.
#[derive(Debug, Clone, Default, Args)]
pub struct OidcArgs {
    /// The identity provider's issuer URL (OpenID Connect discovery); with it,
    /// the sign-in page offers the provider's sign-in.
    #[arg(long, env = "MUSTER_OIDC_ISSUER", value_name = "URL")]
    pub oidc_issuer: Option<String>,
    /// Muster's client id at the identity provider.
    #[arg(long, env = "MUSTER_OIDC_CLIENT_ID", value_name = "ID")]
    pub oidc_client_id: Option<String>,
    /// Muster's client secret at the identity provider (prefer the environment).
    #[arg(
        long,
        env = "MUSTER_OIDC_CLIENT_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub oidc_client_secret: Option<String>,
    /// The address browsers reach Muster at, e.g. https://muster.example.org;
    /// the redirect URI to register is <URL>/auth/oidc/callback.
    #[arg(long, env = "MUSTER_OIDC_PUBLIC_URL", value_name = "URL")]
    pub oidc_public_url: Option<String>,
}

impl OidcArgs {
    /// What was given here wins over the file.
    pub fn apply(&self, to: &mut muster_oidc::OidcSettings) {
        for (from, to) in [
            (&self.oidc_issuer, &mut to.issuer),
            (&self.oidc_client_id, &mut to.client_id),
            (&self.oidc_client_secret, &mut to.client_secret),
            (&self.oidc_public_url, &mut to.public_url),
        ] {
            if from.is_some() {
                to.clone_from(from);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{Settings, SettingsArgs};

    #[test]
    fn sign_on_comes_from_the_environment_and_the_file_and_its_secret_is_hidden() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("muster.toml");
        std::fs::write(
            &file,
            "[oidc]\npublic_url = \"https://muster.example.org\"\npasswords = false\n",
        )
        .expect("write");
        let mut args = SettingsArgs {
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
            oidc: OidcArgs {
                oidc_issuer: Some("https://idp.example.org".into()),
                oidc_client_id: Some("muster".into()),
                oidc_client_secret: Some("s3cret-value".into()),
                oidc_public_url: None,
            },
        };
        let s = Settings::load(&args).expect("load");
        let config = s.sign_on_config().expect("ok").expect("configured");
        assert_eq!(
            config.redirect_uri,
            "https://muster.example.org/auth/oidc/callback"
        );
        assert!(!config.passwords);
        let shown = s.redacted().expect("redacted");
        assert!(
            !shown.contains("s3cret-value") && shown.contains("(hidden)"),
            "{shown}"
        );
        args.oidc.oidc_client_secret = None;
        let err = Settings::load(&args).expect_err("no secret");
        assert!(
            format!("{err:#}").contains("MUSTER_OIDC_CLIENT_SECRET"),
            "{err:#}"
        );
    }
}
