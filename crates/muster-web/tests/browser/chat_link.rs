//! The incident's page shows its chat channel whichever platform it is on:
//! a Matrix room as a `matrix.to` link, a Slack channel by its name.

use crate::app::App;
use crate::web_http::{declare, signed_in};
use muster_app::committer::Submission;
use muster_domain::Command;
use muster_domain::calls::{ChatChannel, system_actor};

async fn record(app: &App, reference: &str, channel: ChatChannel) {
    let id = app
        .state
        .incident_summaries()
        .await
        .expect("summaries")
        .into_iter()
        .find(|s| s.reference == reference)
        .expect("the incident")
        .id;
    app.state
        .submit(Submission {
            incident: id,
            actor: system_actor(),
            admin: false,
            occurred_at: None,
            command: Command::RecordChatChannel(channel),
        })
        .await
        .expect("recorded");
}

#[tokio::test]
async fn the_room_links_the_incidents_channel_on_any_platform() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let on_matrix = declare(&app, &olivia, false).await;
    let page = olivia.get(&format!("/incidents/{on_matrix}")).await;
    assert!(!page.body.contains("id=\"chat-channel\""), "no channel yet");

    let room = "!AbCdEf:example.org";
    record(
        &app,
        &on_matrix,
        ChatChannel {
            provider: "matrix".into(),
            channel: room.into(),
            name: "inc-payroll".into(),
            url: Some(format!("https://matrix.to/#/{room}?via=example.org")),
        },
    )
    .await;
    let page = olivia.get(&format!("/incidents/{on_matrix}")).await;
    assert!(
        page.body.contains(
            "Chat: Matrix <a href=\"https://matrix.to/#/!AbCdEf:example.org?via=example.org\""
        ),
        "{}",
        page.body
    );

    let on_slack = declare(&app, &olivia, false).await;
    record(
        &app,
        &on_slack,
        ChatChannel {
            provider: "slack".into(),
            channel: "C0INCIDENT1".into(),
            name: "inc-payroll-2".into(),
            url: None,
        },
    )
    .await;
    let page = olivia.get(&format!("/incidents/{on_slack}")).await;
    assert!(
        page.body
            .contains("Chat: Slack <strong>inc-payroll-2</strong>"),
        "{}",
        page.body
    );
}
