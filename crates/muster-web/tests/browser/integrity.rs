//! Rule 9 in the room: a log that fails verification gets a banner in the
//! room and a badge on the dashboard, and the room's forms write nothing to
//! it, until an administrator acknowledges the break.

use crate::app::App;
use crate::http::csrf;
use crate::web_http::{declare, signed_in};
use axum::http::Method;
use sqlx::Connection;

#[tokio::test]
async fn a_broken_log_is_shown_in_the_room_and_on_the_dashboard_until_acknowledged() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, false).await;
    let room = format!("/incidents/{reference}");
    assert!(
        !olivia
            .get(&room)
            .await
            .body
            .contains("data-chain=\"broken\"")
    );

    // Someone with the file rewrites the declaration's title.
    let url = format!("sqlite://{}", app.db.display());
    let mut plain = sqlx::SqliteConnection::connect(&url).await.expect("open");
    for sql in [
        "DROP TRIGGER log_entries_no_update",
        "UPDATE log_entries SET payload = replace(payload, 'Unusual', 'Usual') WHERE seq = 1",
    ] {
        sqlx::query(sql).execute(&mut plain).await.expect(sql);
    }
    plain.close().await.expect("close");
    let id = app
        .state
        .incident_summaries()
        .await
        .expect("incidents")
        .into_iter()
        .find(|s| s.reference == reference)
        .expect("the incident")
        .id;
    // As after a restart: the log is folded (and verified) afresh.
    app.state.evict(id);

    let page = olivia.get(&room).await;
    assert_eq!(page.status, 200, "a broken log is still shown");
    assert!(page.body.contains("data-chain=\"broken\""), "{}", page.body);
    assert!(
        page.body.contains("failed verification at entry #1"),
        "{}",
        page.body
    );
    let dash = olivia.get("/").await;
    assert!(dash.body.contains("log broken"), "{}", dash.body);

    // A note from the room is refused, and nothing is written.
    let token = csrf(&page.body);
    let res = olivia
        .post(
            &format!("{room}/commands"),
            &[("csrf", &token), ("command", "note"), ("text", "hello")],
        )
        .await;
    assert_eq!(res.status, 303);
    assert!(
        olivia
            .get(&room)
            .await
            .body
            .contains("failed verification at seq 1")
    );
    let head = app
        .state
        .state(id)
        .await
        .expect("state")
        .expect("incident")
        .seq;

    // The administrator acknowledges it over the API.
    let admin = app.token(&app.people.ada).await;
    let res = olivia
        .send(
            Method::POST,
            &format!("/api/incidents/{reference}/log/acknowledge"),
            r#"{"reason":"the title was restored from the report"}"#.to_owned(),
            &[
                ("content-type", "application/json"),
                ("authorization", &format!("Bearer {admin}")),
            ],
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let after = app
        .state
        .state(id)
        .await
        .expect("state")
        .expect("incident")
        .seq;
    assert_eq!(after, head + 1, "only the acknowledgement was written");
    assert!(
        !olivia
            .get(&room)
            .await
            .body
            .contains("data-chain=\"broken\"")
    );
    assert!(!olivia.get("/").await.body.contains("log broken"));
}
