//! The application core's integration tests: one binary, an `App` over a real
//! SQLite file.

mod insights_history;
mod signin;
mod tlog;
