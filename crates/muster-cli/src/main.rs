//! `muster`: the server (`muster serve`) and a CLI verb for every action a
//! responder takes, talking to a server with an API token.
#![forbid(unsafe_code)]

mod cli;
mod commands;
mod config;
mod exit;
mod output;
mod server_cmd;
mod settings;
mod settings_oidc;
mod settings_witnesses;
mod time_arg;
mod tlog_key;
mod tlog_rotate;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return exit::clap_error(e, exit::json_requested(std::env::args_os())),
    };
    let json = cli.json;
    // Needed before any TLS client or server is built (reqwest builds its TLS
    // configuration even for http://); a second install is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            return exit::report(
                &anyhow::Error::new(e).context("cannot start the runtime"),
                json,
            );
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => code,
        Err(e) => exit::report(&e, json),
    }
}
