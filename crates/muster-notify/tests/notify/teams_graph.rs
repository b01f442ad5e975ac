//! The stand-in's Microsoft Graph v1.0 routes, each checked as Graph's
//! reference documents it: `POST /teams/{team}/channels` (a private channel
//! with an owner), `GET`/`POST …/members`, `DELETE …/members/{id}`,
//! `PATCH /teams/{team}/channels/{ch}`, and reading a message or a reply.

use crate::teams_standin::*;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Mutex;

const BAD_NAME_CHARS: &[char] = &[
    '~', '#', '%', '&', '*', '{', '}', '+', '/', '\\', ':', '<', '>', '?', '|', '\'', '"',
];

/// `users('GUID')` or `users/GUID` at the end of an `@odata.bind`.
fn bound_user(member: &Value) -> Option<String> {
    let bind = member["user@odata.bind"].as_str()?;
    let tail = bind.rsplit_once("/users")?.1;
    let id = tail
        .trim_start_matches('/')
        .trim_start_matches("('")
        .trim_end_matches("')");
    uuid::Uuid::parse_str(id).ok().map(|_| id.to_owned())
}

fn check_member(m: &Value) -> Result<(String, Vec<String>), String> {
    if m["@odata.type"] != "#microsoft.graph.aadUserConversationMember" {
        return Err("a member must be #microsoft.graph.aadUserConversationMember".into());
    }
    let roles: Vec<String> = serde_json::from_value(m["roles"].clone())
        .map_err(|_| "roles must be a list".to_owned())?;
    if roles.iter().any(|r| r != "owner") {
        return Err("roles must be owner or empty".into());
    }
    let user = bound_user(m)
        .ok_or("user@odata.bind must name https://graph.microsoft.com/v1.0/users('{id}')")?;
    Ok((user, roles))
}

pub(crate) fn checked(
    books: &Mutex<Books>,
    headers: &HeaderMap,
    team: &str,
    scope: &str,
) -> Result<(), Box<Response>> {
    authorised(books, headers, scope)?;
    if team != TEAM {
        return Err(Box::new(graph_error(
            StatusCode::NOT_FOUND,
            "NotFound",
            &format!("No team found with Group Id {team}"),
        )));
    }
    Ok(())
}

pub(crate) async fn create_channel(
    State(books): Shared,
    Path(team): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(r) = checked(&books, &headers, &team, GRAPH_SCOPE) {
        return *r;
    }
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let bad = |m: &str| graph_error(StatusCode::BAD_REQUEST, "BadRequest", m);
    let name = body["displayName"].as_str().unwrap_or_default().to_owned();
    if body["@odata.type"] != "#Microsoft.Graph.channel" {
        return bad("@odata.type must be #Microsoft.Graph.channel");
    }
    if name.is_empty() || name.chars().count() > 50 || name.contains(BAD_NAME_CHARS) {
        return bad(
            "displayName is required, at most 50 characters, without ~ # % & * { } + / \\ : < > ? | ' \"",
        );
    }
    if body["membershipType"] != "private" {
        return bad("Muster's channels are private: membershipType must be private");
    }
    let mut members = Vec::new();
    for m in body["members"].as_array().cloned().unwrap_or_default() {
        match check_member(&m) {
            Ok((user, roles)) => members.push((format!("mem-{user}"), user, roles)),
            Err(e) => return bad(&e),
        }
    }
    // Graph: an application creating a private channel must name an owner.
    if !members
        .iter()
        .any(|(_, _, r)| r.iter().any(|r| r == "owner"))
    {
        return bad(
            "An owner is required when creating a private channel with application permissions.",
        );
    }
    let mut b = books.lock().unwrap();
    if b.channels.iter().any(|c| c.1.eq_ignore_ascii_case(&name)) {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "NameAlreadyExists",
            "Channel name already existed, please use other name.",
        );
    }
    b.next += 1;
    let id = format!("19:standin{}@thread.tacv2", b.next);
    let description = body["description"].as_str().unwrap_or_default().to_owned();
    b.channels
        .push((id.clone(), name.clone(), description, members));
    b.calls.push(Call {
        what: "create channel",
        path: team,
        body: body.clone(),
    });
    let web_url = format!("https://teams.microsoft.com/l/channel/{id}/{name}");
    (
        StatusCode::CREATED,
        axum::Json(
            json!({"id": id, "displayName": name, "membershipType": "private", "webUrl": web_url}),
        ),
    )
        .into_response()
}

