//! Clocks through the real binary: a delegated finding past its report-back
//! time is overdue in `muster show` like an action; resolving is refused
//! until open work is settled (`action cancel`, `action carry`, settling the
//! finding); once closed only preventive actions are open.

use crate::common::*;

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn delegated_findings_tick_and_resolving_settles_open_work() {
    let (dir, db) = scratch();
    let admin_token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &admin_token, dir.path());
    let imogen = admin.add_person("Imogen Manager", "imogen@example.org", &[]);
    let dev = admin.add_person("Dev Deputy", "dev@example.org", &[]);
    let sam = admin.add_person("Sam Secretariat", "sam@example.org", &[]);
    let ana = admin.add_person("Ana Analyst", "ana@example.org", &["security-analyst"]);
    admin.add_person("Priya Privacy", "priya@example.org", &["data-privacy"]);
    admin.ok(&[
        "rota",
        "add",
        "--person",
        "imogen@example.org",
        "--from",
        "-1m",
        "--to",
        "+8h",
    ]);
    let report = sam.ok(&[
        "report",
        "Payroll logins from a botnet",
        "--description",
        "SIEM alert",
        "--source",
        "SIEM",
    ]);
    let rep = report["reference"].as_str().expect("REP").to_owned();
    let triaged = imogen.ok(&[
        "triage",
        &rep,
        "--declare",
        "--severity",
        "SEV-2",
        "--category",
        "unauthorised-access",
        "--security",
        "--personal-data",
        "no",
        "--hypothesis",
        "credential stuffing",
        "--team",
        "dev@example.org=deputy",
        "--team",
        "sam@example.org=secretariat",
        "--team",
        "ana@example.org=sme",
    ]);
    let inc = triaged["incident"].as_str().expect("INC").to_owned();

    sam.ok(&[
        "finding",
        "add",
        &inc,
        "--kind",
        "unknown",
        "which accounts were taken over?",
    ]);
    let soon = rfc3339_in(2);
    imogen.ok(&[
        "finding",
        "delegate",
        &inc,
        "F1",
        "--to",
        "ana@example.org",
        "--report-back",
        &soon,
    ]);
    for title in ["Reset the payroll passwords", "Add MFA to payroll"] {
        imogen.ok(&[
            "action",
            "add",
            &inc,
            title,
            "--owner",
            "ana@example.org",
            "--report-back",
            "+2h",
        ]);
    }
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let view = imogen.ok(&["show", &inc]);
    assert_eq!(view["overdue_findings"], serde_json::json!(["F1"]));
    assert_eq!(view["overdue_actions"], serde_json::json!([]));
    let text = stdout(&imogen.run(&["show", &inc]));
    let line = text
        .lines()
        .find(|l| l.contains("which accounts were taken over?"))
        .expect("F1 on the board");
    assert!(line.contains("OVERDUE [delegated to Ana Analyst"), "{line}");
    assert!(line.contains(" ago)"), "{line}");

    // Resolving names each open action and the delegated finding (rule 7).
    let (code, err) = imogen.refused(&["resolve", &inc, "--reason", "contained"]);
    assert_eq!(code, 1, "refused by a rule: {err}");
    for said in [
        "rule 7",
        "cannot be resolved while work is open",
        "action A1",
        "action A2",
        "finding F1",
        "cancel-action",
        "carry-action",
    ] {
        assert!(err.contains(said), "{said}: {err}");
    }
    let (_, err) = ana.refused(&["action", "cancel", &inc, "A1", "--reason", "no"]);
    assert!(err.contains("cancel an action"), "{err}");
    dev.ok(&[
        "action",
        "cancel",
        &inc,
        "A1",
        "--reason",
        "the supplier reset them",
    ]);
    imogen.ok(&["action", "carry", &inc, "A2", "--due", "+14d"]);
    ana.ok(&[
        "finding",
        "settle",
        &inc,
        "F1",
        "--status",
        "answered",
        "--text",
        "three accounts, all reset",
    ]);
    imogen.ok(&["resolve", &inc, "--reason", "contained"]);
    imogen.ok(&[
        "review",
        &inc,
        "--went-well",
        "fast",
        "--even-better-if",
        "MFA earlier",
        "--lesson",
        "payroll needs MFA",
    ]);
    imogen.ok(&["close", &inc, "--reason", "review recorded"]);

    let view = imogen.ok(&["show", &inc]);
    assert_eq!(view["state"]["actions"][0]["status"], "cancelled");
    assert_eq!(view["state"]["actions"][1]["status"], "carried");
    assert_eq!(view["state"]["preventive_actions"][0]["action"], "A2");
    assert_eq!(view["overdue_actions"], serde_json::json!([]));
    assert_eq!(view["overdue_findings"], serde_json::json!([]));
    let text = stdout(&imogen.run(&["show", &inc]));
    assert!(!text.contains("OVERDUE"), "{text}");
    let line = text
        .lines()
        .find(|l| l.starts_with("  P1"))
        .expect("P1 listed");
    assert!(
        line.contains("[open] Add MFA to payroll (owner Ana Analyst, due"),
        "{line}"
    );
    assert!(line.contains("(in 13d"), "it ticks: {line}");
    assert!(line.contains("carried from A2"), "{line}");
}
