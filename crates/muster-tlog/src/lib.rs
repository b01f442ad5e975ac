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
//!
//! A store that keeps the stored hashes in a table appends, proves and signs
//! like this (the `Vec` stands for the table):
//!
//! ```
//! use muster_tlog::*;
//!
//! let mut table: Vec<Hash> = Vec::new();
//! let fetch = |table: &Vec<Hash>, indexes: &[u64]| -> Vec<Hash> {
//!     indexes.iter().map(|&i| table[i as usize]).collect()
//! };
//! for n in 0..5u64 {
//!     let leaf = leaf_hash(format!("entry {n}").as_bytes());
//!     let needed = fetch(&table, &stored_hashes_for_leaf_indexes(n));
//!     let new = stored_hashes_for_leaf_from(n, leaf, &needed)?;
//!     assert_eq!(table.len() as u64, stored_hash_count(n)); // new rows go here
//!     table.extend(new);
//! }
//! let root = tree_hash_from(5, &fetch(&table, &tree_hash_indexes(5)?))?;
//! let proof = inclusion_proof_from(3, 5, &fetch(&table, &inclusion_proof_indexes(3, 5)?))?;
//! verify_inclusion(3, 5, &leaf_hash(b"entry 3"), &proof, &root)?;
//!
//! let signer = Signer::generate("muster.example/log")?;
//! let note = sign_checkpoint(&Checkpoint::new("muster.example/log", 5, root), &[&signer])?;
//! let checkpoint = open_checkpoint(&note, &[signer.verifier()])?;
//! assert_eq!((checkpoint.size, checkpoint.root), (5, root));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
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
/// The wrapper [`Signer::to_key_text`] returns, wiping the secret on drop.
pub use zeroize::Zeroizing;
