//! Sign-on in a real browser: Chromium, from Muster's sign-in page through
//! the real provider's login form and back, landing on the dashboard as the
//! directory's person; then signing out ends the session.

use crate::driver::{Driver, click, fill, screenshot, wait_text};
use crate::oidc_idp::start;
use serde_json::json;
use std::time::Duration;

const SHORT: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_through_the_provider_in_a_browser_lands_on_the_dashboard() {
    let Some(mut driver) = Driver::start() else {
        return;
    };
    let Some(sso) = start(|_| {}).await else {
        return;
    };
    sso.idp
        .account(
            "olivia.p",
            json!({"email": "olivia@example.org", "email_verified": true}),
        )
        .await;
    let c = driver.browser().await;
    c.goto(&format!("{}/signin", sso.app.url))
        .await
        .expect("goto");
    wait_text(&c, "#sso", "Sign in with Test IdP", SHORT).await;
    click(&c, "#sso").await;
    // The provider's own login form.
    fill(&c, "input[name=login]", "olivia.p").await;
    fill(&c, "input[name=password]", "anything").await;
    click(&c, "button[type=submit]").await;
    // Back on the dashboard, signed in as the directory's Olivia.
    wait_text(&c, "h2", "Open incidents", SHORT).await;
    let page = c.source().await.expect("source");
    assert!(page.contains("Olivia Park"), "signed in as Olivia");
    screenshot(&c, "oidc-dashboard.png").await;
    click(&c, ".signout button").await;
    wait_text(&c, "h1", "Sign in to Muster", SHORT).await;
    c.goto(&sso.app.url).await.expect("dashboard again");
    wait_text(&c, "h1", "Sign in to Muster", SHORT).await;
    let _ = c.close().await;
}
