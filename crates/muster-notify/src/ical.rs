//! The heartbeat-call feed in iCalendar (RFC 5545): one recurring VEVENT for
//! the call schedule (RRULE every cadence, ending when the incident leaves
//! `hot`), one VEVENT per decision point agreed on a call. Lines end in CRLF,
//! text is escaped (backslash, semicolon, comma, newline), and lines longer
//! than 75 octets are folded without splitting a UTF-8 character.

use jiff::Timestamp;
use muster_domain::calls::{agenda, schedule};
use muster_domain::{IncidentState, Phase, Policy};

fn utc(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line at 75 octets (§3.1) and ends it with CRLF.
pub fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        // Continuation lines start with a space, which counts toward their 75.
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

struct Feed(String);

impl Feed {
    fn line(&mut self, name: &str, value: &str) {
        fold(&format!("{name}:{value}"), &mut self.0);
    }
}

/// The feed for one incident, stamped `now`. `host` makes UIDs globally unique.
pub fn calendar(state: &IncidentState, policy: &Policy, now: Timestamp, host: &str) -> String {
    let mut f = Feed(String::new());
    f.line("BEGIN", "VCALENDAR");
    f.line("VERSION", "2.0");
    f.line("PRODID", "-//Muster//Heartbeat calls//EN");
    f.line("CALSCALE", "GREGORIAN");
    f.line("METHOD", "PUBLISH");
    f.line(
        "X-WR-CALNAME",
        &escape(&format!("{} heartbeat calls", state.reference)),
    );
    let stamp = utc(now);
    let running = schedule(state, policy).or_else(|| {
        // Left hot: keep the schedule it had, ended, so past calls stay in calendars.
        let mut hot = state.clone();
        hot.phase = Some(Phase::Hot);
        schedule(&hot, policy)
    });
    if let Some(s) = running {
        let minutes = policy
            .calls
            .duration_minutes
            .clamp(1, s.cadence_minutes.max(1));
        f.line("BEGIN", "VEVENT");
        f.line("UID", &format!("{}-heartbeat@{host}", state.id));
        f.line("DTSTAMP", &stamp);
        f.line("DTSTART", &utc(s.first_at));
        f.line("DURATION", &format!("PT{minutes}M"));
        let until = (state.phase != Some(Phase::Hot))
            .then(|| state.timings.contained_at.unwrap_or(now))
            .map(|t| format!(";UNTIL={}", utc(t)))
            .unwrap_or_default();
        f.line(
            "RRULE",
            &format!("FREQ=MINUTELY;INTERVAL={}{until}", s.cadence_minutes),
        );
        f.line(
            "SUMMARY",
            &escape(&format!(
                "{} heartbeat call: {}",
                state.reference, state.title
            )),
        );
        let mut description = agenda(state).join("\n");
        if let Some(b) = &s.bridge {
            description = format!("Bridge: {b}\n\n{description}");
            f.line("LOCATION", &escape(b));
            f.line("URL", b);
        }
        f.line("DESCRIPTION", &escape(&description));
        f.line("STATUS", "CONFIRMED");
        f.line("END", "VEVENT");
    }
    for record in &state.call_records {
        let Some(at) = record.next_decision_at else {
            continue;
        };
        f.line("BEGIN", "VEVENT");
        f.line(
            "UID",
            &format!("{}-decision-{}@{host}", state.id, record.id),
        );
        f.line("DTSTAMP", &stamp);
        f.line("DTSTART", &utc(at));
        f.line("DURATION", "PT15M");
        f.line(
            "SUMMARY",
            &escape(&format!(
                "{} decision point (agreed on call {})",
                state.reference, record.id
            )),
        );
        f.line(
            "DESCRIPTION",
            &escape(&format!("What we do next: {}", record.what_we_do_next)),
        );
        f.line("END", "VEVENT");
    }
    f.line("END", "VCALENDAR");
    f.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "é".repeat(60)), &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(60)));
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }
}
