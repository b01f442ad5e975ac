//! Muster's tree, proofs and notes against the Go checksum database's own
//! packages, the tools outsiders will check Muster with (issue 12). It needs
//! Go: Debian's `golang-go` and `golang-golang-x-mod-dev`, built offline in
//! GOPATH mode. Without them it prints why it skipped, unless
//! `MUSTER_REQUIRE_GO` is set (test.sh sets it once it installs them), when
//! their absence is a failure.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

use muster_tlog::{Checkpoint, Hash, MemoryTree, Signer, open, sign, sign_checkpoint};

const LEAVES: u64 = 70;

fn join(hashes: &[Hash]) -> String {
    hashes
        .iter()
        .map(Hash::to_base64)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where Debian's `golang-golang-x-mod-dev` puts the packages for GOPATH mode.
const GOPATH: &str = "/usr/share/gocode";

/// Whether `go` and `golang.org/x/mod/sumdb` are installed; when they are
/// not, says so, and fails when `MUSTER_REQUIRE_GO` says they must be.
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
    eprintln!(
        "SKIPPED Go interop test: {missing} (apt-get install golang-go golang-golang-x-mod-dev); \
         set MUSTER_REQUIRE_GO=1 to make this a failure"
    );
    false
}

#[test]
fn go_tools_agree() {
    if !go_is_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);

    let mut tree = MemoryTree::new();
    let (mut leaves, mut roots) = (String::new(), String::new());
    for i in 0..LEAVES {
        // The empty leaf and leaves of many lengths, as entries vary.
        let data: Vec<u8> = (0..i * 3).map(|b| (b * 7 + i) as u8).collect();
        tree.append(&data);
        let hex: String = data.iter().map(|b| format!("{b:02x}")).collect();
        writeln!(leaves, "{hex}").unwrap();
        writeln!(roots, "{}", tree.root().to_base64()).unwrap();
    }
    fs::write(at("leaves"), leaves).unwrap();
    fs::write(at("roots"), roots).unwrap();
    let stored: String = tree
        .stored_hashes()
        .iter()
        .map(|h| h.to_base64() + "\n")
        .collect();
    fs::write(at("stored"), stored).unwrap();

    let (mut inclusion, mut consistency) = (String::new(), String::new());
    for n in 1..=LEAVES {
        for i in 0..n {
            let proof = tree.inclusion_proof(i, n).unwrap();
            writeln!(inclusion, "{i} {n} {}", join(&proof)).unwrap();
        }
        for m in 1..=n {
            let proof = tree.consistency_proof(m, n).unwrap();
            writeln!(consistency, "{m} {n} {}", join(&proof)).unwrap();
        }
    }
    fs::write(at("inclusion"), inclusion).unwrap();
    fs::write(at("consistency"), consistency).unwrap();

    let signer = Signer::generate("muster.example/log").unwrap();
    fs::write(at("vkey"), signer.verifier().to_key_text()).unwrap();
    fs::write(at("skey"), signer.to_key_text().as_bytes()).unwrap();
    let checkpoint = Checkpoint::new("muster.example/log", tree.size(), tree.root());
    fs::write(
        at("checkpoint"),
        sign_checkpoint(&checkpoint, &[&signer]).unwrap(),
    )
    .unwrap();
    let text = "A text Go signs\nand Muster opens.\n";
    fs::write(at("text"), text).unwrap();

    let program = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/check.go");
    let output = Command::new("go")
        .arg("run")
        .arg(&program)
        .arg(dir.path())
        .env("GO111MODULE", "off")
        .env("GOPATH", GOPATH)
        .env("GOPROXY", "off")
        .env("GOFLAGS", "")
        .env("GOCACHE", at("go-cache"))
        .output()
        .expect("go is installed");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    // Ed25519 is deterministic: Go's note is Muster's, byte for byte.
    let go_note = fs::read_to_string(at("go-note")).unwrap();
    assert_eq!(go_note, sign(text, &[&signer]).unwrap());
    assert_eq!(open(&go_note, &[signer.verifier()]).unwrap().text, text);
}
