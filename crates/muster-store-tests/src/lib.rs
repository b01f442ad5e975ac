//! Test code shared by the store backends' tests, kept out of the crates that
//! ship: only ever a `[dev-dependency]`.
//!
//! * [`conformance`]: the scripted suite every [`Store`](muster_store::Store)
//!   backend must pass, with the fixtures it builds on (sealed log entries,
//!   summaries, people).
//! * [`sample`]: a small but complete installation, for tests of
//!   `muster store copy`.
#![forbid(unsafe_code)]

pub mod conformance;
pub mod history;
pub mod sample;
