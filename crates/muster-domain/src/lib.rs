//! The incident team's rules as pure code: commands in, events out, state folded
//! from events. No I/O, no async, no SQL: every other crate depends on this one.
#![forbid(unsafe_code)]

pub mod board;
pub mod calls;
pub mod citation;
pub mod command;
mod command_kind;
mod deadline_reminders;
pub mod decide;
pub mod event;
pub mod evidence;
mod guard;
pub mod handover;
pub mod indicator;
mod indicator_policy;
pub mod lifecycle;
pub mod log;
mod notify_policy;
pub mod obligation;
mod obligation_policy;
mod payload;
mod people;
pub mod permit;
pub mod permit_item;
pub mod policy;
pub mod rejection;
pub mod reminders;
pub mod rule;
pub mod scope;
pub mod settle;
pub mod state;
pub mod team;
pub mod text;
pub mod visibility;
pub mod vocab;
pub mod work;

pub use command::{Command, Context, PreventiveActionInput, ReviewInput};
pub use decide::decide;
pub use event::{Event, PersonRef};
pub use indicator::{IndicatorInput, SightingInput, TimelineInput};
pub use lifecycle::{Declaration, declare};
pub use log::LogEntry;
pub use policy::Policy;
pub use rejection::{Rejection, RejectionKind};
pub use rule::Rule;
pub use state::IncidentState;
pub use visibility::can_see;
pub use vocab::*;

#[cfg(test)]
mod tests;
