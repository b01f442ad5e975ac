//! Failed sign-in guesses per (source, account).

use crate::SqliteStore;
use crate::error::from_sqlx;
use async_trait::async_trait;
use muster_store::{SigninFailures, SigninStore, StoreResult};

#[async_trait]
impl SigninStore for SqliteStore {
    async fn signin_failures(
        &self,
        source: &str,
        account: &str,
    ) -> StoreResult<Option<SigninFailures>> {
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT failures, last_at FROM signin_throttle WHERE source = ? AND account = ?",
        )
        .bind(source)
        .bind(account)
        .fetch_optional(&self.readers)
        .await
        .map_err(from_sqlx)?;
        Ok(row.map(|(failures, last_at)| SigninFailures {
            failures: u32::try_from(failures).unwrap_or(u32::MAX),
            last_at,
        }))
    }

    async fn swap_signin_failures(
        &self,
        source: &str,
        account: &str,
        seen: Option<&SigninFailures>,
        next: &SigninFailures,
    ) -> StoreResult<bool> {
        let mut conn = self.writer().await;
        let done = match seen {
            None => {
                sqlx::query(
                    "INSERT INTO signin_throttle (source, account, failures, last_at)
                 VALUES (?, ?, ?, ?) ON CONFLICT (source, account) DO NOTHING",
                )
                .bind(source)
                .bind(account)
                .bind(i64::from(next.failures))
                .bind(next.last_at)
                .execute(&mut *conn)
                .await
            }
            Some(seen) => {
                sqlx::query(
                    "UPDATE signin_throttle SET failures = ?, last_at = ?
                 WHERE source = ? AND account = ? AND failures = ? AND last_at = ?",
                )
                .bind(i64::from(next.failures))
                .bind(next.last_at)
                .bind(source)
                .bind(account)
                .bind(i64::from(seen.failures))
                .bind(seen.last_at)
                .execute(&mut *conn)
                .await
            }
        }
        .map_err(from_sqlx)?;
        Ok(done.rows_affected() == 1)
    }

    async fn clear_signin_failures(&self, source: &str, account: &str) -> StoreResult<()> {
        let mut conn = self.writer().await;
        sqlx::query("DELETE FROM signin_throttle WHERE source = ? AND account = ?")
            .bind(source)
            .bind(account)
            .execute(&mut *conn)
            .await
            .map_err(from_sqlx)?;
        Ok(())
    }

    async fn forget_signin_failures(&self, before: i64) -> StoreResult<u64> {
        let mut conn = self.writer().await;
        let done = sqlx::query("DELETE FROM signin_throttle WHERE last_at < ?")
            .bind(before)
            .execute(&mut *conn)
            .await
            .map_err(from_sqlx)?;
        Ok(done.rows_affected())
    }
}
