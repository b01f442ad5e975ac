//! The JSON API's request and response types. The server and the typed client
//! both use these, so they cannot drift apart; the OpenAPI document is derived
//! from them. Times on the wire have one shape ([`time`]).
#![forbid(unsafe_code)]

mod attack;
mod command;
mod error;
mod evidence;
mod incident;
mod indicators;
mod insights;
mod obligations;
mod people;
mod reports;
mod sso;
mod state;
pub mod time;
mod tlog;

pub use attack::*;
pub use command::*;
pub use error::*;
pub use evidence::*;
pub use incident::*;
pub use indicators::*;
pub use insights::*;
pub use obligations::*;
pub use people::*;
pub use reports::*;
pub use sso::*;
pub use state::*;
pub use tlog::*;
