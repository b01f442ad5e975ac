//! Evidence files through the API (issue 11), on both stores, under a
//! policy whose upload limit is 3 MiB: an upload past the JSON body limit is
//! streamed and registered; too large (413), a hash not the one declared
//! (422 naming `sha256`), a non-member of a restricted incident (404) and a
//! wrong media type (415) each store nothing; a download is an attachment,
//! never sniffed, and audited on an open incident too; verify names a file
//! changed in the store.

use crate::common::*;
use muster_api::*;
use muster_client::UploadBody;
use muster_domain::{PersonalData, Role};
use muster_server::ServerConfig;
use sha2::{Digest, Sha256};

const LIMIT: u64 = 3 << 20;

fn config() -> ServerConfig {
    let mut config = ServerConfig::default();
    config.policy.evidence.max_upload_bytes = LIMIT;
    config
}

fn query(name: &str, sha256: Option<&str>) -> EvidenceUploadQuery {
    EvidenceUploadQuery {
        file_name: name.into(),
        description: "mailbox export of the phished account".into(),
        taken_from: "exchange: j.doe".into(),
        collected_at: None,
        collected_by: None,
        tool: Some("New-MailboxExportRequest".into()),
        sha256: sha256.map(Into::into),
    }
}

/// `bytes` as an upload body, fed in 64 KiB pieces.
/// The body of an upload refused before it is read.
const EARLY: &[u8] = b"refused before it is read";

fn body(bytes: &[u8]) -> UploadBody {
    let (tx, body) = UploadBody::channel(4);
    let pieces: Vec<bytes::Bytes> = bytes
        .chunks(64 << 10)
        .map(bytes::Bytes::copy_from_slice)
        .collect();
    tokio::spawn(async move {
        for p in pieces {
            if tx.send(Ok(p)).await.is_err() {
                return;
            }
        }
    });
    body
}

fn hex_sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

async fn blob_count(server: &TestServer) -> usize {
    server.store.blobs().list_blobs().await.expect("list").len()
}

