//! Microsoft Teams against the stand-in (`teams_standin`, `teams_graph`):
//! the incident's private channel opened and staffed through Graph, the roll
//! call posted through the Bot Connector, reminders posted with mentions.
//! The bot's messaging endpoint is in `teams_inbound`.

use crate::common::*;
use crate::teams_bot::*;
use crate::teams_standin::*;
use muster_api::Command;
use muster_domain::Role;
use serde_json::{Value, json};

fn payload(e: &muster_domain::LogEntry) -> Value {
    serde_json::from_str(&e.payload).expect("canonical JSON")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declaring_opens_a_private_channel_staffed_by_entra_id() {
    let t = TeamsPlatform::start().await;
    let (inc, channel) = t.declare_and_open(false).await;

    let create = t.standin.calls("create channel");
    assert_eq!(create.len(), 1, "one channel per incident");
    let body = &create[0].body;
    assert_eq!(body["membershipType"], "private");
    let name = body["displayName"].as_str().unwrap();
    assert!(
        name.starts_with(&format!("inc-{}-customer", inc.to_lowercase())),
        "{name}"
    );
    assert!(name.chars().count() <= 50, "Teams' limit: {name}");
    assert_eq!(body["members"][0]["roles"], json!(["owner"]));
    assert!(
        body["members"][0]["user@odata.bind"]
            .as_str()
            .unwrap()
            .ends_with(&format!("users('{OWNER}')"))
    );

    let added: Vec<String> = t
        .standin
        .calls("add member")
        .iter()
        .map(|c| c.body["user@odata.bind"].as_str().unwrap().to_owned())
        .collect();
    for who in [IM, DEPUTY, SECRETARIAT, ANALYST, PRIVACY, COMMS] {
        assert!(
            added.iter().any(|b| b.contains(&entra_id(who))),
            "{who} added: {added:?}"
        );
    }
    let described = t.standin.calls("update channel");
    let description = described[0].body["description"].as_str().unwrap();
    assert!(
        description.contains("incident-manager Imogen Manager, deputy Dev Deputy"),
        "{description}"
    );

    // The roll call, posted by the bot into the channel; Teams cannot pin it.
    let posts = t.standin.calls("channel post");
    assert_eq!(posts[0].path, channel);
    let roll = posts[0].body["activity"]["text"].as_str().unwrap();
    assert!(
        roll.contains("Roll call") && roll.contains("`@Muster note"),
        "{roll}"
    );

    let log = t.h.client(IM).log(&inc, 0, 1000).await.unwrap();
    let opened = log
        .entries
        .iter()
        .find(|e| e.kind == "chat-channel-opened")
        .expect("on the record");
    assert_eq!(payload(opened)["provider"], "teams", "{}", opened.payload);

    // Two tokens (Graph's and the Bot Connector's), each reused: not one per call.
    assert_eq!(t.standin.books.lock().unwrap().token_requests, 2);

    // Cora stands down: she leaves the channel, the description follows.
    t.h.run(
        IM,
        &inc,
        Command::StandDown {
            person: t.h.person(COMMS).email.clone(),
            role: Role::CommsLead,
            reason: "off sick".into(),
        },
    )
    .await;
    t.h.drain(&t.h.worker("w"), in_minutes(0)).await;
    let removed = t.standin.calls("remove member");
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0].path, format!("mem-{}", entra_id(COMMS)));
    assert_eq!(t.standin.calls("update channel").len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_name_taken_in_the_team_is_made_unique() {
    let t = TeamsPlatform::start().await;
    // Someone already has a channel of the name Muster would choose.
    let year = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .year();
    let taken = format!("inc-inc-{year}-0001-customer-export-bucket-readable");
    t.standin.books.lock().unwrap().channels.push((
        "19:theirs@thread.tacv2".into(),
        taken.clone(),
        String::new(),
        Vec::new(),
    ));
    let (_inc, channel) = t.declare_and_open(false).await;
    assert_ne!(channel, "19:theirs@thread.tacv2");
    let made = t.standin.calls("create channel");
    assert_eq!(made.len(), 1, "the refused attempt is not recorded as made");
    let name = made[0].body["displayName"].as_str().unwrap();
    assert_ne!(name, taken);
    assert!(
        name.starts_with(&format!("inc-inc-{year}-0001-customer-export"))
            && name.chars().count() <= 50,
        "{name}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_is_posted_with_its_people_mentioned() {
    let t = TeamsPlatform::start().await;
    let (inc, channel) = t.declare_and_open(false).await;
    t.h.run(
        IM,
        &inc,
        Command::CreateAction {
            title: "Rotate the bucket's keys".into(),
            owner: t.h.person(ANALYST).email.clone(),
            report_back_at: in_minutes(60),
        },
    )
    .await;
    t.h.drain(&t.h.worker("w"), in_minutes(31)).await;
    let posts = t.standin.calls("channel post");
    let reminder = posts
        .iter()
        .find(|p| {
            p.body["activity"]["text"]
                .as_str()
                .unwrap()
                .contains("Rotate the bucket's keys")
        })
        .expect("the reminder was posted");
    assert_eq!(reminder.path, channel);
    let activity = &reminder.body["activity"];
    assert!(
        activity["text"]
            .as_str()
            .unwrap()
            .starts_with("<at>Ana Analyst</at>"),
        "{activity}"
    );
    assert_eq!(
        activity["entities"][0]["mentioned"]["id"],
        entra_id(ANALYST)
    );
    assert_eq!(activity["entities"][0]["mentioned"]["name"], "Ana Analyst");
}
