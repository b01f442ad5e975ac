//! Defaults never set a trap (issue 13): the triage form chooses no severity
//! for you, proposes a different role on each team row and says which roles
//! and expertise the incident will need; the room never proposes the incident
//! manager as an action's owner (rule 2 would refuse); and a refusal that
//! names a field is shown beside it, keeping what was typed.

use crate::app::{App, PASSWORD};
use crate::axe;
use crate::driver::{Driver, click, fill, screenshot, wait_js, wait_text};
use crate::http::csrf;
use crate::web_http::{declare, signed_in};
use std::time::Duration;

const SHORT: Duration = Duration::from_secs(5);

#[tokio::test]
async fn triage_without_a_severity_is_refused_naming_it() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let page = olivia.get("/reports/new").await;
    let res = olivia
        .post(
            "/reports",
            &[
                ("csrf", &csrf(&page.body)),
                ("title", "Odd mail"),
                ("description", "x"),
                ("source", "staff"),
            ],
        )
        .await;
    let report = res.location().to_owned();
    let page = olivia.get(&report).await;
    assert!(
        page.body
            .contains(r#"<option value="" selected disabled>— choose —</option>"#),
        "no severity is chosen for the triager"
    );
    let res = olivia
        .post(
            &format!("{report}/triage"),
            &[
                ("csrf", &csrf(&page.body)),
                ("outcome", "declare"),
                ("severity", ""),
                ("category", "unauthorised-access"),
                ("personal_data", "unknown"),
                ("hypothesis", "Phishing"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "back to the form: {}", res.body);
    let page = olivia.get(res.location()).await;
    assert!(
        page.body.contains("severity"),
        "the refusal names the field"
    );
    assert!(
        page.body.contains("Triage"),
        "the report still awaits triage"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn defaults_set_no_trap_and_refusals_sit_beside_their_field() {
    let Some(mut driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let page = olivia.get("/reports/new").await;
    let res = olivia
        .post(
            "/reports",
            &[
                ("csrf", &csrf(&page.body)),
                ("title", "Odd mail"),
                ("description", "x"),
                ("source", "staff"),
            ],
        )
        .await;
    let report = res.location().to_owned();
    let reference = declare(&app, &olivia, false).await;

    let c = driver.browser().await;
    c.goto(&format!("{}/signin", app.url)).await.unwrap();
    fill(&c, "#email", "olivia@example.org").await;
    fill(&c, "#password", PASSWORD).await;
    click(&c, "form[action='/signin'] button[type=submit]").await;
    wait_text(&c, "h2", "Open incidents", SHORT).await;

    c.goto(&format!("{}{report}", app.url)).await.unwrap();
    let triage = c
        .execute(
            "return [document.getElementById('d-severity').value,
                     [...document.querySelectorAll('[name=team_role]')].map(s => s.value),
                     document.querySelector('.needs').innerText];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(triage[0], "", "no severity is chosen silently");
    let rows: Vec<&str> = triage[1]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        rows,
        [
            "deputy",
            "secretariat",
            "comms-lead",
            "sme",
            "sme",
            "liaison"
        ],
        "each row proposes a role the team needs"
    );
    let needs = triage[2].as_str().unwrap();
    for need in [
        "security analyst",
        "data privacy",
        "deputy",
        "secretariat",
        "comms-lead",
    ] {
        assert!(
            needs.contains(need),
            "the form says the team needs a {need}: {needs}"
        );
    }
    axe::assert_clean(&c, "the triage form").await;
    screenshot(&c, "triage-desktop.png").await;

    // The room proposes no owner, and never the incident manager.
    c.goto(&format!("{}/incidents/{reference}#actions", app.url))
        .await
        .unwrap();
    wait_text(&c, "h2", "Roll call", SHORT).await;
    let owners = c
        .execute(
            "const s = document.getElementById('na-owner');
             return [s.value, [...s.options].map(o => o.textContent)];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(owners[0], "", "no owner is chosen for you");
    let names: Vec<&str> = owners[1]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("Dan Okafor")),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.starts_with("Olivia Park")),
        "rule 2: the incident manager is not offered as an owner: {names:?}"
    );

    // A refusal naming a field is shown beside it, and what was typed stays.
    click(&c, "#actions details.add > summary").await;
    fill(&c, "#na-title", "Reset the payroll passwords").await;
    c.execute(
        "const s = document.getElementById('na-owner'); s.selectedIndex = 1;
         document.getElementById('na-rb').value = '0';
         document.getElementById('na-rb').removeAttribute('min');",
        vec![],
    )
    .await
    .unwrap();
    click(&c, "form[data-command=create-action] button[type=submit]").await;
    wait_js(&c, "document.getElementById('na-rb-error')", SHORT).await;
    let beside = c
        .execute(
            "const e = document.getElementById('na-rb-error');
             return [e.previousElementSibling.id, e.textContent,
                     document.getElementById('na-rb').getAttribute('aria-invalid'),
                     document.getElementById('na-title').value];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(beside[0], "na-rb", "the message sits right after its input");
    assert!(
        beside[1].as_str().unwrap().contains("report-back time"),
        "the message is the refusal: {}",
        beside[1]
    );
    assert_eq!(beside[2], "true");
    assert_eq!(
        beside[3], "Reset the payroll passwords",
        "what was typed is kept"
    );
    axe::assert_clean(&c, "the room with a refused form").await;
    let _ = c.close().await;
}
