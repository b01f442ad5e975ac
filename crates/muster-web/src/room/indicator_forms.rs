//! The room's indicator forms as commands (issue 11): an indicator, a
//! sighting, a step of the attacker's timeline, and a finding's citations.
//! Times are "minutes ago", as the log's own form has them; the commands
//! are the API's, so the domain's refusals come back word for word.

use crate::fields::Fields;
use jiff::{SignedDuration, Timestamp};
use muster_app::AppError;
use muster_domain::Command;
use muster_domain::indicator::{IndicatorInput, SightingInput, TimelineInput};
use muster_domain::vocab::Precision;

/// The form names this module answers for.
pub const FORMS: [&str; 4] = ["indicator", "sighting", "timeline-event", "cite"];

/// Items typed into one box, separated by commas or spaces.
fn list(form: &Fields, name: &str) -> Vec<String> {
    form.get(name)
        .unwrap_or("")
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `now` less the form's minutes (none, or 0, is now).
fn ago(form: &Fields, name: &str, now: Timestamp) -> Result<Timestamp, AppError> {
    let mins = match form.get(name) {
        None => 0,
        Some(_) => form.number(name)?,
    };
    now.checked_sub(SignedDuration::from_mins(mins.min(5_256_000) as i64))
        .map_err(|_| AppError::invalid(name, "that time is out of range"))
}

pub fn to_command(name: &str, form: &Fields, now: Timestamp) -> Result<Command<String>, AppError> {
    Ok(match name {
        "indicator" => Command::AddIndicator(IndicatorInput {
            ty: form.text("type")?,
            value: form.text("value")?,
            tlp: form.opt("tlp"),
            pap: form.opt("pap"),
            ioc: form.checked("ioc"),
            tags: form
                .get("tags")
                .unwrap_or("")
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            first_seen: None,
            last_seen: None,
            comment: form.opt("comment"),
        }),
        "sighting" => Command::RecordSighting(SightingInput {
            indicator: form.text("indicator")?,
            seen_at: ago(form, "seen_minutes_ago", now)?,
            seen_until: None,
            seen_on: form.opt("seen_on"),
            source: form.opt("source"),
            seen_by: form.opt("seen_by"),
            count: None,
        }),
        "timeline-event" => {
            let at = ago(form, "at_minutes_ago", now)?;
            let precision: Precision = form.opt_word("precision")?.unwrap_or(Precision::Exact);
            let until = match form.get("window_minutes") {
                Some(_) => {
                    let mins = form.number("window_minutes")?;
                    Some(
                        at.checked_add(SignedDuration::from_mins(mins.min(5_256_000) as i64))
                            .map_err(|_| {
                                AppError::invalid("window_minutes", "that time is out of range")
                            })?,
                    )
                }
                None => None,
            };
            Command::AddTimelineEvent(TimelineInput {
                at,
                precision,
                until,
                host: form.opt("host"),
                description: form.text("description")?,
                indicators: list(form, "indicators"),
                attack: list(form, "attack"),
            })
        }
        "cite" => Command::CiteInFinding {
            finding: form.text("finding")?,
            cites: list(form, "cites"),
        },
        other => {
            return Err(AppError::invalid(
                "command",
                format!("`{other}` is not an indicator form"),
            ));
        }
    })
}
