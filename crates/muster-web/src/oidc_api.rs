//! The two sign-on routes that are not pages a person reads: the JSON
//! exchange of `muster login --sso`'s one-time code for an API token, and the
//! provider's front-channel logout (OpenID Connect Front-Channel Logout 1.0:
//! the provider loads this address with `iss` and `sid` when the person signs
//! out there, and every web session signed in through that session ends).

use crate::oidc::SignOn;
use axum::Extension;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use muster_api::{NewToken, SsoTokenRequest};
use muster_app::App;
use muster_http::{ApiError, ApiJson, ApiResult};
use muster_oidc::pkce;
use serde::Deserialize;

#[utoipa::path(post, operation_id = "sso_token", path = "/api/auth/sso/token", tag = "people",
    request_body = SsoTokenRequest,
    // No bearer token: the one-time code and its PKCE verifier are the proof.
    security(()),
    responses((status = 201, body = NewToken, description = "an API token for the person who signed in; the secret is shown this once"),
        (status = 401, body = muster_api::ErrorBody, description = "the code is unknown, used or expired, or the verifier does not match"),
        (status = 404, body = muster_api::ErrorBody, description = "sign-on is not configured"),
        (status = 413, body = muster_api::ErrorBody, description = "the body is larger than 1 MiB"),
        (status = 415, body = muster_api::ErrorBody, description = "the body is not `application/json`")))]
pub async fn token(
    State(app): State<App>,
    Extension(sign_on): Extension<SignOn>,
    ApiJson(req): ApiJson<SsoTokenRequest>,
) -> ApiResult<(StatusCode, Json<NewToken>)> {
    if sign_on.provider().is_none() {
        return Err(ApiError::not_found(
            "sign-on is not configured on this server",
        ));
    }
    if req.code.is_empty() || req.code.len() > 128 {
        return Err(ApiError::invalid(
            "code",
            "`code` must be the code the loopback address received",
        ));
    }
    if !pkce::well_formed(&req.code_verifier) {
        return Err(ApiError::invalid(
            "code_verifier",
            "`code_verifier` must be 43 to 128 letters, digits or -._~ (RFC 7636)",
        ));
    }
    let token = app
        .redeem_sso_grant(&req.code, |challenge| {
            pkce::answers(&req.code_verifier, challenge)
        })
        .await
        .inspect_err(|e| tracing::warn!(reason = %e, "sso cli token refused"))?;
    tracing::info!(person = %token.person, token = %token.id, "sso cli token issued");
    Ok((StatusCode::CREATED, Json(token)))
}

#[derive(Debug, Deserialize)]
pub struct LogoutQuery {
    iss: Option<String>,
    sid: Option<String>,
}

/// The provider loads this in a hidden frame: the answer is a tiny page, and
/// it may be framed by the provider (and only there would it matter).
pub async fn frontchannel_logout(
    State(app): State<App>,
    Extension(sign_on): Extension<SignOn>,
    Query(q): Query<LogoutQuery>,
) -> Response {
    let Some(provider) = sign_on.provider() else {
        return plain(
            StatusCode::NOT_FOUND,
            "Sign-on is not configured on this server.",
        );
    };
    let (Some(iss), Some(sid)) = (q.iss.as_deref(), q.sid.as_deref()) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "A front-channel logout names the issuer (`iss`) and the session (`sid`).",
        );
    };
    if iss.trim_end_matches('/') != provider.config().issuer {
        return plain(
            StatusCode::BAD_REQUEST,
            "`iss` is not this server's identity provider.",
        );
    }
    match app.sso_logout(iss, sid).await {
        Ok(ended) => {
            tracing::info!(issuer = iss, ended, "sso front-channel logout");
            plain(StatusCode::OK, "Signed out of Muster.")
        }
        Err(e) => {
            tracing::warn!(error = %e, "sso front-channel logout failed");
            plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "Muster could not sign you out just now; try again.",
            )
        }
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        text,
    )
        .into_response()
}

/// The OpenAPI description of the JSON route, for `/api/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    use utoipa::OpenApi;
    #[derive(OpenApi)]
    #[openapi(paths(token))]
    struct SsoApi;
    SsoApi::openapi()
}
