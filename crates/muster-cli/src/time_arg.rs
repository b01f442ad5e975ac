//! Times as a responder types them at 3 a.m.: RFC 3339, relative (`+30m`,
//! `-2h`, `+1d`, `+1h30m`), `HH:MM` in UTC, or `now`.
//!
//! A bare `HH:MM` means the next such time for deadlines (report-back, due,
//! shifts) and the last such time for `--occurred-at`, which is in the past.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// Which way a bare `HH:MM` resolves when today's is on the wrong side of now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toward {
    Future,
    Past,
}

const FORMS: &str = "use RFC 3339 (2026-11-27T14:30:00Z), +30m / +2h / +1d, HH:MM (UTC) or `now`";

/// For deadlines: report-back, due, shift start and end.
pub fn future(s: &str) -> Result<Timestamp, String> {
    parse(s, Timestamp::now(), Toward::Future)
}

/// For `--occurred-at`.
pub fn past(s: &str) -> Result<Timestamp, String> {
    parse(s, Timestamp::now(), Toward::Past)
}

pub fn parse(input: &str, now: Timestamp, toward: Toward) -> Result<Timestamp, String> {
    let s = input.trim();
    let fail = |why: &str| format!("`{input}` is not a time{why}: {FORMS}");
    if s.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    if let Some(rest) = s.strip_prefix('+') {
        let d = relative(rest).ok_or_else(|| fail(""))?;
        return now.checked_add(d).map_err(|_| fail(" (too far away)"));
    }
    if let Some(rest) = s.strip_prefix('-') {
        let d = relative(rest).ok_or_else(|| fail(""))?;
        return now.checked_sub(d).map_err(|_| fail(" (too far away)"));
    }
    if let Some((h, m)) = clock(s) {
        return at_clock(now, h, m, toward).ok_or_else(|| fail(""));
    }
    s.parse::<Timestamp>().map_err(|_| fail(""))
}

/// `30m`, `2h`, `1d`, `1h30m`, `90s`, `1w`: one or more number-unit pairs.
fn relative(s: &str) -> Option<SignedDuration> {
    let mut total = SignedDuration::ZERO;
    let mut digits = String::new();
    let mut any = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = digits.parse().ok()?;
        digits.clear();
        let secs = match c.to_ascii_lowercase() {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return None,
        };
        let part = SignedDuration::from_secs(n.checked_mul(secs)?);
        total = total.checked_add(part)?;
        any = true;
    }
    (any && digits.is_empty()).then_some(total)
}

/// `H:MM` or `HH:MM`, 24-hour.
fn clock(s: &str) -> Option<(i8, i8)> {
    let (h, m) = s.split_once(':')?;
    let ok =
        |p: &str, max: usize| (1..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if !ok(h, 2) || m.len() != 2 || !ok(m, 2) {
        return None;
    }
    Some((h.parse().ok()?, m.parse().ok()?))
}

fn at_clock(now: Timestamp, hour: i8, minute: i8, toward: Toward) -> Option<Timestamp> {
    let time = jiff::civil::Time::new(hour, minute, 0, 0).ok()?;
    let today = now.to_zoned_datetime(TimeZone::UTC).datetime().date();
    let candidate = |date: jiff::civil::Date| {
        date.to_datetime(time)
            .to_zoned_datetime(TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp())
    };
    let t = candidate(today)?;
    match toward {
        Toward::Future if t <= now => candidate(today.tomorrow().ok()?),
        Toward::Past if t > now => candidate(today.yesterday().ok()?),
        _ => Some(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-11-27T13:16:29Z".parse().unwrap()
    }

    fn at(s: &str, toward: Toward) -> String {
        parse(s, now(), toward).unwrap().to_string()
    }

    #[test]
    fn rfc3339_in_any_offset_comes_back_as_utc() {
        assert_eq!(
            at("2026-12-01T09:00:00Z", Toward::Future),
            "2026-12-01T09:00:00Z"
        );
        assert_eq!(
            at("2026-12-01T09:00:00+01:00", Toward::Past),
            "2026-12-01T08:00:00Z"
        );
        assert_eq!(at(" now ", Toward::Future), "2026-11-27T13:16:29Z");
    }

    #[test]
    fn relative_times_add_or_subtract() {
        assert_eq!(at("+30m", Toward::Future), "2026-11-27T13:46:29Z");
        assert_eq!(at("+2h", Toward::Future), "2026-11-27T15:16:29Z");
        assert_eq!(at("+1d", Toward::Future), "2026-11-28T13:16:29Z");
        assert_eq!(at("+1h30m", Toward::Future), "2026-11-27T14:46:29Z");
        assert_eq!(at("-45m", Toward::Past), "2026-11-27T12:31:29Z");
        assert_eq!(at("+1w", Toward::Future), "2026-12-04T13:16:29Z");
    }

    #[test]
    fn clock_times_pick_the_right_day() {
        assert_eq!(at("14:30", Toward::Future), "2026-11-27T14:30:00Z");
        assert_eq!(at("09:00", Toward::Future), "2026-11-28T09:00:00Z");
        assert_eq!(at("9:00", Toward::Past), "2026-11-27T09:00:00Z");
        assert_eq!(at("14:30", Toward::Past), "2026-11-26T14:30:00Z");
        assert_eq!(at("00:00", Toward::Future), "2026-11-28T00:00:00Z");
    }

    #[test]
    fn nonsense_is_refused_with_the_accepted_forms() {
        for bad in [
            "",
            "+",
            "+30",
            "+m",
            "+30x",
            "25:00",
            "12:60",
            "12:5",
            "1230",
            "tomorrow",
            "+1h30",
            "2026-12-01",
            "+99999999999999999999d",
            "+9999999999w",
            "١٢:٠٠",
        ] {
            let err = parse(bad, now(), Toward::Future).unwrap_err();
            assert!(err.contains("RFC 3339"), "{bad}: {err}");
        }
    }
}
