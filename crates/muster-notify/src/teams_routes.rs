//! The bot's messaging endpoint: the Bot Connector POSTs every activity for
//! the bot here. Each request's Bot Framework JWT is verified first
//! ([`muster_teams::verify`]); then a `message` to the bot is a command (the
//! same ones as Slack's `/muster`), answered through the Bot Connector, and a
//! `messageReaction` with the configured reaction copies the message into the
//! log. Each activity is acted on once (`App::deliveries()`), however often
//! the connector redelivers it.

use crate::chat_commands::{self, Asker, Place};
use crate::slack_routes::first_delivery;
use crate::worker::Notifier;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use jiff::SignedDuration;
use muster_slack::slash::{self, Verb};
use muster_teams::activity::Activity;
use muster_teams::connector::ConnectorClient;
use muster_teams::verify::Verifier;
use std::sync::Arc;

/// What the endpoint needs beyond the chat: the JWT check and the replies.
pub struct TeamsBot {
    pub verifier: Verifier,
    pub connector: Arc<ConnectorClient>,
    pub log_reaction: String,
}

pub fn router(n: Arc<Notifier>) -> Router {
    Router::new()
        .route("/api/teams/messages", post(messages))
        .with_state(n)
}

fn plain(status: StatusCode, text: &str) -> Response {
    (status, text.to_owned()).into_response()
}

/// Past the token's lifetime (an hour) and the connector's retries.
const REPEATS_END: SignedDuration = SignedDuration::from_hours(2);

/// The Bot Connector's activities for Muster's bot (the messaging endpoint
/// registered with the Azure Bot). Not a bearer-token route of Muster's:
/// `Authorization: Bearer` carries the Bot Framework's own JWT, checked
/// against its published keys (issuer `https://api.botframework.com`,
/// audience the bot's app id, `exp`/`nbf`, the `serviceUrl` claim). The
/// sender is mapped to a person by `from.aadObjectId` (their `teams_id`).
#[utoipa::path(post, operation_id = "teams_messages", path = "/api/teams/messages", tag = "chat",
    security(()),
    request_body(content = serde_json::Value, content_type = "application/json",
        description = "a Bot Framework activity: `message` (a command to the bot) or `messageReaction`; others are accepted and ignored"),
    params(("Authorization" = String, Header, description = "`Bearer <JWT>` signed by the Bot Framework")),
    responses(
        (status = 200, description = "the activity was received (answers go back through the Bot Connector)"),
        (status = 400, description = "the body is not a Bot Framework activity", body = String, content_type = "text/plain"),
        (status = 401, description = "the Bot Framework token is missing, forged, expired, for another bot or another service URL", body = String, content_type = "text/plain"),
        (status = 404, description = "Microsoft Teams is not set up on this server", body = String, content_type = "text/plain"),
        (status = 413, description = "the body is larger than 1 MiB", body = String, content_type = "text/plain"),
        (status = 503, description = "the store could not be asked whether the activity is a repeat; the connector delivers it again", body = String, content_type = "text/plain"),
    ))]
