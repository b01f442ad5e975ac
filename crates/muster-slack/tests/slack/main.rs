//! The Slack client against a local stand-in: Slack's `ok: false` answers and
//! rate limits become errors a caller can act on, and tolerated errors
//! (already in the channel, already pinned) are not errors.

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use muster_slack::{SlackClient, SlackError};
use serde_json::json;
use std::time::Duration;

async fn standin() -> String {
    let app = axum::Router::new().route(
        "/api/{method}",
        axum::routing::post(
            |Path(method): Path<String>, headers: HeaderMap| async move {
                if headers.get("authorization").and_then(|v| v.to_str().ok())
                    != Some("Bearer xoxb-1")
                {
                    return axum::Json(json!({"ok": false, "error": "invalid_auth"}))
                        .into_response();
                }
                match method.as_str() {
                    "conversations.invite" => {
                        axum::Json(json!({"ok": false, "error": "already_in_channel"}))
                            .into_response()
                    }
                    "pins.add" => {
                        axum::Json(json!({"ok": false, "error": "already_pinned"})).into_response()
                    }
                    "conversations.create" => {
                        axum::Json(json!({"ok": false, "error": "name_taken"})).into_response()
                    }
                    "chat.postMessage" => {
                        (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "7")], "").into_response()
                    }
                    _ => axum::Json(json!({"ok": true})).into_response(),
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test]
async fn slack_answers_become_errors_a_caller_can_act_on() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let url = standin().await;
    let http = reqwest::Client::new();
    let slack = SlackClient::new(&url, "xoxb-1", http.clone());
    slack
        .invite("C1", &["U1".into()])
        .await
        .expect("already in is fine");
    slack
        .pin("C1", "1.2")
        .await
        .expect("already pinned is fine");
    slack
        .set_topic("C1", &"x".repeat(400))
        .await
        .expect("topic");
    let err = slack.create_private_channel("inc-1").await.unwrap_err();
    assert_eq!(err.code(), Some("name_taken"));
    match slack.post_message("C1", "hi").await.unwrap_err() {
        SlackError::RateLimited { retry_after, .. } => {
            assert_eq!(retry_after, Duration::from_secs(7))
        }
        other => panic!("{other:?}"),
    }
    let wrong = SlackClient::new(&url, "xoxb-2", http);
    assert_eq!(
        wrong.set_topic("C1", "t").await.unwrap_err().code(),
        Some("invalid_auth")
    );
    assert!(
        format!("{wrong:?}").contains("base") && !format!("{wrong:?}").contains("xoxb"),
        "the token is never printed"
    );
}
