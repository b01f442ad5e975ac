//! Each person sees what their role may do (issue 13): the room offers
//! exactly the commands the viewer's role may use, one browser session per
//! role on the same incident, and nothing a role may not use is on the page.
//! Every room state is checked by axe-core and for sideways scrolling at a
//! phone's width too.

use crate::app::App;
use crate::axe;
use crate::browser::api_command as api;
use crate::browser::sign_in_afresh as sign_in;
use crate::driver::{Driver, screenshot, wait_text};
use crate::web_http::{declare, signed_in};
use fantoccini::Client;
use serde_json::json;
use std::collections::BTreeSet;
use std::time::Duration;

const SHORT: Duration = Duration::from_secs(5);

/// The command kinds the room offers: every control carries `data-command`.
async fn offered(c: &Client) -> BTreeSet<String> {
    let v = c
        .execute(
            "return [...new Set([...document.querySelectorAll('[data-command]')]
               .map(e => e.dataset.command))];",
            vec![],
        )
        .await
        .expect("read the room's controls");
    v.as_array()
        .expect("a list")
        .iter()
        .map(|k| k.as_str().unwrap_or("").to_owned())
        .collect()
}

fn set(kinds: &[&str]) -> BTreeSet<String> {
    kinds.iter().map(|k| (*k).to_owned()).collect()
}

/// What any member may do on this incident, beside their role's own.
const MEMBER: [&str; 6] = [
    "add-finding",
    "recommend",
    "record-decision",
    "add-note",
    "correct",
    "record-anchor",
];

fn member_and(extra: &[&str]) -> BTreeSet<String> {
    let mut s = set(&MEMBER);
    s.extend(set(extra));
    // Everyone on the team may stand themselves down.
    s.insert("stand-down".into());
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_room_offers_each_role_exactly_what_it_may_do() {
    let Some(mut driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    // Olivia commands; Dan deputises, Sam keeps the log, Ravi is the SME.
    let reference = declare(&app, &olivia, false).await;
    let p = &app.people;
    let im = app.token(&p.olivia).await;
    for (who, role) in [
        ("rita@example.org", "comms-lead"),
        ("priya@example.org", "liaison"),
    ] {
        api(
            &app,
            &im,
            &reference,
            json!({"command": "assign-role", "person": who, "role": role}),
        )
        .await;
    }
    let due = (jiff::Timestamp::now() + jiff::SignedDuration::from_mins(30)).to_string();
    // Work waiting on people: an action Ravi owns, an unknown delegated to
    // him, Dan's recommendation and Rita's draft for Olivia to agree.
    api(&app, &im, &reference, json!({"command": "create-action", "title": "Pull the VPN logs", "owner": "ravi@example.org", "report_back_at": due})).await;
    api(
        &app,
        &im,
        &reference,
        json!({"command": "add-finding", "kind": "unknown", "text": "Which accounts were tried?"}),
    )
    .await;
    api(&app, &im, &reference, json!({"command": "delegate-finding", "finding": "F1", "to": "ravi@example.org", "report_back_at": due})).await;
    let dan = app.token(&p.dan).await;
    api(
        &app,
        &dan,
        &reference,
        json!({"command": "recommend", "text": "Force a password reset for payroll users"}),
    )
    .await;
    let rita = app.token_for("rita@example.org").await;
    api(&app, &rita, &reference, json!({"command": "draft-communication", "audience": "internal", "recipients": ["payroll@example.org"], "subject": "Payroll logins", "body": "We are looking into unusual logins."})).await;

    // No regulator's regime is in play yet, so there is nothing to assess or
    // submit (room_obligations shows those forms once one is).
    let roles: Vec<(&str, &str, BTreeSet<String>)> = vec![
        ("incident manager", "olivia@example.org", {
            let mut s = set(&[
                "assign-role",
                "stand-down",
                "add-finding",
                "record-decision",
                "add-note",
                "correct",
                "record-anchor",
                "create-workstream",
                "delegate-finding",
                "resolve-finding",
                "approve",
                "reject",
                "create-action",
                "update-action",
                "reassign-action",
                "cancel-action",
                "carry-action",
                "escalate",
                "change-phase",
                "resolve",
                "set-restricted",
                "brief-handover",
                "agree-communication",
                "schedule-calls",
                "record-call",
            ]);
            // Rule 5: the incident manager decides on recommendations and makes none.
            s.remove("recommend");
            s
        }),
        (
            "deputy",
            "dan@example.org",
            member_and(&[
                "assign-role",
                "delegate-finding",
                "resolve-finding",
                "create-action",
                "update-action",
                "reassign-action",
                "cancel-action",
                "carry-action",
                "suggest-escalation",
                "assume-command",
                "record-call",
            ]),
        ),
        (
            "secretariat",
            "sam@example.org",
            member_and(&["update-action", "schedule-calls", "record-call"]),
        ),
        (
            "subject matter expert",
            "ravi@example.org",
            // Ravi reports back on his own action and answers what was delegated to him.
            member_and(&["update-action", "resolve-finding"]),
        ),
        (
            "communications lead",
            "rita@example.org",
            member_and(&["draft-communication", "record-briefing"]),
        ),
        (
            "liaison",
            "priya@example.org",
            member_and(&["record-briefing"]),
        ),
        (
            "administrator, not on the team",
            "ada@example.org",
            set(&["assign-role", "stand-down", "assume-command"]),
        ),
    ];
    let c = driver.browser().await;
    let mut failures = Vec::new();
    for (role, email, expected) in &roles {
        sign_in(&c, &app, email).await;
        c.goto(&format!("{}/incidents/{reference}", app.url))
            .await
            .unwrap();
        wait_text(&c, "h2", "Roll call", SHORT).await;
        let got = offered(&c).await;
        if &got != expected {
            let extra: Vec<_> = got.difference(expected).collect();
            let missing: Vec<_> = expected.difference(&got).collect();
            failures.push(format!(
                "{role}: offered but not theirs {extra:?}; theirs but not offered {missing:?}"
            ));
        }
        failures.extend(axe::violations(&c, &format!("the room as {role}")).await);
        let slug = role.split(',').next().unwrap_or(role).replace(' ', "-");
        screenshot(&c, &format!("room-{slug}-desktop.png")).await;
    }
    // Where knowing helps, the rule that forbids a control is said instead.
    sign_in(&c, &app, "sam@example.org").await;
    c.goto(&format!("{}/incidents/{reference}", app.url))
        .await
        .unwrap();
    wait_text(
        &c,
        "#actions .why",
        "recommends one for the incident manager",
        SHORT,
    )
    .await;
    wait_text(&c, "#comms .why", "Only the comms-lead may draft", SHORT).await;
    let _ = c.close().await;
    drop(olivia);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
