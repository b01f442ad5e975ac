//! Slack's requests to us: the `/muster` slash command and the Events API.
//! Both are verified with the signing secret before anything is read; the
//! Slack user is mapped to a person by their `slack_id`, and acts under the
//! same rules as in the API (the committer decides, rule 10 applies).

use crate::worker::Notifier;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use jiff::{SignedDuration, Timestamp};
use muster_domain::{IncidentState, Phase};
use muster_slack::events::Envelope;
use muster_slack::slash::{self, SlashRequest};
use muster_slack::verify::verify;
use muster_store::Person;
use serde_json::json;
use std::sync::Arc;

pub fn router(n: Arc<Notifier>) -> Router {
    Router::new()
        .route("/api/slack/commands", post(command))
        .route("/api/slack/events", post(events))
        .with_state(n)
}

fn plain(status: StatusCode, text: &str) -> Response {
    (status, text.to_owned()).into_response()
}

/// The headers of a request Slack signed, as the OpenAPI document names them.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header, rename_all = "kebab-case")]
#[allow(dead_code)] // read by `check` from the raw headers; this is their description
pub(crate) struct SlackSigned {
    /// Unix seconds, within five minutes of now.
    x_slack_request_timestamp: String,
    /// `v0=` and the hex HMAC-SHA256 of `v0:TIMESTAMP:BODY` under the signing secret.
    x_slack_signature: String,
}

/// Verifies Slack's signature on the raw body, or says why not.
fn check(n: &Notifier, headers: &HeaderMap, body: &[u8]) -> Result<(), Box<Response>> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    // An unsigned request is refused as such, whether or not Slack is set up.
    for name in ["x-slack-request-timestamp", "x-slack-signature"] {
        if header(name).is_none_or(str::is_empty) {
            return Err(Box::new(plain(
                StatusCode::UNAUTHORIZED,
                &format!(
                    "refused: the {name} header is missing; only Slack's signed requests are taken here"
                ),
            )));
        }
    }
    let Some(slack) = &n.settings.slack else {
        return Err(Box::new(plain(
            StatusCode::NOT_FOUND,
            "Slack is not set up on this server",
        )));
    };
    verify(
        &slack.signing_secret,
        header("x-slack-request-timestamp"),
        header("x-slack-signature"),
        body,
        Timestamp::now().as_second(),
    )
    .map_err(|e| Box::new(plain(StatusCode::UNAUTHORIZED, &format!("refused: {e}"))))
}

fn reply(in_channel: bool, text: impl Into<String>) -> Response {
    let kind = if in_channel {
        "in_channel"
    } else {
        "ephemeral"
    };
    axum::Json(json!({"response_type": kind, "text": text.into()})).into_response()
}

pub(crate) async fn by_slack_id(n: &Notifier, id: &str) -> anyhow::Result<Option<Person>> {
    crate::chat_commands::by_member_id(n, |p| p.slack_id.as_deref(), id).await
}

/// The open incident whose chat channel is `channel`.
pub(crate) async fn incident_of_channel(
    n: &Notifier,
    channel: &str,
) -> anyhow::Result<Option<Arc<IncidentState>>> {
    for s in n.app.incident_summaries().await? {
        if s.phase == Phase::Closed {
            continue;
        }
        if let Some(state) = n.app.state(s.id).await?
            && state.chat.as_ref().is_some_and(|c| c.channel == channel)
        {
            return Ok(Some(state));
        }
    }
    Ok(None)
}

/// How long a delivery's key is kept: past the signature's five-minute
/// window (a replay outside it is refused by `check`) and past Slack's
/// retries of an event (three, over about an hour).
const REPEATS_END: SignedDuration = SignedDuration::from_hours(2);

/// Whether this delivery (`key`) is the first of its kind: a repeat of a
/// request already acted on, on this instance or another, is not acted on again.
pub(crate) async fn first_delivery(
    n: &Notifier,
    key: &str,
    keep: SignedDuration,
) -> anyhow::Result<bool> {
    let now = Timestamp::now();
    Ok(n.app
        .deliveries()
        .first_delivery(
            key,
            now.as_microsecond(),
            now.saturating_add(keep)?.as_microsecond(),
        )
        .await?)
}

/// Slack's `/muster` slash command, as Slack sends it: a form signed with
/// the app's signing secret (`X-Slack-Signature`, v0 HMAC-SHA256 over the
/// timestamp and body, five-minute window). Not a bearer-token route: the
/// Slack user is mapped to a person by their `slack_id`. A replay of a request
/// already acted on is answered, ephemerally, and not acted on again.
#[utoipa::path(post, operation_id = "slack_command", path = "/api/slack/commands", tag = "chat",
    security(()),
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "Slack's slash-command payload: `command`, `text`, `user_id`, `channel_id`, `team_id`, …"),
    params(SlackSigned),
    responses(
        (status = 200, description = "Slack's reply message: `response_type` (`in_channel` or `ephemeral`) and `text`", body = serde_json::Value, content_type = "application/json"),
        (status = 401, description = "the signature is missing, stale or does not match", body = String, content_type = "text/plain"),
        (status = 404, description = "Slack is not set up on this server", body = String, content_type = "text/plain"),
        (status = 413, description = "the body is larger than 1 MiB", body = String, content_type = "text/plain"),
    ))]
