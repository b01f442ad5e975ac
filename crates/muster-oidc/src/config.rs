//! The sign-on settings (`[oidc]` in `muster.toml`, and
//! `MUSTER_OIDC_ISSUER`, `MUSTER_OIDC_CLIENT_ID`, `MUSTER_OIDC_CLIENT_SECRET`).

use serde::{Deserialize, Serialize};

/// As written in the settings file; every key optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OidcSettings {
    /// The provider's issuer URL; its discovery document is
    /// `<issuer>/.well-known/openid-configuration`.
    pub issuer: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// The address browsers reach Muster at, e.g. `https://muster.example.org`;
    /// the redirect URI to register is `<public_url>/auth/oidc/callback`.
    pub public_url: Option<String>,
    /// Shown on the sign-in button: "Sign in with <provider_name>".
    pub provider_name: String,
    pub scopes: Vec<String>,
    /// The claim people are found in the directory by, as an email address.
    pub email_claim: String,
    /// A person the directory does not have yet is created at first sign-in.
    pub create_people: bool,
    /// The claim that lists a person's groups, and the group whose members
    /// are administrators. Both set: administration follows the group at
    /// every sign-in, given and taken away.
    pub admin_claim: Option<String>,
    pub admin_group: Option<String>,
    /// `false` switches password sign-in off.
    pub passwords: bool,
    /// A token signed by an unknown key fetches the provider's keys again at
    /// most this often (seconds).
    pub jwks_min_refetch_secs: u64,
}

impl Default for OidcSettings {
    fn default() -> Self {
        OidcSettings {
            issuer: None,
            client_id: None,
            client_secret: None,
            public_url: None,
            provider_name: "your identity provider".into(),
            scopes: vec!["openid".into(), "email".into(), "profile".into()],
            email_claim: "email".into(),
            create_people: false,
            admin_claim: None,
            admin_group: None,
            passwords: true,
            jwks_min_refetch_secs: 10,
        }
    }
}

/// Checked settings: everything sign-on needs is there.
#[derive(Debug, Clone)]
pub struct OidcConfig {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// `<public_url>/auth/oidc/callback`.
    pub redirect_uri: String,
    /// `<public_url>`, without a trailing slash.
    pub public_url: String,
    pub provider_name: String,
    pub scopes: Vec<String>,
    pub email_claim: String,
    pub create_people: bool,
    /// (claim, group), when administration follows a group.
    pub admin_group: Option<(String, String)>,
    pub passwords: bool,
    pub jwks_min_refetch: std::time::Duration,
}

/// The path of the callback route, below the public URL.
pub const CALLBACK_PATH: &str = "/auth/oidc/callback";

impl OidcSettings {
    /// `None` when sign-on is not configured (no issuer); an error naming the
    /// setting when it is configured but incomplete.
    pub fn check(&self) -> Result<Option<OidcConfig>, String> {
        let Some(issuer) = self.issuer.as_deref().filter(|s| !s.is_empty()) else {
            if !self.passwords {
                return Err("oidc.passwords = false needs oidc.issuer: without sign-on and passwords nobody could sign in".into());
            }
            return Ok(None);
        };
        let url = |name: &str, v: &str| {
            if v.starts_with("https://") || v.starts_with("http://") {
                Ok(v.trim_end_matches('/').to_owned())
            } else {
                Err(format!("oidc.{name} must be an http(s) URL, not {v:?}"))
            }
        };
        let issuer = url("issuer", issuer)?;
        let need = |name: &str, v: &Option<String>| {
            v.clone().filter(|s| !s.is_empty()).ok_or_else(|| {
                format!(
                    "oidc.{name} is needed with oidc.issuer (or MUSTER_OIDC_{})",
                    name.to_uppercase()
                )
            })
        };
        let client_id = need("client_id", &self.client_id)?;
        let client_secret = need("client_secret", &self.client_secret)?;
        let public_url = url(
            "public_url",
            self.public_url.as_deref().ok_or(
                "oidc.public_url is needed with oidc.issuer: the address browsers reach Muster at",
            )?,
        )?;
        if !self.scopes.iter().any(|s| s == "openid") {
            return Err("oidc.scopes must include \"openid\"".into());
        }
        if self.email_claim.is_empty() {
            return Err("oidc.email_claim must name a claim".into());
        }
        let admin_group = match (&self.admin_claim, &self.admin_group) {
            (Some(c), Some(g)) if !c.is_empty() && !g.is_empty() => Some((c.clone(), g.clone())),
            (None, None) => None,
            _ => {
                return Err(
                    "oidc.admin_claim and oidc.admin_group go together: set both or neither".into(),
                );
            }
        };
        Ok(Some(OidcConfig {
            redirect_uri: format!("{public_url}{CALLBACK_PATH}"),
            issuer,
            client_id,
            client_secret,
            public_url,
            provider_name: self.provider_name.clone(),
            scopes: self.scopes.clone(),
            email_claim: self.email_claim.clone(),
            create_people: self.create_people,
            admin_group,
            passwords: self.passwords,
            jwks_min_refetch: std::time::Duration::from_secs(self.jwks_min_refetch_secs),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> OidcSettings {
        OidcSettings {
            issuer: Some("https://idp.example.org/".into()),
            client_id: Some("muster".into()),
            client_secret: Some("s3cret".into()),
            public_url: Some("https://muster.example.org".into()),
            ..OidcSettings::default()
        }
    }

    #[test]
    fn unconfigured_is_none_and_complete_is_checked() {
        assert!(OidcSettings::default().check().expect("ok").is_none());
        let c = full().check().expect("ok").expect("some");
        assert_eq!(c.issuer, "https://idp.example.org");
        assert_eq!(
            c.redirect_uri,
            "https://muster.example.org/auth/oidc/callback"
        );
    }

    #[test]
    fn each_missing_or_bad_setting_is_named() {
        let cases: [(OidcSettings, &str); 6] = [
            (
                OidcSettings {
                    client_id: None,
                    ..full()
                },
                "oidc.client_id",
            ),
            (
                OidcSettings {
                    client_secret: None,
                    ..full()
                },
                "MUSTER_OIDC_CLIENT_SECRET",
            ),
            (
                OidcSettings {
                    public_url: None,
                    ..full()
                },
                "oidc.public_url",
            ),
            (
                OidcSettings {
                    issuer: Some("idp".into()),
                    ..full()
                },
                "oidc.issuer",
            ),
            (
                OidcSettings {
                    scopes: vec!["email".into()],
                    ..full()
                },
                "openid",
            ),
            (
                OidcSettings {
                    admin_claim: Some("groups".into()),
                    ..full()
                },
                "oidc.admin_group",
            ),
        ];
        for (settings, named) in cases {
            let err = settings.check().expect_err("refused");
            assert!(err.contains(named), "{err} should name {named}");
        }
        let off = OidcSettings {
            passwords: false,
            ..OidcSettings::default()
        };
        assert!(
            off.check()
                .expect_err("nobody could sign in")
                .contains("oidc.passwords")
        );
    }
}
