//! The server's integration tests: one binary, the real server on port 0 over a
//! temporary SQLite file, driven through the typed client.

#[macro_use]
mod common;
mod attack;
mod errors;
mod evidence;
mod headers;
mod indicators;
mod log;
mod obligations;
mod people;
mod probes;
mod restricted;
mod rules;
mod scope;
mod timeouts;
mod triage;
