//! A local stand-in for Microsoft's side of Teams: the Entra ID token
//! endpoint, the Graph routes Muster calls, the Bot Connector, and the Bot
//! Framework's OpenID metadata and JWKS. Every request is checked the way
//! Microsoft documents it (method, path, content type, body shape, and a
//! bearer token issued here for the right scope) and refused otherwise with
//! the error Microsoft's service would give; what passes is recorded. It signs
//! the activities it sends Muster with its test key (`teams_keys/`), and can
//! forge them.

use crate::teams_graph::*;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

pub const APP_ID: &str = "5d1e6f7a-0b2c-4d3e-8f90-a1b2c3d4e5f6";
pub const SECRET: &str = "teams-client-secret-for-tests";
pub const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
pub const TEAM: &str = "02bd9fd6-8f93-4758-87c3-1fb73740a315";
pub const OWNER: &str = "0ee10000-0000-4000-8000-0000000000ff";
pub const KID: &str = "muster-test-key-1";
pub const GRAPH_SCOPE: &str = "https://graph.microsoft.com/.default";
pub const BOT_SCOPE: &str = "https://api.botframework.com/.default";
const SIGNER_N: &str = include_str!("teams_keys/signer.n");

/// One request the stand-in took: what was called and its JSON body.
#[derive(Debug, Clone)]
pub struct Call {
    pub what: &'static str,
    pub path: String,
    pub body: Value,
}

/// A member: (membership id, Entra object id, roles).
pub type Member = (String, String, Vec<String>);
/// A channel: (id, display name, description, members).
pub type Channel = (String, String, String, Vec<Member>);

#[derive(Default)]
pub struct Books {
    /// access token → scope.
    pub tokens: Vec<(String, String)>,
    pub token_requests: usize,
    pub jwks_fetches: usize,
    /// channel id → (display name, description, members as (membership id, user id, roles)).
    pub channels: Vec<Channel>,
    /// message id → (channel, body html, author Entra id).
    pub messages: Vec<(String, String, String, Option<String>)>,
    pub calls: Vec<Call>,
    /// The keys the JWKS lists (kid, modulus).
    pub keys: Vec<(String, String)>,
    pub next: u64,
}

#[derive(Clone)]
pub struct Standin {
    pub books: Arc<Mutex<Books>>,
    pub url: String,
}

pub(crate) type Shared = State<Arc<Mutex<Books>>>;

pub(crate) fn graph_error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        axum::Json(json!({"error": {"code": code, "message": message}})),
    )
        .into_response()
}

