use jiff::civil::date;

use super::*;

fn names(cal: &str, year: i16) -> Vec<(Date, String)> {
    Calendars::builtin()
        .get(cal)
        .expect("built-in calendar")
        .holidays(year)
        .into_iter()
        .map(|h| (h.date, h.name))
        .collect()
}

fn has(cal: &str, day: Date, name: &str) {
    let cals = Calendars::builtin();
    let got = cals.get(cal).expect("built-in calendar").holiday(day);
    assert_eq!(got.as_deref(), Some(name), "{cal} on {day}");
}

#[test]
fn england_and_wales_fixed_moveable_and_substitute_days() {
    has("england-and-wales", date(2027, 3, 29), "Easter Monday");
    has("england-and-wales", date(2027, 3, 26), "Good Friday");
    has(
        "england-and-wales",
        date(2026, 5, 4),
        "Early May bank holiday",
    );
    has(
        "england-and-wales",
        date(2026, 5, 25),
        "Spring bank holiday",
    );
    has(
        "england-and-wales",
        date(2026, 8, 31),
        "Summer bank holiday",
    );
    // 2027: Christmas on a Saturday, Boxing Day on a Sunday.
    has(
        "england-and-wales",
        date(2027, 12, 27),
        "Christmas Day (substitute day)",
    );
    has(
        "england-and-wales",
        date(2027, 12, 28),
        "Boxing Day (substitute day)",
    );
    // 2022: Christmas on a Sunday; Boxing Day keeps Monday, Christmas moves to Tuesday.
    has("england-and-wales", date(2022, 12, 26), "Boxing Day");
    has(
        "england-and-wales",
        date(2022, 12, 27),
        "Christmas Day (substitute day)",
    );
    // 2028: New Year's Day on a Saturday.
    has(
        "england-and-wales",
        date(2028, 1, 3),
        "New Year's Day (substitute day)",
    );
    // 2026: Boxing Day on a Saturday, so eight days and one substitute.
    has(
        "england-and-wales",
        date(2026, 12, 28),
        "Boxing Day (substitute day)",
    );
    assert_eq!(names("england-and-wales", 2026).len(), 9);
}

#[test]
fn us_federal_with_observance() {
    has("us-federal", date(2026, 11, 26), "Thanksgiving Day");
    has("us-federal", date(2026, 12, 25), "Christmas Day");
    has(
        "us-federal",
        date(2026, 1, 19),
        "Birthday of Martin Luther King, Jr.",
    );
    has("us-federal", date(2026, 2, 16), "Washington's Birthday");
    has("us-federal", date(2026, 5, 25), "Memorial Day");
    has(
        "us-federal",
        date(2026, 6, 19),
        "Juneteenth National Independence Day",
    );
    has("us-federal", date(2026, 9, 7), "Labor Day");
    has("us-federal", date(2026, 10, 12), "Columbus Day");
    has("us-federal", date(2026, 11, 11), "Veterans Day");
    // 2026-07-04 is a Saturday: observed on Friday the 3rd.
    has(
        "us-federal",
        date(2026, 7, 3),
        "Independence Day (observed)",
    );
    // 2027-12-25 is a Saturday: observed Friday 24th; 2028-01-01 Saturday: observed 2027-12-31.
    has("us-federal", date(2027, 12, 24), "Christmas Day (observed)");
    has(
        "us-federal",
        date(2027, 12, 31),
        "New Year's Day (observed)",
    );
    assert!(
        names("us-federal", 2028)
            .iter()
            .all(|(d, _)| d.year() == 2028)
    );
    // 2023-01-01 was a Sunday: observed Monday 2 January.
    has("us-federal", date(2023, 1, 2), "New Year's Day (observed)");
    assert_eq!(names("us-federal", 2026).len(), 11);
}

#[test]
fn germany_ireland_brazil() {
    has("de", date(2026, 5, 14), "Christi Himmelfahrt");
    has("de", date(2026, 5, 25), "Pfingstmontag");
    has("de", date(2026, 10, 3), "Tag der Deutschen Einheit");
    has("germany", date(2026, 12, 26), "2. Weihnachtstag");
    has("ie", date(2026, 2, 2), "Saint Brigid's Day");
    has("ie", date(2026, 3, 17), "Saint Patrick's Day");
    has("ie", date(2026, 10, 26), "October Holiday");
    // 2026-03-17 is a Tuesday; 2024's Brigid fell on Thursday 1 Feb, so first Monday.
    has("ie", date(2024, 2, 5), "Saint Brigid's Day");
    has("br", date(2026, 4, 3), "Paixão de Cristo");
    has(
        "br",
        date(2026, 11, 20),
        "Dia Nacional de Zumbi e da Consciência Negra",
    );
    assert!(
        Calendars::builtin()
            .get("de")
            .expect("de")
            .is_working_day(date(2026, 12, 28))
    );
}

#[test]
fn extra_days_and_new_calendars() {
    let mut cals = Calendars::builtin();
    cals.add_holiday("uk", date(2026, 6, 1), "Company day");
    cals.add_holiday("fr", date(2026, 7, 14), "Fête nationale");
    has_in(&cals, "england-and-wales", date(2026, 6, 1), "Company day");
    has_in(&cals, "fr", date(2026, 7, 14), "Fête nationale");
    let fr = cals.get("fr").expect("created");
    assert!(!fr.is_working_day(date(2026, 7, 14)));
    assert!(fr.is_working_day(date(2026, 7, 15)));
    assert_eq!(
        fr.closed_reason(date(2026, 7, 14)).as_deref(),
        Some("Fête nationale (fr)")
    );
    assert_eq!(
        fr.closed_reason(date(2026, 7, 18)).as_deref(),
        Some("weekend")
    );
}

fn has_in(cals: &Calendars, cal: &str, day: Date, name: &str) {
    assert_eq!(
        cals.get(cal).and_then(|c| c.holiday(day)).as_deref(),
        Some(name)
    );
}
