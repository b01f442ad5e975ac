//! The main path again with JavaScript off (issue 13): report, triage and
//! declare, staff the team, log a line, delegate an action, and a refusal
//! shown on the page it came back to. (axe-core does not run here: with the
//! page's scripts off its timers never fire; the same pages are checked with
//! scripts on by the other browser tests.)

use crate::app::App;
use crate::browser::sign_in_afresh as sign_in;
use crate::driver::{Driver, click, fill, screenshot, select, wait_text};
use std::time::Duration;

const SHORT: Duration = Duration::from_secs(5);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_main_path_without_javascript() {
    let Some(mut driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let c = driver.browser_without_js().await;
    let js = c
        .execute(
            "return document.documentElement.classList.contains('js')",
            vec![],
        )
        .await
        .unwrap_or_default();
    sign_in(&c, &app, "rita@example.org").await;
    let marked = c
        .execute(
            "return document.documentElement.classList.contains('js')",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(marked, false, "the page's script did not run ({js})");
    c.goto(&format!("{}/reports/new", app.url)).await.unwrap();
    fill(&c, "#title", "Laptop left on a train").await;
    fill(&c, "#description", "Encrypted, but the owner is unsure").await;
    fill(&c, "#source", "Staff member").await;
    click(&c, "form[action='/reports'] button").await;
    wait_text(&c, "#flash", "Reported as REP-", SHORT).await;

    sign_in(&c, &app, "olivia@example.org").await;
    click(&c, "a[href^='/reports/REP-']").await;
    wait_text(&c, "h2", "Triage", SHORT).await;
    select(&c, "#d-severity", "SEV-3").await;
    select(&c, "#d-category", "data-breach").await;
    fill(&c, "#d-hypothesis", "A lost device, probably encrypted").await;
    let p = &app.people;
    select(&c, "#t-person-1", &p.dan.id.to_string()).await;
    select(&c, "#t-person-2", &p.sam.id.to_string()).await;
    click(&c, "form[action$='/triage'] button.primary").await;
    wait_text(&c, "#flash", "Declared INC-", SHORT).await;
    wait_text(&c, "#live-status", "Live updates need JavaScript", SHORT).await;

    // Log a line: the form posts and the page comes back with it.
    fill(&c, "#note-text", "Owner says the disk was encrypted").await;
    click(&c, "#note-form button[type=submit]").await;
    wait_text(
        &c,
        "#flash",
        "Logged: Owner says the disk was encrypted",
        SHORT,
    )
    .await;
    wait_text(
        &c,
        "#timeline-rows",
        "Owner says the disk was encrypted",
        SHORT,
    )
    .await;
    // The message is in the page's flow: it covers no input.
    let covered = c
        .execute(
            "const f = document.querySelector('#flash .flash').getBoundingClientRect();
             return [...document.querySelectorAll('input:not([type=hidden]), textarea, select')]
               .map(e => e.getBoundingClientRect())
               .filter(r => r.width > 0 && f.left < r.right && r.left < f.right && f.top < r.bottom && r.top < f.bottom)
               .length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(covered, 0, "the message covers no input");

    // Delegate an action to the deputy.
    click(&c, "#actions details.add > summary").await;
    fill(&c, "#na-title", "Ask IT to wipe the laptop remotely").await;
    select(&c, "#na-owner", &p.dan.id.to_string()).await;
    click(&c, "form[data-command=create-action] button[type=submit]").await;
    wait_text(&c, "#actions", "Ask IT to wipe the laptop remotely", SHORT).await;

    // A refusal comes back to the room, saying why (rule 4's gaps).
    fill(&c, "#ph-reason", "Wiped").await;
    click(&c, "#resolve-form button[value=resolve]").await;
    wait_text(&c, "#flash", "rule 4", SHORT).await;
    screenshot(&c, "room-nojs-desktop.png").await;

    // The log's filter is a plain form too.
    select(&c, "#lf-kind", "note").await;
    click(&c, ".log-filter button[type=submit]").await;
    wait_text(&c, "#timeline", "Filtered: not live", SHORT).await;
    let rows = c
        .execute(
            "return document.querySelectorAll('#timeline-rows li').length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(rows, 1, "only the one note");
    let _ = c.close().await;
}
