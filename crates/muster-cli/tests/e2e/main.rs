//! End-to-end through the real `muster` binary over real HTTP on a real SQLite
//! file: a whole incident as the seed describes it, a crash under load, and a
//! tampered database.

mod common;
mod crash;
mod incident;
mod schemathesis;
mod tamper;
