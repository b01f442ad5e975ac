use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use muster_app::App;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Health {
    status: &'static str,
    store: &'static str,
}

/// Liveness: the process answers and knows its store.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, body = Health)))]
pub async fn healthz(State(state): State<App>) -> Json<Health> {
    Json(Health {
        status: "ok",
        store: state.backend(),
    })
}

pub async fn metrics(State(state): State<App>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state
            .metrics()
            .render(state.backend(), state.incidents_cached()),
    )
}
