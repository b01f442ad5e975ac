//! What the notification worker needs that is not policy: where to send
//! (SMTP server, Slack API), secrets, and how hard to try. Read from
//! `MUSTER_*` environment variables by [`NotifySettings::from_env`]; the
//! binary may also fill the struct from its own settings file.

use std::time::Duration;

#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    /// `none` (plain, for a local relay), `starttls` or `tls`.
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The `From:` address, e.g. `Muster <muster@example.org>`.
    pub from: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpSecurity {
    None,
    StartTls,
    Tls,
}

#[derive(Clone)]
pub struct SlackSettings {
    /// `https://slack.com/api` in production.
    pub api_base: String,
    /// The bot token, `xoxb-…`.
    pub bot_token: String,
    /// Verifies requests Slack sends to the slash command and Events API.
    pub signing_secret: String,
}

/// Microsoft Teams: an Azure Bot whose Entra ID application (app id and
/// client secret) also holds the Graph application permissions; see the README.
#[derive(Clone)]
pub struct TeamsSettings {
    /// The bot's Microsoft App ID (the Entra application's client id).
    pub app_id: String,
    /// Its client secret.
    pub app_password: String,
    /// The Entra tenant (directory) id the bot is registered in.
    pub tenant_id: String,
    /// The team in which incident channels are made.
    pub team_id: String,
    /// The Entra object id who owns every incident channel: Graph requires an
    /// owner when an application creates a private channel.
    pub channel_owner: String,
    /// `https://login.microsoftonline.com` in production.
    pub login_base: String,
    /// `https://graph.microsoft.com/v1.0` in production.
    pub graph_base: String,
    /// The Bot Framework's OpenID metadata, which names its signing keys.
    pub openid_metadata: String,
    /// The Bot Connector for posts Muster starts (not replies): `https://smba.trafficmanager.net/teams/`.
    pub service_url: String,
    /// The reaction that copies a message into the log (`like`, `heart`, …).
    pub log_reaction: String,
    /// A token signed with a key not yet seen fetches the Bot Framework's keys
    /// again, at most this often (so forged `kid`s cannot make Muster hammer Microsoft).
    pub key_refetch: Duration,
}

#[derive(Clone)]
pub struct MatrixSettings {
    /// The homeserver's client-server base URL, e.g. `https://matrix.example.org`.
    pub homeserver: String,
    /// The bot account's access token.
    pub access_token: String,
    /// How long one `/sync` long-poll waits for news.
    pub sync_wait: Duration,
}

#[derive(Clone)]
pub struct NotifySettings {
    /// Names this worker in claims (`claimed_by`); unique per process.
    pub worker_id: String,
    /// Rows claimed per step.
    pub batch: u32,
    /// How long a claim holds a row before another worker may take it over.
    pub lease: Duration,
    /// The longest the worker sleeps when nothing is due.
    pub poll: Duration,
    /// How often open incidents are re-planned (rota shift ends, the next call).
    pub sweep_every: Duration,
    /// Attempts before a delivery is dead-lettered.
    pub max_attempts: u32,
    /// The first retry waits about this long, doubling each time (with jitter) …
    pub backoff_base: Duration,
    /// … up to this.
    pub backoff_max: Duration,
    /// Per HTTP request (webhooks, Slack).
    pub http_timeout: Duration,
    pub smtp: Option<SmtpSettings>,
    pub slack: Option<SlackSettings>,
    pub matrix: Option<MatrixSettings>,
    pub teams: Option<TeamsSettings>,
    /// Links in messages point here, e.g. `https://muster.example.org`.
    pub public_url: Option<String>,
    /// The transparency log's other witnesses (the binary fills it in).
    pub witnesses: crate::WitnessSettings,
}

impl Default for NotifySettings {
    fn default() -> Self {
        NotifySettings {
            worker_id: format!("worker-{}", uuid::Uuid::now_v7().simple()),
            batch: 64,
            lease: Duration::from_secs(60),
            poll: Duration::from_secs(5),
            sweep_every: Duration::from_secs(60),
            max_attempts: 8,
            backoff_base: Duration::from_secs(10),
            backoff_max: Duration::from_secs(3600),
            http_timeout: Duration::from_secs(10),
            smtp: None,
            slack: None,
            matrix: None,
            teams: None,
            public_url: None,
            witnesses: crate::WitnessSettings::default(),
        }
    }
}

impl std::fmt::Debug for NotifySettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Secrets stay out of logs: say only whether each channel is set up.
        f.debug_struct("NotifySettings")
            .field("worker_id", &self.worker_id)
            .field("max_attempts", &self.max_attempts)
            .field("smtp", &self.smtp.as_ref().map(|s| (&s.host, s.port)))
            .field("slack", &self.slack.as_ref().map(|s| &s.api_base))
            .field("matrix", &self.matrix.as_ref().map(|m| &m.homeserver))
            .field("teams", &self.teams.as_ref().map(|t| &t.team_id))
            .finish_non_exhaustive()
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn secs(name: &str) -> Result<Option<Duration>, String> {
    var(name)
        .map(|v| {
            v.parse::<u64>()
                .map(Duration::from_secs)
                .map_err(|_| format!("{name} must be a whole number of seconds, not {v:?}"))
        })
        .transpose()
}

