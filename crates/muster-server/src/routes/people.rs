use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use muster_api::{ErrorBody, LoginRequest, NewPersonRequest, PersonView, UpdatePersonRequest};
use muster_app::App;
use muster_app::actor::{hash_password, require_admin};
use muster_app::views;
use muster_http::Caller;
use muster_http::error::{ApiError, ApiResult};
use muster_http::extract::{ApiJson, ApiPath};
use muster_store::{Person, User};
use uuid::Uuid;

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

fn required(field: &str, value: &str) -> ApiResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ApiError::invalid(
            field,
            format!("`{field}` must not be empty"),
        ));
    }
    // A person's name, email, handle or team is one line of plain text (the
    // domain's one rule for typed text).
    if let Some(fault) = muster_domain::text::fault(v, muster_domain::text::Shape::Line) {
        return Err(ApiError::invalid(field, fault.message(field)));
    }
    if v.len() > 320 {
        return Err(ApiError::invalid(
            field,
            format!("`{field}` is longer than 320 bytes"),
        ));
    }
    Ok(v.to_owned())
}

fn email(value: &str) -> ApiResult<String> {
    let v = required("email", value)?;
    match v.split_once('@') {
        Some((local, domain))
            if !local.is_empty() && !domain.is_empty() && !v.contains(char::is_whitespace) =>
        {
            Ok(v.to_lowercase())
        }
        _ => Err(ApiError::invalid(
            "email",
            format!("`{v}` is not an email address"),
        )),
    }
}

/// A Microsoft Entra object id is a GUID; anything else could never match
/// the `aadObjectId` Teams sends, so it is refused rather than stored.
fn entra_id(value: Option<&str>) -> ApiResult<Option<String>> {
    let Some(v) = optional("teams_id", value)? else {
        return Ok(None);
    };
    match uuid::Uuid::try_parse(&v) {
        Ok(id) => Ok(Some(id.hyphenated().to_string())),
        Err(_) => Err(ApiError::invalid(
            "teams_id",
            format!(
                "`{v}` is not a Microsoft Entra object id (a GUID such as 8b081ef6-4792-4def-b2c9-c363a1bf41d5)"
            ),
        )),
    }
}

fn optional(field: &str, value: Option<&str>) -> ApiResult<Option<String>> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| required(field, v))
        .transpose()
}

/// Expertise tags are lowercase words joined by hyphens (`security-analyst`).
fn tags(values: &[String]) -> ApiResult<Vec<String>> {
    let mut out = Vec::new();
    for t in values {
        let t = t.trim().to_lowercase();
        if t.is_empty() || !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(ApiError::invalid(
                "expertise",
                format!(
                    "`{t}` is not a tag: use lowercase letters, digits and hyphens, like security-analyst"
                ),
            ));
        }
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}

#[utoipa::path(post, operation_id = "create_person", path = "/api/people", tag = "people", request_body = NewPersonRequest,
    responses((status = 201, body = PersonView), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the email or chat handle is taken")))]
pub async fn create(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiJson(req): ApiJson<NewPersonRequest>,
) -> ApiResult<(StatusCode, Json<PersonView>)> {
    require_admin(&actor, "add people to the directory")?;
    let person = Person {
        id: Uuid::now_v7(),
        name: required("name", &req.name)?,
        email: email(&req.email)?,
        chat_handle: optional("chat_handle", req.chat_handle.as_deref())?,
        slack_id: optional("slack_id", req.slack_id.as_deref())?,
        teams_id: entra_id(req.teams_id.as_deref())?,
        expertise: tags(&req.expertise)?,
        team: optional("team", req.team.as_deref())?,
        created_at: jiff::Timestamp::now().as_microsecond(),
    };
    state.directory().create_person(&person).await?;
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
    let mut p = state.person_at(&key).await?;
    if p.id != actor.person.id {
        require_admin(&actor, "change someone else's details")?;
    }
    if let Some(name) = &req.name {
        p.name = required("name", name)?;
    }
    if let Some(e) = &req.email {
        p.email = email(e)?;
    }
    if let Some(h) = &req.chat_handle {
        p.chat_handle = optional("chat_handle", Some(h))?;
    }
    if let Some(s) = &req.slack_id {
        p.slack_id = optional("slack_id", Some(s))?;
    }
    if let Some(s) = &req.teams_id {
        p.teams_id = entra_id(Some(s))?;
    }
    if let Some(t) = &req.expertise {
        p.expertise = tags(t)?;
    }
    if let Some(t) = &req.team {
        p.team = optional("team", Some(t))?;
    }
    state.directory().update_person(&p).await?;
    state.forget_tokens();
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
    require_admin(&actor, "give people logins")?;
    let p = state.person_at(&key).await?;
    let existing = state.logins().user(p.id).await?;
    if p.id == actor.person.id && !req.admin {
        return Err(ApiError::invalid(
            "admin",
            "you cannot remove your own administrator rights; ask another administrator",
        ));
    }
    let password_hash = match &req.password {
        Some(pw) if pw.chars().count() < 12 => {
            return Err(ApiError::invalid(
                "password",
                "a password has at least 12 characters",
            ));
        }
        Some(pw) => Some(hash_password(pw).map_err(ApiError::internal)?),
        None => existing.as_ref().and_then(|u| u.password_hash.clone()),
    };
    let user = User {
        person: p.id,
        admin: req.admin,
        password_hash,
        created_at: existing
            .map(|u| u.created_at)
            .unwrap_or_else(|| jiff::Timestamp::now().as_microsecond()),
    };
    state.logins().upsert_user(&user).await?;
    state.forget_tokens();
    Ok(Json(views::person(&p, Some(&user))))
}
