use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use muster_api::{ErrorBody, NewToken, NewTokenRequest, TokenView};
use muster_app::App;
use muster_app::actor::{mint_token, require_admin};
use muster_app::views::ts;
use muster_http::Caller;
use muster_http::error::{ApiError, ApiResult};
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
    let name = req.name.trim();
    if name.is_empty() {
        return Err(ApiError::invalid(
            "name",
            "name the token (where it will be used)",
        ));
    }
    let person = match &req.person {
        Some(key) => {
            let p = state.person("person", key).await?;
            if p.id != actor.person.id {
                require_admin(&actor, "mint a token for someone else")?;
            }
            if state.logins().user(p.id).await?.is_none() {
                return Err(ApiError::invalid(
                    "person",
                    format!("{} has no login; give them one first", p.name),
                ));
            }
            p.id
        }
        None => actor.person.id,
    };
    let token = mint_token(state.logins(), person, name).await?;
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
    let owned = state
        .logins()
        .tokens_of(actor.person.id)
        .await?
        .iter()
        .any(|t| t.id == id);
    if !owned {
        require_admin(&actor, "revoke someone else's token")
            .map_err(|_| ApiError::not_found(format!("you have no token {id}")))?;
    }
    state
        .logins()
        .revoke_token(id, jiff::Timestamp::now().as_microsecond())
        .await?;
    state.forget_tokens();
    Ok(StatusCode::NO_CONTENT)
}
