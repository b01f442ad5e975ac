//! Matrix, as Muster uses it: the Client-Server API calls that open an
//! invite-only room, staff it, set its topic and pinned events, post with
//! mentions ([`MatrixClient`], against a configurable homeserver so tests run
//! a real local one), and the `/sync` long-poll the bot reads its rooms
//! through ([`sync`]). Nothing here knows about incidents.
#![forbid(unsafe_code)]

mod client;
mod message;
pub mod sync;

pub use client::{MatrixClient, MatrixError, NewRoom};
pub use message::{Message, is_user_id};
