//! The JSON API over the application core: routes, the OpenAPI document,
//! `/healthz` and `/metrics`. Every route is a thin adapter: it authenticates
//! the caller, parses the request and asks [`muster_app::App`].
#![forbid(unsafe_code)]

mod openapi;
pub mod routes;
mod serve;

pub use serve::{Timeouts, serve_router_with};

use muster_app::App;
use std::future::Future;
use tokio::net::TcpListener;

/// The JSON API with a JSON 404 for everything else: the server as the API
/// tests and API-only deployments see it. The binary merges the web UI in.
pub fn app(state: App) -> axum::Router {
    routes::router(state)
        .fallback(routes::not_found)
        .layer(axum::middleware::from_fn(muster_http::nul::refuse_nul))
        .layer(axum::middleware::map_response(
            muster_http::headers::defaults,
        ))
}

/// Serves `router` with the default [`Timeouts`] until `shutdown` resolves,
/// then drains in-flight requests.
pub async fn serve_router(
    router: axum::Router,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_router_with(router, listener, Timeouts::default(), shutdown).await
}

/// Settings the JSON API needs when it runs alone; the binary loads them.
#[derive(Debug, Clone, Default)]
pub struct ServerConfig {
    pub policy: muster_domain::Policy,
    pub timeouts: Timeouts,
}

/// Serves the JSON API alone on `store` (API-only deployments, the tests).
pub async fn serve(
    config: ServerConfig,
    store: std::sync::Arc<dyn muster_store::Store>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let state = App::new(store, config.policy);
    serve_router_with(app(state), listener, config.timeouts, shutdown).await
}
