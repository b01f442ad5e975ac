//! Log entries as one line each: number, time, who, and what happened in words.

use super::incident::short_hash;
use super::{escape, log_time};
use muster_api::CommandResponse;
use muster_domain::LogEntry;
use muster_domain::log::Verification;

/// `#12  2026-11-27 13:16Z  Alice Ng  note: …`, with the stated time when given.
pub fn entry(e: &LogEntry) -> String {
    padded(e, 0)
}

/// Entries with the actor column aligned.
pub fn entries(entries: &[LogEntry]) -> String {
    let width = entries
        .iter()
        .map(|e| escape(&e.actor_name).chars().count())
        .max()
        .unwrap_or(0);
    entries.iter().map(|e| padded(e, width)).collect()
}

fn padded(e: &LogEntry, width: usize) -> String {
    let mut line = format!(
        "#{:<4} {}  {:<width$}  {}",
        e.seq,
        log_time(&e.recorded_at),
        escape(&e.actor_name),
        summary(e)
    );
    if let Some(at) = &e.occurred_at {
        line.push_str(&format!(" (happened {})", log_time(at)));
    }
    line.push('\n');
    line
}

pub fn command_response(r: &CommandResponse) -> String {
    let mut out = String::new();
    for e in &r.entries {
        out.push_str(&format!(
            "{} #{}: {}\n",
            escape(&r.reference),
            e.seq,
            summary(e)
        ));
    }
    if r.entries.is_empty() {
        out.push_str(&format!("{}: nothing to record.\n", escape(&r.reference)));
    }
    out
}

/// The outcome of a check, naming the first broken entry.
pub fn verification(reference: &str, v: &Verification) -> String {
    let reference = escape(reference);
    let mut out = match &v.first_break {
        None if v.acknowledged.is_empty() => format!(
            "{reference}: log whole, {} entries, head {}\n",
            v.entries,
            short_hash(&v.head_hash)
        ),
        None => format!(
            "{reference}: log verifies with {} acknowledged break(s), {} entries, head {}\n",
            v.acknowledged.len(),
            v.entries,
            short_hash(&v.head_hash)
        ),
        Some(b) => format!(
            "{reference}: log BROKEN at entry #{}: {}\n({} entries read)\n",
            b.seq,
            escape(&b.reason),
            v.entries
        ),
    };
    for a in &v.acknowledged {
        out.push_str(&format!(
            "  acknowledged: the break at entry #{} ({}), by {} in entry #{}: {}\n",
            a.break_seq,
            escape(&a.problem),
            escape(&a.by),
            a.seq,
            escape(&a.reason)
        ));
    }
    out
}

/// One line on the chain's state, for `muster show` and `muster export`.
pub fn chain_state(v: &Verification) -> String {
    match &v.first_break {
        Some(b) => format!(
            "Log: BROKEN at entry #{}: {}. It takes no entries until an administrator \
             acknowledges the break (muster admin log acknowledge).\n",
            b.seq,
            escape(&b.reason)
        ),
        None if v.acknowledged.is_empty() => format!(
            "Log: whole, {} entries, head {}\n",
            v.entries,
            short_hash(&v.head_hash)
        ),
        None => format!(
            "Log: verifies with {} acknowledged break(s), {} entries, head {}\n",
            v.acknowledged.len(),
            v.entries,
            short_hash(&v.head_hash)
        ),
    }
}

/// What the entry records, in words: the same wording as the room and the
/// exports (`muster_app::describe`), escaped for the terminal (the words
/// quote what people wrote).
pub fn summary(e: &LogEntry) -> String {
    escape(&muster_app::describe::line(e)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use muster_domain::log::{Break, GENESIS_HASH};

    fn note(seq: u64, text: &str) -> LogEntry {
        LogEntry {
            incident: uuid::Uuid::nil(),
            seq,
            recorded_at: "2026-11-27T13:16:29.123456Z".into(),
            occurred_at: None,
            actor: uuid::Uuid::nil(),
            actor_name: "Alice Ng".into(),
            kind: "note-added".into(),
            v: 1,
            payload: serde_json::json!({ "text": text }).to_string(),
            prev_hash: GENESIS_HASH.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn entries_read_as_sentences() {
        let mut e = note(3, "VPN logs requested");
        assert_eq!(
            entry(&e),
            "#3    2026-11-27 13:16Z  Alice Ng  note: VPN logs requested\n"
        );
        e.occurred_at = Some("2026-11-27T12:50:00.000000Z".into());
        assert!(entry(&e).ends_with("(happened 2026-11-27 12:50Z)\n"));
        e.kind = "future-kind".into();
        assert_eq!(summary(&e), "entry: future kind: VPN logs requested");
        e.payload = "{}".into();
        assert_eq!(summary(&e), "entry: future kind");
    }

    #[test]
    fn entries_align_the_actor_column() {
        let mut bo = note(4, "b");
        bo.actor_name = "Bo".into();
        assert_eq!(
            entries(&[note(3, "a"), bo]),
            "#3    2026-11-27 13:16Z  Alice Ng  note: a\n#4    2026-11-27 13:16Z  Bo        note: b\n"
        );
    }

    #[test]
    fn verification_names_the_first_broken_entry() {
        let mut v = Verification {
            entries: 4,
            head_hash: "cd".repeat(32),
            first_break: None,
            acknowledged: Vec::new(),
        };
        assert_eq!(
            verification("INC-1", &v),
            "INC-1: log whole, 4 entries, head cdcdcdcdcdcd\n"
        );
        v.first_break = Some(Break {
            seq: 5,
            reason: "the entry was altered".into(),
            expected: String::new(),
            found: String::new(),
        });
        assert!(
            verification("INC-1", &v)
                .starts_with("INC-1: log BROKEN at entry #5: the entry was altered")
        );
    }
}
