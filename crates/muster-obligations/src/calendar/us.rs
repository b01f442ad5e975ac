//! US federal holidays (5 U.S.C. 6103), with the observance rule federal offices and the SEC
//! follow: a holiday on a Saturday is observed on the Friday before, on a Sunday the Monday after.

use jiff::civil::{Weekday, date};

use super::{Holiday, nth_weekday, offset};

/// Holidays whose observed date falls in `year`. New Year's Day of `year + 1` falling on a
/// Saturday is observed on 31 December of `year`, so the next year is consulted too.
pub fn holidays(year: i16) -> Vec<Holiday> {
    let mut days: Vec<Holiday> = observed(year)
        .into_iter()
        .chain(observed(year + 1))
        .filter(|h| h.date.year() == year)
        .collect();
    days.sort_by_key(|h| h.date);
    days
}

fn observed(year: i16) -> Vec<Holiday> {
    let mut fixed = vec![
        Holiday::new(date(year, 1, 1), "New Year's Day"),
        Holiday::new(date(year, 7, 4), "Independence Day"),
        Holiday::new(date(year, 11, 11), "Veterans Day"),
        Holiday::new(date(year, 12, 25), "Christmas Day"),
    ];
    if year >= 2021 {
        fixed.push(Holiday::new(
            date(year, 6, 19),
            "Juneteenth National Independence Day",
        ));
    }
    let mut days: Vec<Holiday> = fixed
        .into_iter()
        .map(|h| match h.date.weekday() {
            Weekday::Saturday => {
                Holiday::new(offset(h.date, -1), &format!("{} (observed)", h.name))
            }
            Weekday::Sunday => Holiday::new(offset(h.date, 1), &format!("{} (observed)", h.name)),
            _ => h,
        })
        .collect();
    days.extend([
        Holiday::new(
            nth_weekday(year, 1, 3, Weekday::Monday),
            "Birthday of Martin Luther King, Jr.",
        ),
        Holiday::new(
            nth_weekday(year, 2, 3, Weekday::Monday),
            "Washington's Birthday",
        ),
        Holiday::new(nth_weekday(year, 5, -1, Weekday::Monday), "Memorial Day"),
        Holiday::new(nth_weekday(year, 9, 1, Weekday::Monday), "Labor Day"),
        Holiday::new(nth_weekday(year, 10, 2, Weekday::Monday), "Columbus Day"),
        Holiday::new(
            nth_weekday(year, 11, 4, Weekday::Thursday),
            "Thanksgiving Day",
        ),
    ]);
    days
}
