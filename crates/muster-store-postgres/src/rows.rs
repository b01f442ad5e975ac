//! Database rows and their conversion to the store's types. Ids, lists and
//! flags are native PostgreSQL types, so what can fail here is narrower than on
//! SQLite: enum words, and integers that must not be negative.

use crate::error::corrupt;
use muster_domain::LogEntry;
pub(crate) use muster_store::column::{seq_from_db, seq_to_db};
use muster_store::{
    ApiToken, AuditRecord, IncidentSummary, Person, Report, Shift, StoreResult, User,
};
use std::str::FromStr;
use uuid::Uuid;

pub(crate) fn word<T: FromStr<Err = String>>(what: &str, text: &str) -> StoreResult<T> {
    text.parse().map_err(|e| corrupt(what, text, e))
}

/// A u64 bound for `seq > $1` / `seq < $1`, clamped into bigint's range (no
/// entry has a seq near either end).
pub(crate) fn seq_bound(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

#[derive(sqlx::FromRow)]
pub(crate) struct PersonRow {
    id: Uuid,
    name: String,
    email: String,
    chat_handle: Option<String>,
    slack_id: Option<String>,
    matrix_id: Option<String>,
    teams_id: Option<String>,
    expertise: Vec<String>,
    team: Option<String>,
    created_at: i64,
}

impl PersonRow {
    pub(crate) fn into_person(self) -> StoreResult<Person> {
        Ok(Person {
            id: self.id,
            name: self.name,
            email: self.email,
            chat_handle: self.chat_handle,
            slack_id: self.slack_id,
            matrix_id: self.matrix_id,
            teams_id: self.teams_id,
            expertise: self.expertise,
            team: self.team,
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    person: Uuid,
    admin: bool,
    password_hash: Option<String>,
    created_at: i64,
}

impl UserRow {
    pub(crate) fn into_user(self) -> StoreResult<User> {
        Ok(User {
            person: self.person,
            admin: self.admin,
            password_hash: self.password_hash,
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TokenRow {
    id: Uuid,
    person: Uuid,
    name: String,
    hash: String,
    created_at: i64,
    revoked_at: Option<i64>,
}

impl TokenRow {
    pub(crate) fn into_token(self) -> StoreResult<ApiToken> {
        Ok(ApiToken {
            id: self.id,
            person: self.person,
            name: self.name,
            hash: self.hash,
            created_at: self.created_at,
            revoked_at: self.revoked_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ReportRow {
    id: Uuid,
    reference: String,
    title: String,
    description: String,
    source: String,
    reported_by: Uuid,
    reported_at: i64,
    status: String,
    triaged_by: Option<Uuid>,
    triaged_at: Option<i64>,
    triage_note: Option<String>,
    incident: Option<Uuid>,
}

impl ReportRow {
    pub(crate) fn into_report(self) -> StoreResult<Report> {
        Ok(Report {
            id: self.id,
            reference: self.reference,
            title: self.title,
            description: self.description,
            source: self.source,
            reported_by: self.reported_by,
            reported_at: self.reported_at,
            status: word("report status", &self.status)?,
            triaged_by: self.triaged_by,
            triaged_at: self.triaged_at,
            triage_note: self.triage_note,
            incident: self.incident,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ShiftRow {
    id: Uuid,
    person: Uuid,
    starts_at: i64,
    ends_at: i64,
}

impl ShiftRow {
    pub(crate) fn into_shift(self) -> StoreResult<Shift> {
        Ok(Shift {
            id: self.id,
            person: self.person,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct IncidentRow {
    id: Uuid,
    reference: String,
    title: String,
    severity: String,
    category: String,
    phase: String,
    security: bool,
    restricted: bool,
    incident_manager: Option<Uuid>,
    members: Vec<Uuid>,
    declared_at: i64,
    updated_at: i64,
    seq: i64,
    head_hash: String,
}

impl IncidentRow {
    pub(crate) fn into_summary(self) -> StoreResult<IncidentSummary> {
        Ok(IncidentSummary {
            id: self.id,
            reference: self.reference,
            title: self.title,
            severity: self.severity,
            category: self.category,
            phase: word("phase", &self.phase)?,
            security: self.security,
            restricted: self.restricted,
            incident_manager: self.incident_manager,
            members: self.members,
            declared_at: self.declared_at,
            updated_at: self.updated_at,
            seq: seq_from_db(self.seq)?,
            head_hash: self.head_hash,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct EntryRow {
    incident: Uuid,
    seq: i64,
    recorded_at: String,
    occurred_at: Option<String>,
    actor: Uuid,
    actor_name: String,
    kind: String,
    v: i64,
    payload: String,
    prev_hash: String,
    hash: String,
}

impl EntryRow {
    pub(crate) fn into_entry(self) -> StoreResult<LogEntry> {
        Ok(LogEntry {
            incident: self.incident,
            seq: seq_from_db(self.seq)?,
            recorded_at: self.recorded_at,
            occurred_at: self.occurred_at,
            actor: self.actor,
            actor_name: self.actor_name,
            kind: self.kind,
            v: u32::try_from(self.v).map_err(|e| corrupt("version", &self.v.to_string(), e))?,
            payload: self.payload,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    id: Uuid,
    at: i64,
    person: Uuid,
    incident: Option<Uuid>,
    what: String,
    source: Option<String>,
    refused: bool,
}

impl AuditRow {
    pub(crate) fn into_record(self) -> StoreResult<AuditRecord> {
        Ok(AuditRecord {
            id: self.id,
            at: self.at,
            person: self.person,
            incident: self.incident,
            what: self.what,
            source: self.source,
            refused: self.refused,
        })
    }
}

/// Converts every row, stopping at the first corrupt one.
pub(crate) fn all<R, T>(rows: Vec<R>, f: impl Fn(R) -> StoreResult<T>) -> StoreResult<Vec<T>> {
    rows.into_iter().map(f).collect()
}
