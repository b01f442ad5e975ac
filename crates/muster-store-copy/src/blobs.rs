//! Evidence files travel with the installation: each blob is streamed from
//! the source's blob store into the destination's, which re-hashes it on the
//! way, so a file that changed in the source is refused by name instead of
//! being carried over under a hash it no longer has.

use crate::{CopyError, CopyReport};
use muster_store::{PutError, Store, StoreError};

pub(crate) async fn blobs(
    from: &dyn Store,
    to: &dyn Store,
    report: &mut CopyReport,
) -> Result<(), CopyError> {
    let (source, destination) = (from.blobs(), to.blobs());
    for blob in source.list_blobs().await? {
        let Some((_, bytes)) = source.open(&blob.sha256).await? else {
            continue;
        };
        let stored = destination
            .put(bytes, u64::MAX, Some(&blob.sha256))
            .await
            .map_err(|e| match e {
                PutError::Store(e) => CopyError::Store(e),
                other => CopyError::Store(StoreError::Other(other.to_string())),
            })?;
        if !stored.kept {
            return Err(CopyError::Mismatch {
                what: format!("evidence file {}", blob.sha256),
                detail: format!(
                    "its bytes in the source hash to {}: the stored file was changed (`muster evidence verify` names the item)",
                    stored.sha256
                ),
            });
        }
        report.evidence_files += 1;
        report.evidence_bytes += stored.size;
    }
    Ok(())
}