pub(crate) async fn command(
    State(n): State<Arc<Notifier>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(refused) = check(&n, &headers, &body) {
        return *refused;
    }
    // The signature covers the timestamp and the body: the same signature is
    // the same request, replayed (Slack itself sends a command once).
    let signature = headers
        .get("x-slack-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let key = format!("slack:command:{signature}");
    match first_delivery(&n, &key, REPEATS_END).await {
        Ok(true) => {}
        Ok(false) => {
            return reply(
                false,
                "This request was received before and acted on then; nothing was logged again.",
            );
        }
        Err(e) => {
            tracing::warn!(error = %e, "could not check a slash command for a repeat");
            return reply(
                false,
                "Muster could not do that just now; try again, or use the web UI.",
            );
        }
    }
    let req = SlashRequest::parse(&body);
    match run_command(&n, &req).await {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "slash command failed");
            // Nothing was done, so the same request may try again.
            let _ = n.app.deliveries().forget_delivery(&key).await;
            reply(
                false,
                "Muster could not do that just now; try again, or use the web UI.",
            )
        }
    }
}

async fn run_command(n: &Notifier, req: &SlashRequest) -> anyhow::Result<Response> {
    let Some(person) = by_slack_id(n, &req.user_id).await? else {
        return Ok(reply(
            false,
            format!(
                "Your Slack account ({}) is not linked to anyone in Muster, so nothing was logged. Ask an administrator to set your slack_id.",
                req.user_id
            ),
        ));
    };
    let asked = match slash::parse(&req.text) {
        Ok(a) => a,
        Err(message) => return Ok(reply(false, message)),
    };
    let said = crate::chat_commands::run(
        n,
        &crate::chat_commands::Asker {
            person,
            source: "slack",
            prefix: "/muster",
            member_id: |p| p.slack_id.as_deref(),
        },
        asked,
        crate::chat_commands::Place::Channel(&req.channel_id),
    )
    .await?;
    Ok(reply(said.public, said.text))
}

/// Slack's Events API: the `url_verification` challenge echoed, and
/// `reaction_added` with the policy's reaction copying the marked message
/// into the incident's log. Signed as the slash command is; an event Slack
/// retries (the same `event_id`) is acted on once.
#[utoipa::path(post, operation_id = "slack_events", path = "/api/slack/events", tag = "chat",
    security(()),
    request_body(content = serde_json::Value, content_type = "application/json",
        description = "Slack's event envelope: `url_verification` or `event_callback`"),
    params(SlackSigned),
    responses(
        (status = 200, description = "the event was received (for `url_verification`: `{\"challenge\": …}`)", body = serde_json::Value, content_type = "application/json"),
        (status = 400, description = "the body is not a Slack event envelope", body = String, content_type = "text/plain"),
        (status = 401, description = "the signature is missing, stale or does not match", body = String, content_type = "text/plain"),
        (status = 404, description = "Slack is not set up on this server", body = String, content_type = "text/plain"),
        (status = 413, description = "the body is larger than 1 MiB", body = String, content_type = "text/plain"),
        (status = 503, description = "the store could not be asked whether the event is a repeat; Slack delivers it again", body = String, content_type = "text/plain"),
    ))]
pub(crate) async fn events(
    State(n): State<Arc<Notifier>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(refused) = check(&n, &headers, &body) {
        return *refused;
    }
    let envelope = match Envelope::parse(&body) {
        Ok(e) => e,
        Err(message) => return plain(StatusCode::BAD_REQUEST, &message),
    };
    if let Envelope::UrlVerification { challenge } = &envelope {
        return axum::Json(json!({"challenge": challenge})).into_response();
    }
    // Slack retries an event it thinks went unanswered, with the same
    // event_id; a replayed body carries it too.
    if let Some(id) = envelope.event_id() {
        match first_delivery(&n, &format!("slack:event:{id}"), REPEATS_END).await {
            Ok(true) => {}
            Ok(false) => return StatusCode::OK.into_response(),
            Err(e) => {
                // Unanswered, Slack delivers it again, when the store may be back.
                tracing::warn!(error = %e, "could not check a Slack event for a repeat");
                return plain(StatusCode::SERVICE_UNAVAILABLE, "try again");
            }
        }
    }
    if let Some(r) = envelope.reaction_added()
        && r.reaction == n.app.policy().chat.log_reaction
        && let Err(e) = crate::slack_marked::copy_into_log(&n, &r).await
    {
        // Slack retries non-2xx answers; a failure here is ours to log, not theirs to repeat.
        tracing::warn!(error = %e, "copying a marked Slack message into the log failed");
    }
    StatusCode::OK.into_response()
}
