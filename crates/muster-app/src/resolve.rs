//! Turning what a client names (a person by email, handle or id) into records.

use crate::app::App;
use crate::error::{AppError, AppResult};
use muster_store::Person;
use uuid::Uuid;

impl App {
    /// Finds a person by id, email or chat handle; a miss names the field.
    pub async fn person(&self, field: &str, key: &str) -> AppResult<Person> {
        let key = key.trim();
        // A key with a control character names no one; say so without
        // echoing the character back.
        if let Some(fault) = muster_domain::text::fault(key, muster_domain::text::Shape::Line) {
            return Err(AppError::invalid(field, fault.message(field)));
        }
        let store = self.directory();
        let found = match Uuid::parse_str(key) {
            Ok(id) => store.person(id).await?,
            Err(_) => store.person_by_contact(key).await?,
        };
        found.ok_or_else(|| {
            AppError::invalid(
                field,
                format!("no person `{key}` in the directory (give an email, chat handle or id)"),
            )
        })
    }

    /// Like [`App::person`], but a miss is "not found" (for paths like
    /// `/api/people/{key}`).
    pub async fn person_at(&self, key: &str) -> AppResult<Person> {
        self.person("key", key)
            .await
            .map_err(|_| AppError::NotFound(format!("no person `{key}` in the directory")))
    }
}
