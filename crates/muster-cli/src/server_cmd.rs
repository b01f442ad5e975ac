//! The verbs that run beside the store rather than against a server:
//! `muster serve`, `muster admin init|set-password` and `muster config`.

use crate::settings::{EXAMPLE, Settings, SettingsArgs};
use anyhow::{Context, Result, bail};
use clap::Subcommand;
use muster_app::App;
use muster_app::actor as auth;
use muster_domain::Policy;
use muster_store::{Person, Store, User};
use std::io::Read;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// Run the server: JSON API, web UI, /healthz and /metrics.
    Serve(SettingsArgs),
    /// Set up the server's store directly (no server needed).
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Move an installation between stores, verifying every chain on arrival.
    #[command(subcommand)]
    Store(StoreCommand),
    /// Print the organisation policy file with its defaults, commented.
    Policy,
    /// Print the effective server settings, secrets redacted.
    Config {
        #[command(flatten)]
        settings: SettingsArgs,
        /// Print a commented example settings file instead.
        #[arg(long)]
        example: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Copy everything from one store into an empty one, e.g.
    /// `--from sqlite://muster.db --to postgres://muster@db/muster`.
    Copy {
        #[arg(long, value_name = "URL")]
        from: String,
        #[arg(long, value_name = "URL")]
        to: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create the first administrator and print their one-time API token.
    Init {
        #[command(flatten)]
        settings: SettingsArgs,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        /// Also set a password for the web UI, read from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a person's web password, read from standard input.
    SetPassword {
        #[command(flatten)]
        settings: SettingsArgs,
        /// Email, chat handle or id.
        person: String,
    },
    /// An incident's log, through the server (with an administrator's token).
    #[command(subcommand)]
    Log(LogCommand),
    /// Rotate the transparency log's signing key (with the server stopped):
    /// a new key in the key file, the old one kept beside it as
    /// `<key file>.previous` to co-sign the next checkpoint, which announces
    /// the new key, and its public half added to `<key file>.retired`, so
    /// that old checkpoints still verify. Prints both keys.
    RotateLogKey {
        #[command(flatten)]
        settings: SettingsArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Record the first break in a log that failed verification (where it is,
    /// the hash expected and found, who and why) as a new entry sealed onto
    /// the log as it stands; the log then takes entries again.
    Acknowledge {
        /// The incident, e.g. INC-2026-0007.
        incident: String,
        /// Why: what happened to the log, what was checked.
        #[arg(long)]
        reason: String,
    },
}

pub async fn run(command: ServerCommand, json: bool) -> Result<()> {
    match command {
        ServerCommand::Serve(args) => serve(Settings::load(&args)?).await,
        ServerCommand::Config { settings, example } => {
            if example {
                print!("{EXAMPLE}");
            } else {
                print!("{}", Settings::load(&settings)?.redacted()?);
            }
            Ok(())
        }
        ServerCommand::Admin(AdminCommand::Init {
            settings,
            name,
            email,
            password_stdin,
        }) => {
            let settings = Settings::load(&settings)?;
            let store = open_store(&settings).await?;
            let password = password_stdin.then(read_password).transpose()?;
            init(store.as_ref(), &name, &email, password.as_deref(), json).await?;
            // The transparency log's key, made once, outside the database.
            let (signer, source, created) = crate::tlog_key::ensure(&settings)?;
            crate::tlog_key::report(&signer, &source, created, json)
        }
        ServerCommand::Policy => {
            print!("{}", muster_policy::DEFAULT_POLICY_TOML);
            Ok(())
        }
        ServerCommand::Store(StoreCommand::Copy { from, to }) => copy(&from, &to, json).await,
        ServerCommand::Admin(AdminCommand::RotateLogKey { settings }) => {
            let rotated = crate::tlog_rotate::rotate(&Settings::load(&settings)?)?;
            crate::tlog_rotate::report(&rotated, json)
        }
        ServerCommand::Admin(AdminCommand::SetPassword { settings, person }) => {
            let store = open_store(&Settings::load(&settings)?).await?;
            set_password(store.as_ref(), &person, &read_password()?).await
        }
        // Run by `commands::run`, which holds the client.
        ServerCommand::Admin(AdminCommand::Log(_)) => {
            anyhow::bail!("`muster admin log` talks to the server")
        }
    }
}

pub async fn open_store(settings: &Settings) -> Result<Arc<dyn Store>> {
    open_url(&settings.store_url()).await
}

/// SQLite for a path or `sqlite:` URL, PostgreSQL for `postgres://`.
async fn open_url(url: &str) -> Result<Arc<dyn Store>> {
    muster_store_open::open_store(url).await.with_context(|| {
        format!(
            "cannot open the store at {}",
            muster_store_open::redact(url)
        )
    })
}

async fn copy(from: &str, to: &str, json: bool) -> Result<()> {
    let source = open_url(from).await?;
    let target = open_url(to).await?;
    let report = muster_store_copy::copy(source.as_ref(), target.as_ref())
        .await
        .with_context(|| {
            format!(
                "copying {} to {}",
                muster_store_open::redact(from),
                muster_store_open::redact(to)
            )
        })?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "Copied {} people ({} with logins, {} tokens), {} shifts, {} reports, {} incidents with {} log entries (every chain verified on arrival), {} audit records, {} webhook subscriptions, {} pending notifications, {} transparency-log checkpoints ({} timestamped; each checked against the copied tree's root).",
            report.people,
            report.users,
            report.tokens,
            report.shifts,
            report.reports,
            report.incidents,
            report.entries,
            report.audit_records,
            report.subscriptions,
            report.outbox_pending,
            report.checkpoints,
            report.timestamps
        );
        if report.checkpoints_skipped > 0 {
            eprintln!(
                "warning: {} checkpoints were not carried: the source's tree holds leaves no entry \
                 stands for (a log cut and acknowledged), so the copy's tree is its own",
                report.checkpoints_skipped
            );
        }
    }
    Ok(())
}

fn load_policy(settings: &Settings) -> Result<Policy> {
    match &settings.policy {
        None => Ok(Policy::default()),
        Some(path) => Ok(muster_policy::load_policy(path)?),
    }
}

async fn serve(settings: Settings) -> Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(&settings.log))
        .context("invalid log filter")?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let policy = load_policy(&settings)?;
    let store = open_store(&settings).await?;
    let listener = tokio::net::TcpListener::bind(&settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let addr = listener.local_addr().context("no local address")?;
    let tlog = crate::tlog_key::config(&settings)?;
    let signing = tlog.signer.is_some();
    let state = App::with_tlog(store, policy, tlog);
    if signing {
        // Every instance runs it; a size is recorded once, by whichever signs it.
        state.start_checkpoints(std::time::Duration::from_secs(1));
    }
    // Logs changed while no server ran are found now rather than when each
    // is next opened; serving does not wait for it.
    let sweeping = state.clone();
    tokio::spawn(async move {
        if let Err(e) = sweeping.sweep_logs().await {
            tracing::error!(error = %e, "the start-up verification of every log failed");
        }
    });
    let mut notify = muster_notify::NotifySettings::from_env().map_err(anyhow::Error::msg)?;
    notify.witnesses = settings.witnesses.notify();
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    let (notifier, worker) = muster_notify::spawn(state.clone(), notify, async move {
        let _ = stop_rx.changed().await;
    })?;
    let sign_on = match settings.sign_on_config()? {
        Some(config) => {
            tracing::info!(issuer = %config.issuer, passwords = config.passwords, "sign-on through the identity provider is on");
            muster_web::SignOn::new(muster_oidc::Provider::new(config)?)
        }
        None => muster_web::SignOn::default(),
    };
    let router = muster_server::routes::router_with_docs(
        state.clone(),
        vec![muster_notify::openapi(), muster_web::openapi()],
    )
    .merge(muster_web::router_with_sign_on(
        state,
        settings.client_address()?,
        sign_on,
    ))
    .merge(muster_notify::router(notifier))
    .fallback(muster_server::routes::not_found)
    .layer(axum::middleware::from_fn(muster_http::nul::refuse_nul))
    .layer(axum::middleware::map_response(
        muster_http::headers::defaults,
    ));
    // The first line on standard output says where we are; scripts and tests
    // that ask for port 0 read it.
    println!(
        "muster listening on http://{addr} (store: {})",
        muster_store_open::redact(&settings.store_url())
    );
    let served =
        muster_server::serve_router_with(router, listener, settings.timeouts(), shutdown_signal())
            .await;
    // Stop the outbox worker between deliveries, then report how serving ended.
    let _ = stop_tx.send(true);
    let _ = worker.await;
    served.context("the server failed")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

fn read_password() -> Result<String> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("cannot read the password from standard input")?;
    let password = text.trim_end_matches(['\n', '\r']).to_owned();
    if password.chars().count() < 12 {
        bail!("a password has at least 12 characters");
    }
    Ok(password)
}

async fn init(
    store: &dyn Store,
    name: &str,
    email: &str,
    password: Option<&str>,
    json: bool,
) -> Result<()> {
    if store.count_admins().await? > 0 {
        bail!(
            "already initialised: an administrator exists (mint more tokens with `muster token create`)"
        );
    }
    let (name, email) = (name.trim(), email.trim().to_lowercase());
    if name.is_empty() || !email.contains('@') {
        bail!("give the administrator's --name and a valid --email");
    }
    for (field, value) in [("name", name), ("email", email.as_str())] {
        if let Some(fault) = muster_domain::text::fault(value, muster_domain::text::Shape::Line) {
            return Err(crate::exit::Invalid {
                field,
                message: fault.message(field),
            }
            .into());
        }
    }
    let person = Person {
        id: Uuid::now_v7(),
        name: name.to_owned(),
        email,
        chat_handle: None,
        slack_id: None,
        matrix_id: None,
        teams_id: None,
        expertise: Vec::new(),
        team: None,
        created_at: jiff::Timestamp::now().as_microsecond(),
    };
    store.create_person(&person).await?;
    let password_hash = password
        .map(auth::hash_password)
        .transpose()
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))?;
    store
        .upsert_user(&User {
            person: person.id,
            admin: true,
            password_hash,
            created_at: person.created_at,
        })
        .await?;
    let token = auth::mint_token(store, person.id, "admin init").await?;
    if json {
        // One JSON document on standard output; the key's follows on
        // standard error, so `--json` output stays parseable.
        println!("{}", serde_json::to_string_pretty(&token)?);
    } else {
        println!("Administrator {} <{}> created.", person.name, person.email);
        println!("API token (shown once, keep it safe):\n{}", token.token);
        println!("Use it with: export MUSTER_TOKEN={}", token.token);
    }
    Ok(())
}

async fn set_password(store: &dyn Store, key: &str, password: &str) -> Result<()> {
    let person = match Uuid::parse_str(key) {
        Ok(id) => store.person(id).await?,
        Err(_) => store.person_by_contact(key).await?,
    }
    .with_context(|| format!("no person `{key}` in the directory"))?;
    let existing = store.user(person.id).await?;
    let hash = auth::hash_password(password)
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))?;
    store
        .upsert_user(&User {
            person: person.id,
            admin: existing.as_ref().is_some_and(|u| u.admin),
            password_hash: Some(hash),
            created_at: existing
                .map(|u| u.created_at)
                .unwrap_or_else(|| jiff::Timestamp::now().as_microsecond()),
        })
        .await?;
    println!("Password set for {} <{}>.", person.name, person.email);
    Ok(())
}
