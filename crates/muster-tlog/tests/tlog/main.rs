//! The crate's integration tests, in one binary.

mod notes;
mod properties;
mod reference;
mod vectors;
