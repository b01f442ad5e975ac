//! The scribe's log (issue 13): newest or oldest first, filtered by kind,
//! person and time with a plain GET form (no JavaScript needed); a correction
//! shown with the entry it corrects; times in the viewer's time zone with UTC
//! on hover; the list reachable and scrollable by keyboard.

use crate::app::{App, PASSWORD};
use crate::axe;
use crate::browser::api_command as api;
use crate::driver::{Driver, click, fill, screenshot, wait_text};
use crate::web_http::{declare, signed_in};
use serde_json::json;
use std::time::Duration;

const SHORT: Duration = Duration::from_secs(5);

/// The sequence numbers of the log rows on a page, top to bottom.
fn seqs(body: &str) -> Vec<u64> {
    body.split("data-seq=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scribes_log_orders_filters_and_shows_corrections() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, false).await;
    let sam = app.token(&app.people.sam).await;
    let dan = app.token(&app.people.dan).await;
    api(
        &app,
        &sam,
        &reference,
        json!({"command": "add-note", "text": "Bridge opened"}),
    )
    .await;
    api(
        &app,
        &dan,
        &reference,
        json!({"command": "add-note", "text": "VPN logs requested"}),
    )
    .await;
    let page = olivia.get(&format!("/incidents/{reference}")).await;
    let bridge = seqs(&page.body)[1];
    api(&app, &sam, &reference, json!({"command": "correct", "seq": bridge, "text": "The bridge opened at 09:20, not 09:12"})).await;

    // Without JavaScript: the form is a GET; newest first by default.
    let room = format!("/incidents/{reference}");
    let all = seqs(&olivia.get(&room).await.body);
    assert!(all.windows(2).all(|w| w[0] > w[1]), "newest first: {all:?}");
    let oldest = seqs(&olivia.get(&format!("{room}?order=oldest")).await.body);
    assert!(
        oldest.windows(2).all(|w| w[0] < w[1]),
        "oldest first: {oldest:?}"
    );
    assert_eq!(oldest.len(), all.len());
    let notes = olivia.get(&format!("{room}?kind=note")).await.body;
    assert_eq!(seqs(&notes).len(), 2, "only the two notes");
    assert!(
        notes.contains("Filtered: not live"),
        "a filtered log says it is not live"
    );
    let dans = olivia.get(&format!("{room}?who=Dan+Okafor")).await.body;
    assert_eq!(seqs(&dans).len(), 1, "only Dan's entry");
    assert!(dans.contains("VPN logs requested"));
    let recent = seqs(&olivia.get(&format!("{room}?within=15")).await.body);
    assert_eq!(
        recent.len(),
        all.len(),
        "everything happened in the last 15 minutes"
    );
    // A filter that means nothing is refused naming it; a blank one is no filter.
    let bad = olivia.get(&format!("{room}?within=soon")).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(
        bad.body.contains("within") && bad.body.contains("not a number of minutes"),
        "{}",
        bad.body
    );
    let bad = olivia.get(&format!("{room}?order=sideways")).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("not an order"), "{}", bad.body);
    let blank = olivia
        .get(&format!("{room}?order=&kind=&who=&within="))
        .await;
    assert_eq!(blank.status, 200);
    assert!(!blank.body.contains("Filtered: not live"));
    // The correction sits with the entry it corrects, and points back at it.
    let body = olivia.get(&room).await.body;
    let entry = body
        .split(&format!("id=\"entry-{bridge}\""))
        .nth(1)
        .and_then(|s| s.split("</li>").next())
        .expect("the corrected entry");
    assert!(entry.contains("Corrected by"), "{entry}");
    assert!(entry.contains("The bridge opened at 09:20"), "{entry}");
    assert!(body.contains(&format!("href=\"#entry-{bridge}\">see #{bridge}</a>")));

    let Some(mut driver) = Driver::start() else {
        return;
    };
    let c = driver.browser().await;
    c.goto(&format!("{}/signin", app.url)).await.unwrap();
    fill(&c, "#email", "sam@example.org").await;
    fill(&c, "#password", PASSWORD).await;
    click(&c, "form[action='/signin'] button[type=submit]").await;
    wait_text(&c, "h2", "Open incidents", SHORT).await;
    c.goto(&format!("{}{room}", app.url)).await.unwrap();
    wait_text(&c, "h2", "Log", SHORT).await;
    // Times in the viewer's zone, UTC on hover.
    let t = c
        .execute(
            "const el = document.querySelector('#timeline-rows time');
             const at = new Date(el.getAttribute('datetime'));
             return [el.textContent, at.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'}),
                     el.title, el.getAttribute('datetime'),
                     document.getElementById('timeline-rows').tabIndex];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(t[0], t[1], "the viewer's local time");
    assert_eq!(
        t[2].as_str().unwrap(),
        format!("{} UTC", t[3].as_str().unwrap())
    );
    assert_eq!(t[4], 0, "the log takes the keyboard's focus to scroll");
    // "/" from anywhere goes to the log-a-line box.
    c.execute(
        "document.activeElement.blur(); document.body.focus();",
        vec![],
    )
    .await
    .unwrap();
    c.active_element()
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    let focused = c
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "note-text", "'/' goes to the log-a-line box");
    axe::assert_clean(&c, "the log").await;
    c.goto(&format!("{}{room}?kind=correction#timeline", app.url))
        .await
        .unwrap();
    wait_text(&c, "#timeline-rows", "The bridge opened at 09:20", SHORT).await;
    axe::assert_clean(&c, "the filtered log").await;
    screenshot(&c, "room-log-filtered-desktop.png").await;
    let _ = c.close().await;
}
