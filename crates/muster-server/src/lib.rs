//! The HTTP server: JSON API, OpenAPI document, authentication, and the
//! committer that turns commands into hash-chained log entries.
#![forbid(unsafe_code)]

pub mod auth;
pub mod cache;
pub mod committer;
pub mod describe;
pub mod error;
pub mod export;
pub mod export_html;
pub mod extract;
pub mod hub;
pub mod metrics;
pub mod nul;
mod openapi;
pub mod outbox;
pub mod resolve;
pub mod routes;
pub mod state;
pub mod views;
pub mod visibility;
pub mod watch;

pub use state::AppState;

use muster_domain::Policy;
use muster_store::Store;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Settings the server itself needs; the binary loads them.
#[derive(Debug, Clone, Default)]
pub struct ServerConfig {
    pub policy: Policy,
}

/// The JSON API with a JSON 404 for everything else: the server as the API
/// tests and API-only deployments see it. The binary merges the web UI in.
pub fn app(state: AppState) -> axum::Router {
    routes::router(state)
        .fallback(routes::not_found)
        .layer(axum::middleware::from_fn(nul::refuse_nul))
}

/// Serves `router` until `shutdown` resolves, then drains in-flight requests.
pub async fn serve_router(
    router: axum::Router,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    tracing::info!(addr = %listener.local_addr()?, "muster serving");
    // The peer address lets the web UI slow down repeated failed sign-ins per address.
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Serves the JSON API alone on `store`.
pub async fn serve(
    config: ServerConfig,
    store: Arc<dyn Store>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let state = AppState::new(store, config.policy);
    serve_router(app(state), listener, shutdown).await
}
