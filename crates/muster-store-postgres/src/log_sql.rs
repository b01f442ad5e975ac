//! The group commit's statements. Each writes any number of rows in one round
//! trip by binding one array per column and `UNNEST`ing them, so a batch of 500
//! entries costs the same few statements as a batch of one.

use crate::error::from_sqlx;
use crate::rows::{seq_from_db, seq_to_db};
use muster_store::plan::{EntryRow, Head, Heads, SummaryRow};
use muster_store::{AuditRecord, StoreResult};
use sqlx::PgConnection;
use uuid::Uuid;

/// Locks the summary rows of `incidents` until the transaction ends and returns
/// their heads: the `(seq, head_hash)` each row records and where each log
/// actually ends; an incident without a row is absent.
///
/// `ORDER BY id` makes every transaction take its locks in the same order, so
/// two instances committing overlapping batches wait for each other instead of
/// deadlocking. A transaction that waited re-reads the row as committed by the
/// one before it (READ COMMITTED), so the heads are current once returned.
pub(crate) async fn lock_heads(conn: &mut PgConnection, incidents: &[Uuid]) -> StoreResult<Heads> {
    let recorded: Vec<(Uuid, i64, String)> = sqlx::query_as(
        "SELECT id, seq, head_hash FROM incidents WHERE id = ANY($1) ORDER BY id FOR UPDATE",
    )
    .bind(incidents)
    .fetch_all(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    // The logs' last entries, read under those locks: a descending walk of
    // the primary key, one row per incident.
    let ends: Vec<(Uuid, i64, String)> = sqlx::query_as(
        "SELECT e.incident, e.seq, e.hash FROM UNNEST($1::uuid[]) AS i(id)
         CROSS JOIN LATERAL (SELECT incident, seq, hash FROM log_entries
             WHERE incident = i.id ORDER BY seq DESC LIMIT 1) AS e",
    )
    .bind(incidents)
    .fetch_all(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    let rows = |rows: Vec<(Uuid, i64, String)>| {
        rows.into_iter()
            .map(|(id, seq, hash)| Ok((id, (seq_from_db(seq)?, hash))))
            .collect::<StoreResult<Vec<_>>>()
    };
    Ok(Head::merge(rows(recorded)?, rows(ends)?))
}

pub(crate) async fn insert_entries(
    conn: &mut PgConnection,
    rows: &[&EntryRow<'_>],
) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let n = rows.len();
    let (mut incident, mut seq, mut recorded_at, mut recorded_at_us, mut occurred_at) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut actor, mut actor_name, mut kind, mut v) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut payload, mut prev_hash, mut hash) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for row in rows {
        let e = row.entry;
        incident.push(e.incident);
        seq.push(seq_to_db(e.seq)?);
        recorded_at.push(e.recorded_at.as_str());
        recorded_at_us.push(row.recorded_at_us);
        occurred_at.push(e.occurred_at.as_deref());
        actor.push(e.actor);
        actor_name.push(e.actor_name.as_str());
        kind.push(e.kind.as_str());
        v.push(i64::from(e.v));
        payload.push(e.payload.as_str());
        prev_hash.push(e.prev_hash.as_str());
        hash.push(e.hash.as_str());
    }
    sqlx::query(
        "INSERT INTO log_entries (incident, seq, recorded_at, recorded_at_us, occurred_at,
             actor, actor_name, kind, v, payload, prev_hash, hash)
         SELECT * FROM UNNEST($1::uuid[], $2::int8[], $3::text[], $4::int8[], $5::text[],
             $6::uuid[], $7::text[], $8::text[], $9::int8[], $10::text[], $11::text[], $12::text[])",
    )
    .bind(incident)
    .bind(seq)
    .bind(recorded_at)
    .bind(recorded_at_us)
    .bind(occurred_at)
    .bind(actor)
    .bind(actor_name)
    .bind(kind)
    .bind(v)
    .bind(payload)
    .bind(prev_hash)
    .bind(hash)
    .execute(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

/// One column of `rows`, as the array bound for it.
fn col<'r, 'a, T>(rows: &'r [SummaryRow<'a>], f: impl Fn(&'r SummaryRow<'a>) -> T) -> Vec<T> {
    rows.iter().map(f).collect()
}

