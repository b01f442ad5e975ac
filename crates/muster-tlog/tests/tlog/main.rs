//! The crate's integration tests, in one binary.

mod properties;
mod reference;
mod vectors;
