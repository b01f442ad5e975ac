//! Times as people under pressure read them: a clock time and how long until
//! (or since) it. The page's script keeps the countdowns ticking.

use jiff::{SignedDuration, Timestamp};
use muster_app::AppError;

/// A deadline: report-back times, delegated findings, preventive actions.
#[derive(Debug, Clone)]
pub struct Clock {
    /// RFC 3339, for the script.
    pub iso: String,
    /// `13:16Z` today, or `2026-11-27 13:16Z`.
    pub short: String,
    /// `in 23 min` or `overdue by 5 min`.
    pub remaining: String,
    pub overdue: bool,
}

pub fn clock(at: Timestamp, now: Timestamp) -> Clock {
    let overdue = at < now;
    Clock {
        iso: at.to_string(),
        short: short(at, now),
        remaining: remaining(at, now),
        overdue,
    }
}

pub fn short(at: Timestamp, now: Timestamp) -> String {
    let same_day = at.strftime("%Y-%m-%d").to_string() == now.strftime("%Y-%m-%d").to_string();
    if same_day {
        at.strftime("%H:%MZ").to_string()
    } else {
        at.strftime("%Y-%m-%d %H:%MZ").to_string()
    }
}

/// `in 1 h 05 min`, `in 40 s`, `overdue by 3 min`.
pub fn remaining(at: Timestamp, now: Timestamp) -> String {
    let d: SignedDuration = at.duration_since(now);
    let span = human(d.as_secs().unsigned_abs());
    // Less than a second past is overdue too, as `clock` says.
    if d.is_negative() {
        format!("overdue by {span}")
    } else {
        format!("in {span}")
    }
}

fn human(secs: u64) -> String {
    if secs < 60 {
        format!("{secs} s")
    } else if secs < 3600 {
        format!("{} min", secs / 60)
    } else if secs < 48 * 3600 {
        format!("{} h {:02} min", secs / 3600, (secs % 3600) / 60)
    } else {
        format!("{} days", secs / 86_400)
    }
}

/// How long ago, for timelines and lists: `4 min ago`.
pub fn ago(at: Timestamp, now: Timestamp) -> String {
    let secs = now.duration_since(at).as_secs().max(0) as u64;
    format!("{} ago", human(secs))
}

/// A report-back time given as minutes from now (what people say in a call:
/// "report back in 30 minutes").
pub fn minutes_from_now(field: &str, minutes: u64, now: Timestamp) -> Result<Timestamp, AppError> {
    if minutes == 0 || minutes > 60 * 24 * 366 {
        return Err(AppError::invalid(
            field,
            "give the report-back time in minutes from now, between 1 and a year",
        ));
    }
    now.checked_add(SignedDuration::from_mins(minutes as i64))
        .map_err(|_| AppError::invalid(field, "that time is out of range"))
}

/// A due date from a date input (`2026-12-01`): the end of that day, UTC.
pub fn end_of_day(field: &str, date: &str) -> Result<Timestamp, AppError> {
    let d: jiff::civil::Date = date
        .parse()
        .map_err(|_| AppError::invalid(field, format!("`{date}` is not a date (YYYY-MM-DD)")))?;
    jiff::tz::TimeZone::UTC
        .to_timestamp(d.at(23, 59, 0, 0))
        .map_err(|_| AppError::invalid(field, "that date is out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_passed_by_less_than_a_second_is_already_overdue() {
        let at: Timestamp = "2026-11-27T13:16:00Z".parse().unwrap();
        let now = at + SignedDuration::from_millis(400);
        let c = clock(at, now);
        assert!(c.overdue);
        assert_eq!(c.remaining, "overdue by 0 s");
        assert_eq!(remaining(now, at), "in 0 s");
    }
}
