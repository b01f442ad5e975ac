//! The room's indicator panels in a real browser (issue 11): a member adds
//! an indicator through the form and sees it defanged, never as a link;
//! looks it up with the room's "have we seen this?" box and finds both
//! incidents that hold it; cites it on a known fact and sees it beside the
//! fact. An outsider's lookup from an incident they may see never reveals
//! the restricted one that holds the same value (rule 10), not even as a
//! count.

use crate::app::{App, PASSWORD};
use crate::driver::{Driver, click, fill, select, wait_text};
use crate::http::Http;
use crate::web_http::{declare, signed_in};
use fantoccini::{Client, Locator};
use serde_json::json;
use std::time::Duration;

const SHORT: Duration = Duration::from_secs(5);

async fn sign_in(c: &Client, app: &App, email: &str) {
    c.goto(&format!("{}/signin", app.url)).await.expect("goto");
    fill(c, "#email", email).await;
    fill(c, "#password", PASSWORD).await;
    click(c, "form[action='/signin'] button[type=submit]").await;
    wait_text(c, "h2", "Open incidents", SHORT).await;
}

async fn open_details(c: &Client, css: &str) {
    let summary = format!("{css} > summary");
    let open: bool = c
        .execute(
            &format!("return document.querySelector({css:?}).open"),
            vec![],
        )
        .await
        .expect("js")
        .as_bool()
        .unwrap_or(false);
    if !open {
        click(c, &summary).await;
    }
}

async fn text_of(c: &Client, css: &str) -> String {
    // Read in one script: the live stream may swap the region in between a
    // find and a read, which would leave a stale element.
    c.execute(
        &format!("var e = document.querySelector({css:?}); return e ? e.innerText : null"),
        vec![],
    )
    .await
    .expect("js")
    .as_str()
    .unwrap_or_else(|| panic!("no {css}"))
    .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indicators_are_added_looked_up_and_cited_in_the_room() {
    let Some(mut driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let a = driver.browser().await;
    let b = driver.browser().await;
    play(&app, &a, &b).await;
    let _ = a.close().await;
    let _ = b.close().await;
}

async fn play(app: &App, a: &Client, b: &Client) {
    let olivia = signed_in(app, "olivia@example.org").await;
    // A restricted security incident (Priya is not on its team) and an open one.
    let restricted = declare(app, &olivia, true).await;
    let open = declare(app, &olivia, false).await;
    // The open incident holds the same address, added over the API.
    let token = app.token(&app.people.olivia).await;
    let res = Http::new(&app.url)
        .send(
            axum::http::Method::POST,
            &format!("/api/incidents/{open}/commands"),
            json!({"command": "add-indicator", "type": "ipv4", "value": "203.0.113.7"}).to_string(),
            &[
                ("authorization", &format!("Bearer {token}")),
                ("content-type", "application/json"),
            ],
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);

    // Dan, on the restricted incident's team, adds it there through the form,
    // typed defanged as it came from a report.
    sign_in(a, app, "dan@example.org").await;
    a.goto(&format!("{}/incidents/{restricted}", app.url))
        .await
        .expect("room");
    open_details(a, "#indicators details.add").await;
    select(a, "#ind-type", "ipv4").await;
    fill(a, "#ind-value", "203.0.113[.]7").await;
    select(a, "#ind-tlp", "green").await;
    click(a, "#ind-ioc").await;
    click(a, "#indicator-form button[type=submit]").await;
    wait_text(a, "#flash", "Logged", SHORT).await;
    wait_text(a, "#indicator-I1", "203.0.113[.]7", SHORT).await;
    let shown = text_of(a, "#indicator-I1").await;
    assert!(
        shown.contains("TLP:GREEN") && shown.contains("IOC"),
        "{shown}"
    );
    let links: Vec<String> = {
        let mut hrefs = Vec::new();
        for link in a
            .find_all(Locator::Css("#indicators a"))
            .await
            .expect("links")
        {
            hrefs.push(link.attr("href").await.expect("href").unwrap_or_default());
        }
        hrefs
    };
    assert!(
        links.iter().all(|h| !h.contains("203.0.113")),
        "the value is never a link: {links:?}"
    );
    let html = a.source().await.expect("source");
    assert!(
        !html.contains("203.0.113.7"),
        "the room never shows the live value"
    );

    // "Have we seen this?" from the room: both incidents, Dan may see both.
    fill(a, "#seen-value", "203.0.113.7").await;
    click(a, "form.seen-box button[type=submit]").await;
    wait_text(a, "#seen-answer", "seen on 2", SHORT).await;
    let table = text_of(a, "table.seen-hits").await;
    assert!(
        table.contains(&restricted) && table.contains(&open),
        "{table}"
    );

    // A known fact cites the indicator; the room shows it beside the fact.
    a.goto(&format!("{}/incidents/{restricted}", app.url))
        .await
        .expect("room");
    open_details(a, "#board details.add").await;
    fill(a, "#f-text", "The payroll logins came from one address").await;
    fill(a, "#f-source", "VPN gateway log").await;
    click(a, "#board details.add form button[type=submit]").await;
    wait_text(a, "#finding-F1", "The payroll logins", SHORT).await;
    open_details(a, "#finding-F1 details.cite").await;
    fill(a, "#fc-F1", "I1").await;
    click(a, "#finding-F1 details.cite button[type=submit]").await;
    wait_text(a, "#finding-F1 .cites", "cites I1", SHORT).await;
    let cited = text_of(a, "#finding-F1 .cites").await;
    assert!(cited.contains("ipv4 203.0.113[.]7"), "{cited}");
    // An id the incident does not hold is refused, naming the field.
    open_details(a, "#finding-F1 details.cite").await;
    fill(a, "#fc-F1", "EV9").await;
    click(a, "#finding-F1 details.cite button[type=submit]").await;
    wait_text(a, "#flash", "has no evidence item EV9", SHORT).await;

    // Rule 10: Priya is not on the restricted incident. From the open one's
    // room she finds the open incident only; the restricted one is not
    // there, not even as a count.
    sign_in(b, app, "priya@example.org").await;
    b.goto(&format!("{}/incidents/{open}", app.url))
        .await
        .expect("room");
    fill(b, "#seen-value", "203.0.113[.]7").await;
    click(b, "form.seen-box button[type=submit]").await;
    wait_text(b, "#seen-answer", "seen on 1", SHORT).await;
    let page = b.source().await.expect("source");
    assert!(page.contains(&open), "{page}");
    assert!(!page.contains(&restricted), "rule 10: {page}");
    // And the restricted room's own lookup page is the same 404 as no incident.
    b.goto(&format!(
        "{}/incidents/{restricted}/seen?value=203.0.113.7",
        app.url
    ))
    .await
    .expect("goto");
    let page = b.source().await.expect("source");
    assert!(
        page.contains("or it is restricted to its team") && !page.contains("seen on"),
        "{page}"
    );
    // A value of no known type is refused with what to do.
    b.goto(&format!("{}/incidents/{open}/seen?value=%3F%3F", app.url))
        .await
        .expect("goto");
    wait_text(b, "#seen-refusal", "value: cannot tell what type", SHORT).await;
}
