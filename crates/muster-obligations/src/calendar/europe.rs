//! National public holidays of Germany and Ireland, the member states DORA's working days most
//! often need here. Regional German holidays (Land by Land) go in the calendar's extra list.

use jiff::civil::{Weekday, date};

use super::{Holiday, easter::easter_sunday, nth_weekday, offset, substitute_weekend_days};

/// Germany's nine nationwide holidays; Germany has no substitute days.
pub fn germany(year: i16) -> Vec<Holiday> {
    let easter = easter_sunday(year);
    vec![
        Holiday::new(date(year, 1, 1), "Neujahr"),
        Holiday::new(offset(easter, -2), "Karfreitag"),
        Holiday::new(offset(easter, 1), "Ostermontag"),
        Holiday::new(date(year, 5, 1), "Tag der Arbeit"),
        Holiday::new(offset(easter, 39), "Christi Himmelfahrt"),
        Holiday::new(offset(easter, 50), "Pfingstmontag"),
        Holiday::new(date(year, 10, 3), "Tag der Deutschen Einheit"),
        Holiday::new(date(year, 12, 25), "1. Weihnachtstag"),
        Holiday::new(date(year, 12, 26), "2. Weihnachtstag"),
    ]
}

/// Ireland's public holidays; banks close on the next weekday when one falls on a weekend.
pub fn ireland(year: i16) -> Vec<Holiday> {
    let easter = easter_sunday(year);
    let mut days = vec![
        Holiday::new(date(year, 1, 1), "New Year's Day"),
        Holiday::new(date(year, 3, 17), "Saint Patrick's Day"),
        Holiday::new(offset(easter, 1), "Easter Monday"),
        Holiday::new(nth_weekday(year, 5, 1, Weekday::Monday), "May Day"),
        Holiday::new(nth_weekday(year, 6, 1, Weekday::Monday), "June Holiday"),
        Holiday::new(nth_weekday(year, 8, 1, Weekday::Monday), "August Holiday"),
        Holiday::new(
            nth_weekday(year, 10, -1, Weekday::Monday),
            "October Holiday",
        ),
        Holiday::new(date(year, 12, 25), "Christmas Day"),
        Holiday::new(date(year, 12, 26), "Saint Stephen's Day"),
    ];
    if year >= 2023 {
        // Saint Brigid's Day: 1 February when that is a Friday, else the first Monday of February.
        let first = date(year, 2, 1);
        let brigid = if first.weekday() == Weekday::Friday {
            first
        } else {
            nth_weekday(year, 2, 1, Weekday::Monday)
        };
        days.push(Holiday::new(brigid, "Saint Brigid's Day"));
    }
    substitute_weekend_days(&mut days);
    days
}
