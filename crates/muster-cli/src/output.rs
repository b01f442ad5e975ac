//! Human output: short, calm lines and tables. Every function returns the text
//! so that it can be tested; `commands` prints it. Times are shown in UTC.

mod attack;
mod escape;
mod event;
mod incident;
mod indicators;
pub mod insights;

pub use attack::{attack_catalogue, attack_import};
pub use escape::{escape, escape_lines};
pub use event::{chain_state, command_response, entries, entry, verification};
pub use incident::incident;
pub use indicators::{evidence, evidence_verify, import, indicators, seen};

use jiff::{SignedDuration, Timestamp};
use muster_api::*;

/// `2026-11-27 13:16Z`.
pub fn time(ts: Timestamp) -> String {
    muster_app::describe::short_time(ts)
}

/// A log entry's stored time (`2026-11-27T13:16:29.123456Z`) the same way.
pub fn log_time(s: &str) -> String {
    // Unparseable text comes back as stored: escape it like any other.
    escape(&muster_app::describe::short_log_time(s)).into_owned()
}

/// `2026-11-27 14:30Z (in 1h14m)` or `… (2h ago)`.
pub fn deadline(ts: Timestamp, now: Timestamp) -> String {
    let d = ts.duration_since(now);
    if d.is_negative() {
        format!("{} ({} ago)", time(ts), span(-d))
    } else {
        format!("{} (in {})", time(ts), span(d))
    }
}

/// `45s`, `25m`, `2h05m`, `3d4h`: two units at most.
pub fn span(d: SignedDuration) -> String {
    let s = d.as_secs().unsigned_abs();
    let (days, hours, mins) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60);
    match (days, hours, mins) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h{m:02}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d{h}h"),
    }
}

/// Columns padded to their widest cell; the last column is left ragged.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let width = |i: usize| {
        rows.iter()
            .filter_map(|r| r.get(i))
            .map(|c| c.chars().count())
            .chain([headers[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..headers.len()).map(width).collect();
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.extend(std::iter::repeat_n(
                    ' ',
                    widths[i] - cell.chars().count() + 2,
                ));
            }
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    };
    let mut out = line(headers.to_vec());
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

/// The text escaped for the terminal, or `-` when there is none.
fn or_dash(s: Option<&str>) -> String {
    escape(s.filter(|s| !s.is_empty()).unwrap_or("-")).into_owned()
}

/// [`escape`] as an owned cell of a table.
fn cell(s: &str) -> String {
    escape(s).into_owned()
}

pub fn person(p: &PersonView) -> String {
    let mut out = format!("{} <{}>\n", escape(&p.name), escape(&p.email));
    let mut line = |k: &str, v: &str| out.push_str(&format!("  {k:<10} {v}\n"));
    line("id", &p.id.to_string());
    line("handle", &or_dash(p.chat_handle.as_deref()));
    line("slack", &or_dash(p.slack_id.as_deref()));
    line("matrix", &or_dash(p.matrix_id.as_deref()));
    line("teams", &or_dash(p.teams_id.as_deref()));
    line("team", &or_dash(p.team.as_deref()));
    line("expertise", &or_dash(Some(&p.expertise.join(", "))));
    let login = match (p.user, p.admin) {
        (true, true) => "yes, administrator",
        (true, false) => "yes",
        (false, _) => "no",
    };
    line("login", login);
    out
}

pub fn people(people: &[PersonView]) -> String {
    if people.is_empty() {
        return "No people yet.\n".to_owned();
    }
    let rows: Vec<Vec<String>> = people
        .iter()
        .map(|p| {
            vec![
                cell(&p.name),
                cell(&p.email),
                or_dash(p.chat_handle.as_deref()),
                or_dash(p.team.as_deref()),
                if p.admin {
                    "admin"
                } else if p.user {
                    "yes"
                } else {
                    "-"
                }
                .to_owned(),
                cell(&p.expertise.join(",")),
            ]
        })
        .collect();
    table(
        &["NAME", "EMAIL", "HANDLE", "TEAM", "LOGIN", "EXPERTISE"],
        &rows,
    )
}

pub fn report(r: &ReportView) -> String {
    let mut out = format!(
        "{}  {}  [{}]\n",
        escape(&r.reference),
        escape(&r.title),
        r.status
    );
    out.push_str(&format!(
        "  reported by {} at {}, source: {}\n",
        escape(&r.reported_by_name),
        time(r.reported_at),
        escape(&r.source)
    ));
    if !r.description.is_empty() && r.description != r.title {
        out.push_str(&format!("  {}\n", escape(&r.description)));
    }
    if let Some(at) = r.triaged_at {
        out.push_str(&format!("  triaged at {}", time(at)));
        if let Some(note) = &r.triage_note {
            out.push_str(&format!(": {}", escape(note)));
        }
        out.push('\n');
    }
    if let Some(incident) = &r.incident {
        out.push_str(&format!("  declared as {}\n", escape(incident)));
    }
    if r.withheld {
        out.push_str(
            "  what it became is withheld: a restricted incident you are not on (rule 10)\n",
        );
    }
    out
}

pub fn reports(reports: &[ReportView]) -> String {
    if reports.is_empty() {
        return "No reports.\n".to_owned();
    }
    let rows: Vec<Vec<String>> = reports
        .iter()
        .map(|r| {
            vec![
                cell(&r.reference),
                r.status.to_string(),
                time(r.reported_at),
                cell(&r.reported_by_name),
                match &r.incident {
                    Some(i) => format!("{} -> {}", escape(&r.title), escape(i)),
                    None if r.withheld && r.title.is_empty() => "(withheld, rule 10)".into(),
                    None => cell(&r.title),
                },
            ]
        })
        .collect();
    table(&["REPORT", "STATUS", "REPORTED", "BY", "TITLE"], &rows)
}

