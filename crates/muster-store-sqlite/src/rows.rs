//! Database rows and their conversion to the store's types. Columns are plain
//! TEXT and INTEGER, so the conversions that can fail (ids, enum words, JSON
//! lists) live here, each naming what was corrupt.

use crate::error::corrupt;
use muster_domain::LogEntry;
pub(crate) use muster_store::column::{seq_from_db, seq_to_db};
use muster_store::{
    ApiToken, AuditRecord, IncidentSummary, Person, Report, Shift, StoreResult, User,
};
use std::str::FromStr;
use uuid::Uuid;

pub(crate) fn id(text: &str) -> StoreResult<Uuid> {
    Uuid::parse_str(text).map_err(|e| corrupt("id", text, e))
}

pub(crate) fn opt_id(text: Option<&str>) -> StoreResult<Option<Uuid>> {
    text.map(id).transpose()
}

fn word<T: FromStr<Err = String>>(what: &str, text: &str) -> StoreResult<T> {
    text.parse().map_err(|e| corrupt(what, text, e))
}

fn json_list<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> StoreResult<Vec<T>> {
    serde_json::from_str(text).map_err(|e| corrupt(what, text, e))
}

pub(crate) fn to_json_list<T: serde::Serialize>(items: &[T]) -> String {
    // A slice of strings or ids always serialises; fall back to an empty list
    // rather than panic, which no input can reach.
    serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned())
}

#[derive(sqlx::FromRow)]
pub(crate) struct PersonRow {
    id: String,
    name: String,
    email: String,
    chat_handle: Option<String>,
    slack_id: Option<String>,
    matrix_id: Option<String>,
    teams_id: Option<String>,
    expertise: String,
    team: Option<String>,
    created_at: i64,
}

impl PersonRow {
    pub(crate) fn into_person(self) -> StoreResult<Person> {
        Ok(Person {
            id: id(&self.id)?,
            name: self.name,
            email: self.email,
            chat_handle: self.chat_handle,
            slack_id: self.slack_id,
            matrix_id: self.matrix_id,
            teams_id: self.teams_id,
            expertise: json_list("expertise", &self.expertise)?,
            team: self.team,
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    person: String,
    admin: bool,
    password_hash: Option<String>,
    created_at: i64,
}

impl UserRow {
    pub(crate) fn into_user(self) -> StoreResult<User> {
        Ok(User {
            person: id(&self.person)?,
            admin: self.admin,
            password_hash: self.password_hash,
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TokenRow {
    id: String,
    person: String,
    name: String,
    hash: String,
    created_at: i64,
    revoked_at: Option<i64>,
}

impl TokenRow {
    pub(crate) fn into_token(self) -> StoreResult<ApiToken> {
        Ok(ApiToken {
            id: id(&self.id)?,
            person: id(&self.person)?,
            name: self.name,
            hash: self.hash,
            created_at: self.created_at,
            revoked_at: self.revoked_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ReportRow {
    id: String,
    reference: String,
    title: String,
    description: String,
    source: String,
    reported_by: String,
    reported_at: i64,
    status: String,
    triaged_by: Option<String>,
    triaged_at: Option<i64>,
    triage_note: Option<String>,
    incident: Option<String>,
}

impl ReportRow {
    pub(crate) fn into_report(self) -> StoreResult<Report> {
        Ok(Report {
            id: id(&self.id)?,
            reference: self.reference,
            title: self.title,
            description: self.description,
            source: self.source,
            reported_by: id(&self.reported_by)?,
            reported_at: self.reported_at,
            status: word("report status", &self.status)?,
            triaged_by: opt_id(self.triaged_by.as_deref())?,
            triaged_at: self.triaged_at,
            triage_note: self.triage_note,
            incident: opt_id(self.incident.as_deref())?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ShiftRow {
    id: String,
    person: String,
    starts_at: i64,
    ends_at: i64,
}

impl ShiftRow {
    pub(crate) fn into_shift(self) -> StoreResult<Shift> {
        Ok(Shift {
            id: id(&self.id)?,
            person: id(&self.person)?,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct IncidentRow {
    id: String,
    reference: String,
    title: String,
    severity: String,
    category: String,
    phase: String,
    security: bool,
    restricted: bool,
    incident_manager: Option<String>,
    members: String,
    declared_at: i64,
    updated_at: i64,
    seq: i64,
    head_hash: String,
}

impl IncidentRow {
    pub(crate) fn into_summary(self) -> StoreResult<IncidentSummary> {
        Ok(IncidentSummary {
            id: id(&self.id)?,
            reference: self.reference,
            title: self.title,
            severity: self.severity,
            category: self.category,
            phase: word("phase", &self.phase)?,
            security: self.security,
            restricted: self.restricted,
            incident_manager: opt_id(self.incident_manager.as_deref())?,
            members: json_list("members", &self.members)?,
            declared_at: self.declared_at,
            updated_at: self.updated_at,
            seq: seq_from_db(self.seq)?,
            head_hash: self.head_hash,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct EntryRow {
    incident: String,
    seq: i64,
    recorded_at: String,
    occurred_at: Option<String>,
    actor: String,
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
            incident: id(&self.incident)?,
            seq: seq_from_db(self.seq)?,
            recorded_at: self.recorded_at,
            occurred_at: self.occurred_at,
            actor: id(&self.actor)?,
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
    id: String,
    at: i64,
    person: String,
    incident: Option<String>,
    what: String,
    source: Option<String>,
    refused: bool,
}

impl AuditRow {
    pub(crate) fn into_record(self) -> StoreResult<AuditRecord> {
        Ok(AuditRecord {
            id: id(&self.id)?,
            at: self.at,
            person: id(&self.person)?,
            incident: self.incident.as_deref().map(id).transpose()?,
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
