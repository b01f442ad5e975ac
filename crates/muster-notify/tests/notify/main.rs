//! The notification worker and its endpoints, driven step by step on a clock
//! the tests move: reminders, webhooks, email, Slack, Matrix (a real
//! Synapse), the calls feed; and the chat scenarios every platform passes.

mod calls;
mod chat_suite;
mod clocks;
mod common;
mod email;
mod fanout;
mod matrix;
mod reminders;
mod slack;
mod slack_repeats;
mod synapse;
mod teams;
mod teams_bot;
mod teams_graph;
mod teams_inbound;
mod teams_standin;
mod webhooks;
mod witness;
mod witness_channels;
