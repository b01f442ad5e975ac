//! `muster login --sso`: signing the CLI in through the browser, as
//! `gh auth login` does. The CLI listens on 127.0.0.1 on a free port, and
//! opens (or prints) the server's sign-on address with that port, a fresh
//! `state` and the S256 challenge of a fresh PKCE verifier. The server signs
//! the person in through the identity provider, then sends the browser back
//! to the loopback address with a one-time code and the `state`. The CLI
//! checks the `state` and exchanges the code, with its verifier, for an API
//! token: a code seen by anyone else (another program on the machine, a
//! browser extension, the address bar's history) is useless without the
//! verifier, which never leaves this process.

use super::Ctx;
use crate::config;
use crate::output;
use anyhow::{Context, Result, bail};
use axum::extract::{Query, State};
use axum::response::Html;
use muster_api::SsoTokenRequest;
use muster_client::Client;
use muster_oidc::pkce;
use serde::Deserialize;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::oneshot;

/// How long the CLI waits for the browser.
const WAIT: Duration = Duration::from_secs(300);

#[derive(Debug, Deserialize)]
struct Back {
    code: Option<String>,
    state: Option<String>,
}

type Slot = Arc<Mutex<Option<oneshot::Sender<Back>>>>;

async fn back(State(slot): State<Slot>, Query(back): Query<Back>) -> Html<&'static str> {
    if let Some(tx) = slot.lock().unwrap_or_else(|e| e.into_inner()).take() {
        let _ = tx.send(back);
    }
    Html(
        "<!doctype html><title>Muster</title><p>Signed in: you can close this tab and return to the terminal.</p>",
    )
}

pub async fn login(ctx: &Ctx, open_browser: bool) -> Result<ExitCode> {
    let url = ctx
        .url_flag()
        .unwrap_or_else(|| config::DEFAULT_URL.to_owned());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .context("cannot listen on 127.0.0.1 for the browser's return")?;
    let port = listener.local_addr()?.port();
    let (state, verifier) = (pkce::random_token(), pkce::random_token());
    let (tx, rx) = oneshot::channel();
    let slot: Slot = Arc::new(Mutex::new(Some(tx)));
    let router = axum::Router::new()
        .route("/callback", axum::routing::get(back))
        .with_state(slot);
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    let start = format!(
        "{}/auth/oidc/start?cli_port={port}&cli_state={state}&cli_challenge={}",
        url.trim_end_matches('/'),
        pkce::challenge(&verifier)
    );
    eprintln!("Open this address in your browser to sign in:\n\n  {start}\n");
    if open_browser {
        open(&start);
    }
    let came = tokio::time::timeout(WAIT, rx).await;
    server.abort();
    let back = match came {
        Ok(Ok(back)) => back,
        _ => bail!(
            "no sign-in came back within {} s: run `muster login --sso` again",
            WAIT.as_secs()
        ),
    };
    if back.state.as_deref() != Some(state.as_str()) {
        bail!("the browser came back with another sign-in's state: run `muster login --sso` again");
    }
    let Some(code) = back.code.filter(|c| !c.is_empty()) else {
        bail!("the browser came back without a sign-in code: run `muster login --sso` again");
    };
    let token = Client::new(&url, None)?
        .sso_token(&SsoTokenRequest {
            code,
            code_verifier: verifier,
        })
        .await
        .with_context(|| format!("{url} did not exchange the sign-in code"))?;
    let me = Client::new(&url, Some(token.token.clone()))?
        .me()
        .await
        .with_context(|| format!("{url} did not accept the new token"))?;
    let path = config::path()?;
    config::save(
        &path,
        &config::Config {
            url: Some(url.clone()),
            token: Some(token.token),
        },
    )?;
    ctx.emit(&me, |me| {
        format!(
            "Signed in to {url} as {} <{}> through sign-on. Saved to {}.\n",
            output::escape(&me.name),
            output::escape(&me.email),
            path.display()
        )
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Best effort: the address is printed either way.
fn open(address: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(address)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
