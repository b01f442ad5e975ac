//! All of the crate's integration tests, in one test binary.

mod attack;
mod defang;
mod guess;
mod markings;
mod normalise;
