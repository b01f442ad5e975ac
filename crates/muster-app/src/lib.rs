//! The application core. Every adapter (the JSON API in `muster-server`, the
//! room in `muster-web`, the worker in `muster-notify`) holds an [`App`] and
//! goes through it: commands are decided under the rules and appended by one
//! committer (group commit), reads of restricted incidents are audited, and
//! committed entries fan out to watchers and the outbox.
#![forbid(unsafe_code)]

pub mod actor;
pub mod admin;
mod app;
pub mod attack;
pub mod cache;
pub mod citations;
pub mod committer;
pub mod describe;
mod describe_obligations;
pub mod error;
pub mod evidence;
pub mod evidence_files;
mod execute;
pub mod export;
pub mod export_html;
mod hub;
pub mod indicators;
pub mod insights;
mod insights_app;
pub mod integrity;
mod integrity_app;
pub mod metrics;
pub mod obligations;
pub mod outbox;
pub mod register;
mod reports;
mod resolve;
pub mod signin;
pub mod sso;
pub mod tlog;
mod tlog_verify;
pub mod views;
pub mod visibility;
mod watch;
pub mod wire;

pub use actor::Actor;
pub use app::App;
pub use committer::{Committed, Submission};
pub use error::{AppError, AppResult};
pub use tlog::TlogConfig;