impl Standin {
    pub async fn start() -> Standin {
        let books = Arc::new(Mutex::new(Books {
            keys: vec![(KID.into(), SIGNER_N.trim().into())],
            ..Books::default()
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = Router::new()
            .route("/{tenant}/oauth2/v2.0/token", post(token))
            .route("/openid", get(openid))
            .route("/keys", get(keys))
            .route("/v1.0/teams/{team}/channels", post(create_channel))
            .route(
                "/v1.0/teams/{team}/channels/{ch}",
                axum::routing::patch(update_channel),
            )
            .route(
                "/v1.0/teams/{team}/channels/{ch}/members",
                get(members).post(add_member),
            )
            .route(
                "/v1.0/teams/{team}/channels/{ch}/members/{m}",
                axum::routing::delete(remove_member),
            )
            .route(
                "/v1.0/teams/{team}/channels/{ch}/messages/{id}",
                get(message),
            )
            .route(
                "/v1.0/teams/{team}/channels/{ch}/messages/{root}/replies/{id}",
                get(reply),
            )
            .route("/connector/v3/conversations", post(create_conversation))
            .route(
                "/connector/v3/conversations/{id}/activities",
                post(send_activity),
            )
            .fallback(|m: Method, u: Uri| async move {
                graph_error(
                    StatusCode::BAD_REQUEST,
                    "BadRequest",
                    &format!("Unsupported request: {m} {u}"),
                )
            })
            .with_state(books.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Standin { books, url }
    }

    pub fn service_url(&self) -> String {
        format!("{}/connector/", self.url)
    }

    pub fn calls(&self, what: &str) -> Vec<Call> {
        let b = self.books.lock().unwrap();
        b.calls.iter().filter(|c| c.what == what).cloned().collect()
    }

    /// A message someone wrote in `channel`, for a reaction to point at.
    pub fn said(&self, channel: &str, id: &str, html: &str, author: &str) {
        let mut b = self.books.lock().unwrap();
        b.messages
            .push((id.into(), channel.into(), html.into(), Some(author.into())));
    }
}

pub(crate) fn record(books: &Mutex<Books>, what: &'static str, path: String, body: Value) {
    books.lock().unwrap().calls.push(Call { what, path, body });
}

/// The bearer token must be one this stand-in issued for `scope`, as Graph
/// and the Bot Connector each accept only tokens for their own audience.
pub(crate) fn authorised(
    books: &Mutex<Books>,
    headers: &HeaderMap,
    scope: &str,
) -> Result<(), Box<Response>> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let b = books.lock().unwrap();
    match b.tokens.iter().find(|(t, _)| t == token) {
        Some((_, s)) if s == scope => Ok(()),
        Some(_) => Err(Box::new(graph_error(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            "Access token validation failure. Invalid audience.",
        ))),
        None => Err(Box::new(graph_error(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            "Access token is empty or invalid.",
        ))),
    }
}

/// A JSON body, as every write Muster makes must send.
pub(crate) fn json_body(headers: &HeaderMap, body: &[u8]) -> Result<Value, Box<Response>> {
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !ct.starts_with("application/json") {
        return Err(Box::new(graph_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaType",
            "Content-Type must be application/json",
        )));
    }
    serde_json::from_slice(body).map_err(|_| {
        Box::new(graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "Invalid JSON in the request body.",
        ))
    })
}

/// Entra ID's token endpoint, client credentials only.
async fn token(
    State(books): Shared,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let aad = |status: StatusCode, error: &str, description: &str| {
        (
            status,
            axum::Json(json!({"error": error, "error_description": description})),
        )
            .into_response()
    };
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !ct.starts_with("application/x-www-form-urlencoded") {
        return aad(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "AADSTS900144: The request body must contain the following parameter: 'grant_type'.",
        );
    }
    let form: std::collections::HashMap<String, String> =
        form_urlencoded::parse(&body).into_owned().collect();
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    if tenant != TENANT {
        return aad(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            &format!("AADSTS90002: Tenant '{tenant}' not found."),
        );
    }
    if field("grant_type") != "client_credentials" {
        return aad(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "AADSTS70003: The app requested an unsupported grant type.",
        );
    }
    if field("client_id") != APP_ID {
        return aad(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            "AADSTS700016: Application not found in the directory.",
        );
    }
    if field("client_secret") != SECRET {
        return aad(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "AADSTS7000215: Invalid client secret provided.",
        );
    }
    let scope = field("scope").to_owned();
    if scope != GRAPH_SCOPE && scope != BOT_SCOPE {
        return aad(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
        );
    }
    let mut b = books.lock().unwrap();
    b.next += 1;
    b.token_requests += 1;
    let token = format!("eyJ0.standin-token-{}", b.next);
    b.tokens.push((token.clone(), scope));
    axum::Json(json!({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": token})).into_response()
}

async fn openid(State(_): Shared, headers: HeaderMap) -> Response {
    let host = headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    axum::Json(json!({
        "issuer": "https://api.botframework.com",
        "authorization_endpoint": "https://invalid.botframework.com",
        "jwks_uri": format!("http://{host}/keys"),
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
    }))
    .into_response()
}

async fn keys(State(books): Shared) -> Response {
    let mut b = books.lock().unwrap();
    b.jwks_fetches += 1;
    let keys: Vec<Value> = b
        .keys
        .iter()
        .map(|(kid, n)| json!({"kty": "RSA", "use": "sig", "kid": kid, "n": n, "e": "AQAB", "endorsements": ["msteams"]}))
        .collect();
    axum::Json(json!({ "keys": keys })).into_response()
}

/// The Bot Framework's checks on a message activity Muster sends.
fn check_activity(a: &Value) -> Result<(), String> {
    if a["type"] != "message" {
        return Err("activity.type must be message".into());
    }
    let text = a["text"].as_str().unwrap_or_default();
    if text.is_empty() {
        return Err("activity.text is required for a message without attachments".into());
    }
    for e in a["entities"].as_array().cloned().unwrap_or_default() {
        if e["type"] == "mention" {
            let t = e["text"].as_str().unwrap_or_default();
            if !t.starts_with("<at>") || !text.contains(t) {
                return Err(format!(
                    "mention text {t:?} must appear in the message text"
                ));
            }
            if e["mentioned"]["id"].as_str().is_none_or(str::is_empty)
                || e["mentioned"]["name"].as_str().is_none_or(str::is_empty)
            {
                return Err("mentioned.id and mentioned.name are required".into());
            }
        }
    }
    Ok(())
}

fn connector_error(message: &str) -> Response {
    graph_error(StatusCode::BAD_REQUEST, "BadArgument", message)
}

async fn create_conversation(State(books): Shared, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(r) = authorised(&books, &headers, BOT_SCOPE) {
        return *r;
    }
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let channel = body["channelData"]["channel"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    if body["isGroup"] != true || channel.is_empty() {
        return connector_error(
            "a channel conversation needs isGroup: true and channelData.channel.id",
        );
    }
    if let Err(e) = check_activity(&body["activity"]) {
        return connector_error(&e);
    }
    let mut b = books.lock().unwrap();
    if !b.channels.iter().any(|c| c.0 == channel) {
        return graph_error(
            StatusCode::NOT_FOUND,
            "ConversationNotFound",
            "Conversation not found.",
        );
    }
    b.next += 1;
    let message = format!("17000000000{:02}", b.next);
    let text = body["activity"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    b.messages
        .push((message.clone(), channel.clone(), text, None));
    b.calls.push(Call {
        what: "channel post",
        path: channel.clone(),
        body,
    });
    (
        StatusCode::CREATED,
        axum::Json(json!({"id": format!("{channel};messageid={message}"), "activityId": message})),
    )
        .into_response()
}

async fn send_activity(
    State(books): Shared,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(r) = authorised(&books, &headers, BOT_SCOPE) {
        return *r;
    }
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    if let Err(e) = check_activity(&body) {
        return connector_error(&e);
    }
    record(&books, "reply", id, body);
    (
        StatusCode::CREATED,
        axum::Json(json!({"id": "1700000009999"})),
    )
        .into_response()
}
