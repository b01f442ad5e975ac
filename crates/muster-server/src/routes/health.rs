use axum::Json;
use axum::extract::{Extension, State};
use axum::http::header;
use axum::response::IntoResponse;
use muster_app::App;
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Health {
    status: &'static str,
    store: &'static str,
}

/// Liveness: the process answers and knows its store.
#[utoipa::path(get, operation_id = "healthz", path = "/healthz", tag = "health", security(()),
    responses((status = 200, body = Health)))]
pub async fn healthz(State(state): State<App>) -> Json<Health> {
    Json(Health {
        status: "ok",
        store: state.backend(),
    })
}

/// Prometheus metrics, in its text exposition format.
#[utoipa::path(get, operation_id = "metrics", path = "/metrics", tag = "health", security(()),
    responses((status = 200, description = "Prometheus text format 0.0.4", body = String,
        content_type = "text/plain; version=0.0.4")))]
pub async fn metrics(State(state): State<App>) -> impl IntoResponse {
    let mut body = state
        .metrics()
        .render(state.backend(), state.incidents_cached());
    // Insight's duration histograms, over unrestricted incidents only: this
    // route has no caller, so rule 10 lets no restricted incident count.
    match state.insight_metrics().await {
        Ok(histograms) => body.push_str(&histograms),
        Err(e) => tracing::warn!(error = %e, "insight metrics could not be read"),
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}

/// This document: every route of the JSON API, its parameters, bodies,
/// statuses and content types.
#[utoipa::path(get, operation_id = "openapi", path = "/api/openapi.json", tag = "health", security(()),
    responses((status = 200, description = "the OpenAPI 3.1 document", body = Object)))]
pub async fn openapi(
    Extension(doc): Extension<Arc<utoipa::openapi::OpenApi>>,
) -> Json<utoipa::openapi::OpenApi> {
    Json(doc.as_ref().clone())
}