pub(crate) async fn messages(
    State(n): State<Arc<Notifier>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let authorization = headers.get("authorization").and_then(|v| v.to_str().ok());
    // An unsigned request is refused as such, whether or not Teams is set up.
    if authorization.is_none_or(|a| a.trim().is_empty()) {
        return plain(
            StatusCode::UNAUTHORIZED,
            "refused: the Authorization header is missing; only the Bot Framework's signed activities are taken here",
        );
    }
    let Some(bot) = &n.teams else {
        return plain(
            StatusCode::NOT_FOUND,
            "Microsoft Teams is not set up on this server",
        );
    };
    let activity = match Activity::parse(&body) {
        Ok(a) => a,
        Err(message) => return plain(StatusCode::BAD_REQUEST, &message),
    };
    if let Err(e) = bot
        .verifier
        .verify(authorization, &activity.channel_id, &activity.service_url)
        .await
    {
        tracing::info!(error = %e, "refused an activity for the Teams bot");
        return plain(StatusCode::UNAUTHORIZED, &format!("refused: {e}"));
    }
    // The connector redelivers an activity it thinks went unanswered, with the same id.
    let key = format!(
        "teams:activity:{}:{}",
        activity.conversation.id, activity.id
    );
    match first_delivery(&n, &key, REPEATS_END).await {
        Ok(true) => {}
        Ok(false) => return StatusCode::OK.into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "could not check a Teams activity for a repeat");
            return plain(StatusCode::SERVICE_UNAVAILABLE, "try again");
        }
    }
    let done = match activity.kind.as_str() {
        "message" => command(&n, bot, &activity).await,
        "messageReaction"
            if activity
                .reactions_added
                .iter()
                .any(|r| r.kind == bot.log_reaction) =>
        {
            crate::teams_marked::copy_into_log(&n, &activity).await
        }
        _ => Ok(()),
    };
    if let Err(e) = done {
        tracing::warn!(error = %e, kind = %activity.kind, "a Teams activity failed");
        // Nothing was done, so the connector's redelivery may try again.
        let _ = n.app.deliveries().forget_delivery(&key).await;
    }
    StatusCode::OK.into_response()
}

async fn command(n: &Notifier, bot: &TeamsBot, a: &Activity) -> anyhow::Result<()> {
    let answer = |text: String| async move {
        bot.connector
            .send(&a.service_url, &a.conversation.id, &text, Some(&a.id))
            .await
    };
    let aad = a.from.aad_object_id.as_deref().unwrap_or_default();
    let person = match by_teams_id(n, aad).await? {
        Some(p) if !aad.is_empty() => p,
        _ => {
            answer(format!(
                "Your Teams account ({}) is not linked to anyone in Muster, so nothing was logged. Ask an administrator to set your teams_id to your Entra object id.",
                if aad.is_empty() { &a.from.id } else { aad }
            ))
            .await?;
            return Ok(());
        }
    };
    let asked = match slash::parse(&mention_to_contact(n, &a.command_text()).await?) {
        Ok(asked) if asked.verb == Verb::Help => {
            answer(slash::USAGE.replace("/muster", "@Muster")).await?;
            return Ok(());
        }
        Ok(asked) => asked,
        Err(message) => {
            answer(message.replace("/muster", "@Muster")).await?;
            return Ok(());
        }
    };
    let channel = a.teams_channel().unwrap_or(&a.conversation.id);
    // Only a personal chat with the bot is seen by the asker alone.
    let place = if a.conversation.conversation_type == "personal" {
        Place::Channel(channel)
    } else {
        Place::Shared(channel)
    };
    let asker = Asker {
        person,
        source: "teams",
        prefix: "@Muster",
        member_id: |p| p.teams_id.as_deref(),
    };
    let r = chat_commands::run(n, &asker, asked, place).await?;
    answer(r.text).await?;
    Ok(())
}

/// The person whose Entra object id is `aad` (stored lower-case, as Teams
/// sends it; compared so whatever the case).
pub(crate) async fn by_teams_id(
    n: &Notifier,
    aad: &str,
) -> anyhow::Result<Option<muster_store::Person>> {
    chat_commands::by_member_id(n, |p| p.teams_id.as_deref(), &aad.to_ascii_lowercase()).await
}

/// Teams writes a mentioned person as `<at>Their Name</at>`; the command
/// parser wants one word, so a name the directory knows becomes their email.
async fn mention_to_contact(n: &Notifier, text: &str) -> anyhow::Result<String> {
    if !text.contains("<at>") {
        return Ok(text.to_owned());
    }
    let people = n.app.directory().list_people().await?;
    let mut out = text.to_owned();
    for p in &people {
        let tag = format!("<at>{}</at>", p.name);
        if out.contains(&tag) && people.iter().filter(|q| q.name == p.name).count() == 1 {
            out = out.replace(&tag, &p.email);
        }
    }
    Ok(out)
}
