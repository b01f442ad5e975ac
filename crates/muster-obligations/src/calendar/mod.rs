//! Business-day calendars: weekends plus each jurisdiction's holidays, computed for any year,
//! plus an extra list of dates an organisation configures (one-off bank holidays, regional days,
//! or a whole calendar for a jurisdiction that is not built in).

mod brazil;
pub mod easter;
mod england;
mod europe;
mod us;

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};
use serde::{Deserialize, Serialize};

/// One non-working day and its name, as the explanation shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub date: Date,
    pub name: String,
}

impl Holiday {
    pub fn new(date: Date, name: &str) -> Holiday {
        Holiday {
            date,
            name: name.to_owned(),
        }
    }
}

/// Where a calendar's holidays come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    EnglandAndWales,
    UsFederal,
    Germany,
    Ireland,
    Brazil,
    /// Weekends and the extra list only.
    ExtraOnly,
}

/// A jurisdiction's working days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    id: String,
    source: Source,
    extra: BTreeMap<Date, String>,
}

impl Calendar {
    /// A calendar of weekends and nothing else (until extra days are added to it).
    pub fn weekends_only(id: &str) -> Calendar {
        Calendar {
            id: id.to_owned(),
            source: Source::ExtraOnly,
            extra: BTreeMap::new(),
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The holidays of `year`, built-in and extra, in date order.
    pub fn holidays(&self, year: i16) -> Vec<Holiday> {
        let mut days = match self.source {
            Source::EnglandAndWales => england::holidays(year),
            Source::UsFederal => us::holidays(year),
            Source::Germany => europe::germany(year),
            Source::Ireland => europe::ireland(year),
            Source::Brazil => brazil::holidays(year),
            Source::ExtraOnly => Vec::new(),
        };
        days.extend(
            self.extra
                .iter()
                .filter(|(d, _)| d.year() == year)
                .map(|(d, name)| Holiday::new(*d, name)),
        );
        days.sort_by_key(|h| h.date);
        days
    }

    /// The name of the holiday on `day`, if it is one (weekends are not holidays).
    pub fn holiday(&self, day: Date) -> Option<String> {
        if let Some(name) = self.extra.get(&day) {
            return Some(name.clone());
        }
        self.holidays(day.year())
            .into_iter()
            .find(|h| h.date == day)
            .map(|h| h.name)
    }

    pub fn is_working_day(&self, day: Date) -> bool {
        !is_weekend(day) && self.holiday(day).is_none()
    }

    /// Why `day` is not a working day, in the words the explanation uses; `None` on a working day.
    pub fn closed_reason(&self, day: Date) -> Option<String> {
        if is_weekend(day) {
            Some("weekend".to_owned())
        } else {
            self.holiday(day)
                .map(|name| format!("{name} ({})", self.id))
        }
    }

    /// The first working day strictly after `day`.
    pub fn next_working_day(&self, day: Date) -> Date {
        let mut d = offset(day, 1);
        while !self.is_working_day(d) {
            d = offset(d, 1);
        }
        d
    }
}

/// Every calendar a rule may name, keyed by id, with the aliases rules may use for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendars {
    by_id: BTreeMap<String, Calendar>,
}

/// Jurisdiction codes accepted in place of a calendar id.
const ALIASES: [(&str, &str); 5] = [
    ("uk", "england-and-wales"),
    ("gb", "england-and-wales"),
    ("us", "us-federal"),
    ("germany", "de"),
    ("ireland", "ie"),
];

impl Default for Calendars {
    fn default() -> Self {
        Calendars::builtin()
    }
}

impl Calendars {
    /// The shipped calendars: `england-and-wales`, `us-federal`, `de`, `ie`, `br`.
    pub fn builtin() -> Calendars {
        let mut by_id = BTreeMap::new();
        for (id, source) in [
            ("england-and-wales", Source::EnglandAndWales),
            ("us-federal", Source::UsFederal),
            ("de", Source::Germany),
            ("ie", Source::Ireland),
            ("br", Source::Brazil),
        ] {
            by_id.insert(
                id.to_owned(),
                Calendar {
                    id: id.to_owned(),
                    source,
                    extra: BTreeMap::new(),
                },
            );
        }
        Calendars { by_id }
    }

    pub fn get(&self, id: &str) -> Option<&Calendar> {
        let id = ALIASES
            .iter()
            .find(|(alias, _)| *alias == id)
            .map_or(id, |(_, real)| real);
        self.by_id.get(id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(String::as_str)
    }

    /// Adds a non-working day to a calendar, creating a weekends-plus-extras calendar for an
    /// id that is not built in (so an organisation can give DORA its own member state's days).
    pub fn add_holiday(&mut self, id: &str, day: Date, name: &str) {
        let id = ALIASES
            .iter()
            .find(|(alias, _)| *alias == id)
            .map_or(id, |(_, real)| real);
        self.by_id
            .entry(id.to_owned())
            .or_insert_with(|| Calendar {
                id: id.to_owned(),
                source: Source::ExtraOnly,
                extra: BTreeMap::new(),
            })
            .extra
            .insert(day, name.to_owned());
    }
}

pub fn is_weekend(day: Date) -> bool {
    matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// `day` moved by a number of days; holiday dates never leave jiff's supported range.
pub(crate) fn offset(day: Date, days: i64) -> Date {
    day.checked_add(days.days()).unwrap_or(day)
}

/// The `nth` `weekday` of a month (`-1` for the last one).
pub(crate) fn nth_weekday(year: i16, month: i8, nth: i8, weekday: Weekday) -> Date {
    let first = date(year, month, 1);
    first.nth_weekday_of_month(nth, weekday).unwrap_or(first)
}

/// UK-style substitute days: a holiday on a weekend gives the next weekday that is not
/// already a holiday (so Christmas on a Saturday moves to Monday and Boxing Day to Tuesday).
pub(crate) fn substitute_weekend_days(days: &mut Vec<Holiday>) {
    days.sort_by_key(|h| h.date);
    let mut taken: Vec<Date> = days.iter().map(|h| h.date).collect();
    let mut substitutes = Vec::new();
    for h in days.iter().filter(|h| is_weekend(h.date)) {
        let mut d = offset(h.date, 1);
        while is_weekend(d) || taken.contains(&d) {
            d = offset(d, 1);
        }
        taken.push(d);
        substitutes.push(Holiday::new(d, &format!("{} (substitute day)", h.name)));
    }
    days.extend(substitutes);
    days.sort_by_key(|h| h.date);
}

#[cfg(test)]
mod tests;
