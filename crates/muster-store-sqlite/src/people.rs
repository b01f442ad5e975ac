//! The people directory.

use crate::SqliteStore;
use crate::error::{from_sqlx, is_unique_violation};
use crate::rows::{PersonRow, all, to_json_list};
use async_trait::async_trait;
use muster_store::refusal::{PersonKey, person_taken};
use muster_store::{PeopleStore, Person, StoreError, StoreResult};
use uuid::Uuid;

/// A `SELECT` of every person column, as a literal so sqlx can cache it.
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
    match is_unique_violation(&err) {
        Some(msg) if msg.contains("people.email") => person_taken(PersonKey::Email, person),
        Some(msg) if msg.contains("people.chat_handle") => {
            person_taken(PersonKey::ChatHandle, person)
        }
        Some(msg) if msg.contains("people.id") => person_taken(PersonKey::Id, person),
        _ => from_sqlx(err),
    }
}

#[async_trait]
impl PeopleStore for SqliteStore {
    async fn create_person(&self, person: &Person) -> StoreResult<()> {
        let mut conn = self.writer().await;
        sqlx::query(
            "INSERT INTO people (id, name, email, chat_handle, slack_id, matrix_id, teams_id, expertise, team, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(person.id.to_string())
        .bind(&person.name)
        .bind(&person.email)
        .bind(&person.chat_handle)
        .bind(&person.slack_id)
        .bind(&person.matrix_id)
        .bind(&person.teams_id)
        .bind(to_json_list(&person.expertise))
        .bind(&person.team)
        .bind(person.created_at)
        .execute(&mut *conn)
        .await
        .map_err(|e| clash(e, person))?;
        Ok(())
    }

    async fn update_person(&self, person: &Person) -> StoreResult<()> {
        let mut conn = self.writer().await;
        // created_at is when the person was added; an update never moves it.
        let done = sqlx::query(
            "UPDATE people SET name = ?, email = ?, chat_handle = ?, slack_id = ?, matrix_id = ?, teams_id = ?,
                    expertise = ?, team = ?
             WHERE id = ?",
        )
        .bind(&person.name)
        .bind(&person.email)
        .bind(&person.chat_handle)
        .bind(&person.slack_id)
        .bind(&person.matrix_id)
        .bind(&person.teams_id)
        .bind(to_json_list(&person.expertise))
        .bind(&person.team)
        .bind(person.id.to_string())
        .execute(&mut *conn)
        .await
        .map_err(|e| clash(e, person))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("person {}", person.id)));
        }
        Ok(())
    }

    async fn person(&self, id: Uuid) -> StoreResult<Option<Person>> {
        let row: Option<PersonRow> = sqlx::query_as(select!("WHERE id = ?"))
            .bind(id.to_string())
            .fetch_optional(&self.readers)
            .await
            .map_err(from_sqlx)?;
        row.map(PersonRow::into_person).transpose()
    }

    async fn person_by_contact(&self, key: &str) -> StoreResult<Option<Person>> {
        // Both columns are COLLATE NOCASE, so `=` ignores case and uses their
        // unique indexes.
        let row: Option<PersonRow> = sqlx::query_as(select!(
            "WHERE email = ?1 OR chat_handle = ?1 ORDER BY email = ?1 DESC LIMIT 1"
        ))
        .bind(key)
        .fetch_optional(&self.readers)
        .await
        .map_err(from_sqlx)?;
        row.map(PersonRow::into_person).transpose()
    }

    async fn list_people(&self) -> StoreResult<Vec<Person>> {
        let rows: Vec<PersonRow> = sqlx::query_as(select!("ORDER BY name, id"))
            .fetch_all(&self.readers)
            .await
            .map_err(from_sqlx)?;
        all(rows, PersonRow::into_person)
    }
}
