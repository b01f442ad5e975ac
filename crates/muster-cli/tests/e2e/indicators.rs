//! Indicators end to end through the binary (issue 11): a STIX bundle
//! imported, a sighting, "have we seen this before?" finding an earlier
//! incident and not revealing a restricted one, a timeline event with an
//! ATT&CK id, the evidence register (`evidence.rs`), and the exports checked by the tools their receivers use
//! (stix2-validator, PyMISP; in /opt/stixval, required when
//! MUSTER_REQUIRE_STIX_VALIDATOR=1, as test.sh sets it).

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const BUNDLE: &str = r#"{
  "type": "bundle",
  "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
  "objects": [
    {"type": "indicator", "spec_version": "2.1",
     "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
     "created": "2026-12-01T00:00:00.000Z", "modified": "2026-12-01T00:00:00.000Z",
     "name": "C2 address", "indicator_types": ["malicious-activity"],
     "pattern": "[ipv4-addr:value = '203.0.113.7']", "pattern_type": "stix",
     "valid_from": "2026-12-01T00:00:00Z",
     "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]},
    {"type": "indicator", "spec_version": "2.1",
     "id": "indicator--1a2b3c4d-17d4-4cbf-938f-98ee46b3cd3f",
     "created": "2026-12-01T00:00:00.000Z", "modified": "2026-12-01T00:00:00.000Z",
     "pattern": "[domain-name:value = 'payroll-update.example']", "pattern_type": "stix",
     "valid_from": "2026-12-01T00:00:00Z"},
    {"type": "malware", "spec_version": "2.1",
     "id": "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b",
     "created": "2026-12-01T00:00:00.000Z", "modified": "2026-12-01T00:00:00.000Z",
     "name": "Loader", "is_family": true}
  ]
}"#;

fn tool(name: &str) -> Option<PathBuf> {
    let path = Path::new("/opt/stixval/bin").join(name);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var("MUSTER_REQUIRE_STIX_VALIDATOR").as_deref() != Ok("1"),
        "{} is not installed and MUSTER_REQUIRE_STIX_VALIDATOR=1",
        path.display()
    );
    eprintln!(
        "skipped: {} is not installed (./test.sh installs it)",
        path.display()
    );
    None
}

#[track_caller]
fn exported(out: std::process::Output) {
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("Exported"), "{said}");
}

/// Reports and declares an incident as the on-call administrator.
fn declare(admin: &User, title: &str, extra: &[&str]) -> String {
    let rep = admin.ok(&["report", title, "--source", "SOC"])["reference"]
        .as_str()
        .expect("ref")
        .to_owned();
    let mut args = vec![
        "triage",
        &rep,
        "--declare",
        "--severity",
        "SEV-2",
        "--category",
        "phishing",
        "--personal-data",
        "no",
        "--hypothesis",
        "credential phishing",
    ];
    args.extend_from_slice(extra);
    admin.ok(&args)["incident"]
        .as_str()
        .expect("inc")
        .to_owned()
}

