//! The refusals every backend words the same way, so that the API's messages
//! (which name the field or rule) cannot drift between stores. A backend only
//! recognises which of its constraints or rows caused one.

use crate::{NewReport, Person, Report, StoreError};
use muster_domain::vocab::ReportStatus;
use uuid::Uuid;

/// Which unique key of a person clashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonKey {
    Email,
    ChatHandle,
    Id,
}

/// A `Conflict` naming the field of `person` that another person already has.
pub fn person_taken(key: PersonKey, person: &Person) -> StoreError {
    StoreError::Conflict(match key {
        PersonKey::Email => format!("email: {} is already used by another person", person.email),
        PersonKey::ChatHandle => format!(
            "chat_handle: {} is already used by another person",
            person.chat_handle.as_deref().unwrap_or_default()
        ),
        PersonKey::Id => format!("id: person {} already exists", person.id),
    })
}

/// A `Conflict` for a token whose id, or whose secret's hash, is taken.
pub fn token_taken(on_hash: bool) -> StoreError {
    let field = if on_hash { "hash" } else { "id" };
    StoreError::Conflict(format!("{field}: this token already exists"))
}

/// Why a report could not leave `awaiting-triage`: there is no such report,
/// or someone already triaged it (`current` is its status now).
pub fn triage_refused(report: Uuid, current: Option<String>) -> StoreError {
    match current {
        None => StoreError::NotFound(format!("report {report}")),
        Some(status) => {
            StoreError::Conflict(format!("report {report} was already triaged ({status})"))
        }
    }
}

impl NewReport {
    /// The report as stored under `reference`: awaiting triage, untouched.
    pub fn into_report(self, reference: String) -> Report {
        Report {
            id: self.id,
            reference,
            title: self.title,
            description: self.description,
            source: self.source,
            reported_by: self.reported_by,
            reported_at: self.reported_at,
            status: ReportStatus::AwaitingTriage,
            triaged_by: None,
            triaged_at: None,
            triage_note: None,
            incident: None,
        }
    }
}

/// A worker tried to settle an outbox item it does not hold: `row` is the
/// item's status and current holder, or `None` when there is no such item.
pub fn not_held(id: Uuid, worker: &str, row: Option<(String, Option<String>)>) -> StoreError {
    match row {
        None => StoreError::NotFound(format!("outbox item {id}")),
        Some((status, holder)) => StoreError::Conflict(format!(
            "outbox item {id} is {status}, held by {}, not by {worker}",
            holder.as_deref().unwrap_or("nobody")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_the_field() {
        let person = crate::test_fixtures::person("Ann Lee");
        let msg = |e: StoreError| match e {
            StoreError::Conflict(m) | StoreError::NotFound(m) => m,
            other => panic!("{other:?}"),
        };
        assert!(msg(person_taken(PersonKey::Email, &person)).starts_with("email: ann.lee."));
        assert!(
            msg(person_taken(PersonKey::ChatHandle, &person)).starts_with("chat_handle: @ann-lee-")
        );
        assert!(msg(person_taken(PersonKey::Id, &person)).starts_with("id: person "));
        assert!(msg(token_taken(true)).starts_with("hash: "));
        assert!(msg(token_taken(false)).starts_with("id: "));
        assert!(matches!(
            triage_refused(Uuid::nil(), None),
            StoreError::NotFound(_)
        ));
        assert!(matches!(
            triage_refused(Uuid::nil(), Some("declared".into())),
            StoreError::Conflict(m) if m.ends_with("already triaged (declared)")
        ));
    }
}
