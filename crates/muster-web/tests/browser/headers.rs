//! The room's headers: every response that carries a restricted incident is
//! `no-store`, its live stream included; pages and the HTML export carry a
//! content security policy, and so does the 404 page.

use crate::app::App;
use crate::web_http::{declare, signed_in};
use axum::http::HeaderMap;

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[tokio::test]
async fn a_restricted_incident_is_never_cached_and_every_page_has_a_policy() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, true).await;
    let room = format!("/incidents/{reference}");
    for path in [
        room.clone(),
        format!("{room}/fragments"),
        format!("{room}/live"),
        format!("{room}/export/html"),
        format!("{room}/export/md"),
        format!("{room}/export/json"),
    ] {
        let (status, h) = olivia.head_of(&path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(header(&h, "cache-control"), "no-store", "{path}: {h:?}");
    }
    for path in [room.clone(), format!("{room}/export/html")] {
        let (_, h) = olivia.head_of(&path).await;
        let csp = header(&h, "content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
    }
    let (_, h) = olivia.head_of(&format!("{room}/export/html")).await;
    assert!(
        header(&h, "content-security-policy").contains("default-src 'none'"),
        "the export runs nothing: {h:?}"
    );
}

#[tokio::test]
async fn the_404_page_has_a_policy_and_is_not_cached() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, true).await;
    let otto = signed_in(&app, "otto@example.org").await;
    // A restricted incident to an outsider, and one that does not exist.
    for path in [
        format!("/incidents/{reference}"),
        "/incidents/INC-1999-0001".into(),
    ] {
        let res = otto.get(&path).await;
        assert_eq!(res.status, 404, "{path}");
        assert!(res.body.contains("Not found"), "{}", res.body);
        let h = &res.headers;
        assert!(header(h, "content-type").starts_with("text/html"), "{path}");
        assert!(
            header(h, "content-security-policy").contains("default-src 'self'"),
            "{path}: {h:?}"
        );
        assert_eq!(header(h, "cache-control"), "no-store", "{path}");
        assert_eq!(header(h, "x-content-type-options"), "nosniff", "{path}");
    }
}
