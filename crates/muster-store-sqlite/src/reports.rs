//! Reports waiting for triage, and their outcomes.

use crate::error::from_sqlx;
use crate::rows::{ReportRow, all};
use crate::{SqliteStore, begin, references};
use async_trait::async_trait;
use muster_domain::vocab::ReportStatus;
use muster_store::refusal::triage_refused;
use muster_store::{NewReport, Report, ReportStore, StoreResult, Triage};
use sqlx::SqliteConnection;
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

/// Moves a report out of `awaiting-triage`, inside the caller's transaction.
/// Fails with `Conflict` when someone already triaged it, so that two on-call
/// managers cannot both decide the same report.
pub(crate) async fn triage(
    conn: &mut SqliteConnection,
    triage: &Triage,
    status: ReportStatus,
    incident: Option<Uuid>,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE reports SET status = ?, triaged_by = ?, triaged_at = ?, triage_note = ?, incident = ?
         WHERE id = ? AND status = ?",
    )
    .bind(status.as_str())
    .bind(triage.by.to_string())
    .bind(triage.at)
    .bind(&triage.note)
    .bind(incident.map(|i| i.to_string()))
    .bind(triage.report.to_string())
    .bind(ReportStatus::AwaitingTriage.as_str())
    .execute(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    if done.rows_affected() == 1 {
        return Ok(());
    }
    let current: Option<String> = sqlx::query_scalar("SELECT status FROM reports WHERE id = ?")
        .bind(triage.report.to_string())
        .fetch_optional(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    Err(triage_refused(triage.report, current))
}

#[async_trait]
impl ReportStore for SqliteStore {
    async fn create_report(&self, report: NewReport) -> StoreResult<Report> {
        let mut conn = self.writer().await;
        let mut tx = begin(&mut conn).await?;
        let reference = references::next(&mut tx, "REP", report.year).await?;
        sqlx::query(
            "INSERT INTO reports (id, reference, title, description, source, reported_by,
                                  reported_at, status)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(report.id.to_string())
        .bind(&reference)
        .bind(&report.title)
        .bind(&report.description)
        .bind(&report.source)
        .bind(report.reported_by.to_string())
        .bind(report.reported_at)
        .bind(ReportStatus::AwaitingTriage.as_str())
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
        tx.commit().await.map_err(from_sqlx)?;
        Ok(report.into_report(reference))
    }

    async fn report(&self, id: Uuid) -> StoreResult<Option<Report>> {
        let row: Option<ReportRow> = sqlx::query_as(select!("WHERE id = ?"))
            .bind(id.to_string())
            .fetch_optional(&self.readers)
            .await
            .map_err(from_sqlx)?;
        row.map(ReportRow::into_report).transpose()
    }

    async fn report_by_reference(&self, reference: &str) -> StoreResult<Option<Report>> {
        let row: Option<ReportRow> = sqlx::query_as(select!("WHERE reference = ?"))
            .bind(reference)
            .fetch_optional(&self.readers)
            .await
            .map_err(from_sqlx)?;
        row.map(ReportRow::into_report).transpose()
    }

    async fn list_reports(&self, status: Option<ReportStatus>) -> StoreResult<Vec<Report>> {
        // Oldest first: the triage queue is worked in the order reports arrived.
        let rows: Vec<ReportRow> = match status {
            Some(status) => {
                sqlx::query_as(select!("WHERE status = ? ORDER BY reported_at, reference"))
                    .bind(status.as_str())
                    .fetch_all(&self.readers)
                    .await
            }
            None => {
                sqlx::query_as(select!("ORDER BY reported_at, reference"))
                    .fetch_all(&self.readers)
                    .await
            }
        }
        .map_err(from_sqlx)?;
        all(rows, ReportRow::into_report)
    }

    async fn mark_false_positive(&self, t: &Triage) -> StoreResult<()> {
        let mut conn = self.writer().await;
        triage(&mut conn, t, ReportStatus::FalsePositive, None).await
    }
}
