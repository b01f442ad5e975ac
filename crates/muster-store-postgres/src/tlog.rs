//! The transparency log's reads and its checkpoints (`TlogStore`); the
//! tree's appends are in `tlog_write`, inside the group commit.

use crate::error::from_sqlx;
use crate::rows::{seq_from_db, seq_to_db};
use crate::tlog_write::read_hashes;
use crate::{PgStore, begin, outbox};
use async_trait::async_trait;
use muster_store::tlog::{CheckpointColumns, checkpoint_row};
use muster_store::{CheckpointRow, OutboxChanges, StoreError, StoreResult, TlogStore};
use muster_tlog::Hash;
use uuid::Uuid;

macro_rules! select_checkpoint {
    ($rest:literal) => {
        concat!(
            "SELECT size, root, note, created_at, timestamp_token FROM tlog_checkpoints ",
            $rest
        )
    };
}

#[async_trait]
impl TlogStore for PgStore {
    async fn tree_size(&self) -> StoreResult<u64> {
        let size: i64 = sqlx::query_scalar("SELECT size FROM tlog_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await
            .map_err(from_sqlx)?;
        seq_from_db(size)
    }

    async fn stored_hashes(&self, indexes: &[u64]) -> StoreResult<Vec<Hash>> {
        let mut conn = self.pool.acquire().await.map_err(from_sqlx)?;
        read_hashes(&mut conn, indexes).await
    }

    async fn leaf_index(&self, incident: Uuid, seq: u64) -> StoreResult<Option<u64>> {
        // The latest leaf: see the migration on a seq that was a leaf before.
        let leaf: Option<i64> = sqlx::query_scalar(
            "SELECT max(leaf) FROM tlog_leaves WHERE incident = $1 AND seq = $2",
        )
        .bind(incident)
        .bind(seq_to_db(seq.min(i64::MAX as u64))?)
        .fetch_one(&self.pool)
        .await
        .map_err(from_sqlx)?;
        leaf.map(seq_from_db).transpose()
    }

    async fn leaf_indexes(
        &self,
        incident: Uuid,
        after: u64,
        limit: u32,
    ) -> StoreResult<Vec<(u64, u64)>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT seq, max(leaf) FROM tlog_leaves WHERE incident = $1 AND seq > $2
             GROUP BY seq ORDER BY seq LIMIT $3",
        )
        .bind(incident)
        .bind(seq_to_db(after.min(i64::MAX as u64))?)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(from_sqlx)?;
        rows.into_iter()
            .map(|(seq, leaf)| Ok((seq_from_db(seq)?, seq_from_db(leaf)?)))
            .collect()
    }

    async fn record_checkpoint(
        &self,
        checkpoint: &CheckpointRow,
        outbox_changes: &OutboxChanges,
    ) -> StoreResult<bool> {
        let mut tx = begin(&self.pool).await?;
        // No lock: the tree only grows, so the committed size is a floor,
        // and a checkpoint never waits on a commit that waits on it.
        let size: i64 = sqlx::query_scalar("SELECT size FROM tlog_head WHERE id = 1")
            .fetch_one(&mut *tx)
            .await
            .map_err(from_sqlx)?;
        let size = seq_from_db(size)?;
        if checkpoint.size > size {
            return Err(StoreError::Conflict(format!(
                "a checkpoint of {} leaves, but the tree has {size}",
                checkpoint.size
            )));
        }
        let inserted = sqlx::query(
            "INSERT INTO tlog_checkpoints (size, root, note, created_at, timestamp_token)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (size) DO NOTHING",
        )
        .bind(seq_to_db(checkpoint.size)?)
        .bind(checkpoint.root.0.to_vec())
        .bind(&checkpoint.note)
        .bind(checkpoint.created_at)
        .bind(checkpoint.timestamp_token.clone())
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?
        .rows_affected()
            == 1;
        if inserted {
            outbox::apply(&mut tx, outbox_changes).await?;
        }
        tx.commit().await.map_err(from_sqlx)?;
        Ok(inserted)
    }

    async fn record_timestamp(&self, size: u64, token: &[u8]) -> StoreResult<bool> {
        let missing = || StoreError::NotFound(format!("checkpoint of size {size}"));
        let size_db = seq_to_db(size).map_err(|_| missing())?;
        let written = sqlx::query(
            "UPDATE tlog_checkpoints SET timestamp_token = $1 WHERE size = $2 AND timestamp_token IS NULL",
        )
        .bind(token)
        .bind(size_db)
        .execute(&self.pool)
        .await
        .map_err(from_sqlx)?
        .rows_affected()
            == 1;
        if !written {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT size FROM tlog_checkpoints WHERE size = $1")
                    .bind(size_db)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(from_sqlx)?;
            if exists.is_none() {
                return Err(missing());
            }
        }
        Ok(written)
    }

    async fn latest_checkpoint(&self) -> StoreResult<Option<CheckpointRow>> {
        let row: Option<CheckpointColumns> =
            sqlx::query_as(select_checkpoint!("ORDER BY size DESC LIMIT 1"))
                .fetch_optional(&self.pool)
                .await
                .map_err(from_sqlx)?;
        row.map(checkpoint_row).transpose()
    }

    async fn checkpoint(&self, size: u64) -> StoreResult<Option<CheckpointRow>> {
        let Ok(size) = seq_to_db(size) else {
            return Ok(None);
        };
        let row: Option<CheckpointColumns> = sqlx::query_as(select_checkpoint!("WHERE size = $1"))
            .bind(size)
            .fetch_optional(&self.pool)
            .await
            .map_err(from_sqlx)?;
        row.map(checkpoint_row).transpose()
    }

    async fn checkpoints_after(&self, after: u64, limit: u32) -> StoreResult<Vec<CheckpointRow>> {
        let rows: Vec<CheckpointColumns> =
            sqlx::query_as(select_checkpoint!("WHERE size > $1 ORDER BY size LIMIT $2"))
                .bind(seq_to_db(after.min(i64::MAX as u64))?)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(from_sqlx)?;
        rows.into_iter().map(checkpoint_row).collect()
    }
}
