//! The domain's tests: every rule of PRODUCT.md shown refusing with its error,
//! the board, the event encoding, the fold, and the hash-chained log format
//! (with `docs/verify_log.py` run against it as an independent verifier).

mod fixture;

// The rules, by concern.
mod actions;
mod agreement;
mod calls;
mod citations;
mod closing;
mod composition;
mod declare;
mod evidence;
mod handover;
mod indicators;
mod obligations;
mod permit;
mod record;
mod reminders;
mod roles;
mod settling;
mod staffing;
mod text;
mod visibility;

// The board.
mod board;

// Events, the fold and the log.
mod events;
mod fold;
mod log;
mod log_breaks;
mod log_format;
mod wire;
