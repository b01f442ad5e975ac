//! A whole incident, as the seed describes it, through the real binary:
//! report → triage → declare → staff (closing a composition gap) → board →
//! recommend/approve → actions and an overdue one → escalate → handover →
//! resolve → review → close → verify → export.

use crate::common::*;

#[test]
fn a_whole_incident_through_the_cli() {
    let (dir, db) = scratch();
    let admin_token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &admin_token, dir.path());

    let imogen = admin.add_person("Imogen Manager", "imogen@example.org", &[]);
    let dev = admin.add_person("Dev Deputy", "dev@example.org", &[]);
    let sam = admin.add_person("Sam Secretariat", "sam@example.org", &[]);
    let ana = admin.add_person("Ana Analyst", "ana@example.org", &["security-analyst"]);
    let _priya = admin.add_person("Priya Privacy", "priya@example.org", &["data-privacy"]);
    let rita = admin.add_person("Rita Reporter", "rita@example.org", &[]);
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

    // Anyone reports; the on-call incident manager triages and declares with the team.
    let report = rita.ok(&[
        "report",
        "Customer records on a paste site",
        "--description",
        "A sample of 20 rows",
        "--source",
        "threat intel feed",
    ]);
    let rep = report["reference"].as_str().expect("REP ref").to_owned();
    let (code, err) = rita.refused(&["triage", &rep, "--false-positive", "--note", "nah"]);
    assert_eq!(code, 4, "forbidden: {err}");
    assert!(err.contains("on-call incident manager"), "{err}");
    let triaged = imogen.ok(&[
        "triage",
        &rep,
        "--declare",
        "--severity",
        "SEV-2",
        "--category",
        "data-breach",
        "--security",
        "--personal-data",
        "unknown",
        "--hypothesis",
        "an API key leaked from a build log",
        "--team",
        "dev@example.org=deputy",
        "--team",
        "sam@example.org=secretariat",
        "--team",
        "ana@example.org=sme",
    ]);
    let inc = triaged["incident"].as_str().expect("INC ref").to_owned();
    assert!(inc.starts_with("INC-"));

    // Rule 4: personal data unknown, no privacy SME yet: a gap, and resolving is refused.
    let view = imogen.ok(&["show", &inc]);
    assert_eq!(view["roll_call"]["incident_manager"], "Imogen Manager");
    assert!(
        view["gaps"]
            .as_array()
            .expect("gaps")
            .iter()
            .any(|g| g["code"] == "data-privacy" && g["rule"] == 4)
    );
    let (code, err) = imogen.refused(&["resolve", &inc, "--reason", "too early"]);
    assert_eq!(code, 1, "refused by a rule: {err}");
    assert!(err.contains("rule 4"), "{err}");
    imogen.ok(&["assign", &inc, "priya@example.org", "sme"]);
    let view = imogen.ok(&["show", &inc]);
    assert!(
        view["gaps"]
            .as_array()
            .expect("gaps")
            .iter()
            .all(|g| g["rule"].is_null()),
        "{}",
        view["gaps"]
    );

    // The board: known, suspected, unknown; delegate; assess; answer.
    sam.ok(&[
        "finding",
        "add",
        &inc,
        "--kind",
        "known",
        "--source",
        "paste site",
        "20 customer rows published at 08:40",
    ]);
    sam.ok(&[
        "finding",
        "add",
        &inc,
        "--kind",
        "suspected",
        "leaked CI API key used to query the customer API",
    ]);
    sam.ok(&[
        "finding",
        "add",
        &inc,
        "--kind",
        "unknown",
        "was anything else taken?",
    ]);
    imogen.ok(&[
        "finding",
        "delegate",
        &inc,
        "F3",
        "--to",
        "ana@example.org",
        "--report-back",
        "+1h",
    ]);
    ana.ok(&[
        "finding",
        "assess",
        &inc,
        "--suspected",
        "F2",
        "--known",
        "F1",
        "--consistency",
        "consistent",
    ]);
    ana.ok(&[
        "finding",
        "settle",
        &inc,
        "F3",
        "--status",
        "answered",
        "--text",
        "API logs show only the 20 rows",
    ]);

    // An SME recommends; only the incident manager approves; it becomes an action.
    ana.ok(&[
        "recommend",
        &inc,
        "Revoke the CI key and rotate all customer API secrets",
    ]);
    let (code, err) = dev.refused(&[
        "approve",
        &inc,
        "R1",
        "--report-back",
        "+2h",
        "--rationale",
        "ok",
    ]);
    assert_eq!(code, 4, "forbidden by a rule: {err}");
    assert!(err.contains("rule 5"), "{err}");
    imogen.ok(&[
        "approve",
        &inc,
        "R1",
        "--report-back",
        "+2h",
        "--rationale",
        "stops further access",
    ]);
    // The incident manager owns no action (rule 2); a short report-back becomes overdue (rule 3).
    let (_, err) = imogen.refused(&[
        "action",
        "add",
        &inc,
        "Call the paste site",
        "--owner",
        "imogen@example.org",
        "--report-back",
        "+1h",
    ]);
    assert!(err.contains("rule 2"), "{err}");
    let soon = rfc3339_in(2);
    imogen.ok(&[
        "action",
        "add",
        &inc,
        "Ask the paste site to take it down",
        "--owner",
        "ana@example.org",
        "--report-back",
        &soon,
    ]);
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let view = imogen.ok(&["show", &inc]);
    assert_eq!(view["overdue_actions"], serde_json::json!(["A2"]));
    let text = imogen.run(&["show", &inc]);
    assert!(
        String::from_utf8_lossy(&text.stdout).contains("OVERDUE"),
        "human output flags it"
    );
    ana.ok(&[
        "action",
        "update",
        &inc,
        "A2",
        "--status",
        "done",
        "--report",
        "taken down at 09:20",
    ]);
    ana.ok(&[
        "action",
        "update",
        &inc,
        "A1",
        "--status",
        "done",
        "--report",
        "key revoked, secrets rotated",
    ]);

    // The secretariat keeps the log; decisions carry their rationale.
    sam.ok(&["note", &inc, "Bridge call started, all present"]);
    sam.ok(&[
        "decide",
        &inc,
        "Notify the ICO within 72 hours",
        "--rationale",
        "personal data confirmed",
        "--by",
        "imogen@example.org",
    ]);

    // The deputy suggests an escalation; the incident manager accepts it.
    dev.ok(&[
        "suggest-escalation",
        &inc,
        "--severity",
        "SEV-1",
        "--reason",
        "customer data confirmed exposed",
    ]);
    imogen.ok(&[
        "escalate",
        &inc,
        "--accept",
        "E1",
        "--reason",
        "agreed with the deputy",
    ]);
    assert_eq!(imogen.ok(&["show", &inc])["state"]["severity"], "SEV-1");

    // Handover: command passes only when the next incident manager acknowledges.
    imogen.ok(&[
        "handover",
        &inc,
        "--to",
        "dev@example.org",
        "--brief",
        "Key revoked, paste removed; ICO notice due",
        "--then",
        "sme",
    ]);
    assert_eq!(
        imogen.ok(&["show", &inc])["roll_call"]["incident_manager"],
        "Imogen Manager"
    );
    let (_, err) = sam.refused(&["acknowledge", &inc]);
    assert!(err.contains("rule 8"), "{err}");
    dev.ok(&["acknowledge", &inc]);
    assert_eq!(
        dev.ok(&["show", &inc])["roll_call"]["incident_manager"],
        "Dev Deputy"
    );

    // Resolve, review, close (closing needs the review: rule 7).
    let (_, err) = imogen.refused(&["resolve", &inc, "--reason", "done"]);
    assert!(
        err.contains("rule 7"),
        "only the incident manager resolves: {err}"
    );
    dev.ok(&["resolve", &inc, "--reason", "contained and eradicated"]);
    let (_, err) = dev.refused(&["close", &inc, "--reason", "done"]);
    assert!(err.contains("review"), "{err}");
    let due = rfc3339_in(14 * 24 * 3600);
    let preventive = format!("Scan build logs for secrets|ana@example.org|{due}");
    dev.ok(&[
        "review",
        &inc,
        "--went-well",
        "triage to team in minutes",
        "--even-better-if",
        "secrets never reach logs",
        "--lesson",
        "build logs are public artefacts",
        "--preventive",
        &preventive,
        "--thanked",
    ]);
    dev.ok(&["close", &inc, "--reason", "review recorded"]);
    let view = dev.ok(&["show", &inc]);
    assert_eq!(view["state"]["phase"], "closed");
    for t in [
        "reported_at",
        "declared_at",
        "assembled_at",
        "contained_at",
        "resolved_at",
        "closed_at",
    ] {
        if t == "contained_at" {
            continue; // went straight from hot to cold
        }
        assert!(
            view["state"]["timings"][t].is_string(),
            "{t} is timed: {}",
            view["state"]["timings"]
        );
    }
    // Preventive actions stay tracked after close.
    ana.ok(&["preventive", &inc, "P1", "--done"]);

    // The log verifies on the server and offline from an export.
    let verified = dev.ok(&["verify", &inc]);
    assert!(verified["first_break"].is_null(), "{verified}");
    let timeline = dev.ok(&["timeline", &inc, "--all"]);
    let entries = timeline["entries"]
        .as_array()
        .map(|a| a.len())
        .unwrap_or_default() as u64;
    assert_eq!(
        Some(entries),
        verified["entries"].as_u64(),
        "the timeline holds every entry"
    );
    assert!(entries > 25, "every change is an entry: {entries}");
    let export = dir.path().join("export.json");
    let out = dev.run(&[
        "export",
        &inc,
        "--format",
        "json",
        "--output",
        export.to_str().expect("path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let offline = dev.run(&["verify", "--file", export.to_str().expect("path")]);
    assert!(
        offline.status.success(),
        "{}",
        String::from_utf8_lossy(&offline.stdout)
    );
    let md = dev.run(&["export", &inc, "--format", "md"]);
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(
        md.contains("## Roll call")
            && md.contains("## Review")
            && md.contains("build logs are public artefacts")
    );

    // One altered byte in the export is named by the offline check.
    let text = std::fs::read_to_string(&export).expect("read export");
    let tampered = text.replacen(
        "Bridge call started, all present",
        "Bridge call started, all presenT",
        1,
    );
    assert_ne!(text, tampered);
    std::fs::write(&export, tampered).expect("write");
    let offline = dev.run(&["verify", "--file", export.to_str().expect("path")]);
    assert_eq!(offline.status.code(), Some(6), "a broken log exits 6");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&offline.stdout),
        String::from_utf8_lossy(&offline.stderr)
    );
    assert!(said.contains("altered"), "{said}");
}
