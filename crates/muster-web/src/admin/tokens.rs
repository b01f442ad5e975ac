//! API tokens in the browser: everyone's tokens, one minted (its secret shown
//! on the answer page only, never stored or shown again) and one revoked.

use super::{form, id, reply, require};
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::session::WebUser;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jiff::Timestamp;
use muster_app::App;
use muster_app::views::ts;

pub struct Row {
    pub id: String,
    pub person: String,
    pub name: String,
    pub created: String,
    pub revoked: Option<String>,
}

pub struct Choice {
    pub id: String,
    pub name: String,
}

/// A token just minted: shown once, on this page.
pub struct Minted {
    pub name: String,
    pub person: String,
    pub secret: String,
}

#[derive(Template)]
#[template(path = "admin/tokens.html")]
struct TokensPage {
    layout: Layout,
    tab: &'static str,
    tokens: Vec<Row>,
    people: Vec<Choice>,
    minted: Option<Minted>,
}

async fn page(
    app: &App,
    user: &WebUser,
    headers: &HeaderMap,
    status: StatusCode,
    minted: Option<Minted>,
) -> Result<Response, WebError> {
    let now = Timestamp::now();
    let mut tokens = Vec::new();
    let mut people = Vec::new();
    for p in app.directory().list_people().await? {
        if app.logins().user(p.id).await?.is_none() {
            continue;
        }
        for t in app.logins().tokens_of(p.id).await? {
            tokens.push(Row {
                id: t.id.to_string(),
                person: p.name.clone(),
                name: t.name,
                created: crate::time::short(ts(t.created_at), now),
                revoked: t.revoked_at.map(|r| crate::time::short(ts(r), now)),
            });
        }
        people.push(Choice {
            id: p.id.to_string(),
            name: p.name,
        });
    }
    // Active tokens first, then the newest.
    tokens.sort_by(|a, b| {
        a.revoked
            .is_some()
            .cmp(&b.revoked.is_some())
            .then(b.id.cmp(&a.id))
    });
    let layout = Layout::new("API tokens", user, headers);
    let had_flash = layout.flash.is_some();
    let mut response = render(
        status,
        headers,
        had_flash,
        &TokensPage {
            layout,
            tab: "tokens",
            tokens,
            people,
            minted,
        },
    );
    // The page with a secret on it must not be kept by anything in between.
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

pub async fn list(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    require(&user)?;
    page(&app, &user, &headers, StatusCode::OK, None).await
}

/// Mints a token and answers with the page that shows its secret, once: a
/// redirect would have to carry the secret in a cookie or a URL.
pub async fn mint(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let outcome = async {
        let form = form(&user, &body)?;
        let token = app
            .mint_token_as(
                &user.actor,
                form.get("person"),
                form.get("name").unwrap_or(""),
            )
            .await?;
        let person = app
            .directory()
            .person(token.person)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        page(
            &app,
            &user,
            &headers,
            StatusCode::CREATED,
            Some(Minted {
                name: token.name,
                person,
                secret: token.token,
            }),
        )
        .await
    }
    .await;
    match outcome {
        Ok(response) => response,
        Err(e) => reply(&headers, "/admin/tokens", Err(e)),
    }
}

/// Only a page of the admin pages is a place to come back to.
fn back(form: &crate::fields::Fields) -> String {
    match form.get("back") {
        Some(b)
            if b.starts_with("/admin/")
                && b[1..]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/') =>
        {
            b.to_owned()
        }
        _ => "/admin/tokens".into(),
    }
}

pub async fn revoke(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let mut to = "/admin/tokens".to_owned();
    let outcome = async {
        let form = form(&user, &body)?;
        to = back(&form);
        let token = id(&raw, "token")?;
        app.revoke_token_as(&user.actor, token).await?;
        Ok((
            to.clone(),
            "Revoked the token: it no longer works.".to_owned(),
        ))
    }
    .await;
    reply(&headers, &to, outcome)
}
