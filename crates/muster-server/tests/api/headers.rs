//! Headers on the JSON API: every response about a restricted incident is
//! `no-store` (rule 10: it must not linger in a browser's or a proxy's cache),
//! its live stream included; the HTML export carries its own content security
//! policy and `nosniff`; a 404 has a policy too.

use crate::common::*;
use muster_api::{Command, CommandRequest};
use reqwest::header::HeaderMap;

async fn get(url: &str, token: Option<&str>) -> (u16, HeaderMap) {
    let mut req = reqwest::Client::new().get(url);
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    // Only the head: a live stream's body never ends.
    let res = req.send().await.expect("send");
    (res.status().as_u16(), res.headers().clone())
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

backends!(restricted_incidents_are_never_cached);
async fn restricted_incidents_are_never_cached(server: TestServer) {
    let team = Team::new(&server).await;
    let inc = team.declare_staffed(&server.admin).await;
    let token = server.store_token_for(&team.im).await;
    let base = &server.url;
    for path in [
        "/api/incidents".to_owned(),
        format!("/api/incidents/{inc}"),
        format!("/api/incidents/{inc}/log"),
        format!("/api/incidents/{inc}/verify"),
        format!("/api/incidents/{inc}/events"),
        format!("/api/incidents/{inc}/export?format=md"),
        format!("/api/incidents/{inc}/export?format=json"),
        format!("/api/incidents/{inc}/export?format=html"),
    ] {
        let (status, h) = get(&format!("{base}{path}"), Some(&token)).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(header(&h, "cache-control"), "no-store", "{path}");
        assert_eq!(header(&h, "x-content-type-options"), "nosniff", "{path}");
        assert!(
            header(&h, "content-security-policy").contains("default-src 'none'"),
            "{path}: {h:?}"
        );
    }
    // A write's answer carries the incident's entries too.
    let res = reqwest::Client::new()
        .post(format!("{base}/api/incidents/{inc}/commands"))
        .bearer_auth(&token)
        .json(&CommandRequest {
            command: Command::AddNote {
                text: "not for caches".into(),
            },
            occurred_at: None,
        })
        .send()
        .await
        .expect("send");
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(header(res.headers(), "cache-control"), "no-store");
}

#[tokio::test]
async fn a_404_has_a_policy_and_is_not_cached() {
    let server = TestServer::sqlite().await;
    for path in [
        "/api/no-such-route",
        "/no-such-page",
        "/api/incidents/INC-1999-0001",
    ] {
        let (status, h) = get(&format!("{}{path}", server.url), None).await;
        assert!(status == 404 || status == 401, "{path}: {status}");
        assert!(
            header(&h, "content-security-policy").contains("default-src 'none'"),
            "{path}: {h:?}"
        );
        assert_eq!(header(&h, "cache-control"), "no-store", "{path}");
        assert_eq!(header(&h, "x-content-type-options"), "nosniff", "{path}");
    }
}
