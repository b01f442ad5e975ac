//! End-to-end through the real `muster` binary over real HTTP on a real SQLite
//! file: a whole incident as the seed describes it, a crash under load, and a
//! tampered database.

mod clocks;
mod common;
mod crafted;
mod crash;
mod escaping;
mod evidence;
mod exits;
mod incident;
mod indicators;
mod integrity;
mod obligations;
mod schemathesis;
mod serve_http;
mod sso;
mod tamper;
mod teams_settings;
mod tlog;
mod tlog_go;
mod tlog_http;
mod tlog_rotate;
mod tlog_tsa;
