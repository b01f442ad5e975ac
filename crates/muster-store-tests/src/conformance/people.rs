//! The people directory: create, update, lookup by contact, uniqueness.

use super::fixtures::{assert_conflict, assert_not_found, person};
use muster_store::Store;
use uuid::Uuid;

/// People read back exactly; lookup by email or chat handle ignores case;
/// updates replace details; listing is by name.
pub async fn people_create_update_lookup<S: Store + ?Sized>(store: &S) {
    let ada = person("Ada Lovelace");
    let mut bob = person("Bob Smith");
    bob.chat_handle = None;
    bob.slack_id = None;
    bob.teams_id = None;
    bob.team = None;
    bob.expertise = Vec::new();
    // Created out of name order, to show that listing sorts.
    store.create_person(&bob).await.expect("create bob");
    store.create_person(&ada).await.expect("create ada");

    let got = store.person(ada.id).await.expect("person");
    assert_eq!(got.as_ref(), Some(&ada), "a person reads back as created");
    let got = store.person(bob.id).await.expect("person");
    assert_eq!(got.as_ref(), Some(&bob), "empty optional fields read back");
    assert_eq!(store.person(Uuid::now_v7()).await.expect("person"), None);

    let by_email = store
        .person_by_contact(&ada.email.to_uppercase())
        .await
        .expect("person_by_contact");
    assert_eq!(
        by_email.map(|p| p.id),
        Some(ada.id),
        "email lookup ignores case"
    );
    let handle = ada.chat_handle.clone().expect("ada has a chat handle");
    let by_handle = store
        .person_by_contact(&handle.to_uppercase())
        .await
        .expect("person_by_contact");
    assert_eq!(
        by_handle.map(|p| p.id),
        Some(ada.id),
        "handle lookup ignores case"
    );
    let nobody = store
        .person_by_contact("nobody@example.org")
        .await
        .expect("person_by_contact");
    assert_eq!(nobody, None, "an unknown contact finds no one");

    let mut renamed = ada.clone();
    renamed.name = "Ada King".to_owned();
    renamed.email = format!("king.{}", ada.email);
    renamed.chat_handle = None;
    renamed.team = Some("Privacy Office".to_owned());
    renamed.expertise = vec!["legal".to_owned()];
    store.update_person(&renamed).await.expect("update_person");
    let got = store.person(ada.id).await.expect("person");
    assert_eq!(
        got.as_ref(),
        Some(&renamed),
        "an update replaces the details"
    );
    let old = store.person_by_contact(&ada.email).await.expect("lookup");
    assert_eq!(old, None, "the old email no longer finds anyone");
    let old = store.person_by_contact(&handle).await.expect("lookup");
    assert_eq!(old, None, "the cleared chat handle no longer finds anyone");

    let ghost = person("Ghost");
    assert_not_found(store.update_person(&ghost).await, "update_person of no one");
    assert_eq!(store.person(ghost.id).await.expect("person"), None);

    let listed: Vec<Uuid> = store
        .list_people()
        .await
        .expect("list_people")
        .into_iter()
        .map(|p| p.id)
        .filter(|id| *id == ada.id || *id == bob.id)
        .collect();
    assert_eq!(listed, vec![ada.id, bob.id], "people are listed by name");
}

/// Email is unique regardless of case; chat handle too when present, and
/// any number of people may have none. The Conflict names the field.
pub async fn people_conflicts<S: Store + ?Sized>(store: &S) {
    let carol = person("Carol Jones");
    store.create_person(&carol).await.expect("create carol");

    let mut same_email = person("Carol Twin");
    same_email.email = carol.email.to_uppercase();
    assert_conflict(
        store.create_person(&same_email).await,
        Some("email"),
        "a second person with the same email in another case",
    );

    let mut same_handle = person("Carol Handle");
    same_handle.chat_handle = carol.chat_handle.as_ref().map(|h| h.to_uppercase());
    assert_conflict(
        store.create_person(&same_handle).await,
        Some("chat_handle"),
        "a second person with the same chat handle",
    );
    for refused in [&same_email, &same_handle] {
        let got = store.person(refused.id).await.expect("person");
        assert_eq!(got, None, "a refused person is not stored");
    }

    let mut no_handle_1 = person("Dan One");
    no_handle_1.chat_handle = None;
    let mut no_handle_2 = person("Dan Two");
    no_handle_2.chat_handle = None;
    store
        .create_person(&no_handle_1)
        .await
        .expect("no handle 1");
    store
        .create_person(&no_handle_2)
        .await
        .expect("a second person without a chat handle is not a conflict");

    let mut steal = no_handle_1.clone();
    steal.email = carol.email.clone();
    assert_conflict(
        store.update_person(&steal).await,
        Some("email"),
        "updating to another person's email",
    );
    let mut steal = no_handle_1.clone();
    steal.chat_handle = carol.chat_handle.clone();
    assert_conflict(
        store.update_person(&steal).await,
        Some("chat_handle"),
        "updating to another person's chat handle",
    );
    let got = store.person(no_handle_1.id).await.expect("person");
    assert_eq!(
        got.as_ref(),
        Some(&no_handle_1),
        "a refused update changes nothing"
    );
}
