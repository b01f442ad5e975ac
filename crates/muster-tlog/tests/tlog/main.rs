//! The crate's integration tests, in one binary.

mod key_file;
mod notes;
mod properties;
mod reference;
mod vectors;
