//! The benchmarks' people: a person with a login and an API token, straight
//! in the store.

use jiff::Timestamp;
use muster_app::actor as auth;
use muster_store::{AuthStore, PeopleStore, Person, User};
use muster_store_sqlite::SqliteStore;
use uuid::Uuid;

pub async fn person(
    store: &SqliteStore,
    name: &str,
    tags: &[&str],
    admin: bool,
) -> (Person, String) {
    let p = Person {
        id: Uuid::now_v7(),
        name: name.into(),
        email: format!("{}@example.org", name.to_lowercase().replace(' ', ".")),
        chat_handle: None,
        slack_id: None,
        matrix_id: None,
        teams_id: None,
        expertise: tags.iter().map(|t| t.to_string()).collect(),
        team: None,
        created_at: Timestamp::now().as_microsecond(),
    };
    store.create_person(&p).await.expect("person");
    store
        .upsert_user(&User {
            person: p.id,
            admin,
            password_hash: None,
            created_at: 0,
        })
        .await
        .expect("user");
    let token = auth::mint_token(store, p.id, "bench")
        .await
        .expect("token")
        .token;
    (p, token)
}
