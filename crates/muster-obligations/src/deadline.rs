//! Counting a clock in the organisation's time zone, recording each calendar step in words.
//!
//! Clock hours are real elapsed time (72 h across a daylight-saving change end an hour off
//! the wall clock); calendar days and months keep the wall-clock time; business days skip
//! weekends and the calendar's holidays and keep the wall-clock time.

use std::collections::BTreeSet;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan, ZonedDateTime};

use crate::calendar::{Calendar, is_weekend};
use crate::rules::{Clock, DayRule, Unit};

pub(crate) fn tz_name(tz: &TimeZone) -> String {
    tz.iana_name()
        .map_or_else(|| "local time".to_owned(), str::to_owned)
}

fn local(z: &ZonedDateTime) -> String {
    z.strftime("%A %Y-%m-%d %H:%M").to_string()
}

/// Counts `clock` from `start`. `None` only when the result leaves jiff's range.
pub(crate) fn count(
    start: Timestamp,
    clock: &Clock,
    tz: &TimeZone,
    calendar: Option<&Calendar>,
    steps: &mut Vec<String>,
) -> Option<Timestamp> {
    let z0 = start.to_zoned_datetime(tz.clone());
    steps.push(format!("starts {} {}", local(&z0), tz_name(tz)));
    let amount = clock.amount;
    let end = match clock.unit {
        Unit::Hours => {
            let end = start
                .checked_add(amount.hours())
                .ok()?
                .to_zoned_datetime(tz.clone());
            let wall = z0.datetime().checked_add(amount.hours()).ok()?;
            if wall != end.datetime() {
                let change = tz
                    .following(start)
                    .next()
                    .map(|t| {
                        t.timestamp()
                            .to_zoned_datetime(tz.clone())
                            .date()
                            .to_string()
                    })
                    .unwrap_or_default();
                steps.push(format!(
                    "crosses a daylight-saving change on {change}: {amount} clock hours end at {}, not {}, local time",
                    end.strftime("%H:%M"),
                    wall.strftime("%H:%M"),
                ));
            }
            end
        }
        Unit::CalendarDays | Unit::Months => {
            let span = if clock.unit == Unit::Months {
                amount.months()
            } else {
                amount.days()
            };
            let end = z0.checked_add(span).ok()?;
            if end.offset() != z0.offset() {
                steps.push(format!(
                    "crosses a daylight-saving change: calendar days and months keep the wall-clock time, so it ends at {} local time",
                    end.strftime("%H:%M"),
                ));
            }
            end
        }
        Unit::BusinessDays => business_days(&z0, amount, calendar?, tz, steps)?,
    };
    steps.push(format!("ends {} {}", local(&end), tz_name(tz)));
    Some(end.timestamp())
}

fn business_days(
    z0: &ZonedDateTime,
    amount: i64,
    cal: &Calendar,
    tz: &TimeZone,
    steps: &mut Vec<String>,
) -> Option<ZonedDateTime> {
    let mut day = z0.date();
    let mut counted = 0;
    // One year's holidays at a time, rather than recomputing the year for every day counted.
    let mut year = (day.year(), cal.holidays(day.year()));
    while counted < amount {
        day = day.tomorrow().ok()?;
        if day.year() != year.0 {
            year = (day.year(), cal.holidays(day.year()));
        }
        if is_weekend(day) {
            steps.push(format!("{} {day} skipped: weekend", day.strftime("%A")));
        } else if let Some(h) = year.1.iter().find(|h| h.date == day) {
            steps.push(format!("{day} skipped: {} ({})", h.name, cal.id()));
        } else {
            counted += 1;
        }
    }
    day.to_datetime(z0.time())
        .to_zoned_datetime(tz.clone())
        .ok()
}

/// Applies a day rule to a computed deadline; sectors decide DORA's exceptions.
pub(crate) fn day_rule(
    due: Timestamp,
    rule: &DayRule,
    tz: &TimeZone,
    cal: &Calendar,
    sectors: &BTreeSet<String>,
    steps: &mut Vec<String>,
) -> Option<Timestamp> {
    let DayRule::NextWorkingDayNoon { except_sectors } = rule;
    let z = due.to_zoned_datetime(tz.clone());
    let date = z.date();
    if cal.is_working_day(date) {
        return Some(due);
    }
    let fell = if is_weekend(date) {
        format!("fell on a {}", date.strftime("%A"))
    } else {
        format!(
            "fell on {date}, {}",
            cal.closed_reason(date).unwrap_or_default()
        )
    };
    if let Some(sector) = except_sectors.iter().find(|s| sectors.contains(*s)) {
        steps.push(format!(
            "{fell}: not moved, the noon rule does not apply to this stage for sector {sector}"
        ));
        return Some(due);
    }
    let next = cal.next_working_day(date);
    let moved = next.at(12, 0, 0, 0).to_zoned_datetime(tz.clone()).ok()?;
    steps.push(format!(
        "{fell}: moved to noon of the next working day, {} {}",
        local(&moved),
        tz_name(tz)
    ));
    Some(moved.timestamp())
}
