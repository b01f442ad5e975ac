//! The HTTP surface. Each file is one resource; `router` assembles them with
//! their OpenAPI descriptions.

pub mod attack;
pub mod audit;
pub mod commands;
pub mod evidence;
pub mod health;
pub mod incidents;
pub mod indicators;
pub mod insights;
pub mod log;
pub mod obligations;
pub mod people;
pub mod reports;
pub mod rota;
pub mod tlog;
pub mod tokens;

use axum::extract::{DefaultBodyLimit, Extension, Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use muster_app::App;
use muster_http::error::ApiError;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The JSON API, `/healthz` and `/metrics`, without a fallback so that the
/// binary can merge the web UI beside it.
pub fn router(state: App) -> axum::Router {
    router_with_docs(state, Vec::new())
}

/// [`router`], with `extra` documents (other crates' routes, merged beside
/// this one by the binary) folded into `/api/openapi.json`.
pub fn router_with_docs(state: App, extra: Vec<utoipa::openapi::OpenApi>) -> axum::Router {
    let (api_router, mut api) = OpenApiRouter::with_openapi(crate::openapi::ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(people::me))
        .routes(routes!(people::list, people::create))
        .routes(routes!(people::show, people::update))
        .routes(routes!(people::set_login))
        .routes(routes!(tokens::list, tokens::create))
        .routes(routes!(tokens::revoke))
        .routes(routes!(rota::show))
        .routes(routes!(rota::add_shift))
        .routes(routes!(rota::remove_shift))
        .routes(routes!(reports::list, reports::create))
        .routes(routes!(reports::show))
        .routes(routes!(reports::triage))
        .routes(routes!(incidents::list))
        .routes(routes!(incidents::show))
        .routes(routes!(commands::post))
        .routes(routes!(log::page))
        .routes(routes!(log::verify))
        .routes(routes!(log::acknowledge))
        .routes(routes!(log::export))
        .routes(routes!(log::events))
        .routes(routes!(obligations::list))
        .routes(routes!(obligations::clocks))
        .routes(routes!(obligations::draft))
        .routes(routes!(obligations::register))
        .routes(routes!(obligations::rules))
        .routes(routes!(indicators::list))
        .routes(routes!(indicators::import))
        .routes(routes!(indicators::seen))
        .routes(routes!(indicators::evidence))
        // Evidence files: the upload's body is streamed, so no body limit
        // applies to it (the policy's max_upload_bytes does, while streaming).
        .routes(routes!(evidence::upload))
        .routes(routes!(evidence::download))
        .routes(routes!(evidence::verify_incident))
        .routes(routes!(evidence::verify_all))
        .routes(routes!(attack::show, attack::import))
        // The transparency log (issue 12).
        .routes(routes!(tlog::key))
        .routes(routes!(tlog::checkpoint))
        .routes(routes!(tlog::list, tlog::sign))
        .routes(routes!(tlog::proof))
        .routes(routes!(tlog::consistency))
        .routes(routes!(tlog::inclusion))
        .routes(routes!(tlog::timestamp))
        .routes(routes!(tlog::proof_consistency))
        .routes(routes!(audit::list))
        .routes(routes!(insights::show))
        .routes(routes!(insights::preventive))
        .routes(routes!(health::metrics))
        .routes(routes!(health::openapi))
        .split_for_parts();
    for doc in extra {
        api.merge(doc);
    }
    crate::openapi::complete(&mut api);
    api_router
        .layer(Extension(std::sync::Arc::new(api)))
        .layer(DefaultBodyLimit::max(muster_http::BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), count))
        .with_state(state)
}

/// The JSON 404 for paths no router claims.
pub async fn not_found() -> ApiError {
    ApiError::not_found("no such route")
}

async fn count(State(state): State<App>, req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    state.metrics().http_request(response.status().as_u16());
    response
}
