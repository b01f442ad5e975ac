//! The `[witnesses]` table of muster.toml (issue 12): who besides webhook
//! subscribers keeps a copy of each checkpoint of the transparency log. Its
//! own file so that the settings' flat keys stay in `settings`.

use anyhow::Result;
use clap::Args;
use serde::{Deserialize, Serialize};

/// `[witnesses]` in muster.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Witnesses {
    /// An RFC 3161 timestamp authority: each checkpoint is timestamped.
    pub tsa_url: Option<String>,
    /// Each checkpoint is emailed here (needs MUSTER_SMTP_HOST).
    pub emails: Vec<String>,
    /// Each checkpoint is posted to this chat channel id (needs chat).
    pub chat_channel: Option<String>,
}

/// The same as flags and environment variables; they win over the file.
#[derive(Debug, Clone, Default, Args)]
pub struct WitnessArgs {
    /// An RFC 3161 timestamp authority's URL: each checkpoint is timestamped
    /// and the token stored beside it [default: none].
    #[arg(long, env = "MUSTER_TSA_URL", value_name = "URL")]
    pub tsa_url: Option<String>,
    /// Email each checkpoint to these addresses, comma-separated [default: none].
    #[arg(
        long = "tlog-witness-emails",
        env = "MUSTER_TLOG_WITNESS_EMAILS",
        value_name = "ADDRS",
        value_delimiter = ','
    )]
    pub emails: Option<Vec<String>>,
    /// Post each checkpoint to this chat channel id [default: none].
    #[arg(
        long = "tlog-witness-channel",
        env = "MUSTER_TLOG_WITNESS_CHANNEL",
        value_name = "CHANNEL"
    )]
    pub chat_channel: Option<String>,
}

impl Witnesses {
    pub fn apply(&mut self, args: &WitnessArgs) {
        if let Some(v) = &args.tsa_url {
            self.tsa_url = Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        }
        if let Some(v) = &args.emails {
            self.emails = v
                .iter()
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty())
                .collect();
        }
        if let Some(v) = &args.chat_channel {
            self.chat_channel = Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        }
    }

    /// Refuses what could never be delivered, naming the setting.
    pub fn check(&self) -> Result<()> {
        if let Some(url) = &self.tsa_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            anyhow::bail!(
                "witnesses.tsa_url (MUSTER_TSA_URL) must be an http:// or https:// URL, not {url:?}"
            );
        }
        if let Some(bad) = self.emails.iter().find(|a| !a.contains('@')) {
            anyhow::bail!(
                "witnesses.emails (MUSTER_TLOG_WITNESS_EMAILS) must be email addresses, not {bad:?}"
            );
        }
        Ok(())
    }

    /// What the outbox worker needs.
    pub fn notify(&self) -> muster_notify::WitnessSettings {
        muster_notify::WitnessSettings {
            tsa_url: self.tsa_url.clone(),
            emails: self.emails.clone(),
            chat_channel: self.chat_channel.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_the_file_and_bad_values_are_named() {
        let mut w: Witnesses = toml::from_str(
            "tsa_url = \"http://tsa.example/tsr\"\nemails = [\"audit@example.org\"]\n",
        )
        .expect("parses");
        w.check().expect("good");
        w.apply(&WitnessArgs {
            emails: Some(vec![" a@example.org".into(), "".into()]),
            chat_channel: Some("C0WITNESS".into()),
            ..WitnessArgs::default()
        });
        assert_eq!(w.emails, ["a@example.org"]);
        assert_eq!(w.notify().chat_channel.as_deref(), Some("C0WITNESS"));
        assert_eq!(
            w.notify().tsa_url.as_deref(),
            Some("http://tsa.example/tsr")
        );
        let bad = Witnesses {
            tsa_url: Some("tsa.example".into()),
            ..w.clone()
        };
        let err = bad.check().expect_err("not a URL").to_string();
        assert!(
            err.contains("witnesses.tsa_url") && err.contains("tsa.example"),
            "{err}"
        );
        let bad = Witnesses {
            emails: vec!["audit".into()],
            ..w
        };
        let err = bad.check().expect_err("not an address").to_string();
        assert!(
            err.contains("witnesses.emails") && err.contains("audit"),
            "{err}"
        );
        let unknown = toml::from_str::<Witnesses>("tsa = \"x\"\n").expect_err("unknown key");
        assert!(unknown.to_string().contains("tsa"), "{unknown}");
    }
}
