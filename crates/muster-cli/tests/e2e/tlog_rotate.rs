//! Rotating the transparency log's key through the binary (issue 12): the
//! first checkpoint after `muster admin rotate-log-key` is signed by both
//! keys and announces the new one; checkpoints signed before still verify
//! with the old key; and a checkpoint signed by a key that is not the log's,
//! written into the database behind the server's back, is named as a break
//! after a restart, writes refused, the server still serving.

use crate::common::*;
use muster_tlog::{Checkpoint, Hash, Signer, open_checkpoint, sign_checkpoint};
use sqlx::{Connection, Row};
use std::path::Path;
use std::process::Command;

fn size_of(note: &str) -> String {
    note.lines().nth(1).expect("size line").to_owned()
}

fn sign(admin: &User) -> String {
    admin.ok(&["log", "checkpoint", "--sign"])["checkpoint"]
        .as_str()
        .expect("note")
        .to_owned()
}

fn rotate(db: &Path) -> serde_json::Value {
    let out = Command::new(BIN)
        .args(["--json", "admin", "rotate-log-key", "--db"])
        .arg(db)
        .env("MUSTER_SETTINGS", "/dev/null")
        .env_remove("MUSTER_TLOG_KEY")
        .output()
        .expect("rotate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn a_rotated_key_is_announced_by_both_and_old_checkpoints_still_verify() {
    let (dir, db) = scratch();
    let token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let inc = incident_with_notes(&admin);
    let first = sign(&admin);
    let old_key = admin.ok(&["log", "key"])["key"]
        .as_str()
        .expect("key")
        .to_owned();
    server.kill();

    let rotated = rotate(&db);
    assert_eq!(rotated["old_key"], old_key.as_str());
    let new_key = rotated["new_key"].as_str().expect("new").to_owned();
    assert_ne!(new_key, old_key);
    let previous = rotated["previous_file"].as_str().expect("file").to_owned();
    let (code, err) = {
        let out = Command::new(BIN)
            .args(["admin", "rotate-log-key", "--db"])
            .arg(&db)
            .env("MUSTER_SETTINGS", "/dev/null")
            .output()
            .expect("again");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_ne!(
        code,
        Some(0),
        "a second rotation before the announcement: {err}"
    );
    assert!(err.contains("not been announced"), "{err}");

    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    assert_eq!(admin.ok(&["log", "key"])["key"], new_key.as_str());
    // The latest checkpoint is the old key's until the announcement: no break.
    assert_eq!(
        admin.ok(&["verify", &inc])["first_break"],
        serde_json::Value::Null
    );
    admin.ok(&["note", &inc, "after the rotation"]);
    let announcement = sign(&admin);
    let old = muster_tlog::Verifier::parse(&old_key).expect("old");
    let new = muster_tlog::Verifier::parse(&new_key).expect("new");
    let signatures = announcement.lines().filter(|l| l.starts_with("— ")).count();
    assert_eq!(signatures, 2, "signed by both: {announcement}");
    open_checkpoint(&announcement, std::slice::from_ref(&old)).expect("the old key vouches for it");
    open_checkpoint(&announcement, std::slice::from_ref(&new)).expect("and the new key signs it");
    let (a, b) = (size_of(&first), size_of(&announcement));
    let both = format!("{old_key},{new_key}");
    // Whoever pinned the old key checks the announcement against it...
    admin.ok(&["log", "consistency", &a, &b, "--key", &old_key]);
    // ...old checkpoints still verify with the old key, not with the new alone.
    admin.ok(&["log", "prove", &inc, "2", "--size", &a, "--key", &both]);
    let (code, _) = admin.refused(&["log", "prove", &inc, "2", "--size", &a, "--key", &new_key]);
    assert_eq!(code, 6, "the first checkpoint is the old key's only");
    server.kill();

    // Once announced the old key is no longer needed to sign.
    std::fs::remove_file(&previous).expect("delete the previous key");
    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    admin.ok(&["note", &inc, "later"]);
    let later = sign(&admin);
    assert_eq!(
        later.lines().filter(|l| l.starts_with("— ")).count(),
        1,
        "{later}"
    );
    open_checkpoint(&later, &[new]).expect("the new key");
    let c = size_of(&later);
    admin.ok(&["log", "consistency", &a, &c, "--key", &both]);
    assert_eq!(
        admin.ok(&["verify", &inc])["first_break"],
        serde_json::Value::Null
    );
}

/// Signs a checkpoint of the tree as it is in `db` with a key of its own and
/// records it, as someone with the database (but not the key) could.
fn forge_checkpoint(db: &Path, origin: &str) -> String {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let url = format!("sqlite://{}", db.display());
        let mut conn = sqlx::SqliteConnection::connect(&url)
            .await
            .expect("open db");
        let size: i64 = sqlx::query_scalar("SELECT size FROM tlog_head WHERE id = 1")
            .fetch_one(&mut conn)
            .await
            .expect("size");
        let size = size as u64;
        let mut hashes = Vec::new();
        for i in muster_tlog::tree_hash_indexes(size).expect("indexes") {
            let row = sqlx::query("SELECT hash FROM tlog_hashes WHERE idx = ?")
                .bind(i as i64)
                .fetch_one(&mut conn)
                .await
                .expect("hash");
            let bytes: Vec<u8> = row.get("hash");
            hashes.push(Hash(bytes.try_into().expect("32 bytes")));
        }
        let root = muster_tlog::tree_hash_from(size, &hashes).expect("root");
        let foreign = Signer::generate(origin).expect("key");
        let note =
            sign_checkpoint(&Checkpoint::new(origin, size, root), &[&foreign]).expect("sign");
        sqlx::query(
            "INSERT INTO tlog_checkpoints (size, root, note, created_at) VALUES (?, ?, ?, 0)",
        )
        .bind(size as i64)
        .bind(root.0.to_vec())
        .bind(&note)
        .execute(&mut conn)
        .await
        .expect("insert");
        conn.close().await.expect("close");
        foreign.verifier().to_key_text()
    })
}

#[test]
fn a_checkpoint_signed_by_a_foreign_key_is_named_as_a_break_after_a_restart() {
    let (dir, db) = scratch();
    let token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let inc = incident_with_notes(&admin);
    sign(&admin);
    let ours = admin.ok(&["log", "key"])["key"]
        .as_str()
        .expect("key")
        .to_owned();
    admin.ok(&["note", &inc, "one more, not yet checkpointed"]);
    server.kill();

    let origin = ours.split('+').next().expect("name");
    let foreign = forge_checkpoint(&db, origin);
    let foreign_id = foreign.split('+').nth(1).expect("id");

    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let out = admin.run(&["verify", &inc]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(6), "a break, not a crash: {said}");
    assert!(said.contains("not signed by this log's key"), "{said}");
    assert!(
        said.contains(foreign_id),
        "the foreign key is named: {said}"
    );
    let (code, err) = admin.refused(&["note", &inc, "after the forgery"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("failed verification"), "{err}");
    assert_eq!(
        admin.ok(&["log", "key"])["key"],
        ours.as_str(),
        "still serving"
    );
}
