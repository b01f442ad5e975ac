//! Each verb: build the request, call the client, print the answer (text, or
//! the JSON with `--json`).

mod directory;
mod incident;
mod integrity;
mod read;
mod reports;
mod subverbs;

use crate::cli::{Cli, Command};
use crate::config;
use anyhow::{Context, Result};
use muster_client::{Client, ClientError};
use serde::Serialize;
use std::fmt;
use std::io::Write;
use std::process::ExitCode;

/// A mistake in how the command was used, found after parsing: exits 2 as
/// clap's own usage errors do.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

pub fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError(message.into()).into()
}

/// What every verb gets: how to reach the server, and how to print.
pub struct Ctx {
    url: Option<String>,
    token: Option<String>,
    pub json: bool,
}

impl Ctx {
    /// The client, connected as flags, environment or the saved config say.
    pub fn client(&self) -> Result<Client> {
        let saved = config::load(&config::path()?)?;
        let (url, token) = config::resolve(self.url.clone(), self.token.clone(), &saved);
        Ok(Client::new(url, token)?)
    }

    /// `--url` or `MUSTER_URL`, without the saved config.
    pub fn url_flag(&self) -> Option<String> {
        self.url.clone()
    }

    /// `--token` or `MUSTER_TOKEN`, without the saved config.
    pub fn token_flag(&self) -> Option<String> {
        self.token.clone()
    }

    /// Prints `value` as JSON with `--json`, else as `human` renders it.
    pub fn emit<T: Serialize>(&self, value: &T, human: impl FnOnce(&T) -> String) -> Result<()> {
        if self.json {
            let mut text = serde_json::to_string_pretty(value).context("cannot print JSON")?;
            text.push('\n');
            print(&text)
        } else {
            print(&human(value))
        }
    }
}

/// Writes to standard output. A closed pipe (`muster timeline … | head`) ends
/// the program quietly instead of panicking as `println!` would.
pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        other => other.context("cannot write to standard output"),
    }
}

pub async fn run(cli: Cli) -> Result<ExitCode> {
    let ctx = Ctx {
        url: cli.url,
        token: cli.token,
        json: cli.json,
    };
    match cli.command {
        Command::Login { token_stdin } => directory::login(&ctx, token_stdin).await,
        Command::Me => directory::me(&ctx).await,
        Command::Report(args) => reports::report(&ctx, args).await,
        Command::Reports { report, status } => reports::list(&ctx, report, status).await,
        Command::Triage(args) => reports::triage(&ctx, args).await,
        Command::Declare { report, declare } => reports::declare(&ctx, &report, declare).await,
        Command::Incidents => read::incidents(&ctx).await,
        Command::Show { incident } => read::show(&ctx, &incident).await,
        Command::Timeline(args) => read::timeline(&ctx, args).await,
        Command::Watch { incident, after } => read::watch(&ctx, &incident, after).await,
        Command::Verify(args) => integrity::verify(&ctx, args).await,
        Command::Export(args) => read::export(&ctx, args).await,
        Command::Incident(command) => incident::run(&ctx, command).await,
        Command::People(command) => directory::people(&ctx, command).await,
        Command::Token(command) => directory::token(&ctx, command).await,
        Command::Rota(command) => directory::rota(&ctx, command).await,
        Command::Audit {
            incident,
            person,
            limit,
        } => directory::audit(&ctx, incident.as_deref(), person.as_deref(), limit).await,
        // The one `admin` verb that goes through the server: the log has no
        // other writer than its committer.
        Command::Server(crate::server_cmd::ServerCommand::Admin(
            crate::server_cmd::AdminCommand::Log(command),
        )) => integrity::admin_log(&ctx, command).await,
        Command::Server(command) => crate::server_cmd::run(command, ctx.json)
            .await
            .map(|()| ExitCode::SUCCESS),
    }
}

/// `error: <code>: <message> (field …, rule N)` on standard error, and the
/// exit status.
pub fn report_error(error: &anyhow::Error) -> ExitCode {
    let (text, code) = describe(error);
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
    ExitCode::from(code)
}

/// The message and exit status for an error: 2 for a request the server
/// refused as wrong (4xx) or a misused command, 1 for everything else
/// (unreachable server, 5xx, local I/O).
fn describe(error: &anyhow::Error) -> (String, u8) {
    let api = error.chain().find_map(|e| e.downcast_ref::<ClientError>());
    let status = api.and_then(ClientError::status);
    let usage_like = error.chain().any(|e| e.is::<UsageError>())
        || status.is_some_and(|s| (400..500).contains(&s));
    let mut text = match api {
        Some(api @ ClientError::Api { .. }) => format!("error: {api}\n"),
        _ => format!("error: {error:#}\n"),
    };
    if status == Some(401) {
        text.push_str(
            "hint: pass --token, set MUSTER_TOKEN, or run `muster login --url URL --token TOKEN`\n",
        );
    }
    (text, if usage_like { 2 } else { 1 })
}

/// Several words typed without quotes are one text.
pub fn words(parts: Vec<String>) -> String {
    parts.join(" ")
}

/// `inc-2026-0007` → `INC-2026-0007`: references are typed in a hurry.
pub fn reference(r: &str) -> String {
    let r = r.trim();
    let upper = r.to_ascii_uppercase();
    if upper.starts_with("INC-") || upper.starts_with("REP-") {
        upper
    } else {
        r.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use muster_api::{ErrorBody, ErrorDetail};

    fn api(status: u16) -> anyhow::Error {
        ClientError::Api {
            status,
            body: ErrorBody {
                error: ErrorDetail {
                    code: "rule-violation".into(),
                    message: "needs an owner".into(),
                    field: Some("owner".into()),
                    rule: Some(3),
                },
            },
        }
        .into()
    }

    #[test]
    fn errors_name_code_field_and_rule_and_pick_the_exit_status() {
        assert_eq!(
            describe(&api(409)),
            (
                "error: rule-violation: needs an owner (field owner, rule 3)\n".to_owned(),
                2
            )
        );
        assert_eq!(describe(&api(500)).1, 1);
        assert!(describe(&api(401)).0.contains("hint: pass --token"));
        assert_eq!(
            describe(&usage("give --severity")),
            ("error: give --severity\n".to_owned(), 2)
        );
        let io = anyhow::anyhow!("disk full").context("cannot write out.md");
        assert_eq!(
            describe(&io),
            ("error: cannot write out.md: disk full\n".to_owned(), 1)
        );
    }

    #[test]
    fn references_are_normalised_and_words_joined() {
        assert_eq!(reference(" inc-2026-0007 "), "INC-2026-0007");
        assert_eq!(reference("rep-2026-0001"), "REP-2026-0001");
        assert_eq!(reference("7f3e"), "7f3e");
        assert_eq!(words(vec!["VPN".into(), "logs".into()]), "VPN logs");
    }
}
