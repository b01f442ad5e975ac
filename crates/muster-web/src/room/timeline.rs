//! The contemporaneous log as the room shows it: a window of the latest
//! entries (older ones a link away), so that an incident with tens of
//! thousands of entries renders as fast as a new one.

use jiff::Timestamp;
use muster_app::describe;
use muster_domain::{Event, LogEntry};

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
    /// The entry this one corrects (rule 9), if it is a correction.
    pub corrects: Option<u64>,
    /// The corrections of this entry, `(seq, text)`, oldest first.
    pub corrections: Vec<(u64, String)>,
}

/// The entry a correction corrects, and what it says.
fn correction(e: &LogEntry) -> Option<(u64, String)> {
    match Event::decode(&e.kind, e.v, &e.payload) {
        Ok(Event::Corrected { corrects, text }) => Some((corrects, text)),
        _ => None,
    }
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
        corrects: correction(e).map(|(c, _)| c),
        corrections: Vec::new(),
    }
}

/// Newest first: the room reads from the top down, the latest line first.
/// An entry shows the corrections among `entries` beside it.
pub fn rows(entries: &[LogEntry], now: Timestamp) -> Vec<Row> {
    let mut rows: Vec<Row> = entries.iter().rev().map(|e| row(e, now)).collect();
    let corrections: Vec<(u64, u64, String)> = entries
        .iter()
        .filter_map(|e| correction(e).map(|(c, text)| (c, e.seq, text)))
        .collect();
    for (corrects, seq, text) in corrections {
        if let Some(r) = rows.iter_mut().find(|r| r.seq == corrects) {
            r.corrections.push((seq, text));
        }
    }
    rows
}
