//! The evidence register end to end through the binary (issue 11), part
//! of the indicators journey (`indicators.rs`): an item held outside Muster,
//! then a file uploaded from disk (a wrong declared hash and an outsider
//! refused, nothing stored), downloaded (audited), its custody passed and
//! acknowledged, the stored file altered on disk and `muster evidence
//! verify` naming it, and the register in the exports.

use crate::common::*;
use sha2::{Digest, Sha256};
use std::path::Path;

/// How many files the blob store beside `db` holds.
fn stored_files(db: &Path) -> Vec<std::path::PathBuf> {
    let root = Path::new(&format!("{}.blobs", db.display())).join("sha256");
    let Ok(fans) = std::fs::read_dir(&root) else {
        return Vec::new();
    };
    fans.flat_map(|f| std::fs::read_dir(f.expect("fan").path()).expect("fan dir"))
        .map(|f| f.expect("file").path())
        .collect()
}

pub fn register_upload_tamper_verify(
    admin: &User,
    otto: &User,
    current: &str,
    db: &Path,
    dir: &Path,
) {
    // Evidence held outside Muster, its custody passed and acknowledged.
    let ana = admin.add_person("Ana Analyst", "ana@example.org", &["security-analyst"]);
    admin.ok(&["assign", current, "ana@example.org", "sme"]);
    let hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    admin.ok(&[
        "evidence",
        "add",
        current,
        "disk",
        "image",
        "of",
        "laptop-042",
        "--external",
        "--sha256",
        hash,
        "--location",
        "safe 2",
        "--taken-from",
        "laptop-042",
        "--collected-at",
        "-3h",
        "--tool",
        "FTK Imager",
    ]);
    let off_team = admin.refused(&[
        "evidence",
        "transfer",
        current,
        "EV1",
        "otto@example.org",
        "--reason",
        "x",
        "--destination",
        "y",
    ]);
    assert!(off_team.1.contains("not on the team"), "{}", off_team.1);
    admin.ok(&[
        "evidence",
        "transfer",
        current,
        "EV1",
        "ana@example.org",
        "--reason",
        "analysis",
        "--destination",
        "the forensics lab",
    ]);
    let twice = admin.refused(&[
        "evidence",
        "transfer",
        current,
        "EV1",
        "ana@example.org",
        "--reason",
        "again",
        "--destination",
        "y",
    ]);
    assert!(twice.1.contains("has not acknowledged"), "{}", twice.1);
    let held = admin.ok(&["evidence", "list", current]);
    assert_eq!(
        held["items"][0]["custodian"], "Ada Admin",
        "not before acknowledgement"
    );
    ana.ok(&["evidence", "acknowledge", current, "EV1"]);
    let register = admin.ok(&["evidence", "list", current]);
    assert_eq!(register["items"][0]["custodian"], "Ana Analyst");
    assert_eq!(
        register["items"][0]["custody"][0]["destination"],
        "the forensics lab"
    );
    assert_eq!(register["items"][0]["sha256"], hash);

    // A file uploaded from disk: 3 MiB, streamed, hashed on the way.
    let file: Vec<u8> = (0..3u32 << 20)
        .map(|i| (i.wrapping_mul(2654435761) >> 24) as u8)
        .collect();
    let sha = hex::encode(Sha256::digest(&file));
    let path = dir.join("mailbox.pst");
    std::fs::write(&path, &file).expect("file written");
    let path = path.to_str().expect("path");
    let (code, err) = admin.refused(&[
        "evidence",
        "add",
        current,
        path,
        "--taken-from",
        "exchange",
        "--sha256",
        &"0".repeat(64),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("sha256") && err.contains(&sha),
        "names the field and the measured hash: {err}"
    );
    let (code, err) = otto.refused(&["evidence", "add", current, path, "--taken-from", "exchange"]);
    assert_eq!(
        code, 3,
        "an outsider does not learn the restricted incident exists: {err}"
    );
    assert!(stored_files(db).is_empty(), "no refused upload left a file");

    let added = admin.ok(&[
        "evidence",
        "add",
        current,
        path,
        "--taken-from",
        "exchange: j.doe",
        "--sha256",
        &sha,
        "--description",
        "mailbox export",
        "--tool",
        "New-MailboxExportRequest",
    ]);
    assert_eq!(added["entries"][0]["kind"], "evidence-added");
    let stored = stored_files(db);
    assert_eq!(stored.len(), 1);
    assert!(
        stored[0].ends_with(format!("{}/{sha}", &sha[..2])),
        "{stored:?}"
    );

    // Downloaded: the same bytes, an existing file never overwritten, audited.
    let out = dir.join("copy.pst");
    let got = admin.ok(&[
        "evidence",
        "download",
        current,
        "EV2",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert_eq!(got["sha256"], sha.as_str());
    assert_eq!(std::fs::read(&out).expect("downloaded"), file);
    let (code, err) = admin.refused(&[
        "evidence",
        "download",
        current,
        "EV2",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert_eq!(code, 7, "{err}");
    assert!(err.contains("never overwritten"), "{err}");
    let audit = admin.ok(&["audit", "--incident", current]);
    assert!(
        audit.as_array().expect("rows").iter().any(|r| r["what"]
            .as_str()
            .is_some_and(|w| w.contains("/evidence/EV2/file"))),
        "{audit}"
    );

    // An item held outside Muster has no file to download.
    let (code, err) = admin.refused(&["evidence", "download", current, "EV1"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("held outside Muster"), "{err}");

    // Its custody passed and acknowledged.
    admin.ok(&[
        "evidence",
        "transfer",
        current,
        "EV2",
        "ana@example.org",
        "--reason",
        "mail analysis",
        "--destination",
        "the analysis workstation",
    ]);
    ana.ok(&["evidence", "acknowledge", current, "EV2"]);
    let ok = admin.ok(&["evidence", "verify", current]);
    assert_eq!(ok["failed"], 0, "{ok}");

    // Someone with the disk alters the stored file: verify names it.
    let mut altered = std::fs::read(&stored[0]).expect("stored file");
    altered[1000] ^= 0x01;
    std::fs::write(&stored[0], altered).expect("altered");
    let out = admin.run(&["evidence", "verify", current]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(6), "{text}");
    assert!(
        text.contains("EV2 mailbox.pst") && text.contains("CHANGED"),
        "{text}"
    );
    let out = admin.run(&["--json", "evidence", "verify"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(out.status.code(), Some(6));
    assert_eq!(report["failed"], 1, "{report}");
    let (code, err) = admin.refused(&[
        "evidence",
        "download",
        current,
        "EV2",
        "-o",
        dir.join("again.pst").to_str().expect("path"),
    ]);
    assert_eq!(code, 6, "a download checks the bytes too: {err}");
    assert!(err.contains("changed"), "{err}");

    // The register and its custody chain in the exports, pointing at the log.
    let exported = admin.ok(&["export", current, "--format", "json"]);
    let items = exported["evidence"]
        .as_array()
        .expect("evidence in the export");
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["file_name"], "mailbox.pst");
    assert_eq!(items[1]["custodian"], "Ana Analyst");
    let seqs = items[1]["entries"].as_array().expect("entries");
    assert_eq!(seqs.len(), 3, "added, transferred, acknowledged: {seqs:?}");
    let log = exported["log"]["entries"].as_array().expect("log");
    let first = log.iter().find(|e| e["seq"] == seqs[0]).expect("the entry");
    assert_eq!(first["kind"], "evidence-added");
    assert!(first["payload"].as_str().expect("payload").contains(&sha));
    let md = dir.join("current.md");
    let out = admin.run(&[
        "export",
        current,
        "--format",
        "md",
        "-o",
        md.to_str().expect("path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = std::fs::read_to_string(&md).expect("markdown");
    assert!(md.contains("## Evidence") && md.contains(&sha), "{md}");
    assert!(md.contains("Ada Admin → Ana Analyst"), "{md}");
}
