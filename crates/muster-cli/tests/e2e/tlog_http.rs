//! The transparency log's proofs at the addresses issue 12 names, over raw
//! HTTP against the real binary: the JSON keys the contract promises, a 422
//! naming the parameter for each bad one, and rule 10 (a restricted
//! incident's proof is the same 404 to a non-member as an incident that does
//! not exist).

use crate::common::*;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;

/// `GET path` with the token (none when empty): the status and the body's bytes.
pub(crate) fn get_bytes(server: &Server, path: &str, token: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(server.url.trim_start_matches("http://")).expect("connect");
    let auth = if token.is_empty() {
        String::new()
    } else {
        format!("Authorization: Bearer {token}\r\n")
    };
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\n{auth}Connection: close\r\n\r\n"
    )
    .expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response");
    let head = String::from_utf8_lossy(&raw[..end]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    (status, raw[end + 4..].to_vec())
}

/// `GET path` with the token; the status and the body as JSON.
pub(crate) fn get(server: &Server, path: &str, token: &str) -> (u16, Value) {
    let (status, body) = get_bytes(server, path, token);
    let body = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&body)));
    (status, body)
}

/// The refusal of `path` is a 422 naming `field`.
#[track_caller]
fn refused(server: &Server, token: &str, path: &str, field: &str) {
    let (status, body) = get(server, path, token);
    assert_eq!(status, 422, "{path}: {body}");
    assert_eq!(body["error"]["field"], field, "{path}: {body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(field),
        "{path}: the message names `{field}`: {body}"
    );
}

#[test]
fn proofs_answer_at_the_contract_s_addresses_and_refuse_bad_parameters_by_name() {
    let (dir, db) = scratch();
    let token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let inc = incident_with_notes(&admin);
    let old = admin.ok(&["log", "checkpoint", "--sign"])["checkpoint"]
        .as_str()
        .and_then(|n| n.lines().nth(1)?.parse::<u64>().ok())
        .expect("size");
    admin.ok(&["note", &inc, "one more"]);
    let new = old + 1;
    admin.ok(&["log", "checkpoint", "--sign"]);

    let path = format!("/api/log/proof/inclusion?incident={inc}&seq=3&size={old}");
    let (status, proof) = get(&server, &path, &token);
    assert_eq!(status, 200, "{proof}");
    assert_eq!(proof["tree_size"], old);
    assert!(proof["leaf_index"].as_u64().expect("leaf_index") < old);
    assert_eq!(
        proof["leaf_hash"].as_str().map(str::len),
        Some(44),
        "base64 of 32 bytes"
    );
    let hashes = proof["hashes"].as_array().expect("hashes");
    assert!(!hashes.is_empty() && hashes.iter().all(|h| h.as_str().map(str::len) == Some(44)));
    // The earlier address answers the same.
    let (status, alias) = get(
        &server,
        &format!("/api/incidents/{inc}/log/3/proof?size={old}"),
        &token,
    );
    assert_eq!((status, &alias), (200, &proof));

    let (status, c) = get(
        &server,
        &format!("/api/log/proof/consistency?from={old}&to={new}"),
        "",
    );
    assert_eq!(status, 200, "public: {c}");
    assert_eq!(
        (c["from"].as_u64(), c["to"].as_u64()),
        (Some(old), Some(new))
    );
    assert!(c["hashes"].as_array().is_some_and(|h| !h.is_empty()), "{c}");
    let (status, alias) = get(
        &server,
        &format!("/api/log/consistency?from={old}&to={new}"),
        "",
    );
    assert_eq!((status, &alias), (200, &c));

    let inclusion = |q: &str| format!("/api/log/proof/inclusion?{q}");
    refused(
        &server,
        &token,
        &inclusion(&format!("incident={inc}&seq=0")),
        "seq",
    );
    refused(
        &server,
        &token,
        &inclusion(&format!("incident={inc}&seq=three")),
        "seq",
    );
    refused(
        &server,
        &token,
        &inclusion(&format!("incident={inc}&seq=-1")),
        "seq",
    );
    refused(
        &server,
        &token,
        &inclusion(&format!("incident={inc}&seq=9223372036854775808")),
        "seq",
    );
    refused(
        &server,
        &token,
        &inclusion(&format!("incident={inc}")),
        "seq",
    );
    refused(&server, &token, &inclusion("seq=1"), "incident");
    refused(
        &server,
        &token,
        &inclusion(&format!("incident={inc}&seq=1&size=0")),
        "size",
    );
    refused(
        &server,
        &token,
        &inclusion(&format!("incident={inc}&seq=1&size=big")),
        "size",
    );
    let consistency = |q: &str| format!("/api/log/proof/consistency?{q}");
    refused(
        &server,
        "",
        &consistency(&format!("from={new}&to={old}")),
        "from",
    );
    refused(
        &server,
        "",
        &consistency(&format!("from=0&to={new}")),
        "from",
    );
    refused(&server, "", &consistency("from=x&to=2"), "from");
    refused(&server, "", &consistency("from=1"), "to");

    // Sizes no checkpoint has, and an entry after the checkpoint: named, 4xx.
    let (status, body) = get(
        &server,
        &inclusion(&format!("incident={inc}&seq=1&size={}", old + 100)),
        &token,
    );
    assert_eq!(status, 404, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains(&format!("size {}", old + 100)),
        "{body}"
    );
    let (status, body) = get(
        &server,
        &inclusion(&format!("incident={inc}&seq={new}&size={old}")),
        &token,
    );
    assert!(status == 404 || status == 409, "{status} {body}");
    let (status, body) = get(
        &server,
        &consistency(&format!("from={old}&to={}", new + 5)),
        "",
    );
    assert_eq!(status, 404, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains(&format!("size {}", new + 5)),
        "{body}"
    );
}

#[test]
fn a_restricted_incident_s_inclusion_proof_is_the_same_404_to_an_outsider_as_none() {
    let (dir, db) = scratch();
    let token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let inc = crate::tlog::restricted_incident(&admin, 2);
    admin.ok(&["log", "checkpoint", "--sign"]);
    let outsider = admin.add_person("Olly Outsider", "olly@example.org", &[]);

    let path = |r: &str| format!("/api/log/proof/inclusion?incident={r}&seq=1");
    let (status, hidden) = get(&server, &path(&inc), &outsider.token);
    let (none_status, none) = get(&server, &path("INC-2099-0999"), &outsider.token);
    assert_eq!((status, none_status), (404, 404), "{hidden} {none}");
    assert_eq!(
        hidden.to_string().replace(&inc, "REF"),
        none.to_string().replace("INC-2099-0999", "REF"),
        "the same answer whether it exists or not"
    );
    let (status, _) = get(&server, &path(&inc), "");
    assert_eq!(status, 401, "anonymous callers are not told either");
    let (status, proof) = get(&server, &path(&inc), &token);
    assert_eq!(status, 200, "the administrator gets it: {proof}");
}
