//! The notification worker and its endpoints, driven step by step on a clock
//! the tests move: reminders, webhooks, email, Slack, the calls feed.

mod calls;
mod clocks;
mod common;
mod email;
mod reminders;
mod slack;
mod slack_repeats;
mod teams;
mod teams_bot;
mod teams_graph;
mod teams_inbound;
mod teams_standin;
mod webhooks;
mod witness;
