use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use muster_api::{ErrorBody, LoginRequest, NewPersonRequest, PersonView, UpdatePersonRequest};
use muster_app::App;
use muster_app::admin::{PersonChanges, PersonInput};
use muster_app::views;
use muster_http::Caller;
use muster_http::error::ApiResult;
use muster_http::extract::{ApiJson, ApiPath};
use muster_store::Person;

async fn view(state: &App, p: &Person) -> ApiResult<PersonView> {
    let user = state.logins().user(p.id).await?;
    Ok(views::person(p, user.as_ref()))
}

/// The signed-in person.
#[utoipa::path(get, operation_id = "show_me", path = "/api/me", tag = "people", responses((status = 200, body = PersonView), (status = 401, body = ErrorBody)))]
pub async fn me(State(state): State<App>, Caller(actor): Caller) -> ApiResult<Json<PersonView>> {
    Ok(Json(view(&state, &actor.person).await?))
}

#[utoipa::path(get, operation_id = "list_people", path = "/api/people", tag = "people", responses((status = 200, body = [PersonView])))]
pub async fn list(
    State(state): State<App>,
    Caller(_actor): Caller,
) -> ApiResult<Json<Vec<PersonView>>> {
    let mut out = Vec::new();
    for p in state.directory().list_people().await? {
        out.push(view(&state, &p).await?);
    }
    Ok(Json(out))
}

#[utoipa::path(post, operation_id = "create_person", path = "/api/people", tag = "people", request_body = NewPersonRequest,
    responses((status = 201, body = PersonView), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the email or chat handle is taken")))]
pub async fn create(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiJson(req): ApiJson<NewPersonRequest>,
) -> ApiResult<(StatusCode, Json<PersonView>)> {
    let person = state
        .add_person(
            &actor,
            PersonInput {
                name: req.name,
                email: req.email,
                chat_handle: req.chat_handle,
                slack_id: req.slack_id,
                matrix_id: req.matrix_id,
                teams_id: req.teams_id,
                expertise: req.expertise,
                team: req.team,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(view(&state, &person).await?)))
}

#[utoipa::path(get, operation_id = "show_person", path = "/api/people/{key}", tag = "people",
    params(("key" = String, Path, description = "email, chat handle or id")),
    responses((status = 200, body = PersonView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<App>,
    Caller(_actor): Caller,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<PersonView>> {
    let p = state.person_at(&key).await?;
    Ok(Json(view(&state, &p).await?))
}

#[utoipa::path(patch, operation_id = "update_person", path = "/api/people/{key}", tag = "people", request_body = UpdatePersonRequest,
    params(("key" = String, Path, description = "email, chat handle or id")),
    responses((status = 200, body = PersonView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the email or chat handle is taken")))]
pub async fn update(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(key): ApiPath<String>,
    ApiJson(req): ApiJson<UpdatePersonRequest>,
) -> ApiResult<Json<PersonView>> {
    let p = state
        .change_person(
            &actor,
            &key,
            PersonChanges {
                name: req.name,
                email: req.email,
                chat_handle: req.chat_handle,
                slack_id: req.slack_id,
                matrix_id: req.matrix_id,
                teams_id: req.teams_id,
                expertise: req.expertise,
                team: req.team,
            },
        )
        .await?;
    Ok(Json(view(&state, &p).await?))
}

/// Gives a person a login (and optionally a password), or changes it.
#[utoipa::path(put, operation_id = "set_login", path = "/api/people/{key}/login", tag = "people", request_body = LoginRequest,
    params(("key" = String, Path, description = "email, chat handle or id")),
    responses((status = 200, body = PersonView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn set_login(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(key): ApiPath<String>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Json<PersonView>> {
    let (p, user) = state
        .set_login(&actor, &key, req.admin, req.password.as_deref())
        .await?;
    Ok(Json(views::person(&p, Some(&user))))
}