#[test]
fn indicators_from_import_to_lookup_and_export() {
    let (dir, db) = scratch();
    let token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let otto = admin.add_person("Otto Outsider", "otto@example.org", &[]);
    admin.ok(&[
        "rota",
        "add",
        "--person",
        "ada@example.org",
        "--from",
        "-1m",
        "--to",
        "+1h",
    ]);

    // An earlier, open incident that saw the address, and a restricted one
    // that holds a value the outsider must not learn of.
    let earlier = declare(
        &admin,
        "Phishing wave one",
        &["--no-security", "--restricted", "false"],
    );
    admin.ok(&[
        "indicator",
        "add",
        &earlier,
        "ipv4",
        "203.0.113[.]7",
        "--ioc",
    ]);
    let secret = declare(&admin, "Insider case", &["--security"]);
    admin.ok(&[
        "indicator",
        "add",
        &secret,
        "domain",
        "secret-partner.example",
        "--tlp",
        "red",
    ]);

    // Now: a STIX bundle imported into the current incident.
    let current = declare(&admin, "Phishing wave two", &["--security"]);
    let file = dir.path().join("bundle.json");
    std::fs::write(&file, BUNDLE).expect("bundle written");
    let import = admin.ok(&[
        "indicator",
        "import",
        &current,
        file.to_str().expect("path"),
    ]);
    assert_eq!(import["format"], "STIX 2.1 bundle");
    assert_eq!(import["added"], 2, "{import}");
    assert_eq!(
        import["skipped"].as_array().expect("skipped").len(),
        1,
        "{import}"
    );
    let text = admin.run(&[
        "indicator",
        "import",
        &current,
        file.to_str().expect("path"),
    ]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("0 indicator(s) added"), "{text}");
    assert!(text.contains("203.0.113[.]7"), "shown defanged: {text}");

    admin.ok(&[
        "indicator",
        "sighting",
        &current,
        "I1",
        "--at",
        "-20m",
        "--on",
        "vpn-gw-2",
        "--source",
        "firewall",
        "--count",
        "4",
    ]);
    let tl = admin.ok(&[
        "timeline-event",
        "add",
        &current,
        "C2",
        "beacon",
        "from",
        "laptop-042",
        "--at",
        "-25m",
        "--precision",
        "approximate",
        "--host",
        "laptop-042",
        "--indicator",
        "I1",
        "--attack",
        "t1071.001",
    ]);
    assert_eq!(tl["entries"][0]["kind"], "timeline-event-added");
    let refused = admin.refused(&[
        "timeline-event",
        "add",
        &current,
        "x",
        "--at",
        "-5m",
        "--attack",
        "T99",
    ]);
    assert!(refused.1.contains("ATT&CK"), "{}", refused.1);

    let list = admin.run(&["indicator", "list", &current]);
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(list.contains("payroll-update[.]example"), "{list}");
    assert!(
        !list.contains("payroll-update.example"),
        "never clickable: {list}"
    );
    assert!(list.contains("T1071.001"), "{list}");

    // Have we seen it before? The earlier incident, and the current one.
    let seen = admin.ok(&["seen", "203.0.113[.]7"]);
    let refs: Vec<&str> = seen["incidents"]
        .as_array()
        .expect("incidents")
        .iter()
        .map(|i| i["reference"].as_str().expect("ref"))
        .collect();
    assert!(
        refs.contains(&earlier.as_str()) && refs.contains(&current.as_str()),
        "{seen}"
    );
    let on_current = seen["incidents"]
        .as_array()
        .expect("incidents")
        .iter()
        .find(|i| i["reference"] == current.as_str())
        .expect("current");
    assert_eq!(on_current["sightings"], 4);
    // The outsider sees the open incident only, and nothing of the restricted ones.
    let theirs = otto.ok(&["seen", "203.0.113.7"]);
    assert_eq!(
        theirs["incidents"].as_array().expect("incidents").len(),
        1,
        "{theirs}"
    );
    assert_eq!(theirs["incidents"][0]["reference"], earlier.as_str());
    let hidden = otto.ok(&["seen", "secret-partner.example", "--type", "domain"]);
    assert!(
        hidden["incidents"]
            .as_array()
            .expect("incidents")
            .is_empty(),
        "{hidden}"
    );
    let hidden_text = otto.run(&["seen", "secret-partner.example"]);
    let hidden_text = String::from_utf8_lossy(&hidden_text.stdout);
    assert!(hidden_text.contains("not seen"), "{hidden_text}");
    assert!(!hidden_text.contains(&secret), "{hidden_text}");

    // The exports, checked by the receivers' tools.
    let stix = dir.path().join("current.stix.json");
    exported(admin.run(&[
        "export",
        &current,
        "--format",
        "stix",
        "--tlp",
        "green",
        "-o",
        stix.to_str().expect("path"),
    ]));
    let bundle = std::fs::read_to_string(&stix).expect("stix file");
    assert!(bundle.contains("203.0.113.7"), "green leaves at green");
    assert!(
        !bundle.contains("payroll-update.example"),
        "amber stays at green"
    );
    let misp = dir.path().join("current.misp.json");
    exported(admin.run(&[
        "export",
        &current,
        "--format",
        "misp",
        "-o",
        misp.to_str().expect("path"),
    ]));
    if let Some(validator) = tool("stix2_validator") {
        let out = Command::new(validator)
            .arg(&stix)
            .output()
            .expect("validator runs");
        let report = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success() && !report.contains("[X]"), "{report}");
    }
    if let Some(python) = tool("python") {
        let script = "import sys\nfrom pymisp import MISPEvent\ne = MISPEvent()\n\
            e.load(open(sys.argv[1]).read())\nprint(len(e.attributes), sum(len(a.sightings) for a in e.attributes))\n";
        let out = Command::new(python)
            .args(["-c", script])
            .arg(&misp)
            .output()
            .expect("python runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2 1");
    }
    let (code, err) = admin.refused(&["export", &current, "--format", "md", "--tlp", "red"]);
    assert_eq!(code, 2, "{err}");

    // The evidence register: an item held outside Muster and an uploaded
    // file, custody passed and acknowledged, the file altered on disk.
    crate::evidence::register_upload_tamper_verify(&admin, &otto, &current, &db, dir.path());
}
