//! `muster serve` as deployed, over raw TCP: the headers every response
//! carries (a policy and no caching on errors and pages, the assets alone
//! cacheable), and the connection timeouts its flags set.

use crate::common::{BIN, Server, scratch};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Long enough for any machine; reaching it means the server never closed.
const HANG_GUARD: Duration = Duration::from_secs(60);

fn connect(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(server.url.trim_start_matches("http://")).expect("connect");
    stream.set_read_timeout(Some(HANG_GUARD)).expect("timeout");
    stream
}

/// Sends `request` and reads until the server closes the connection.
fn exchange(server: &Server, request: &str) -> String {
    let mut stream = connect(server);
    stream.write_all(request.as_bytes()).expect("write");
    let mut out = Vec::new();
    let read = stream.read_to_end(&mut out);
    assert!(read.is_ok(), "the server never closed: {read:?}");
    String::from_utf8_lossy(&out).into_owned()
}

fn get(server: &Server, path: &str, cookie: &str) -> String {
    exchange(
        server,
        &format!("GET {path} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"),
    )
}

/// The value of header `name` in a raw response (first occurrence).
fn header<'a>(response: &'a str, name: &str) -> &'a str {
    let head = response.split("\r\n\r\n").next().unwrap_or("");
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
        .unwrap_or("")
}

/// The value of cookie `name` set by a raw response.
fn set_cookie(response: &str, name: &str) -> String {
    let head = response.split("\r\n\r\n").next().unwrap_or("");
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| k.trim().eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.trim().split(';').next())
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .unwrap_or_else(|| panic!("no {name} cookie in {head}"))
}

#[test]
fn errors_pages_and_assets_carry_the_right_headers() {
    let (_dir, db) = scratch();
    let mut init = Command::new(BIN)
        .args([
            "admin",
            "init",
            "--name",
            "Ada Admin",
            "--email",
            "ada@example.org",
        ])
        .args(["--password-stdin", "--db"])
        .arg(&db)
        .env("MUSTER_SETTINGS", "/dev/null")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("admin init");
    init.stdin
        .take()
        .expect("stdin")
        .write_all(b"correct horse battery staple\n")
        .expect("password");
    assert!(init.wait().expect("admin init").success());
    let server = Server::start(&db);

    // The JSON 404, for an API path and for a page nobody serves.
    for path in ["/api/no-such-route", "/no-such-page"] {
        let res = get(&server, path, "");
        assert!(res.starts_with("HTTP/1.1 404"), "{res}");
        assert!(
            header(&res, "content-security-policy").contains("default-src 'none'"),
            "{res}"
        );
        assert_eq!(header(&res, "cache-control"), "no-store", "{res}");
        assert_eq!(header(&res, "x-content-type-options"), "nosniff", "{res}");
    }
    // Only the assets may be cached.
    let css = get(&server, "/assets/muster.css", "");
    assert!(css.starts_with("HTTP/1.1 200"), "{css}");
    assert_eq!(header(&css, "cache-control"), "public, max-age=86400");

    // Signed in, the HTML 404 of the room.
    let page = get(&server, "/signin", "");
    let form = set_cookie(&page, "muster_signin");
    let body = format!(
        "csrf={form}&email=ada%40example.org&password=correct+horse+battery+staple&next=%2F"
    );
    let signed = exchange(
        &server,
        &format!(
            "POST /signin HTTP/1.1\r\nHost: x\r\nCookie: muster_signin={form}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(signed.starts_with("HTTP/1.1 303"), "{signed}");
    let session = set_cookie(&signed, "muster_session");
    let missing = get(
        &server,
        "/incidents/INC-1999-0001",
        &format!("muster_session={session}"),
    );
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
    assert!(
        header(&missing, "content-type").starts_with("text/html"),
        "{missing}"
    );
    assert!(header(&missing, "content-security-policy").contains("default-src 'self'"));
    assert_eq!(header(&missing, "cache-control"), "no-store");
    assert_eq!(header(&missing, "x-content-type-options"), "nosniff");
}

#[test]
fn the_timeout_flags_drop_a_slow_client_while_others_are_served() {
    let (_dir, db) = scratch();
    let server = Server::start_with(
        &db,
        &["--header-timeout-secs", "1", "--body-timeout-secs", "1"],
    );
    let mut slow = connect(&server);
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaa")
        .expect("write");
    let healthy = get(&server, "/healthz", "");
    assert!(healthy.starts_with("HTTP/1.1 200"), "{healthy}");
    let mut out = Vec::new();
    let read = slow.read_to_end(&mut out);
    assert!(
        read.is_ok(),
        "the server kept a half-sent head open: {read:?}"
    );
    assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));

    let mut body = connect(&server);
    body.write_all(
        b"POST /signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
          Content-Length: 1000\r\n\r\nemail=",
    )
    .expect("write");
    let mut out = Vec::new();
    let read = body.read_to_end(&mut out);
    assert!(
        read.is_ok(),
        "the server kept a half-sent body open: {read:?}"
    );
    let out = String::from_utf8_lossy(&out);
    assert!(out.starts_with("HTTP/1.1 408"), "{out}");
    let healthy = get(&server, "/healthz", "");
    assert!(healthy.starts_with("HTTP/1.1 200"), "{healthy}");
}