/// `INSERT` (creating an incident: a clash is a Conflict) or upsert (the
/// commit: rewrite the row) of summaries. Members go as one JSON list per
/// row, because PostgreSQL arrays cannot nest a list per row.
async fn write_summaries(
    conn: &mut PgConnection,
    rows: &[SummaryRow<'_>],
    sql: &'static str,
) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let seqs = rows
        .iter()
        .map(|r| seq_to_db(r.seq))
        .collect::<StoreResult<Vec<i64>>>()?;
    let members: Vec<String> = rows
        .iter()
        .map(|r| serde_json::to_string(&r.summary.members).unwrap_or_else(|_| "[]".to_owned()))
        .collect();
    sqlx::query(sql)
        .bind(col(rows, |r| r.summary.id))
        .bind(col(rows, |r| r.summary.reference.as_str()))
        .bind(col(rows, |r| r.summary.title.as_str()))
        .bind(col(rows, |r| r.summary.severity.as_str()))
        .bind(col(rows, |r| r.summary.category.as_str()))
        .bind(col(rows, |r| r.summary.phase.as_str()))
        .bind(
            rows.iter()
                .map(|r| r.summary.security)
                .collect::<Vec<bool>>(),
        )
        .bind(
            rows.iter()
                .map(|r| r.summary.restricted)
                .collect::<Vec<bool>>(),
        )
        .bind(
            rows.iter()
                .map(|r| r.summary.incident_manager)
                .collect::<Vec<Option<Uuid>>>(),
        )
        .bind(members)
        .bind(
            rows.iter()
                .map(|r| r.summary.declared_at)
                .collect::<Vec<i64>>(),
        )
        .bind(
            rows.iter()
                .map(|r| r.summary.updated_at)
                .collect::<Vec<i64>>(),
        )
        .bind(seqs)
        .bind(col(rows, |r| r.head_hash.as_str()))
        .execute(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    Ok(())
}

const SUMMARY_INSERT: &str =
    "INSERT INTO incidents (id, reference, title, severity, category, phase, security,
         restricted, incident_manager, members, declared_at, updated_at, seq, head_hash)
     SELECT id, reference, title, severity, category, phase, security, restricted, im,
            ARRAY(SELECT jsonb_array_elements_text(members::jsonb)::uuid),
            declared_at, updated_at, seq, head_hash
     FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                 $7::bool[], $8::bool[], $9::uuid[], $10::text[], $11::int8[], $12::int8[],
                 $13::int8[], $14::text[])
          AS s(id, reference, title, severity, category, phase, security, restricted, im,
               members, declared_at, updated_at, seq, head_hash)";

const SUMMARY_UPSERT: &str =
    "INSERT INTO incidents (id, reference, title, severity, category, phase, security,
         restricted, incident_manager, members, declared_at, updated_at, seq, head_hash)
     SELECT id, reference, title, severity, category, phase, security, restricted, im,
            ARRAY(SELECT jsonb_array_elements_text(members::jsonb)::uuid),
            declared_at, updated_at, seq, head_hash
     FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                 $7::bool[], $8::bool[], $9::uuid[], $10::text[], $11::int8[], $12::int8[],
                 $13::int8[], $14::text[])
          AS s(id, reference, title, severity, category, phase, security, restricted, im,
               members, declared_at, updated_at, seq, head_hash)
     ON CONFLICT (id) DO UPDATE SET reference = excluded.reference, title = excluded.title,
         severity = excluded.severity, category = excluded.category, phase = excluded.phase,
         security = excluded.security, restricted = excluded.restricted,
         incident_manager = excluded.incident_manager, members = excluded.members,
         declared_at = excluded.declared_at, updated_at = excluded.updated_at,
         seq = excluded.seq, head_hash = excluded.head_hash";

pub(crate) async fn insert_summary(
    conn: &mut PgConnection,
    row: SummaryRow<'_>,
) -> StoreResult<()> {
    write_summaries(conn, &[row], SUMMARY_INSERT).await
}

pub(crate) async fn upsert_summaries(
    conn: &mut PgConnection,
    rows: &[SummaryRow<'_>],
) -> StoreResult<()> {
    write_summaries(conn, rows, SUMMARY_UPSERT).await
}

pub(crate) async fn insert_audit(
    conn: &mut PgConnection,
    records: &[AuditRecord],
) -> StoreResult<()> {
    if records.is_empty() {
        return Ok(());
    }
    let id: Vec<Uuid> = records.iter().map(|r| r.id).collect();
    let at: Vec<i64> = records.iter().map(|r| r.at).collect();
    let person: Vec<Uuid> = records.iter().map(|r| r.person).collect();
    let incident: Vec<Option<Uuid>> = records.iter().map(|r| r.incident).collect();
    let what: Vec<&str> = records.iter().map(|r| r.what.as_str()).collect();
    let source: Vec<Option<&str>> = records.iter().map(|r| r.source.as_deref()).collect();
    let refused: Vec<bool> = records.iter().map(|r| r.refused).collect();
    sqlx::query(
        "INSERT INTO audit (id, at, person, incident, what, source, refused)
         SELECT * FROM UNNEST($1::uuid[], $2::int8[], $3::uuid[], $4::uuid[], $5::text[],
                              $6::text[], $7::bool[])",
    )
    .bind(id)
    .bind(at)
    .bind(person)
    .bind(incident)
    .bind(what)
    .bind(source)
    .bind(refused)
    .execute(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

/// Queues one `NOTIFY muster_log, '<incident>:<seq>:<origin>'` per moved
/// incident.
/// PostgreSQL delivers them when (and only if) the transaction commits, so a
/// listener never hears of an entry it cannot read yet.
pub(crate) async fn notify_heads(
    conn: &mut PgConnection,
    origin: Uuid,
    heads: &[(Uuid, u64)],
) -> StoreResult<()> {
    if heads.is_empty() {
        return Ok(());
    }
    let payloads: Vec<String> = heads
        .iter()
        .map(|(id, seq)| format!("{id}:{seq}:{origin}"))
        .collect();
    sqlx::query("SELECT pg_notify($1, p) FROM UNNEST($2::text[]) AS p")
        .bind(crate::feed::CHANNEL)
        .bind(payloads)
        .execute(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    Ok(())
}