impl NotifySettings {
    /// Defaults overridden by `MUSTER_SMTP_*`, `MUSTER_SLACK_*`,
    /// `MUSTER_PUBLIC_URL` and `MUSTER_NOTIFY_*`. Email is on when
    /// `MUSTER_SMTP_HOST` is set; Slack when `MUSTER_SLACK_BOT_TOKEN` and
    /// `MUSTER_SLACK_SIGNING_SECRET` are; Matrix when
    /// `MUSTER_MATRIX_HOMESERVER` and `MUSTER_MATRIX_ACCESS_TOKEN` are; Teams
    /// when `MUSTER_TEAMS_APP_ID` is (with the rest of `MUSTER_TEAMS_*`).
    pub fn from_env() -> Result<NotifySettings, String> {
        let mut s = NotifySettings::default();
        if let Some(host) = var("MUSTER_SMTP_HOST") {
            let security = match var("MUSTER_SMTP_SECURITY").as_deref() {
                None | Some("starttls") => SmtpSecurity::StartTls,
                Some("tls") => SmtpSecurity::Tls,
                Some("none") => SmtpSecurity::None,
                Some(other) => {
                    return Err(format!(
                        "MUSTER_SMTP_SECURITY must be none, starttls or tls, not {other:?}"
                    ));
                }
            };
            let default_port = match security {
                SmtpSecurity::None => 25,
                SmtpSecurity::StartTls => 587,
                SmtpSecurity::Tls => 465,
            };
            let port = match var("MUSTER_SMTP_PORT") {
                Some(p) => p
                    .parse()
                    .map_err(|_| format!("MUSTER_SMTP_PORT must be a port number, not {p:?}"))?,
                None => default_port,
            };
            s.smtp = Some(SmtpSettings {
                host,
                port,
                security,
                username: var("MUSTER_SMTP_USERNAME"),
                password: var("MUSTER_SMTP_PASSWORD"),
                from: var("MUSTER_SMTP_FROM")
                    .ok_or("MUSTER_SMTP_FROM is required with MUSTER_SMTP_HOST")?,
            });
        }
        match (
            var("MUSTER_SLACK_BOT_TOKEN"),
            var("MUSTER_SLACK_SIGNING_SECRET"),
        ) {
            (Some(bot_token), Some(signing_secret)) => {
                s.slack = Some(SlackSettings {
                    api_base: var("MUSTER_SLACK_API_BASE")
                        .unwrap_or_else(|| "https://slack.com/api".into()),
                    bot_token,
                    signing_secret,
                })
            }
            (None, None) => {}
            _ => {
                return Err(
                    "set both MUSTER_SLACK_BOT_TOKEN and MUSTER_SLACK_SIGNING_SECRET, or neither"
                        .into(),
                );
            }
        }
        match (
            var("MUSTER_MATRIX_HOMESERVER"),
            var("MUSTER_MATRIX_ACCESS_TOKEN"),
        ) {
            (Some(homeserver), Some(access_token)) => {
                if !(homeserver.starts_with("https://") || homeserver.starts_with("http://")) {
                    return Err(format!(
                        "MUSTER_MATRIX_HOMESERVER must be an http(s) URL, not {homeserver:?}"
                    ));
                }
                s.matrix = Some(MatrixSettings {
                    homeserver,
                    access_token,
                    sync_wait: secs("MUSTER_MATRIX_SYNC_SECS")?.unwrap_or(Duration::from_secs(30)),
                })
            }
            (None, None) => {}
            _ => {
                return Err(
                    "set both MUSTER_MATRIX_HOMESERVER and MUSTER_MATRIX_ACCESS_TOKEN, or neither"
                        .into(),
                );
            }
        }
        // Teams may be set up beside Slack and Matrix: the policy's `[chat]`
        // routes say which platform each incident's channel is on.
        s.teams = teams_from_env()?;
        s.public_url = var("MUSTER_PUBLIC_URL");
        if let Some(n) = var("MUSTER_NOTIFY_MAX_ATTEMPTS") {
            s.max_attempts = n
                .parse()
                .map_err(|_| format!("MUSTER_NOTIFY_MAX_ATTEMPTS must be a number, not {n:?}"))?;
        }
        if let Some(d) = secs("MUSTER_NOTIFY_POLL_SECS")? {
            s.poll = d;
        }
        if let Some(d) = secs("MUSTER_NOTIFY_BACKOFF_SECS")? {
            s.backoff_base = d;
        }
        Ok(s)
    }
}

/// `MUSTER_TEAMS_*`: off without `MUSTER_TEAMS_APP_ID`; with it, every other
/// required one must be set, and each missing one is named.
fn teams_from_env() -> Result<Option<TeamsSettings>, String> {
    let Some(app_id) = var("MUSTER_TEAMS_APP_ID") else {
        return Ok(None);
    };
    let need = |name: &str| {
        var(name).ok_or_else(|| format!("{name} is required with MUSTER_TEAMS_APP_ID"))
    };
    Ok(Some(TeamsSettings {
        app_id,
        app_password: need("MUSTER_TEAMS_APP_PASSWORD")?,
        tenant_id: need("MUSTER_TEAMS_TENANT_ID")?,
        team_id: need("MUSTER_TEAMS_TEAM_ID")?,
        channel_owner: need("MUSTER_TEAMS_CHANNEL_OWNER")?,
        login_base: var("MUSTER_TEAMS_LOGIN_BASE")
            .unwrap_or_else(|| muster_teams::LOGIN_BASE.into()),
        graph_base: var("MUSTER_TEAMS_GRAPH_BASE")
            .unwrap_or_else(|| muster_teams::GRAPH_BASE.into()),
        openid_metadata: var("MUSTER_TEAMS_OPENID_METADATA")
            .unwrap_or_else(|| muster_teams::BOT_OPENID_METADATA.into()),
        service_url: var("MUSTER_TEAMS_SERVICE_URL")
            .unwrap_or_else(|| muster_teams::TEAMS_SERVICE_URL.into()),
        log_reaction: var("MUSTER_TEAMS_LOG_REACTION").unwrap_or_else(|| "like".into()),
        key_refetch: Duration::from_secs(60),
    }))
}
