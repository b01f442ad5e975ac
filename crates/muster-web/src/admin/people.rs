//! The people directory in the browser: everyone with their expertise tags
//! and login, a person added or changed, given a login, an administrator's
//! right or a new password, or deactivated.

use super::{form, reply, require};
use crate::error::WebError;
use crate::fields::Fields;
use crate::layout::{Layout, render};
use crate::session::WebUser;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use muster_app::App;
use muster_app::admin::{PersonChanges, PersonInput};
use muster_app::views::ts;
use muster_store::Person;

pub struct PersonRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub chat_handle: String,
    pub slack_id: String,
    pub matrix_id: String,
    pub team: String,
    pub expertise: Vec<String>,
    /// `none`, `user` or `admin`.
    pub login: &'static str,
    pub password: bool,
    pub tokens: usize,
}

pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub created: String,
    pub revoked: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/people.html")]
struct PeoplePage {
    layout: Layout,
    tab: &'static str,
    people: Vec<PersonRow>,
}

#[derive(Template)]
#[template(path = "admin/person.html")]
struct PersonPage {
    layout: Layout,
    tab: &'static str,
    p: PersonRow,
    tokens: Vec<TokenRow>,
    is_me: bool,
}

async fn row(app: &App, p: &Person) -> Result<PersonRow, WebError> {
    let user = app.logins().user(p.id).await?;
    let tokens = app.logins().tokens_of(p.id).await?;
    Ok(PersonRow {
        id: p.id.to_string(),
        name: p.name.clone(),
        email: p.email.clone(),
        chat_handle: p.chat_handle.clone().unwrap_or_default(),
        slack_id: p.slack_id.clone().unwrap_or_default(),
        matrix_id: p.matrix_id.clone().unwrap_or_default(),
        team: p.team.clone().unwrap_or_default(),
        expertise: p.expertise.clone(),
        login: match &user {
            None => "none",
            Some(u) if u.admin => "admin",
            Some(_) => "user",
        },
        password: user.is_some_and(|u| u.password_hash.is_some()),
        tokens: tokens.iter().filter(|t| t.revoked_at.is_none()).count(),
    })
}

/// Tags as typed in one box: commas or spaces between them.
fn tag_list(form: &Fields) -> Vec<String> {
    form.get("expertise")
        .unwrap_or("")
        .split([',', ' '])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

pub async fn list(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    require(&user)?;
    let mut people = Vec::new();
    for p in app.directory().list_people().await? {
        people.push(row(&app, &p).await?);
    }
    let layout = Layout::new("People", &user, &headers);
    let had_flash = layout.flash.is_some();
    Ok(render(
        StatusCode::OK,
        &headers,
        had_flash,
        &PeoplePage {
            layout,
            tab: "people",
            people,
        },
    ))
}

pub async fn add(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let back = "/admin/people";
    let outcome = async {
        let form = form(&user, &body)?;
        let input = PersonInput {
            name: form.get("name").unwrap_or("").to_owned(),
            email: form.get("email").unwrap_or("").to_owned(),
            chat_handle: form.opt("chat_handle"),
            slack_id: form.opt("slack_id"),
            matrix_id: form.opt("matrix_id"),
            teams_id: form.opt("teams_id"),
            expertise: tag_list(&form),
            team: form.opt("team"),
        };
        let p = app.add_person(&user.actor, input).await?;
        Ok((
            format!("/admin/people/{}", p.id),
            format!("Added {} to the directory.", p.name),
        ))
    }
    .await;
    reply(&headers, back, outcome)
}

pub async fn edit(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(key): Path<String>,
) -> Result<Response, WebError> {
    require(&user)?;
    let p = app.person_at(&key).await?;
    let tokens = app
        .logins()
        .tokens_of(p.id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id.to_string(),
            name: t.name,
            created: crate::time::short(ts(t.created_at), jiff::Timestamp::now()),
            revoked: t
                .revoked_at
                .map(|r| crate::time::short(ts(r), jiff::Timestamp::now())),
        })
        .collect();
    let is_me = p.id == user.actor.person.id;
    let p = row(&app, &p).await?;
    let layout = Layout::new(p.name.clone(), &user, &headers);
    let had_flash = layout.flash.is_some();
    Ok(render(
        StatusCode::OK,
        &headers,
        had_flash,
        &PersonPage {
            layout,
            tab: "people",
            p,
            tokens,
            is_me,
        },
    ))
}

pub async fn change(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(key): Path<String>,
    body: Bytes,
) -> Response {
    let back = format!("/admin/people/{key}");
    let outcome = async {
        let form = form(&user, &body)?;
        // Every box is on the form: an emptied optional box clears the field.
        let changes = PersonChanges {
            name: Some(form.get("name").unwrap_or("").to_owned()),
            email: Some(form.get("email").unwrap_or("").to_owned()),
            chat_handle: Some(form.get("chat_handle").unwrap_or("").to_owned()),
            slack_id: Some(form.get("slack_id").unwrap_or("").to_owned()),
            matrix_id: Some(form.get("matrix_id").unwrap_or("").to_owned()),
            // Teams' box is changed only when it was sent.
            teams_id: form.get("teams_id").map(str::to_owned),
            expertise: Some(tag_list(&form)),
            team: Some(form.get("team").unwrap_or("").to_owned()),
        };
        let p = app.change_person(&user.actor, &key, changes).await?;
        Ok((back.clone(), format!("Saved {}'s details.", p.name)))
    }
    .await;
    reply(&headers, &back, outcome)
}

/// The login form: an administrator's right and a new password, or the
/// deactivate button (`deactivate=yes`).
pub async fn login(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(key): Path<String>,
    body: Bytes,
) -> Response {
    let back = format!("/admin/people/{key}");
    let outcome = async {
        let form = form(&user, &body)?;
        if form.get("deactivate").is_some() {
            let (p, revoked) = app.deactivate(&user.actor, &key).await?;
            return Ok::<_, WebError>((
                back.clone(),
                format!(
                    "Deactivated {}: no password, no administrator's right, {revoked} token(s) revoked.",
                    p.name
                ),
            ));
        }
        let password = form.get("password");
        if let Some(pw) = password
            && form.get("password_again") != Some(pw)
        {
            return Err(WebError::Api(muster_app::AppError::invalid(
                "password_again",
                "the two passwords differ: type the same one twice",
            )));
        }
        let (p, u) = app
            .set_login(&user.actor, &key, form.checked("admin"), password)
            .await?;
        let message = format!(
            "{} has a login{}{}.",
            p.name,
            if u.admin { " as an administrator" } else { "" },
            if password.is_some() {
                " and the new password"
            } else {
                ""
            }
        );
        Ok((back.clone(), message))
    }
    .await;
    reply(&headers, &back, outcome)
}
