use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use muster_api::{ErrorBody, NewToken, NewTokenRequest, TokenView};
use muster_app::App;
use muster_app::views::ts;
use muster_http::Caller;
use muster_http::error::ApiResult;
use muster_http::extract::{ApiJson, ApiPath};
use uuid::Uuid;

/// Your API tokens (never their secrets).
#[utoipa::path(get, operation_id = "list_tokens", path = "/api/tokens", tag = "people", responses((status = 200, body = [TokenView])))]
pub async fn list(
    State(state): State<App>,
    Caller(actor): Caller,
) -> ApiResult<Json<Vec<TokenView>>> {
    let tokens = state.logins().tokens_of(actor.person.id).await?;
    Ok(Json(
        tokens
            .into_iter()
            .map(|t| TokenView {
                id: t.id,
                name: t.name,
                created_at: ts(t.created_at),
                revoked_at: t.revoked_at.map(ts),
            })
            .collect(),
    ))
}

/// Mints a token; its secret is in this response only.
#[utoipa::path(post, operation_id = "create_token", path = "/api/tokens", tag = "people", request_body = NewTokenRequest,
    responses((status = 201, body = NewToken), (status = 403, body = ErrorBody)))]
pub async fn create(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiJson(req): ApiJson<NewTokenRequest>,
) -> ApiResult<(StatusCode, Json<NewToken>)> {
    let token = state
        .mint_token_as(&actor, req.person.as_deref(), &req.name)
        .await?;
    Ok((StatusCode::CREATED, Json(token)))
}

#[utoipa::path(delete, operation_id = "revoke_token", path = "/api/tokens/{id}", tag = "people",
    params(("id" = Uuid, Path, description = "token id")),
    responses((status = 204, description = "revoked"), (status = 404, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    state.revoke_token_as(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
