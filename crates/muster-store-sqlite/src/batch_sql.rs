//! Multi-row statements for the group commit. One statement per row costs a
//! round trip to SQLite's worker thread each; a batch of 64 entries as one
//! `INSERT ... VALUES (..), (..)` costs one. Row counts are split into powers
//! of two so that each table needs only a handful of distinct (and therefore
//! cached, prepared-once) statements.

use crate::error::from_sqlx;
use crate::rows::{seq_to_db, to_json_list};
use muster_store::plan::{EntryRow, SummaryRow};
use muster_store::{AuditRecord, StoreResult};
use sqlx::SqliteConnection;
use sqlx::sqlite::{Sqlite, SqliteArguments};
use std::sync::OnceLock;

/// The most rows in one statement: 64 entries x 12 columns stays far below
/// SQLite's 32766 bound parameters.
const MAX_ROWS: usize = 64;
const SIZES: usize = MAX_ROWS.trailing_zeros() as usize + 1; // 1, 2, 4 .. 64

type Query = sqlx::query::Query<'static, Sqlite, SqliteArguments>;

/// An `INSERT` whose `VALUES` list repeats `row` once per row.
pub(crate) struct MultiRow {
    head: &'static str,
    row: &'static str,
    tail: &'static str,
    built: OnceLock<Vec<String>>,
}

impl MultiRow {
    pub(crate) const fn new(head: &'static str, row: &'static str, tail: &'static str) -> Self {
        MultiRow {
            head,
            row,
            tail,
            built: OnceLock::new(),
        }
    }

    /// The statement for `2^k` rows. Built once and kept for the life of the
    /// process, which is what lets sqlx cache it as a `&'static str`.
    fn sql(&'static self, k: usize) -> &'static str {
        let built = self.built.get_or_init(|| {
            (0..SIZES)
                .map(|k| {
                    let rows = vec![self.row; 1 << k].join(", ");
                    format!("{} {rows} {}", self.head, self.tail)
                })
                .collect()
        });
        &built[k]
    }

    /// Runs `items` through statements of power-of-two sizes, largest first.
    pub(crate) async fn run<T>(
        &'static self,
        conn: &mut SqliteConnection,
        mut items: &[T],
        bind: impl Fn(Query, &T) -> StoreResult<Query>,
    ) -> StoreResult<()> {
        while !items.is_empty() {
            let k = (items.len().min(MAX_ROWS)).ilog2() as usize;
            let (chunk, rest) = items.split_at(1 << k);
            let mut query = sqlx::query(self.sql(k));
            for item in chunk {
                query = bind(query, item)?;
            }
            query.execute(&mut *conn).await.map_err(from_sqlx)?;
            items = rest;
        }
        Ok(())
    }
}

static ENTRIES: MultiRow = MultiRow::new(
    "INSERT INTO log_entries (incident, seq, recorded_at, recorded_at_us, occurred_at,
         actor, actor_name, kind, v, payload, prev_hash, hash) VALUES",
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "",
);

static SUMMARIES: MultiRow = MultiRow::new(
    "INSERT INTO incidents (id, reference, title, severity, category, phase, security,
         restricted, incident_manager, members, declared_at, updated_at, seq, head_hash) VALUES",
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "ON CONFLICT (id) DO UPDATE SET reference = excluded.reference, title = excluded.title,
         severity = excluded.severity, category = excluded.category, phase = excluded.phase,
         security = excluded.security, restricted = excluded.restricted,
         incident_manager = excluded.incident_manager, members = excluded.members,
         declared_at = excluded.declared_at, updated_at = excluded.updated_at,
         seq = excluded.seq, head_hash = excluded.head_hash",
);

static AUDIT: MultiRow = MultiRow::new(
    "INSERT INTO audit (id, at, person, incident, what, source, refused) VALUES",
    "(?, ?, ?, ?, ?, ?, ?)",
    "",
);

pub(crate) async fn insert_entries(
    conn: &mut SqliteConnection,
    rows: &[&EntryRow<'_>],
) -> StoreResult<()> {
    ENTRIES
        .run(conn, rows, |q, row| {
            let e = row.entry;
            Ok(q.bind(e.incident.to_string())
                .bind(seq_to_db(e.seq)?)
                .bind(e.recorded_at.clone())
                .bind(row.recorded_at_us)
                .bind(e.occurred_at.clone())
                .bind(e.actor.to_string())
                .bind(e.actor_name.clone())
                .bind(e.kind.clone())
                .bind(e.v)
                .bind(e.payload.clone())
                .bind(e.prev_hash.clone())
                .bind(e.hash.clone()))
        })
        .await
}

pub(crate) fn bind_summary(q: Query, row: &SummaryRow<'_>) -> StoreResult<Query> {
    let s = row.summary;
    Ok(q.bind(s.id.to_string())
        .bind(s.reference.clone())
        .bind(s.title.clone())
        .bind(s.severity.clone())
        .bind(s.category.clone())
        .bind(s.phase.as_str())
        .bind(s.security)
        .bind(s.restricted)
        .bind(s.incident_manager.map(|id| id.to_string()))
        .bind(to_json_list(&s.members))
        .bind(s.declared_at)
        .bind(s.updated_at)
        .bind(seq_to_db(row.seq)?)
        .bind(row.head_hash.clone()))
}

pub(crate) async fn upsert_summaries(
    conn: &mut SqliteConnection,
    rows: &[SummaryRow<'_>],
) -> StoreResult<()> {
    SUMMARIES.run(conn, rows, bind_summary).await
}

pub(crate) async fn insert_audit(
    conn: &mut SqliteConnection,
    records: &[AuditRecord],
) -> StoreResult<()> {
    AUDIT
        .run(conn, records, |q, r| {
            Ok(q.bind(r.id.to_string())
                .bind(r.at)
                .bind(r.person.to_string())
                .bind(r.incident.map(|i| i.to_string()))
                .bind(r.what.clone())
                .bind(r.source.clone())
                .bind(r.refused))
        })
        .await
}
