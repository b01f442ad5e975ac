//! Logins and API tokens.

use crate::SqliteStore;
use crate::error::{from_sqlx, is_unique_violation};
use crate::rows::{TokenRow, UserRow, all};
use async_trait::async_trait;
use muster_store::refusal::token_taken;
use muster_store::{ApiToken, AuthStore, StoreError, StoreResult, User};
use sqlx::error::ErrorKind;
use uuid::Uuid;

fn is_foreign_key_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.kind() == ErrorKind::ForeignKeyViolation)
}

#[async_trait]
impl AuthStore for SqliteStore {
    async fn upsert_user(&self, user: &User) -> StoreResult<()> {
        let mut conn = self.writer().await;
        sqlx::query(
            "INSERT INTO users (person, admin, password_hash, created_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (person) DO UPDATE SET
                 admin = excluded.admin, password_hash = excluded.password_hash",
        )
        .bind(user.person.to_string())
        .bind(user.admin)
        .bind(&user.password_hash)
        .bind(user.created_at)
        .execute(&mut *conn)
        .await
        .map_err(|e| {
            if is_foreign_key_violation(&e) {
                StoreError::NotFound(format!("person {}", user.person))
            } else {
                from_sqlx(e)
            }
        })?;
        Ok(())
    }

    async fn user(&self, person: Uuid) -> StoreResult<Option<User>> {
        let row: Option<UserRow> = sqlx::query_as(
            "SELECT person, admin, password_hash, created_at FROM users WHERE person = ?",
        )
        .bind(person.to_string())
        .fetch_optional(&self.readers)
        .await
        .map_err(from_sqlx)?;
        row.map(UserRow::into_user).transpose()
    }

    async fn count_admins(&self) -> StoreResult<u64> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE admin")
            .fetch_one(&self.readers)
            .await
            .map_err(from_sqlx)?;
        Ok(count.unsigned_abs())
    }

    async fn create_token(&self, token: &ApiToken) -> StoreResult<()> {
        let mut conn = self.writer().await;
        sqlx::query(
            "INSERT INTO api_tokens (id, person, name, hash, created_at, revoked_at)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(token.id.to_string())
        .bind(token.person.to_string())
        .bind(&token.name)
        .bind(&token.hash)
        .bind(token.created_at)
        .bind(token.revoked_at)
        .execute(&mut *conn)
        .await
        .map_err(|e| {
            if is_foreign_key_violation(&e) {
                StoreError::NotFound(format!("person {}", token.person))
            } else if let Some(msg) = is_unique_violation(&e) {
                token_taken(msg.contains("hash"))
            } else {
                from_sqlx(e)
            }
        })?;
        Ok(())
    }

    async fn token_by_hash(&self, hash: &str) -> StoreResult<Option<ApiToken>> {
        let row: Option<TokenRow> = sqlx::query_as(
            "SELECT id, person, name, hash, created_at, revoked_at FROM api_tokens
             WHERE hash = ? AND revoked_at IS NULL",
        )
        .bind(hash)
        .fetch_optional(&self.readers)
        .await
        .map_err(from_sqlx)?;
        row.map(TokenRow::into_token).transpose()
    }

    async fn tokens_of(&self, person: Uuid) -> StoreResult<Vec<ApiToken>> {
        let rows: Vec<TokenRow> = sqlx::query_as(
            "SELECT id, person, name, hash, created_at, revoked_at FROM api_tokens
             WHERE person = ? ORDER BY created_at, id",
        )
        .bind(person.to_string())
        .fetch_all(&self.readers)
        .await
        .map_err(from_sqlx)?;
        all(rows, TokenRow::into_token)
    }

    async fn revoke_token(&self, id: Uuid, at: i64) -> StoreResult<()> {
        let mut conn = self.writer().await;
        let done =
            sqlx::query("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .bind(at)
                .bind(id.to_string())
                .execute(&mut *conn)
                .await
                .map_err(from_sqlx)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("live token {id}")));
        }
        Ok(())
    }
}
