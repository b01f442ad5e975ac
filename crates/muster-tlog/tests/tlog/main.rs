//! The crate's integration tests, in one binary.

mod interop;
mod key_file;
mod notes;
mod properties;
mod reference;
mod tampering;
mod vectors;
