//! Turning what a client names (a person by email, handle or id) into records.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use muster_store::Person;
use uuid::Uuid;

/// Finds a person by id, email or chat handle; a miss names the field.
pub async fn person(app: &AppState, field: &str, key: &str) -> ApiResult<Person> {
    let key = key.trim();
    let found = match Uuid::parse_str(key) {
        Ok(id) => app.store.person(id).await?,
        Err(_) => app.store.person_by_contact(key).await?,
    };
    found.ok_or_else(|| {
        ApiError::invalid(
            field,
            format!("no person `{key}` in the directory (give an email, chat handle or id)"),
        )
    })
}

/// Like [`person`], but a miss is a 404 (for paths like `/api/people/{key}`).
pub async fn person_at(app: &AppState, key: &str) -> ApiResult<Person> {
    person(app, "key", key)
        .await
        .map_err(|_| ApiError::NotFound(format!("no person `{key}` in the directory")))
}
