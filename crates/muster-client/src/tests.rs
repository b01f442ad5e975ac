//! The client against a canned HTTP server: paths, auth, query strings,
//! decoding, the error shape and the live stream.

use super::*;

#[test]
fn urls_keep_a_prefix_and_escape_segments() {
    let c = Client::new("http://127.0.0.1:7878/", None).unwrap();
    assert_eq!(
        c.url(&["api", "people", "ann@example.org"]).as_str(),
        "http://127.0.0.1:7878/api/people/ann@example.org"
    );
    let c = Client::new("https://host/muster", None).unwrap();
    assert_eq!(
        c.url(&["api", "people", "a/b?c"]).as_str(),
        "https://host/muster/api/people/a%2Fb%3Fc"
    );
}

#[test]
fn bad_base_urls_are_refused() {
    for bad in ["", "127.0.0.1:7878", "ftp://host", "mailto:x@y"] {
        assert!(
            matches!(Client::new(bad, None), Err(ClientError::InvalidUrl { .. })),
            "{bad}"
        );
    }
}

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// What the canned server saw: request line, headers (lower-cased), body.
#[derive(Debug)]
struct Seen {
    line: String,
    headers: String,
    body: String,
}

/// Serves `responses` in order, one connection each, and reports each request.
async fn canned(responses: Vec<String>) -> (String, mpsc::UnboundedReceiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        for response in responses {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            let (head_len, body_len) = loop {
                let n = socket.read(&mut chunk).await.unwrap();
                buf.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&buf).to_lowercase();
                if let Some(end) = text.find("\r\n\r\n") {
                    let len = text[..end]
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length: "))
                        .map_or(0, |v| v.trim().parse::<usize>().unwrap());
                    break (end + 4, len);
                }
            };
            while buf.len() < head_len + body_len {
                let n = socket.read(&mut chunk).await.unwrap();
                buf.extend_from_slice(&chunk[..n]);
            }
            let head = String::from_utf8_lossy(&buf[..head_len]).to_string();
            let (line, headers) = head.split_once("\r\n").unwrap();
            let _ = tx.send(Seen {
                line: line.to_owned(),
                headers: headers.to_lowercase(),
                body: String::from_utf8_lossy(&buf[head_len..]).to_string(),
            });
            socket.write_all(response.as_bytes()).await.unwrap();
            socket.shutdown().await.unwrap();
        }
    });
    (url, rx)
}

fn respond(status: &str, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

const PERSON: &str = r#"{"id":"0190c0de-0000-7000-8000-000000000001","name":"Ann","email":"ann@example.org","chat_handle":null,"slack_id":null,"matrix_id":null,"expertise":["legal"],"team":null,"user":true,"admin":false}"#;

#[tokio::test]
async fn calls_send_the_token_path_query_and_body_and_decode_the_answer() {
    let (url, mut seen) = canned(vec![
        respond("200 OK", "application/json", PERSON),
        respond("200 OK", "application/json", "[]"),
        respond("204 No Content", "text/plain", ""),
        respond("200 OK", "text/markdown", "# INC-1\n"),
    ])
    .await;
    let client = Client::new(&url, Some("tok".into())).unwrap();

    let me = client.me().await.unwrap();
    assert_eq!(me.name, "Ann");
    let req = seen.recv().await.unwrap();
    assert_eq!(req.line, "GET /api/me HTTP/1.1");
    assert!(
        req.headers.contains("authorization: bearer tok"),
        "{}",
        req.headers
    );

    let reports = client
        .reports(Some(ReportStatus::AwaitingTriage))
        .await
        .unwrap();
    assert!(reports.is_empty());
    assert_eq!(
        seen.recv().await.unwrap().line,
        "GET /api/reports?status=awaiting-triage HTTP/1.1"
    );

    client.revoke_token(Uuid::nil()).await.unwrap();
    let req = seen.recv().await.unwrap();
    assert_eq!(
        req.line,
        format!("DELETE /api/tokens/{} HTTP/1.1", Uuid::nil())
    );

    let md = client.export("INC-1", "md").await.unwrap();
    assert_eq!(md, "# INC-1\n");
    assert_eq!(
        seen.recv().await.unwrap().line,
        "GET /api/incidents/INC-1/export?format=md HTTP/1.1"
    );
}

#[tokio::test]
async fn commands_post_flat_json_and_refusals_come_back_as_api_errors() {
    let refusal = r#"{"error":{"code":"rule-violation","message":"the incident manager owns no action","field":"owner","rule":2}}"#;
    let (url, mut seen) = canned(vec![
        respond("409 Conflict", "application/json", refusal),
        respond("200 OK", "application/json", "{\"not\":\"a person\"}"),
    ])
    .await;
    let client = Client::new(&url, None).unwrap();
    let request = CommandRequest {
        command: Command::AddNote {
            text: "hello".into(),
        },
        occurred_at: Some("2026-11-27T09:00:00Z".parse().unwrap()),
    };
    let err = client.command("INC-1", &request).await.unwrap_err();
    assert_eq!(err.status(), Some(409));
    assert_eq!(err.rule(), Some(2));
    assert_eq!(
        err.to_string(),
        "rule-violation: the incident manager owns no action (field owner, rule 2)"
    );
    let req = seen.recv().await.unwrap();
    assert_eq!(req.line, "POST /api/incidents/INC-1/commands HTTP/1.1");
    assert!(!req.headers.contains("authorization"));
    let body: serde_json::Value = serde_json::from_str(&req.body).unwrap();
    assert_eq!(
        body,
        // Times go out in the wire's one shape.
        serde_json::json!({"command": "add-note", "text": "hello", "occurred_at": "2026-11-27T09:00:00.000000Z"})
    );

    assert!(matches!(client.me().await, Err(ClientError::Decode(_))));
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = Client::new(&url, None).unwrap().health().await.unwrap_err();
    assert!(matches!(err, ClientError::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn events_stream_log_entries() {
    use futures::StreamExt;
    let entry = |seq: u64| {
        serde_json::json!({
            "incident": Uuid::nil(), "seq": seq, "recorded_at": "2026-11-27T13:16:29.123456Z",
            "occurred_at": null, "actor": Uuid::nil(), "actor_name": "Ann", "kind": "note-added",
            "v": 1, "payload": "{\"text\":\"hi\"}", "prev_hash": "00", "hash": "11"
        })
    };
    let body = format!(
        ": keep-alive\n\nevent: entry\nid: 4\ndata: {}\n\nevent: entry\nid: 5\ndata: {}\n\n",
        entry(4),
        entry(5)
    );
    let (url, mut seen) = canned(vec![respond("200 OK", "text/event-stream", &body)]).await;
    let client = Client::new(&url, Some("tok".into())).unwrap();
    let stream = client.events("INC-1", 3).await.unwrap();
    let seqs: Vec<u64> = stream.map(|e| e.unwrap().seq).collect().await;
    assert_eq!(seqs, [4, 5]);
    let req = seen.recv().await.unwrap();
    assert_eq!(req.line, "GET /api/incidents/INC-1/events?after=3 HTTP/1.1");
    assert!(req.headers.contains("accept: text/event-stream"));
}
