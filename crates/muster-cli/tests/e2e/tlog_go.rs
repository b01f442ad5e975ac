//! The real binary's transparency log held against the Go checksum
//! database's own packages over HTTP (issue 12): `tests/interop/server.go`
//! pins the served key, opens the signed checkpoints with `note.Open` and
//! checks every entry's inclusion proof with `tlog.CheckRecord` and the
//! consistency proof between two checkpoints with `tlog.CheckTree`. It needs
//! Debian's `golang-go` and `golang-golang-x-mod-dev` (GOPATH mode, offline);
//! without them it says why it skipped, and fails when `MUSTER_REQUIRE_GO`
//! is set (test.sh sets it once it installs them).

use crate::common::*;
use std::path::Path;
use std::process::Command;

const GOPATH: &str = "/usr/share/gocode";

fn go_is_installed() -> bool {
    let go = Command::new("go").arg("version").output();
    let sumdb = Path::new(GOPATH).join("src/golang.org/x/mod/sumdb/tlog");
    let missing = match go {
        Ok(out) if out.status.success() && sumdb.is_dir() => return true,
        Ok(out) if out.status.success() => format!("{} is missing", sumdb.display()),
        _ => "`go` is not on PATH".to_owned(),
    };
    assert!(
        std::env::var_os("MUSTER_REQUIRE_GO").is_none(),
        "MUSTER_REQUIRE_GO is set but {missing} (apt-get install golang-go golang-golang-x-mod-dev)"
    );
    eprintln!("SKIPPED Go server interop test: {missing}; set MUSTER_REQUIRE_GO=1 to fail instead");
    false
}

fn size_of(note: &str) -> String {
    note.lines().nth(1).expect("size line").to_owned()
}

#[test]
fn go_s_sumdb_packages_verify_the_server_s_checkpoints_and_proofs() {
    if !go_is_installed() {
        return;
    }
    let (dir, db) = scratch();
    let token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let inc = incident_with_notes(&admin);
    let old = admin.ok(&["log", "checkpoint", "--sign"])["checkpoint"]
        .as_str()
        .map(size_of)
        .expect("note");
    for i in 0..6 {
        admin.ok(&["note", &inc, &format!("after the first checkpoint {i}")]);
    }
    let new = admin.ok(&["log", "checkpoint", "--sign"])["checkpoint"]
        .as_str()
        .map(size_of)
        .expect("note");
    let grown = new.parse::<u64>().expect("size") - old.parse::<u64>().expect("size");
    assert_eq!(grown, 6, "each note is one leaf");
    // `incident_with_notes` wrote seven entries, then six notes.
    let count = 13;

    let program = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/server.go");
    let out = Command::new("go")
        .arg("run")
        .arg(&program)
        .args([&server.url, &token, &inc, &count.to_string(), &old, &new])
        .env("GO111MODULE", "off")
        .env("GOPATH", GOPATH)
        .env("GOPROXY", "off")
        .env("GOFLAGS", "")
        .env("GOCACHE", dir.path().join("go-cache"))
        .output()
        .expect("go run");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains(&format!(
            "ok: 13 inclusion proofs in {new}, consistency {old} -> {new}"
        )),
        "{said}"
    );
}
