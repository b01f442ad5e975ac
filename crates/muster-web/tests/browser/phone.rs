//! Phone first (issue 13): every page fits a 390 px wide screen with no
//! sideways scrolling, and on a phone the room opens on the roll call and the
//! clocks.

use crate::app::{App, PASSWORD};
use crate::axe;
use crate::driver::{Driver, click, fill, screenshot, wait_text};
use crate::web_http::{declare, signed_in};
use fantoccini::Client;
use std::time::Duration;

const SHORT: Duration = Duration::from_secs(5);

/// How much wider than the screen the page is (0 when it fits), and the
/// widest element that sticks out, to say what to fix.
async fn overflow(c: &Client) -> (i64, String) {
    let v = c
        .execute(
            "const w = document.documentElement.clientWidth;
             let worst = '', most = 0;
             for (const e of document.querySelectorAll('body *')) {
               const r = e.getBoundingClientRect();
               if (r.right - w > most) { most = r.right - w; worst = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : ''); }
             }
             return [document.documentElement.scrollWidth - w, worst];",
            vec![],
        )
        .await
        .expect("measure");
    (
        v[0].as_i64().unwrap_or(-1),
        v[1].as_str().unwrap_or("").to_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_fits_a_390_pixel_phone() {
    let Some(mut driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, true).await;
    // A report still awaiting triage, for the triage page.
    let page = olivia.get("/reports/new").await;
    let res = olivia
        .post(
            "/reports",
            &[
                ("csrf", &crate::http::csrf(&page.body)),
                (
                    "title",
                    "Phishing mail with a long subject line about payroll changes",
                ),
                ("description", "Forwarded by three staff"),
                ("source", "staff"),
            ],
        )
        .await;
    let report = res.location().to_owned();

    let c = driver.browser().await;
    c.set_window_size(390, 844).await.expect("phone size");
    c.goto(&format!("{}/signin", app.url)).await.unwrap();
    let mut failures = Vec::new();
    let (over, worst) = overflow(&c).await;
    if over > 0 {
        failures.push(format!("/signin: {over} px too wide ({worst})"));
    }
    failures.extend(axe::violations(&c, "/signin on a phone").await);
    screenshot(&c, "signin-phone.png").await;
    fill(&c, "#email", "olivia@example.org").await;
    fill(&c, "#password", PASSWORD).await;
    click(&c, "form[action='/signin'] button[type=submit]").await;
    wait_text(&c, "h2", "Open incidents", SHORT).await;
    for path in [
        "/".to_owned(),
        "/reports/new".to_owned(),
        report.clone(),
        format!("/incidents/{reference}"),
    ] {
        c.goto(&format!("{}{path}", app.url)).await.unwrap();
        let (over, worst) = overflow(&c).await;
        if over > 0 {
            failures.push(format!("{path}: {over} px too wide ({worst})"));
        }
        failures.extend(axe::violations(&c, &format!("{path} on a phone")).await);
        let name = match path.as_str() {
            "/" => "dashboard".to_owned(),
            p if p.starts_with("/incidents/") => "room".to_owned(),
            p if p == report => "triage".to_owned(),
            p => p.trim_matches('/').replace('/', "-"),
        };
        screenshot(&c, &format!("{name}-phone.png")).await;
    }
    // On a phone the room opens on the roll call: it is the first panel.
    c.goto(&format!("{}/incidents/{reference}", app.url))
        .await
        .unwrap();
    let top = c
        .execute(
            "const y = id => document.getElementById(id).getBoundingClientRect().top;
             return [y('team'), y('summary'), y('obligations'), y('actions'), y('timeline')];",
            vec![],
        )
        .await
        .unwrap();
    let y: Vec<f64> = (0..5).map(|i| top[i].as_f64().unwrap()).collect();
    let (team, owed, clocks, actions, log) = (y[0], y[1], y[2], y[3], y[4]);
    // Roll call, then what this person owes, then the clocks; the rest after.
    if !(team < owed && owed < clocks && clocks < actions && actions < log && team < 844.0) {
        failures.push(format!(
            "the room on a phone: roll call at {team} px, what you owe at {owed} px, clocks at {clocks} px, actions at {actions} px, log at {log} px"
        ));
    }
    // Every other section is one tap away, in the section links at the top.
    let links = c
        .execute(
            "const nav = document.querySelector('.room-nav');
             return [nav.getBoundingClientRect().top,
                     [...nav.querySelectorAll('a')].map(a => a.getAttribute('href'))
                       .filter(h => h.startsWith('#') && !document.getElementById(h.slice(1))).length];",
            vec![],
        )
        .await
        .unwrap();
    if links[0].as_f64().unwrap() > team || links[1] != 0 {
        failures.push(format!("the section links: {links}"));
    }
    let _ = c.close().await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
