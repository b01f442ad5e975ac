//! Bank holidays of England and Wales (Banking and Financial Dealings Act 1971 and royal
//! proclamation): fixed and moveable days, with a substitute weekday when one falls on a
//! weekend. One-off days (coronations, jubilees, moved VE Day) go in the calendar's extra list.

use jiff::civil::{Weekday, date};

use super::{Holiday, easter::easter_sunday, nth_weekday, offset, substitute_weekend_days};

pub fn holidays(year: i16) -> Vec<Holiday> {
    let easter = easter_sunday(year);
    let mut days = vec![
        Holiday::new(date(year, 1, 1), "New Year's Day"),
        Holiday::new(offset(easter, -2), "Good Friday"),
        Holiday::new(offset(easter, 1), "Easter Monday"),
        Holiday::new(
            nth_weekday(year, 5, 1, Weekday::Monday),
            "Early May bank holiday",
        ),
        Holiday::new(
            nth_weekday(year, 5, -1, Weekday::Monday),
            "Spring bank holiday",
        ),
        Holiday::new(
            nth_weekday(year, 8, -1, Weekday::Monday),
            "Summer bank holiday",
        ),
        Holiday::new(date(year, 12, 25), "Christmas Day"),
        Holiday::new(date(year, 12, 26), "Boxing Day"),
    ];
    substitute_weekend_days(&mut days);
    days
}
