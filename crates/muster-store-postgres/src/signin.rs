//! Failed sign-in guesses per (source, account).

use crate::PgStore;
use crate::error::from_sqlx;
use async_trait::async_trait;
use muster_store::{SigninFailures, SigninStore, StoreResult};

#[async_trait]
impl SigninStore for PgStore {
    async fn signin_failures(
        &self,
        source: &str,
        account: &str,
    ) -> StoreResult<Option<SigninFailures>> {
        let row: Option<(i32, i64)> = sqlx::query_as(
            "SELECT failures, last_at FROM signin_throttle WHERE source = $1 AND account = $2",
        )
        .bind(source)
        .bind(account)
        .fetch_optional(&self.pool)
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
        let done = match seen {
            None => {
                sqlx::query(
                    "INSERT INTO signin_throttle (source, account, failures, last_at)
                 VALUES ($1, $2, $3, $4) ON CONFLICT (source, account) DO NOTHING",
                )
                .bind(source)
                .bind(account)
                .bind(i32::try_from(next.failures).unwrap_or(i32::MAX))
                .bind(next.last_at)
                .execute(&self.pool)
                .await
            }
            Some(seen) => {
                sqlx::query(
                    "UPDATE signin_throttle SET failures = $1, last_at = $2
                 WHERE source = $3 AND account = $4 AND failures = $5 AND last_at = $6",
                )
                .bind(i32::try_from(next.failures).unwrap_or(i32::MAX))
                .bind(next.last_at)
                .bind(source)
                .bind(account)
                .bind(i32::try_from(seen.failures).unwrap_or(i32::MAX))
                .bind(seen.last_at)
                .execute(&self.pool)
                .await
            }
        }
        .map_err(from_sqlx)?;
        Ok(done.rows_affected() == 1)
    }

    async fn clear_signin_failures(&self, source: &str, account: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM signin_throttle WHERE source = $1 AND account = $2")
            .bind(source)
            .bind(account)
            .execute(&self.pool)
            .await
            .map_err(from_sqlx)?;
        Ok(())
    }

    async fn forget_signin_failures(&self, before: i64) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM signin_throttle WHERE last_at < $1")
            .bind(before)
            .execute(&self.pool)
            .await
            .map_err(from_sqlx)?;
        Ok(done.rows_affected())
    }
}
