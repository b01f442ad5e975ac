//! Errors of the tree's arithmetic and of reading its stored hashes.

/// A request the tree cannot answer, or fetched hashes that do not fit it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    #[error("leaf {index} is not in a tree of {size} leaves")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("a tree of {m} leaves cannot be extended by a smaller tree of {n}")]
    SizeOrder { m: u64, n: u64 },
    #[error("expected {expected} stored hashes, got {found}")]
    HashCount { expected: usize, found: usize },
    #[error("a tree of {size} leaves is past the largest tree kept ({max})", max = crate::MAX_TREE_SIZE)]
    TooLarge { size: u64 },
}

/// A failure of a computation that reads stored hashes through a
/// [`HashReader`](crate::HashReader): either the request or the reader.
#[derive(Debug, thiserror::Error)]
pub enum ReadError<E> {
    #[error(transparent)]
    Tree(#[from] TreeError),
    #[error("reading stored hashes failed")]
    Reader(#[source] E),
}
