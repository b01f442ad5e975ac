//! Bad input gets a 4xx naming the field; nothing makes the server answer 500.

use crate::common::*;
use muster_api::ErrorBody;

async fn raw(
    server: &TestServer,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<&str>,
) -> (u16, ErrorBody) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let mut req = http
        .request(method, format!("{}{path}", server.url))
        .header("authorization", format!("Bearer {token}"));
    if let Some(body) = body {
        req = req
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    let resp = req.send().await.expect("send");
    let status = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    let body: ErrorBody =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not the error shape ({e}): {text}"));
    (status, body)
}

backends!(malformed_requests_name_what_is_wrong);
async fn malformed_requests_name_what_is_wrong(server: TestServer) {
    let team = Team::new(&server).await;
    let inc = team.declare_staffed(&server.admin).await;
    let token = server.store_token_for(&team.im).await;
    let path = format!("/api/incidents/{inc}/commands");
    let post = reqwest::Method::POST;

    let (status, body) = raw(&server, &token, post.clone(), &path, Some("{not json")).await;
    assert_eq!((status, body.error.code.as_str()), (422, "invalid"));
    assert!(
        body.error.message.contains("malformed JSON"),
        "{}",
        body.error.message
    );

    let (status, body) = raw(
        &server,
        &token,
        post.clone(),
        &path,
        Some(r#"{"command":"dance"}"#),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body.error.message.contains("dance"),
        "{}",
        body.error.message
    );

    let (status, body) = raw(
        &server,
        &token,
        post.clone(),
        &path,
        Some(r#"{"command":"note"}"#),
    )
    .await;
    assert_eq!((status, body.error.field.as_deref()), (422, Some("text")));

    let (status, body) = raw(
        &server,
        &token,
        post.clone(),
        &path,
        Some(r#"{"command":"note","text":"x","colour":"red"}"#),
    )
    .await;
    assert_eq!((status, body.error.field.as_deref()), (422, Some("colour")));

    let (status, body) = raw(
        &server,
        &token,
        post.clone(),
        &path,
        Some(r#"{"command":"action","title":"t","owner":"ana","report_back_at":"tomorrow"}"#),
    )
    .await;
    assert_eq!(status, 422, "{body:?}");

    let (status, body) = raw(
        &server,
        &token,
        post.clone(),
        &path,
        Some(r#"{"command":"note","text":""}"#),
    )
    .await;
    assert_eq!((status, body.error.field.as_deref()), (422, Some("text")));

    let huge = format!(
        r#"{{"command":"note","text":"{}"}}"#,
        "a".repeat(2 * 1024 * 1024)
    );
    let (status, _) = raw(&server, &token, post.clone(), &path, Some(&huge)).await;
    assert_eq!(status, 413);

    let (status, body) = raw(
        &server,
        &token,
        reqwest::Method::GET,
        "/api/incidents/INC-1-1/log?limit=10",
        None,
    )
    .await;
    assert_eq!(status, 404, "{body:?}");
    let (status, body) = raw(
        &server,
        &token,
        reqwest::Method::GET,
        &format!("/api/incidents/{inc}/log?limit=5000"),
        None,
    )
    .await;
    assert_eq!((status, body.error.field.as_deref()), (422, Some("limit")));
    let (status, _) = raw(
        &server,
        &token,
        reqwest::Method::GET,
        &format!("/api/incidents/{inc}/log?after=-1"),
        None,
    )
    .await;
    assert_eq!(status, 422);
    let (status, body) = raw(
        &server,
        &token,
        reqwest::Method::GET,
        &format!("/api/incidents/{inc}/export?format=pdf"),
        None,
    )
    .await;
    assert_eq!((status, body.error.field.as_deref()), (422, Some("format")));
    let (status, body) = raw(&server, &token, reqwest::Method::GET, "/api/nowhere", None).await;
    assert_eq!((status, body.error.code.as_str()), (404, "not-found"));
    let (status, _) = raw(
        &server,
        &token,
        reqwest::Method::DELETE,
        "/api/tokens/not-a-uuid",
        None,
    )
    .await;
    assert_eq!(status, 422);

    // NUL characters, which PostgreSQL cannot store, are refused at the door.
    let (status, body) = raw(
        &server,
        &token,
        post.clone(),
        &path,
        Some(r#"{"command":"note","text":"a\u0000b"}"#),
    )
    .await;
    assert_eq!(status, 422, "{body:?}");
    assert!(body.error.message.contains("NUL"), "{}", body.error.message);
    let (status, _) = raw(
        &server,
        &token,
        reqwest::Method::GET,
        "/api/incidents/INC%00/log",
        None,
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = raw(
        &server,
        &token,
        reqwest::Method::GET,
        "/api/people/ada%00",
        None,
    )
    .await;
    assert_eq!(status, 422);

    // After all that, the chain is whole and nothing 5xx'd.
    let verify = server.admin.verify(&inc).await.expect("verify");
    assert!(verify.verification.first_break.is_none());
    let metrics = server.admin.metrics().await.expect("metrics");
    assert!(
        metrics.contains("muster_http_server_errors_total 0"),
        "{metrics}"
    );
}

backends!(wrong_content_type_is_415_and_responses_are_not_sniffed);
async fn wrong_content_type_is_415_and_responses_are_not_sniffed(server: TestServer) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let team = Team::new(&server).await;
    let inc = team.declare_staffed(&server.admin).await;
    let token = server.store_token_for(&team.im).await;
    let http = reqwest::Client::new();
    let resp = http
        .post(format!("{}/api/incidents/{inc}/commands", server.url))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "text/plain")
        .body(r#"{"command":"add-note","text":"hi"}"#)
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status().as_u16(), 415);
    assert_eq!(
        resp.headers()
            .get("x-content-type-options")
            .and_then(|v| v.to_str().ok()),
        Some("nosniff")
    );
    let body: ErrorBody = resp.json().await.expect("the error shape");
    assert_eq!(body.error.code, "unsupported-media-type");
    assert!(
        body.error.message.contains("application/json"),
        "{}",
        body.error.message
    );

    // Every response says nosniff: a 404 for no route, and the HTML export,
    // which also carries a content security policy and is never cached.
    let missing = http
        .get(format!("{}/api/no-such-route", server.url))
        .send()
        .await
        .expect("send");
    assert_eq!(missing.status().as_u16(), 404);
    assert_eq!(
        missing.headers().get("x-content-type-options").unwrap(),
        "nosniff"
    );
    let html = http
        .get(format!(
            "{}/api/incidents/{inc}/export?format=html",
            server.url
        ))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .expect("send");
    assert_eq!(html.status().as_u16(), 200);
    let h = html.headers();
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert_eq!(h.get("cache-control").unwrap(), "no-store");
    let csp = h
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(csp.contains("default-src 'none'"), "{csp}");
}

backends!(refusals_name_the_field_by_its_path_in_words);
async fn refusals_name_the_field_by_its_path_in_words(server: TestServer) {
    let team = Team::new(&server).await;
    let inc = team.declare_staffed(&server.admin).await;
    let token = server.store_token_for(&team.im).await;
    let path = format!("/api/incidents/{inc}/commands");
    let post = reqwest::Method::POST;
    for (body, field, message) in [
        (
            r#"{"command":"create-action","title":"t","owner":"x@example.org","report_back_at":"tomorrow"}"#,
            "report_back_at",
            "`report_back_at`: not a time; expected RFC 3339, e.g. 2026-12-02T15:00:00Z",
        ),
        (
            r#"{"command":"correct","seq":-1,"text":"x"}"#,
            "seq",
            "`seq`: must be 0 or more, not integer `-1`",
        ),
        (
            r#"{"command":"add-note","text":null}"#,
            "text",
            "`text`: must not be null; expected a string",
        ),
        (
            r#"{"command":"record-review","went_well":"a","even_better_if":"b","lessons":[],
               "preventive_actions":[{"title":"t","owner":"x@example.org","due":"2026-12-02T15:00:00Z"},
                                     {"title":"u","due":"2026-12-02T15:00:00Z"}]}"#,
            "preventive_actions[1].owner",
            "`preventive_actions[1].owner` is required",
        ),
    ] {
        let (status, got) = raw(&server, &token, post.clone(), &path, Some(body)).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(got.error.field.as_deref(), Some(field), "{body}");
        assert_eq!(got.error.message, message, "{body}");
    }
    let (status, got) = raw(
        &server,
        &token,
        post.clone(),
        &path,
        Some(r#"{"command":"assign-role","person":"x@example.org","role":"boss"}"#),
    )
    .await;
    assert_eq!((status, got.error.field.as_deref()), (422, Some("role")));
    assert!(
        got.error
            .message
            .starts_with("`role`: `boss` is not one of: incident-manager"),
        "{}",
        got.error.message
    );
    // A correction of a missing entry names `seq`, not the payload's `corrects`.
    let (status, got) = raw(
        &server,
        &token,
        post.clone(),
        &path,
        Some(r#"{"command":"correct","seq":9999,"text":"x"}"#),
    )
    .await;
    assert_eq!(
        (status, got.error.field.as_deref()),
        (404, Some("seq")),
        "{got:?}"
    );
    let (status, got) = raw(
        &server,
        &token,
        reqwest::Method::GET,
        "/api/reports?status=open",
        None,
    )
    .await;
    assert_eq!((status, got.error.field.as_deref()), (422, Some("status")));
    assert!(
        got.error
            .message
            .contains("`open` is not one of: awaiting-triage"),
        "{}",
        got.error.message
    );
}
