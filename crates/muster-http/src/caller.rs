//! Who is calling the JSON API: the bearer token of the request, resolved by
//! the application to its person. Every log entry's actor comes from here,
//! never from a name the client claims.

use crate::error::ApiError;
use axum::extract::FromRequestParts;
use axum::extract::connect_info::ConnectInfo;
use axum::http::request::Parts;
use muster_app::{Actor, App};
use std::net::SocketAddr;

/// The client's address, when the server was started with connection info.
pub fn peer(parts: &Parts) -> Option<String> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
}

/// The authenticated caller, as a handler's argument.
pub struct Caller(pub Actor);

impl FromRequestParts<App> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        if let Some(actor) = parts.extensions.get::<Actor>() {
            return Ok(Caller(actor.clone()));
        }
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                ApiError::unauthorized(
                    "sign in: send `Authorization: Bearer <API token>` (see `muster token create`)",
                )
            })?;
        let secret = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                ApiError::unauthorized("the Authorization header must be `Bearer <API token>`")
            })?;
        let actor = muster_app::actor::actor_for_token(app, secret)
            .await?
            .from_source(peer(parts));
        parts.extensions.insert(actor.clone());
        Ok(Caller(actor))
    }
}