pub fn triage(t: &TriageResponse) -> String {
    match &t.incident {
        Some(incident) => format!(
            "{} declared as {incident}. Next: muster show {incident}\n",
            escape(&t.report.reference),
            incident = escape(incident)
        ),
        None => format!(
            "{} closed as {}.\n",
            escape(&t.report.reference),
            t.report.status
        ),
    }
}

pub fn incidents(items: &[IncidentListItem]) -> String {
    if items.is_empty() {
        return "No incidents.\n".to_owned();
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            vec![
                cell(&i.reference),
                i.phase.to_string(),
                cell(&i.severity),
                cell(&i.category),
                i.incident_manager
                    .as_deref()
                    .map_or_else(|| "NONE".to_owned(), cell),
                time(i.updated_at),
                if i.restricted {
                    format!("{} (restricted)", escape(&i.title))
                } else {
                    cell(&i.title)
                },
            ]
        })
        .collect();
    table(
        &[
            "INCIDENT",
            "PHASE",
            "SEVERITY",
            "CATEGORY",
            "INCIDENT MANAGER",
            "UPDATED",
            "TITLE",
        ],
        &rows,
    )
}

pub fn tokens(tokens: &[TokenView]) -> String {
    if tokens.is_empty() {
        return "No tokens.\n".to_owned();
    }
    let rows: Vec<Vec<String>> = tokens
        .iter()
        .map(|t| {
            let state = match t.revoked_at {
                Some(at) => format!("revoked {}", time(at)),
                None => "active".to_owned(),
            };
            vec![t.id.to_string(), cell(&t.name), time(t.created_at), state]
        })
        .collect();
    table(&["ID", "NAME", "CREATED", "STATE"], &rows)
}

pub fn new_token(t: &NewToken) -> String {
    format!(
        "Token `{}` ({}). Shown this once; keep it safe:\n{}\n",
        escape(&t.name),
        t.id,
        t.token
    )
}

fn shift(s: &ShiftView) -> String {
    format!(
        "{} ({})  {} to {}",
        escape(&s.person.name),
        escape(&s.person.email),
        time(s.starts_at),
        time(s.ends_at)
    )
}

pub fn rota(r: &RotaView) -> String {
    let mut out = String::new();
    let or_none = |s: Option<&ShiftView>| s.map(shift).unwrap_or_else(|| "nobody".to_owned());
    out.push_str(&format!("On call now:  {}\n", or_none(r.now.as_ref())));
    out.push_str(&format!("Next:         {}\n", or_none(r.next.as_ref())));
    if !r.shifts.is_empty() {
        out.push('\n');
        let rows: Vec<Vec<String>> = r
            .shifts
            .iter()
            .map(|s| {
                vec![
                    s.id.to_string(),
                    time(s.starts_at),
                    time(s.ends_at),
                    cell(&s.person.name),
                ]
            })
            .collect();
        out.push_str(&table(&["SHIFT", "FROM", "TO", "INCIDENT MANAGER"], &rows));
    }
    out
}

pub fn new_shift(s: &ShiftView) -> String {
    format!("Shift {}: {}\n", s.id, shift(s))
}

pub fn audit(rows: &[AuditView]) -> String {
    if rows.is_empty() {
        return "No reads recorded.\n".to_owned();
    }
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|a| {
            vec![
                time(a.at),
                cell(&a.person_name),
                or_dash(a.source.as_deref()),
                if a.incident.is_empty() {
                    "-".into()
                } else {
                    cell(&a.incident)
                },
                if a.refused { "refused" } else { "read" }.into(),
                cell(&a.what),
            ]
        })
        .collect();
    table(&["AT", "WHO", "FROM", "INCIDENT", "OUTCOME", "WHAT"], &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_short() {
        let s = |secs| span(SignedDuration::from_secs(secs));
        assert_eq!(s(42), "42s");
        assert_eq!(s(25 * 60), "25m");
        assert_eq!(s(2 * 3600), "2h");
        assert_eq!(s(2 * 3600 + 5 * 60), "2h05m");
        assert_eq!(s(3 * 86_400 + 4 * 3600 + 7), "3d4h");
        assert_eq!(s(-90), "1m");
    }

    #[test]
    fn deadlines_say_which_side_of_now() {
        let now: Timestamp = "2026-11-27T13:16:00Z".parse().unwrap();
        let later: Timestamp = "2026-11-27T14:30:00Z".parse().unwrap();
        assert_eq!(deadline(later, now), "2026-11-27 14:30Z (in 1h14m)");
        assert_eq!(deadline(now, later), "2026-11-27 13:16Z (1h14m ago)");
        assert_eq!(log_time("2026-11-27T13:16:29.123456Z"), "2026-11-27 13:16Z");
        assert_eq!(log_time("garbage"), "garbage");
    }

    #[test]
    fn tables_align_and_leave_the_last_column_ragged() {
        let rows = vec![
            vec![
                "INC-1".to_owned(),
                "hot".to_owned(),
                "Döner ünlocked".to_owned(),
            ],
            vec!["INC-10".to_owned(), "warm".to_owned(), String::new()],
        ];
        assert_eq!(
            table(&["REF", "PHASE", "TITLE"], &rows),
            "REF     PHASE  TITLE\nINC-1   hot    Döner ünlocked\nINC-10  warm\n"
        );
    }
}
