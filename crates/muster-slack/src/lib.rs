//! Slack, as Muster uses it: the Web API methods that open and staff an
//! incident channel and post to it ([`SlackClient`], against a configurable
//! base URL so tests can run a local stand-in), and the checks on requests
//! Slack sends us ([`verify`]: v0 signatures; [`slash`] and [`events`]:
//! payloads). Nothing here knows about incidents.
#![forbid(unsafe_code)]

mod client;
pub mod events;
pub mod slash;
pub mod verify;

pub use client::{SlackClient, SlackError};
