//! The people directory.

use crate::PgStore;
use crate::error::{from_sqlx, unique_violation};
use crate::rows::{PersonRow, all};
use async_trait::async_trait;
use muster_store::refusal::{PersonKey, person_taken};
use muster_store::{PeopleStore, Person, StoreError, StoreResult};
use uuid::Uuid;

macro_rules! select {
    ($rest:literal) => {
        concat!(
            "SELECT id, name, email, chat_handle, slack_id, matrix_id, teams_id, expertise, team, created_at FROM people ",
            $rest
        )
    };
}

/// Names the field that clashed, so the API can tell the user which one.
fn clash(err: sqlx::Error, person: &Person) -> StoreError {
    match unique_violation(&err) {
        Some("people_email_key") => person_taken(PersonKey::Email, person),
        Some("people_chat_handle_key") => person_taken(PersonKey::ChatHandle, person),
        Some("people_pkey") => person_taken(PersonKey::Id, person),
        _ => from_sqlx(err),
    }
}

#[async_trait]
impl PeopleStore for PgStore {
    async fn create_person(&self, person: &Person) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO people (id, name, email, chat_handle, slack_id, matrix_id, teams_id, expertise, team, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(person.id)
        .bind(&person.name)
        .bind(&person.email)
        .bind(&person.chat_handle)
        .bind(&person.slack_id)
        .bind(&person.matrix_id)
        .bind(&person.teams_id)
        .bind(&person.expertise)
        .bind(&person.team)
        .bind(person.created_at)
        .execute(&self.pool)
        .await
        .map_err(|e| clash(e, person))?;
        Ok(())
    }

    async fn update_person(&self, person: &Person) -> StoreResult<()> {
        // created_at is when the person was added; an update never moves it.
        let done = sqlx::query(
            "UPDATE people SET name = $1, email = $2, chat_handle = $3, slack_id = $4, matrix_id = $5,
                    teams_id = $6, expertise = $7, team = $8
             WHERE id = $9",
        )
        .bind(&person.name)
        .bind(&person.email)
        .bind(&person.chat_handle)
        .bind(&person.slack_id)
        .bind(&person.matrix_id)
        .bind(&person.teams_id)
        .bind(&person.expertise)
        .bind(&person.team)
        .bind(person.id)
        .execute(&self.pool)
        .await
        .map_err(|e| clash(e, person))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("person {}", person.id)));
        }
        Ok(())
    }

    async fn person(&self, id: Uuid) -> StoreResult<Option<Person>> {
        let row: Option<PersonRow> = sqlx::query_as(select!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(from_sqlx)?;
        row.map(PersonRow::into_person).transpose()
    }

    async fn person_by_contact(&self, key: &str) -> StoreResult<Option<Person>> {
        // lower() on both sides matches the unique indexes, which PostgreSQL
        // then uses for the lookup; an email match wins over a handle match.
        let row: Option<PersonRow> = sqlx::query_as(select!(
            "WHERE lower(email) = lower($1) OR lower(chat_handle) = lower($1)
             ORDER BY lower(email) = lower($1) DESC LIMIT 1"
        ))
        .bind(key)
        .fetch_optional(&self.pool)
        .await
        .map_err(from_sqlx)?;
        row.map(PersonRow::into_person).transpose()
    }

    async fn list_people(&self) -> StoreResult<Vec<Person>> {
        // Byte order ("C"), as SQLite sorts, whatever the database's locale.
        let rows: Vec<PersonRow> = sqlx::query_as(select!("ORDER BY name COLLATE \"C\", id"))
            .fetch_all(&self.pool)
            .await
            .map_err(from_sqlx)?;
        all(rows, PersonRow::into_person)
    }
}