#[tokio::test]
async fn evidence_files_sqlite() {
    let server = TestServer::sqlite_with(config()).await;
    evidence_files(server).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evidence_files_postgres() {
    let Some(server) = TestServer::postgres_with("evidence_files", config()).await else {
        return;
    };
    evidence_files(server).await;
}

async fn evidence_files(server: TestServer) {
    let team = Team::new(&server).await;
    let outsider = server.member("Otto Outsider", &[]).await;
    let inc = team.declare_staffed(&server.admin).await;
    let file: Vec<u8> = (0..(5u32 << 19)).map(|i| (i % 253) as u8).collect();
    let sha = hex_sha(&file);

    // A non-member of the restricted incident: 404, before a byte is kept.
    // Refusals made before the body is read get a small body: a large one
    // could still be on its way when the answer closes the connection.
    let r = outsider
        .client
        .upload_evidence(&inc, &query("mail.pst", None), body(EARLY))
        .await;
    refused(r, 404, None, None);
    // Past the policy's limit: 413 naming it, nothing kept.
    let big = vec![1u8; LIMIT as usize + 1];
    let r = team
        .analyst
        .client
        .upload_evidence(&inc, &query("big.bin", None), body(&big))
        .await;
    let message = refused(r, 413, None, None);
    assert!(message.contains("max_upload_bytes"), "{message}");
    assert!(message.contains(&LIMIT.to_string()), "{message}");
    // Bytes that are not the ones collected: 422 naming sha256, nothing kept.
    let r = team
        .analyst
        .client
        .upload_evidence(
            &inc,
            &query("mail.pst", Some(&"ab".repeat(32))),
            body(&file),
        )
        .await;
    let message = refused(r, 422, None, Some("sha256"));
    assert!(
        message.contains(&sha),
        "the measured hash is told: {message}"
    );
    // A file name with folders: 422 naming file_name, nothing read.
    let r = team
        .analyst
        .client
        .upload_evidence(&inc, &query("../../etc/passwd", None), body(EARLY))
        .await;
    refused(r, 422, None, Some("file_name"));
    assert_eq!(blob_count(&server).await, 0, "no refusal left a blob");
    let register = team.analyst.client.evidence(&inc).await.expect("register");
    assert!(register.items.is_empty(), "{register:?}");

    // The real thing: 2.5 MiB, past the JSON routes' 1 MiB, streamed.
    let added = team
        .analyst
        .client
        .upload_evidence(
            &inc,
            &query("mail.pst", Some(&sha.to_uppercase())),
            body(&file),
        )
        .await
        .expect("upload");
    assert_eq!(added.entries[0].kind, "evidence-added");
    let payload: serde_json::Value =
        serde_json::from_str(&added.entries[0].payload).expect("payload");
    assert_eq!(payload["upload"]["sha256"], sha.as_str());
    assert_eq!(payload["upload"]["size"], file.len());
    assert_eq!(payload["upload"]["file_name"], "mail.pst");
    assert_eq!(blob_count(&server).await, 1);

    // Download: an attachment, never sniffed, the same bytes.
    let res = reqwest::Client::new()
        .get(format!(
            "{}/api/incidents/{inc}/evidence/EV1/file",
            server.url
        ))
        .bearer_auth(server.store_token_for(&team.deputy).await)
        .send()
        .await
        .expect("download");
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "application/octet-stream");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let disposition = h["content-disposition"].to_str().expect("ascii");
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains("mail.pst"), "{disposition}");
    assert_eq!(h["x-muster-sha256"], sha.as_str());
    assert_eq!(h["content-length"], file.len().to_string().as_str());
    assert_eq!(res.bytes().await.expect("body").as_ref(), &file[..]);
    let r = outsider.client.download_evidence(&inc, "EV1").await;
    refused(r.map(|_| ()), 404, None, None);

    // On an open incident too, every download is audited.
    let open = declare(
        &server.admin,
        &team.im.client,
        DeclareRequest {
            restricted: Some(false),
            ..declare_request(false, PersonalData::No, &[(&team.analyst, Role::Sme)])
        },
    )
    .await;
    let r = outsider
        .client
        .upload_evidence(&open, &query("x.bin", None), body(b"x"))
        .await;
    refused(r, 403, None, None);
    team.analyst
        .client
        .upload_evidence(&open, &query("note.txt", None), body(b"a small note"))
        .await
        .expect("upload to the open incident");
    let mut got = outsider
        .client
        .download_evidence(&open, "EV1")
        .await
        .expect("anyone may read an open incident");
    assert_eq!(got.file_name.as_deref(), Some("note.txt"));
    let mut bytes = Vec::new();
    while let Some(c) = got.chunk().await.expect("chunk") {
        bytes.extend_from_slice(&c);
    }
    assert_eq!(bytes, b"a small note");
    let audit = server
        .admin
        .audit(Some(&open), Some(outsider.email()), None)
        .await
        .expect("audit");
    assert!(
        audit
            .iter()
            .any(|a| a.what.contains("/evidence/EV1/file") && a.what.contains("note.txt")),
        "the download is in the audit trail: {audit:?}"
    );

    // Verify: intact, then the stored file changed behind Muster's back.
    let report = team
        .analyst
        .client
        .verify_evidence(Some(&inc))
        .await
        .expect("verify");
    assert_eq!(report.failed, 0, "{report:?}");
    assert_eq!(report.checked[0].status, EvidenceStatus::Intact);
    server.tamper_blob(&sha).await;
    let report = team
        .analyst
        .client
        .verify_evidence(None)
        .await
        .expect("verify");
    assert_eq!(report.failed, 1, "{report:?}");
    let bad = report
        .checked
        .iter()
        .find(|c| c.status != EvidenceStatus::Intact)
        .expect("a failure");
    assert_eq!(
        (bad.reference.as_str(), bad.evidence.as_str()),
        (inc.as_str(), "EV1")
    );
    assert_eq!(bad.status, EvidenceStatus::Changed);
    assert_ne!(bad.actual_sha256.as_deref(), Some(sha.as_str()));
    // The outsider's verify covers the open incident only (rule 10).
    let theirs = outsider.client.verify_evidence(None).await.expect("verify");
    assert!(
        theirs.checked.iter().all(|c| c.reference == open),
        "{theirs:?}"
    );
}

#[tokio::test]
async fn an_upload_must_be_octet_stream() {
    let server = TestServer::sqlite_with(config()).await;
    let team = Team::new(&server).await;
    let inc = team.declare_staffed(&server.admin).await;
    let res = reqwest::Client::new()
        .post(format!(
            "{}/api/incidents/{inc}/evidence/upload?file_name=a.txt&description=d&taken_from=t",
            server.url
        ))
        .bearer_auth(server.store_token_for(&team.analyst).await)
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 415);
    let text = res.text().await.expect("body");
    assert!(text.contains("application/octet-stream"), "{text}");
    let res = reqwest::Client::new()
        .post(format!(
            "{}/api/incidents/{inc}/evidence/upload?file_name=a.txt",
            server.url
        ))
        .bearer_auth(server.store_token_for(&team.analyst).await)
        .header("content-type", "application/octet-stream")
        .body("hello")
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 422, "a missing field is named");
    let text = res.text().await.expect("body");
    assert!(text.contains("description"), "{text}");
    assert_eq!(blob_count(&server).await, 0);
}
