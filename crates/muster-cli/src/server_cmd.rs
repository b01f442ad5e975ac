//! STUB, to be replaced by the lead engineer: `muster serve`, `muster admin init`,
//! `muster admin set-password` and `muster config` run the server in-process.
//! `cli.rs` flattens [`ServerCommand`] into the top-level verbs and `main` calls
//! [`run`]; replace this whole file (types included) when wiring the server.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// Run the server: JSON API, web UI, /healthz and /metrics.
    Serve,
    /// Set up the server's store.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Print the effective server settings, secrets redacted.
    Config,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create the first administrator and their token.
    Init,
    /// Set a person's password.
    SetPassword,
}

pub async fn run(command: ServerCommand) -> anyhow::Result<()> {
    let verb = match command {
        ServerCommand::Serve => "serve",
        ServerCommand::Admin(AdminCommand::Init) => "admin init",
        ServerCommand::Admin(AdminCommand::SetPassword) => "admin set-password",
        ServerCommand::Config => "config",
    };
    anyhow::bail!("`muster {verb}` is not wired yet")
}
