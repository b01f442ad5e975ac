//! Muster's communication lines: the outbox worker that delivers reminders
//! and notifications (signed webhooks, email, the incident's chat channel),
//! the heartbeat-call iCalendar feed, the administrator's delivery log and
//! webhook subscriptions, the Slack and Microsoft Teams endpoints and the
//! Matrix bot's `/sync` reader.
//!
//! `muster serve` calls [`spawn`] once with the server's [`App`] and
//! merges [`router`] beside the API.
#![forbid(unsafe_code)]

mod backoff;
pub mod chat;
mod chat_commands;
pub mod deliver;
pub mod email;
mod expand;
pub mod ical;
mod jobs;
pub mod matrix_chat;
pub mod matrix_sync;
mod registers;
mod routes;
pub mod settings;
pub mod sign;
mod slack_marked;
mod slack_routes;
pub mod teams_chat;
mod teams_marked;
pub mod teams_routes;
pub mod timestamp;
pub mod witness;
pub mod worker;

pub use muster_app::outbox::{CHECKPOINT, FANOUT, REMINDER};
pub use settings::{
    MatrixSettings, NotifySettings, SlackSettings, SmtpSecurity, SmtpSettings, TeamsSettings,
};
pub use witness::WitnessSettings;
pub use worker::{Notifier, Step, Worker};

use muster_app::App;
use std::sync::Arc;

/// rustls needs one process-wide crypto provider; ring, never aws-lc. A
/// second install (another crate got there first) is harmless.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The notifier for `app`, and its HTTP routes: merge the router beside
/// `muster_server::routes::router` (it carries its own state).
/// The OpenAPI description of [`router`]'s JSON routes, for the binary to fold
/// into `/api/openapi.json` (`muster_server::routes::router_with_docs`).
pub fn openapi() -> utoipa::openapi::OpenApi {
    use utoipa::OpenApi;
    #[derive(OpenApi)]
    #[openapi(
        paths(
            routes::calls_ics,
            routes::calls,
            routes::deliveries,
            routes::list_webhooks,
            routes::create_webhook,
            routes::delete_webhook,
            registers::briefings,
            registers::communications,
            slack_routes::command,
            slack_routes::events,
            teams_routes::messages,
        ),
        tags(
            (name = "calls", description = "Heartbeat calls: schedule, iCalendar feed, records"),
            (name = "notifications", description = "The delivery log and outbound webhooks"),
            (name = "chat", description = "Requests from chat platforms, signed by the platform (not bearer-token routes)"),
        )
    )]
    struct NotifyApi;
    NotifyApi::openapi()
}

pub fn router(notifier: Arc<Notifier>) -> axum::Router {
    routes::router(notifier.clone())
        .merge(registers::router(notifier.app.clone()))
        .merge(slack_routes::router(notifier.clone()))
        .merge(teams_routes::router(notifier))
        // The same bound as the API's, for the chat platforms' endpoints too.
        .layer(axum::extract::DefaultBodyLimit::max(
            muster_http::BODY_LIMIT,
        ))
}

/// Starts the outbox worker (and, with Matrix set up, the bot's `/sync`
/// reader) on this runtime until `shutdown` resolves, and returns the
/// notifier to build [`router`] from.
pub fn spawn(
    app: App,
    settings: NotifySettings,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<(Arc<Notifier>, tokio::task::JoinHandle<()>)> {
    use futures::FutureExt;
    let notifier = Arc::new(Notifier::new(app, settings)?);
    let worker = Worker::new(notifier.clone());
    tracing::info!(worker = %worker.id, "outbox worker started");
    let shutdown = shutdown.shared();
    // The Matrix bot reads its rooms beside the worker, until the same shutdown.
    let reader = notifier
        .matrix
        .is_some()
        .then(|| tokio::spawn(matrix_sync::run(notifier.clone(), shutdown.clone())));
    let handle = tokio::spawn(async move {
        worker.run(shutdown).await;
        if let Some(r) = reader {
            let _ = r.await;
        }
    });
    Ok((notifier, handle))
}
