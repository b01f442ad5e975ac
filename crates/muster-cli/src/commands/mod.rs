//! Each verb: build the request, call the client, print the answer (text, or
//! the JSON with `--json`).

mod directory;
mod evidence;
mod incident;
mod indicators;
mod insights;
mod integrity;
mod obligations;
mod read;
mod reports;
mod sso_login;
mod subverbs;
pub mod tlog;

use crate::cli::{Cli, Command};
use crate::config;
use anyhow::{Context, Result};
use muster_client::Client;
use serde::Serialize;
use std::fmt;
use std::io::Write;
use std::process::ExitCode;

/// A mistake in how the command was used, found after parsing: exits
/// [`crate::exit::USAGE`] as clap's own usage errors do.
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
        Command::Login {
            sso: true,
            no_browser,
            ..
        } => sso_login::login(&ctx, !no_browser).await,
        Command::Login { token_stdin, .. } => directory::login(&ctx, token_stdin).await,
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
        Command::Log(verb) => tlog::run(&ctx, verb).await,
        Command::Incident(command) => incident::run(&ctx, command).await,
        Command::Anchor(args) => obligations::anchor(&ctx, args).await,
        Command::Jurisdictions(args) => obligations::jurisdictions(&ctx, args).await,
        Command::Obligations { incident } => obligations::list(&ctx, &incident).await,
        Command::Obligation(command) => obligations::obligation(&ctx, command).await,
        Command::Clocks(args) => obligations::clocks(&ctx, args).await,
        Command::Register(args) => obligations::register(&ctx, args).await,
        Command::Rules(command) => obligations::rules(&ctx, command).await,
        Command::Indicator(command) => indicators::indicator(&ctx, command).await,
        Command::Seen { value, ty } => indicators::seen(&ctx, &value, ty.as_deref()).await,
        Command::TimelineEvent(command) => indicators::timeline_event(&ctx, command).await,
        Command::Attack(command) => indicators::attack(&ctx, command).await,
        Command::Evidence(command) => evidence::evidence(&ctx, command).await,
        Command::People(command) => directory::people(&ctx, command).await,
        Command::Token(command) => directory::token(&ctx, command).await,
        Command::Rota(command) => directory::rota(&ctx, command).await,
        Command::Actions { preventive: _ } => insights::preventive(&ctx).await,
        Command::Insights { csv } => insights::show(&ctx, csv).await,
        Command::Audit {
            incident,
            person,
            limit,
        } => directory::audit(&ctx, incident.as_deref(), person.as_deref(), limit).await,
        // The one `admin` verb that goes through the server: the log has no
        // other writer than its committer.
        Command::Server(command) => match *command {
            crate::server_cmd::ServerCommand::Admin(crate::server_cmd::AdminCommand::Log(
                command,
            )) => integrity::admin_log(&ctx, command).await,
            command => crate::server_cmd::run(command, ctx.json)
                .await
                .map(|()| ExitCode::SUCCESS),
        },
    }
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

    #[test]
    fn references_are_normalised_and_words_joined() {
        assert_eq!(reference(" inc-2026-0007 "), "INC-2026-0007");
        assert_eq!(reference("rep-2026-0001"), "REP-2026-0001");
        assert_eq!(reference("7f3e"), "7f3e");
        assert_eq!(words(vec!["VPN".into(), "logs".into()]), "VPN logs");
    }
}
