//! The transparency log's pure core (issue 12): the RFC 6962 / RFC 9162 Merkle
//! tree over every log entry of the installation, kept as stored hashes in the
//! layout of the Go checksum database; inclusion and consistency proofs and
//! their verifiers; C2SP `tlog-checkpoint` checkpoints signed as C2SP
//! `signed-note`s with Ed25519; and the signing key's file.
//!
//! No I/O but the key file, no async: the store, server, CLI and witnesses
//! call into this crate with the hashes they fetched. Each root or proof comes
//! as an index list (`*_indexes`), a pure function of the hashes fetched at
//! those indexes (`*_from`), and both joined through a [`HashReader`].
#![forbid(unsafe_code)]

mod checkpoint;
mod error;
mod hash;
mod key;
mod key_file;
mod memory;
mod note;
mod stored;
mod tree;
mod verify;

pub use checkpoint::{Checkpoint, CheckpointError};
pub use error::{ReadError, TreeError};
pub use hash::{Hash, leaf_hash, node_hash};
pub use key::{KeyError, Signer, Verifier, check_key_name, key_id};
pub use key_file::{KeyFileError, read_key_file, write_key_file};
pub use memory::{MemoryTree, NoSuchStoredHash};
pub use note::{
    KeyRef, MAX_SIGNATURES, NoteError, OpenedNote, open, open_checkpoint, sign, sign_checkpoint,
};
pub use stored::{
    HashReader, stored_hash_count, stored_hash_index, stored_hashes_for_leaf,
    stored_hashes_for_leaf_from, stored_hashes_for_leaf_indexes,
};
pub use tree::{
    MAX_TREE_SIZE, consistency_proof, consistency_proof_from, consistency_proof_indexes,
    inclusion_proof, inclusion_proof_from, inclusion_proof_indexes, tree_hash, tree_hash_from,
    tree_hash_indexes,
};
pub use verify::{ProofError, verify_consistency, verify_inclusion};
