//! Connection timeouts over real TCP: a client that sends its headers or its
//! body too slowly is dropped by the server while others are served, and a
//! live stream outlives every timeout. The bounds on waiting are hang guards
//! only: each test asserts what the server did, never how fast.

use crate::common::*;
use muster_server::{ServerConfig, Timeouts};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Long enough for any machine; reaching it means the server never closed.
const HANG_GUARD: Duration = Duration::from_secs(60);

async fn server() -> TestServer {
    TestServer::sqlite_with(ServerConfig {
        timeouts: Timeouts {
            header: Duration::from_secs(1),
            body: Duration::from_secs(1),
        },
        ..ServerConfig::default()
    })
    .await
}

fn addr(server: &TestServer) -> String {
    server.url.trim_start_matches("http://").to_owned()
}

/// Reads until the server closes the connection; what it sent before that.
async fn until_closed(stream: &mut TcpStream) -> String {
    let mut seen = Vec::new();
    let read = tokio::time::timeout(HANG_GUARD, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server never closed the connection");
    String::from_utf8_lossy(&seen).into_owned()
}

/// Another client, served while the slow one holds its connection. A fresh
/// connection: a pooled keep-alive one may be closed by the server's idle
/// timeout (1 s here) just as it is reused, which says nothing about serving.
async fn others_are_served(server: &TestServer) {
    let mut other = TcpStream::connect(addr(server)).await.expect("connect");
    other
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let answer = until_closed(&mut other).await;
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "another client is served: {answer}"
    );
}

#[tokio::test]
async fn a_client_sending_its_headers_a_byte_at_a_time_is_dropped() {
    let server = server().await;
    let mut slow = TcpStream::connect(addr(&server)).await.expect("connect");
    let (mut read, mut write) = slow.split();
    // A header that never ends, one byte at a time: each byte is on time,
    // the whole head never is.
    let trickle = async {
        let _ = write
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await;
        loop {
            if write.write_all(b"a").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let closed = async {
        let mut buf = [0u8; 1024];
        loop {
            match read.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    };
    others_are_served(&server).await;
    let outcome = tokio::time::timeout(HANG_GUARD, async {
        tokio::select! {
            () = closed => true,
            () = trickle => true,
        }
    })
    .await;
    assert!(
        outcome.is_ok(),
        "the server kept a never-ending header open"
    );
    others_are_served(&server).await;
}

#[tokio::test]
async fn an_idle_connection_is_closed_and_a_half_sent_request_too() {
    let server = server().await;
    let mut idle = TcpStream::connect(addr(&server)).await.expect("connect");
    let mut half = TcpStream::connect(addr(&server)).await.expect("connect");
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("write");
    others_are_served(&server).await;
    assert_eq!(until_closed(&mut idle).await, "", "nothing was asked");
    assert_eq!(until_closed(&mut half).await, "", "no head, no answer");

    // A kept-alive connection is answered, then closed once idle.
    let mut kept = TcpStream::connect(addr(&server)).await.expect("connect");
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    let answered = until_closed(&mut kept).await;
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
}

#[tokio::test]
async fn a_body_slower_than_allowed_gets_408_and_the_connection_closes() {
    let server = server().await;
    let token = server
        .store_token_for(&server.member("Sol Slow", &[]).await)
        .await;
    let mut slow = TcpStream::connect(addr(&server)).await.expect("connect");
    let head = format!(
        "POST /api/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{\"title\":\""
    );
    slow.write_all(head.as_bytes()).await.expect("write head");
    let (mut read, mut write) = slow.split();
    let trickle = async {
        loop {
            if write.write_all(b"a").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        std::future::pending::<()>().await;
    };
    let answer = async {
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match read.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
        String::from_utf8_lossy(&seen).into_owned()
    };
    others_are_served(&server).await;
    let answer = tokio::time::timeout(HANG_GUARD, async {
        tokio::select! {
            a = answer => a,
            () = trickle => unreachable!("the trickle never ends by itself"),
        }
    })
    .await
    .expect("the server kept a slow body's connection open");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"timeout\""), "{answer}");
    assert!(answer.contains("request body"), "{answer}");
    others_are_served(&server).await;
    // Nothing of the half-sent report was stored.
    assert!(
        server
            .admin
            .reports(None)
            .await
            .expect("reports")
            .is_empty()
    );
}

#[tokio::test]
async fn a_live_stream_outlives_the_timeouts() {
    let server = server().await;
    let team = Team::new(&server).await;
    let inc = team.declare_staffed(&server.admin).await;
    let token = server.store_token_for(&team.im).await;
    let mut stream = TcpStream::connect(addr(&server)).await.expect("connect");
    let request = format!(
        "GET /api/incidents/{inc}/events HTTP/1.1\r\nHost: x\r\n\
         Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("\r\n\r\n") {
        let n = tokio::time::timeout(HANG_GUARD, stream.read(&mut buf))
            .await
            .expect("the stream's head")
            .expect("read");
        assert!(n > 0, "closed before the head");
        seen.extend_from_slice(&buf[..n]);
    }
    assert!(String::from_utf8_lossy(&seen).starts_with("HTTP/1.1 200"));
    // Past both timeouts, several times over: the stream is still open, and
    // still carries what is committed now.
    tokio::time::sleep(Duration::from_secs(3)).await;
    run(
        &team.im.client,
        &inc,
        muster_api::Command::AddNote {
            text: "still streaming".into(),
        },
    )
    .await
    .expect("note");
    let mut after = String::new();
    while !after.contains("still streaming") {
        let n = tokio::time::timeout(HANG_GUARD, stream.read(&mut buf))
            .await
            .expect("the stream stayed open but said nothing")
            .expect("read");
        assert!(n > 0, "the server closed a live stream: {after}");
        after.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}
