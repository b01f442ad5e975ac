//! Easter Sunday by the Gregorian computus (the "anonymous Gregorian" algorithm, as in
//! Meeus): a dozen lines of integer arithmetic, not worth a dependency.

use jiff::civil::{Date, date};

/// Western Easter Sunday of `year` (Gregorian calendar).
pub fn easter_sunday(year: i16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // month is 3 or 4 and day 1..=31 by construction of the algorithm.
    date(year, month as i8, day as i8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_easter_sundays() {
        for (year, expected) in [
            (2000, date(2000, 4, 23)),
            (2008, date(2008, 3, 23)),
            (2019, date(2019, 4, 21)),
            (2024, date(2024, 3, 31)),
            (2025, date(2025, 4, 20)),
            (2026, date(2026, 4, 5)),
            (2027, date(2027, 3, 28)),
            (2038, date(2038, 4, 25)),
        ] {
            assert_eq!(easter_sunday(year), expected, "Easter {year}");
        }
    }
}
