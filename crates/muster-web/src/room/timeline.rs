//! The contemporaneous log as the room shows it: a window of the latest
//! entries (older ones a link away), so that an incident with tens of
//! thousands of entries renders as fast as a new one.

use jiff::Timestamp;
use muster_app::describe;
use muster_domain::LogEntry;

/// Entries the room shows at once.
pub const WINDOW: u32 = 200;

pub struct Row {
    pub seq: u64,
    pub time: String,
    pub iso: String,
    pub who: String,
    pub label: &'static str,
    pub text: String,
    /// When it happened, where the author said it was earlier than recorded.
    pub occurred: String,
}

pub fn row(e: &LogEntry, now: Timestamp) -> Row {
    let said = describe::entry(e);
    let at = e.recorded_at.parse::<Timestamp>().ok();
    Row {
        seq: e.seq,
        time: at
            .map(|t| crate::time::short(t, now))
            .unwrap_or_else(|| e.recorded_at.clone()),
        iso: e.recorded_at.clone(),
        who: e.actor_name.clone(),
        label: said.label,
        text: said.text,
        occurred: e
            .occurred_at
            .as_deref()
            .map(describe::short_log_time)
            .unwrap_or_default(),
    }
}

/// Newest first: the room reads from the top down, the latest line first.
pub fn rows(entries: &[LogEntry], now: Timestamp) -> Vec<Row> {
    entries.iter().rev().map(|e| row(e, now)).collect()
}