pub(crate) async fn update_channel(
    State(books): Shared,
    Path((team, ch)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(r) = checked(&books, &headers, &team, GRAPH_SCOPE) {
        return *r;
    }
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let Some(fields) = body.as_object() else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "the body must be a channel object",
        );
    };
    if fields
        .keys()
        .any(|k| k != "description" && k != "displayName")
    {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "only displayName and description may be changed",
        );
    }
    let description = body["description"].as_str().unwrap_or_default();
    if description.chars().count() > 1024 {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "description is at most 1024 characters",
        );
    }
    let mut b = books.lock().unwrap();
    let Some(c) = b.channels.iter_mut().find(|c| c.0 == ch) else {
        return graph_error(StatusCode::NOT_FOUND, "NotFound", "Channel not found");
    };
    c.2 = description.to_owned();
    b.calls.push(Call {
        what: "update channel",
        path: ch,
        body,
    });
    StatusCode::NO_CONTENT.into_response()
}

pub(crate) async fn members(
    State(books): Shared,
    Path((team, ch)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = checked(&books, &headers, &team, GRAPH_SCOPE) {
        return *r;
    }
    let b = books.lock().unwrap();
    let Some(c) = b.channels.iter().find(|c| c.0 == ch) else {
        return graph_error(StatusCode::NOT_FOUND, "NotFound", "Channel not found");
    };
    let value: Vec<Value> = c.3.iter().map(|(id, user, roles)| json!({"@odata.type": "#microsoft.graph.aadUserConversationMember", "id": id, "userId": user, "roles": roles})).collect();
    axum::Json(json!({ "value": value })).into_response()
}

pub(crate) async fn add_member(
    State(books): Shared,
    Path((team, ch)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(r) = checked(&books, &headers, &team, GRAPH_SCOPE) {
        return *r;
    }
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let (user, roles) = match check_member(&body) {
        Ok(m) => m,
        Err(e) => return graph_error(StatusCode::BAD_REQUEST, "BadRequest", &e),
    };
    let mut b = books.lock().unwrap();
    let Some(c) = b.channels.iter_mut().find(|c| c.0 == ch) else {
        return graph_error(StatusCode::NOT_FOUND, "NotFound", "Channel not found");
    };
    if c.3.iter().any(|m| m.1 == user) {
        return graph_error(
            StatusCode::CONFLICT,
            "Conflict",
            "The user is already a member of the channel.",
        );
    }
    c.3.push((format!("mem-{user}"), user.clone(), roles));
    b.calls.push(Call {
        what: "add member",
        path: ch,
        body,
    });
    (
        StatusCode::CREATED,
        axum::Json(json!({"id": format!("mem-{user}"), "userId": user})),
    )
        .into_response()
}

pub(crate) async fn remove_member(
    State(books): Shared,
    Path((team, ch, m)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = checked(&books, &headers, &team, GRAPH_SCOPE) {
        return *r;
    }
    let mut b = books.lock().unwrap();
    let Some(c) = b.channels.iter_mut().find(|c| c.0 == ch) else {
        return graph_error(StatusCode::NOT_FOUND, "NotFound", "Channel not found");
    };
    let before = c.3.len();
    c.3.retain(|x| x.0 != m);
    if c.3.len() == before {
        return graph_error(StatusCode::NOT_FOUND, "NotFound", "Member not found");
    }
    b.calls.push(Call {
        what: "remove member",
        path: m,
        body: Value::Null,
    });
    StatusCode::NO_CONTENT.into_response()
}

fn chat_message(books: &Mutex<Books>, ch: &str, id: &str) -> Response {
    let b = books.lock().unwrap();
    match b.messages.iter().find(|m| m.0 == id && m.1 == ch) {
        Some((id, _, html, author)) => axum::Json(json!({
            "id": id, "messageType": "message",
            "body": {"contentType": "html", "content": html},
            "from": {"user": {"id": author, "userIdentityType": "aadUser"}},
        }))
        .into_response(),
        None => graph_error(StatusCode::NOT_FOUND, "NotFound", "Message not found"),
    }
}

pub(crate) async fn message(
    State(books): Shared,
    Path((team, ch, id)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = checked(&books, &headers, &team, GRAPH_SCOPE) {
        return *r;
    }
    record(&books, "get message", id.clone(), Value::Null);
    chat_message(&books, &ch, &id)
}

pub(crate) async fn reply(
    State(books): Shared,
    Path((team, ch, root, id)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = checked(&books, &headers, &team, GRAPH_SCOPE) {
        return *r;
    }
    record(&books, "get reply", format!("{root}/{id}"), Value::Null);
    chat_message(&books, &ch, &id)
}
