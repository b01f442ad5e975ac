//! The web UI: sign-in, the dashboard, reporting and triage, and the live
//! incident room. Pages are server-rendered from askama templates; every form
//! works without JavaScript, and a little embedded script makes the room live
//! over Server-Sent Events. Every write goes through the server's committer,
//! exactly as the JSON API's do.
#![forbid(unsafe_code)]

mod admin;
mod assets;
mod client;
mod commands;
mod dashboard;
mod error;
mod export;
mod feed;
mod fields;
mod flash;
mod heartbeat;
mod insight;
mod layout;
mod live;
mod oidc;
mod oidc_api;
mod oidc_flow;
mod reports;
mod respond;
mod room;
mod session;
mod signin;
mod time;

use axum::Router;
use axum::routing::{get, post};
use muster_app::App;

pub use client::ClientAddress;
pub use oidc::SignOn;
pub use oidc_api::openapi;
pub use session::{SESSION_COOKIE, csrf_token};

/// Every page and asset of the web UI, with no fallback, so that the binary can
/// merge it beside `muster_server::routes::router`. No proxy is trusted: the
/// connection's peer is the client.
pub fn router(state: App) -> Router {
    router_with(state, ClientAddress::default())
}

/// [`router`], finding the client's address behind the proxies `client` trusts.
pub fn router_with(state: App, client: ClientAddress) -> Router {
    router_with_sign_on(state, client, SignOn::default())
}

/// [`router_with`], offering sign-on through an identity provider (its
/// routes answer 404 when `sign_on` has none).
pub fn router_with_sign_on(state: App, client: ClientAddress, sign_on: SignOn) -> Router {
    Router::new()
        .route("/", get(dashboard::page))
        .route("/dashboard/live", get(live::dashboard))
        .route("/signin", get(signin::page).post(signin::submit))
        .route("/signout", post(signin::signout))
        .route("/reports/new", get(reports::new_page))
        .route("/reports", post(reports::create))
        .route("/reports/{reference}", get(reports::show))
        .route("/reports/{reference}/triage", post(reports::triage))
        .route("/incidents/{reference}", get(room::page))
        .route("/incidents/{reference}/fragments", get(room::fragments))
        .route("/incidents/{reference}/seen", get(room::seen::page))
        .route("/incidents/{reference}/commands", post(commands::submit))
        .route("/incidents/{reference}/live", get(live::events))
        .route(
            "/incidents/{reference}/call",
            get(heartbeat::page).post(heartbeat::submit),
        )
        .route("/incidents/{reference}/calls-feed", post(feed::mint))
        .route("/insights", get(insight::page))
        .route("/insights.csv", get(insight::csv))
        .route(
            "/incidents/{reference}/export/{format}",
            get(export::download),
        )
        .route("/assets/{name}", get(assets::serve))
        .route("/auth/oidc/start", get(oidc::start))
        .route(muster_oidc::CALLBACK_PATH, get(oidc::callback))
        .route("/auth/oidc/logout", get(oidc_api::frontchannel_logout))
        .route("/api/auth/sso/token", post(oidc_api::token))
        .layer(axum::Extension(sign_on))
        .merge(admin::routes())
        .layer(axum::Extension(std::sync::Arc::new(client)))
        .layer(axum::extract::DefaultBodyLimit::max(256 * 1024))
        .with_state(state)
}
