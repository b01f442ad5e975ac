//! Change one byte of a stored entry with the SQLite library; `muster verify`
//! names the entry.

use crate::common::*;
use sqlx::Connection;

#[test]
fn a_changed_byte_in_the_database_is_named_by_verify() {
    let (dir, db) = scratch();
    let admin_token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &admin_token, dir.path());
    let inc = incident_with_notes(&admin);
    let head = admin.ok(&["verify", &inc])["entries"]
        .as_u64()
        .expect("entries");
    assert_eq!(head, 7);
    server.kill();

    // An attacker with the file: drop the guard trigger and flip one byte.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let url = format!("sqlite://{}", db.display());
        let mut conn = sqlx::SqliteConnection::connect(&url)
            .await
            .expect("open db");
        sqlx::query("DROP TRIGGER log_entries_no_update")
            .execute(&mut conn)
            .await
            .expect("drop trigger");
        let done = sqlx::query(
            "UPDATE log_entries SET payload = replace(payload, 'note 2', 'note 7') WHERE seq = 5",
        )
        .execute(&mut conn)
        .await
        .expect("tamper");
        assert_eq!(done.rows_affected(), 1);
        conn.close().await.expect("close");
    });

    let server = Server::start(&db);
    let admin = User::new(&server.url, &admin_token, dir.path());
    let out = admin.run(&["verify", &inc]);
    assert_eq!(out.status.code(), Some(6), "a broken chain exits 6");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains('5') && said.contains("altered"),
        "names entry 5: {said}"
    );
    let out = admin.run(&["--json", "verify", &inc]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["first_break"]["seq"], 5);
}
