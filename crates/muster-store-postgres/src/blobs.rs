//! Evidence files in PostgreSQL (migration 0010): chunked `bytea` rows of
//! 1 MiB, written in the upload's one transaction and named by their SHA-256
//! only at its end, so that a refused or cut-off upload leaves nothing; read
//! back one chunk per query, so that a download never holds a whole file.

use crate::error::from_sqlx;
use async_trait::async_trait;
use bytes::{Bytes, BytesMut};
use futures::StreamExt;
use muster_store::blob::{Hasher, is_sha256, normalise_expected};
use muster_store::{BlobInfo, BlobStore, ByteStream, PutError, StoreError, Stored};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

/// Each row holds this much of a file (the last one less).
const CHUNK: usize = 1 << 20;

#[derive(Clone)]
pub struct PgBlobStore {
    pool: PgPool,
}

impl PgBlobStore {
    pub fn new(pool: PgPool) -> Self {
        PgBlobStore { pool }
    }
}

async fn write_chunk(
    tx: &mut Transaction<'static, Postgres>,
    upload: Uuid,
    n: i32,
    data: &[u8],
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO evidence_chunks (upload, n, data) VALUES ($1, $2, $3)")
        .bind(upload)
        .bind(n)
        .bind(data)
        .execute(&mut **tx)
        .await
        .map(|_| ())
        .map_err(from_sqlx)
}

#[async_trait]
impl BlobStore for PgBlobStore {
    async fn put(
        &self,
        mut body: ByteStream,
        max_bytes: u64,
        expect: Option<&str>,
    ) -> Result<Stored, PutError> {
        let upload = Uuid::now_v7();
        // Dropping the transaction without committing rolls every chunk back.
        let mut tx = self.pool.begin().await.map_err(from_sqlx)?;
        let mut hasher = Hasher::default();
        let mut pending = BytesMut::with_capacity(CHUNK);
        let mut n = 0i32;
        while let Some(chunk) = body.next().await {
            let mut chunk = chunk.map_err(PutError::Body)?;
            if hasher.size() + chunk.len() as u64 > max_bytes {
                return Err(PutError::TooLarge { limit: max_bytes });
            }
            hasher.update(&chunk);
            while !chunk.is_empty() {
                let take = (CHUNK - pending.len()).min(chunk.len());
                pending.extend_from_slice(&chunk.split_to(take));
                if pending.len() == CHUNK {
                    write_chunk(&mut tx, upload, n, &pending).await?;
                    pending.clear();
                    n += 1;
                }
            }
        }
        if !pending.is_empty() {
            write_chunk(&mut tx, upload, n, &pending).await?;
        }
        let (sha256, size) = hasher.finish();
        if normalise_expected(expect).is_some_and(|e| e != sha256) {
            return Ok(Stored {
                sha256,
                size,
                kept: false,
            });
        }
        let named = sqlx::query(
            "INSERT INTO evidence_blobs (sha256, size, upload, stored_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(&sha256)
        .bind(i64::try_from(size).unwrap_or(i64::MAX))
        .bind(upload)
        .bind(now_us())
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?
        .rows_affected();
        // Already held: the rows it has stand; this copy is rolled back.
        if named == 1 {
            tx.commit().await.map_err(from_sqlx)?;
        }
        Ok(Stored {
            sha256,
            size,
            kept: true,
        })
    }

    async fn open(&self, sha256: &str) -> Result<Option<(u64, ByteStream)>, StoreError> {
        if !is_sha256(sha256) {
            return Ok(None);
        }
        let row: Option<(Uuid, i64)> =
            sqlx::query_as("SELECT upload, size FROM evidence_blobs WHERE sha256 = $1")
                .bind(sha256)
                .fetch_optional(&self.pool)
                .await
                .map_err(from_sqlx)?;
        let Some((upload, size)) = row else {
            return Ok(None);
        };
        let pool = self.pool.clone();
        let stream = futures::stream::try_unfold(0i32, move |n| {
            let pool = pool.clone();
            async move {
                let data: Option<Vec<u8>> = sqlx::query_scalar(
                    "SELECT data FROM evidence_chunks WHERE upload = $1 AND n = $2",
                )
                .bind(upload)
                .bind(n)
                .fetch_optional(&pool)
                .await
                .map_err(std::io::Error::other)?;
                Ok(data.map(|d| (Bytes::from(d), n + 1)))
            }
        });
        Ok(Some((u64::try_from(size).unwrap_or(0), stream.boxed())))
    }

    async fn list_blobs(&self) -> Result<Vec<BlobInfo>, StoreError> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT sha256, size FROM evidence_blobs ORDER BY sha256")
                .fetch_all(&self.pool)
                .await
                .map_err(from_sqlx)?;
        Ok(rows
            .into_iter()
            .map(|(sha256, size)| BlobInfo {
                sha256,
                size: u64::try_from(size).unwrap_or(0),
            })
            .collect())
    }
}

fn now_us() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
}
