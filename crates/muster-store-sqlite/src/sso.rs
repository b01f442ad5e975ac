//! Sign-on's provider sessions and one-time CLI grants.

use crate::SqliteStore;
use crate::error::from_sqlx;
use crate::rows::id;
use async_trait::async_trait;
use muster_store::{SsoGrant, SsoStore, StoreResult};
use uuid::Uuid;

#[async_trait]
impl SsoStore for SqliteStore {
    async fn record_sso_session(
        &self,
        token: Uuid,
        issuer: &str,
        sid: &str,
        at: i64,
    ) -> StoreResult<()> {
        let mut conn = self.writer().await;
        sqlx::query("INSERT INTO sso_sessions (token, issuer, sid, at) VALUES (?, ?, ?, ?)")
            .bind(token.to_string())
            .bind(issuer)
            .bind(sid)
            .bind(at)
            .execute(&mut *conn)
            .await
            .map_err(from_sqlx)?;
        Ok(())
    }

    async fn sso_sessions(&self, issuer: &str, sid: &str) -> StoreResult<Vec<Uuid>> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT token FROM sso_sessions WHERE issuer = ? AND sid = ? ORDER BY token",
        )
        .bind(issuer)
        .bind(sid)
        .fetch_all(&self.readers)
        .await
        .map_err(from_sqlx)?;
        rows.iter().map(|(t,)| id(t)).collect()
    }

    async fn put_sso_grant(&self, grant: &SsoGrant) -> StoreResult<()> {
        let mut conn = self.writer().await;
        sqlx::query(
            "INSERT INTO sso_grants (code_hash, person, challenge, expires_at) VALUES (?, ?, ?, ?)",
        )
        .bind(&grant.code_hash)
        .bind(grant.person.to_string())
        .bind(&grant.challenge)
        .bind(grant.expires_at)
        .execute(&mut *conn)
        .await
        .map_err(from_sqlx)?;
        Ok(())
    }

    async fn take_sso_grant(&self, code_hash: &str, now: i64) -> StoreResult<Option<SsoGrant>> {
        let mut conn = self.writer().await;
        let row: Option<(String, String, i64)> = sqlx::query_as(
            "DELETE FROM sso_grants WHERE code_hash = ? RETURNING person, challenge, expires_at",
        )
        .bind(code_hash)
        .fetch_optional(&mut *conn)
        .await
        .map_err(from_sqlx)?;
        sqlx::query("DELETE FROM sso_grants WHERE expires_at < ?")
            .bind(now)
            .execute(&mut *conn)
            .await
            .map_err(from_sqlx)?;
        match row {
            Some((person, challenge, expires_at)) if expires_at >= now => Ok(Some(SsoGrant {
                code_hash: code_hash.to_owned(),
                person: id(&person)?,
                challenge,
                expires_at,
            })),
            _ => Ok(None),
        }
    }
}
