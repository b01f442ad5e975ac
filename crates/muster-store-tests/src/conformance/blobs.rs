//! Evidence files' bytes: content-addressed, streamed, limited, never
//! overwritten, and nothing left behind by a refused upload.

use bytes::Bytes;
use futures::StreamExt;
use muster_store::blob::{self, Check};
use muster_store::{BlobStore, ByteStream, PutError};

fn stream(chunks: Vec<Vec<u8>>) -> ByteStream {
    futures::stream::iter(chunks.into_iter().map(|c| Ok(Bytes::from(c)))).boxed()
}

async fn read_all(store: &dyn BlobStore, sha256: &str) -> Option<Vec<u8>> {
    let (size, mut s) = store.open(sha256).await.expect("open")?;
    let mut out = Vec::new();
    while let Some(chunk) = s.next().await {
        out.extend_from_slice(&chunk.expect("chunk"));
    }
    assert_eq!(size, out.len() as u64, "open's size is the bytes' length");
    Some(out)
}

fn sha256_hex(bytes: &[u8]) -> String {
    let mut h = blob::Hasher::default();
    h.update(bytes);
    h.finish().0
}

/// A file of many chunks (crossing the backends' 1 MiB pieces) comes back
/// byte for byte under the SHA-256 the store measured; storing it again keeps
/// one copy; more than the limit, a hash not the one expected and a cut-off
/// stream each leave nothing; an unknown or malformed name opens nothing.
pub async fn blobs_stream_content_addressed(store: &dyn BlobStore) {
    let before = store.list_blobs().await.expect("list").len();
    // 2.5 MiB in 64 KiB chunks, not a multiple of either size.
    let file: Vec<u8> = (0..(5 << 19) + 17).map(|i: u32| (i % 251) as u8).collect();
    let chunks: Vec<Vec<u8>> = file.chunks(64 << 10).map(<[u8]>::to_vec).collect();
    let sha = sha256_hex(&file);

    let stored = store
        .put(stream(chunks.clone()), 3 << 20, Some(&sha.to_uppercase()))
        .await
        .expect("put");
    assert_eq!(stored.sha256, sha, "the store measures the SHA-256");
    assert_eq!(stored.size, file.len() as u64);
    assert!(stored.kept, "the expected hash (in capitals) matched");
    assert_eq!(read_all(store, &sha).await.as_deref(), Some(&file[..]));
    assert_eq!(
        blob::check(store, &sha).await.expect("check"),
        Check::Intact
    );

    let again = store
        .put(stream(chunks), 3 << 20, None)
        .await
        .expect("put again");
    assert!(again.kept && again.sha256 == sha);
    let listed = store.list_blobs().await.expect("list");
    assert_eq!(listed.len(), before + 1, "the same bytes are held once");
    assert!(
        listed
            .iter()
            .any(|b| b.sha256 == sha && b.size == file.len() as u64)
    );

    // Exactly at the limit is allowed; one byte past is refused.
    let small = vec![7u8; 1000];
    let at = store
        .put(stream(vec![small.clone()]), 1000, None)
        .await
        .expect("at limit");
    assert!(at.kept && at.size == 1000);
    let mut over = small.clone();
    over.push(8);
    let over_sha = sha256_hex(&over);
    match store
        .put(stream(vec![small.clone(), vec![8]]), 1000, None)
        .await
    {
        Err(PutError::TooLarge { limit }) => assert_eq!(limit, 1000),
        other => panic!("1001 bytes past a limit of 1000 must be TooLarge, got {other:?}"),
    }
    assert!(
        read_all(store, &over_sha).await.is_none(),
        "a too-large upload leaves nothing"
    );

    let other = b"not what was collected".to_vec();
    let other_sha = sha256_hex(&other);
    let wrong = store
        .put(stream(vec![other.clone()]), 1000, Some(&"0".repeat(64)))
        .await
        .expect("put with a wrong expectation");
    assert!(
        !wrong.kept,
        "a hash other than the one expected is not kept"
    );
    assert_eq!(wrong.sha256, other_sha, "but the measured hash is told");
    assert!(read_all(store, &other_sha).await.is_none());

    let cut: ByteStream = futures::stream::iter(vec![
        Ok(Bytes::from_static(b"half a file")),
        Err(std::io::Error::other("the client went away")),
    ])
    .boxed();
    match store.put(cut, 1000, None).await {
        Err(PutError::Body(e)) => assert!(e.to_string().contains("went away"), "{e}"),
        other => panic!("a failing stream must be PutError::Body, got {other:?}"),
    }
    assert!(read_all(store, &sha256_hex(b"half a file")).await.is_none());

    assert_eq!(
        store.list_blobs().await.expect("list").len(),
        before + 2,
        "only the two kept files are listed"
    );
    assert!(store.open(&"a".repeat(64)).await.expect("open").is_none());
    assert!(
        store
            .open("../../etc/passwd")
            .await
            .expect("open")
            .is_none()
    );
    assert_eq!(
        blob::check(store, &"b".repeat(64)).await.expect("check"),
        Check::Missing
    );
    let empty = store
        .put(stream(vec![]), 10, None)
        .await
        .expect("empty file");
    assert_eq!(empty.size, 0);
    assert_eq!(read_all(store, &empty.sha256).await, Some(Vec::new()));
}
