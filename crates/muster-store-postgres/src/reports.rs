//! Reports waiting for triage and their outcomes, and the per-year counters
//! behind every reference.

use crate::error::from_sqlx;
use crate::rows::{ReportRow, all};
use crate::{PgStore, begin};
use async_trait::async_trait;
use muster_domain::vocab::ReportStatus;
use muster_store::refusal::triage_refused;
use muster_store::{NewReport, Report, ReportStore, StoreResult, Triage};
use sqlx::PgConnection;
use uuid::Uuid;

macro_rules! select {
    ($rest:literal) => {
        concat!(
            "SELECT id, reference, title, description, source, reported_by, reported_at, status,
                    triaged_by, triaged_at, triage_note, incident
             FROM reports ",
            $rest
        )
    };
}

/// Increments the counter for `(kind, year)` and formats the new reference.
/// Callers run this inside their transaction, so a reference is taken only if
/// what it names is stored; the upsert's row lock makes concurrent instances
/// queue, so two never get the same number.
pub(crate) async fn next_reference(
    conn: &mut PgConnection,
    kind: &str,
    year: i16,
) -> StoreResult<String> {
    let n: i32 = sqlx::query_scalar(
        "INSERT INTO reference_counters (kind, year, last) VALUES ($1, $2, 1)
         ON CONFLICT (kind, year) DO UPDATE SET last = reference_counters.last + 1
         RETURNING last",
    )
    .bind(kind)
    .bind(year)
    .fetch_one(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    Ok(format!("{kind}-{year:04}-{n:04}"))
}

/// Moves a report out of `awaiting-triage`, inside the caller's transaction.
/// Fails with `Conflict` when someone already triaged it, so that two on-call
/// managers (on two instances, even) cannot both decide the same report: the
/// `UPDATE … WHERE status` is atomic, and the loser sees the winner's status.
pub(crate) async fn triage(
    conn: &mut PgConnection,
    triage: &Triage,
    status: ReportStatus,
    incident: Option<Uuid>,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE reports SET status = $1, triaged_by = $2, triaged_at = $3, triage_note = $4,
                incident = $5
         WHERE id = $6 AND status = $7",
    )
    .bind(status.as_str())
    .bind(triage.by)
    .bind(triage.at)
    .bind(&triage.note)
    .bind(incident)
    .bind(triage.report)
    .bind(ReportStatus::AwaitingTriage.as_str())
    .execute(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    if done.rows_affected() == 1 {
        return Ok(());
    }
    let current: Option<String> = sqlx::query_scalar("SELECT status FROM reports WHERE id = $1")
        .bind(triage.report)
        .fetch_optional(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    Err(triage_refused(triage.report, current))
}

#[async_trait]
impl ReportStore for PgStore {
    async fn create_report(&self, report: NewReport) -> StoreResult<Report> {
        let mut tx = begin(&self.pool).await?;
        let reference = next_reference(&mut tx, "REP", report.year).await?;
        sqlx::query(
            "INSERT INTO reports (id, reference, title, description, source, reported_by,
                                  reported_at, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(report.id)
        .bind(&reference)
        .bind(&report.title)
        .bind(&report.description)
        .bind(&report.source)
        .bind(report.reported_by)
        .bind(report.reported_at)
        .bind(ReportStatus::AwaitingTriage.as_str())
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
        tx.commit().await.map_err(from_sqlx)?;
        Ok(report.into_report(reference))
    }

    async fn report(&self, id: Uuid) -> StoreResult<Option<Report>> {
        let row: Option<ReportRow> = sqlx::query_as(select!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(from_sqlx)?;
        row.map(ReportRow::into_report).transpose()
    }

    async fn report_by_reference(&self, reference: &str) -> StoreResult<Option<Report>> {
        let row: Option<ReportRow> = sqlx::query_as(select!("WHERE reference = $1"))
            .bind(reference)
            .fetch_optional(&self.pool)
            .await
            .map_err(from_sqlx)?;
        row.map(ReportRow::into_report).transpose()
    }

    async fn list_reports(&self, status: Option<ReportStatus>) -> StoreResult<Vec<Report>> {
        // Oldest first: the triage queue is worked in the order reports arrived.
        let rows: Vec<ReportRow> = sqlx::query_as(select!(
            "WHERE $1::text IS NULL OR status = $1
             ORDER BY reported_at, reference COLLATE \"C\""
        ))
        .bind(status.map(ReportStatus::as_str))
        .fetch_all(&self.pool)
        .await
        .map_err(from_sqlx)?;
        all(rows, ReportRow::into_report)
    }

    async fn mark_false_positive(&self, t: &Triage) -> StoreResult<()> {
        let mut conn = self.pool.acquire().await.map_err(from_sqlx)?;
        triage(&mut conn, t, ReportStatus::FalsePositive, None).await
    }
}
