//! Sign-on's provider sessions and one-time CLI grants.

use crate::PgStore;
use crate::error::from_sqlx;
use async_trait::async_trait;
use muster_store::{SsoGrant, SsoStore, StoreResult};
use uuid::Uuid;

#[async_trait]
impl SsoStore for PgStore {
    async fn record_sso_session(
        &self,
        token: Uuid,
        issuer: &str,
        sid: &str,
        at: i64,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO sso_sessions (token, issuer, sid, at) VALUES ($1, $2, $3, $4)")
            .bind(token)
            .bind(issuer)
            .bind(sid)
            .bind(at)
            .execute(&self.pool)
            .await
            .map_err(from_sqlx)?;
        Ok(())
    }

    async fn sso_sessions(&self, issuer: &str, sid: &str) -> StoreResult<Vec<Uuid>> {
        let rows: Vec<(Uuid,)> = sqlx::query_as(
            "SELECT token FROM sso_sessions WHERE issuer = $1 AND sid = $2 ORDER BY token",
        )
        .bind(issuer)
        .bind(sid)
        .fetch_all(&self.pool)
        .await
        .map_err(from_sqlx)?;
        Ok(rows.into_iter().map(|(t,)| t).collect())
    }

    async fn put_sso_grant(&self, grant: &SsoGrant) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sso_grants (code_hash, person, challenge, expires_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(&grant.code_hash)
        .bind(grant.person)
        .bind(&grant.challenge)
        .bind(grant.expires_at)
        .execute(&self.pool)
        .await
        .map_err(from_sqlx)?;
        Ok(())
    }

    async fn take_sso_grant(&self, code_hash: &str, now: i64) -> StoreResult<Option<SsoGrant>> {
        // One statement: of two parallel takes, exactly one deletes the row.
        let row: Option<(Uuid, String, i64)> = sqlx::query_as(
            "DELETE FROM sso_grants WHERE code_hash = $1 RETURNING person, challenge, expires_at",
        )
        .bind(code_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(from_sqlx)?;
        sqlx::query("DELETE FROM sso_grants WHERE expires_at < $1")
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(from_sqlx)?;
        match row {
            Some((person, challenge, expires_at)) if expires_at >= now => Ok(Some(SsoGrant {
                code_hash: code_hash.to_owned(),
                person,
                challenge,
                expires_at,
            })),
            _ => Ok(None),
        }
    }
}
