//! Reading one stage of a rule file: its clock or clocks, calendar, time zone, day rule and
//! draft fields, each problem named by its field path (`stages[1].unit`).

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::error::Reporter;
use super::model::{Clock, DayRule, Deadline, MEMBER_STATE_CALENDAR, Stage, Start, Unit};
use crate::anchor::{Anchor, names};
use crate::calendar::Calendars;
use crate::draft::{DraftField, catalogue_label};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStage {
    pub(crate) id: Spanned<String>,
    name: String,
    pub(crate) anchor: Option<Spanned<String>>,
    pub(crate) after: Option<Spanned<String>>,
    amount: Option<Spanned<i64>>,
    unit: Option<Spanned<String>>,
    pub(crate) earliest_of: Option<Vec<RawClock>>,
    #[serde(default)]
    without_undue_delay: bool,
    open_deadline: Option<String>,
    calendar: Option<Spanned<String>>,
    time_zone: Option<Spanned<String>>,
    day_rule: Option<Spanned<String>>,
    #[serde(default)]
    except_sectors: Vec<String>,
    #[serde(default)]
    draft: Vec<RawDraft>,
    #[serde(default)]
    recipients: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawClock {
    pub(crate) anchor: Option<Spanned<String>>,
    pub(crate) after: Option<Spanned<String>>,
    amount: Spanned<i64>,
    unit: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawDraft {
    Key(String),
    Field { key: String, label: String },
}

pub(crate) fn stage(
    rep: &mut Reporter,
    i: usize,
    raw: RawStage,
    calendars: &Calendars,
) -> Option<Stage> {
    let path = format!("stages[{i}]");
    let id_span = raw.id.span();
    let deadline = deadline(rep, &path, &raw);
    let calendar = raw.calendar.as_ref().and_then(|c| {
        let name = c.get_ref();
        if name == MEMBER_STATE_CALENDAR || calendars.get(name).is_some() {
            Some(name.clone())
        } else {
            let known = calendars
                .ids()
                .chain([MEMBER_STATE_CALENDAR])
                .collect::<Vec<_>>();
            rep.at(
                Some(c.span()),
                format!("{path}.calendar"),
                format!("unknown calendar \"{name}\"; expected {}", names(known)),
            );
            None
        }
    });
    let uses_business_days = match &deadline {
        Some(Deadline::Fixed(c)) => c.unit == Unit::BusinessDays,
        Some(Deadline::EarliestOf(cs)) => cs.iter().any(|c| c.unit == Unit::BusinessDays),
        _ => false,
    };
    if raw.calendar.is_none() && (uses_business_days || raw.day_rule.is_some()) {
        rep.at(
            Some(id_span.clone()),
            format!("{path}.calendar"),
            "business days and day rules need a calendar",
        );
    }
    let time_zone =
        raw.time_zone
            .as_ref()
            .and_then(|tz| match jiff::tz::TimeZone::get(tz.get_ref()) {
                Ok(_) => Some(tz.get_ref().clone()),
                Err(_) => {
                    rep.at(
                    Some(tz.span()),
                    format!("{path}.time_zone"),
                    format!(
                        "unknown time zone \"{}\"; expected an IANA name such as America/New_York",
                        tz.get_ref()
                    ),
                );
                    None
                }
            });
    let day_rule = match raw.day_rule.as_ref().map(|d| (d, d.get_ref().as_str())) {
        None => Some(None),
        Some((_, "next-working-day-noon")) => Some(Some(DayRule::NextWorkingDayNoon {
            except_sectors: raw.except_sectors.clone(),
        })),
        Some((d, other)) => {
            rep.at(
                Some(d.span()),
                format!("{path}.day_rule"),
                format!("unknown day rule \"{other}\"; expected next-working-day-noon"),
            );
            None
        }
    };
    let draft = draft(rep, &path, id_span.start, raw.draft);
    Some(Stage {
        id: raw.id.into_inner(),
        name: raw.name,
        deadline: deadline?,
        calendar: match raw.calendar {
            Some(_) => Some(calendar?),
            None => None,
        },
        time_zone: match raw.time_zone {
            Some(_) => Some(time_zone?),
            None => None,
        },
        day_rule: day_rule?,
        draft: draft?,
        recipients: raw.recipients,
    })
}

fn deadline(rep: &mut Reporter, path: &str, raw: &RawStage) -> Option<Deadline> {
    let open = raw.without_undue_delay || raw.open_deadline.is_some();
    let timed = raw.anchor.is_some() || raw.after.is_some();
    let kinds = usize::from(open) + usize::from(timed) + usize::from(raw.earliest_of.is_some());
    if kinds != 1 {
        rep.at(
            Some(raw.id.span()),
            path.to_owned(),
            "a stage needs exactly one of: anchor or after (with amount and unit), earliest_of, or without_undue_delay / open_deadline",
        );
        return None;
    }
    if open {
        let words = raw
            .open_deadline
            .clone()
            .unwrap_or_else(|| "without undue delay".to_owned());
        return Some(Deadline::Open(words));
    }
    if let Some(clocks) = &raw.earliest_of {
        if clocks.is_empty() {
            rep.at(
                Some(raw.id.span()),
                format!("{path}.earliest_of"),
                "earliest_of needs at least one clock",
            );
            return None;
        }
        let parsed: Vec<Option<Clock>> = clocks
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let p = format!("{path}.earliest_of[{j}]");
                clock(
                    rep,
                    &p,
                    c.anchor.as_ref(),
                    c.after.as_ref(),
                    Some(&c.amount),
                    Some(&c.unit),
                    c.amount.span(),
                )
            })
            .collect();
        return parsed
            .into_iter()
            .collect::<Option<Vec<_>>>()
            .map(Deadline::EarliestOf);
    }
    clock(
        rep,
        path,
        raw.anchor.as_ref(),
        raw.after.as_ref(),
        raw.amount.as_ref(),
        raw.unit.as_ref(),
        raw.id.span(),
    )
    .map(Deadline::Fixed)
}

fn clock(
    rep: &mut Reporter,
    path: &str,
    anchor: Option<&Spanned<String>>,
    after: Option<&Spanned<String>>,
    amount: Option<&Spanned<i64>>,
    unit: Option<&Spanned<String>>,
    fallback: Range<usize>,
) -> Option<Clock> {
    let start = match (anchor, after) {
        (Some(a), None) => match a.get_ref().parse::<Anchor>() {
            Ok(a) => Some(Start::Anchor(a)),
            Err(e) => {
                rep.at(Some(a.span()), format!("{path}.anchor"), e.to_string());
                None
            }
        },
        (None, Some(s)) => Some(Start::After(s.get_ref().clone())),
        (Some(a), Some(_)) => {
            rep.at(
                Some(a.span()),
                path.to_owned(),
                "give either anchor or after, not both",
            );
            None
        }
        (None, None) => {
            rep.at(
                Some(fallback.clone()),
                path.to_owned(),
                "a clock needs an anchor or an after",
            );
            None
        }
    };
    let amount = match amount {
        Some(a) if *a.get_ref() >= 1 => Some(*a.get_ref()),
        Some(a) => {
            rep.at(
                Some(a.span()),
                format!("{path}.amount"),
                format!(
                    "amount {} must be a whole number of at least 1",
                    a.get_ref()
                ),
            );
            None
        }
        None => {
            rep.at(
                Some(fallback.clone()),
                format!("{path}.amount"),
                "missing amount",
            );
            None
        }
    };
    let unit = match unit {
        Some(u) => match Unit::ALL.into_iter().find(|x| x.as_str() == u.get_ref()) {
            Some(x) => Some(x),
            None => {
                rep.at(
                    Some(u.span()),
                    format!("{path}.unit"),
                    format!(
                        "unknown unit \"{}\"; expected {}",
                        u.get_ref(),
                        names(Unit::ALL.iter().map(|x| x.as_str()))
                    ),
                );
                None
            }
        },
        None => {
            rep.at(Some(fallback), format!("{path}.unit"), "missing unit");
            None
        }
    };
    Some(Clock {
        start: start?,
        amount: amount?,
        unit: unit?,
    })
}

fn draft(
    rep: &mut Reporter,
    path: &str,
    from: usize,
    raw: Vec<RawDraft>,
) -> Option<Vec<DraftField>> {
    let mut ok = true;
    let fields = raw
        .into_iter()
        .enumerate()
        .map(|(j, d)| match d {
            RawDraft::Field { key, label } => DraftField { key, label },
            RawDraft::Key(key) => {
                let label = catalogue_label(&key).map(str::to_owned).unwrap_or_else(|| {
                    ok = false;
                    let span = rep.find(from, &format!("\"{key}\""));
                    rep.at(span, format!("{path}.draft[{j}]"), format!("unknown draft field \"{key}\"; give it as {{ key = \"{key}\", label = \"...\" }}"));
                    String::new()
                });
                DraftField { key, label }
            }
        })
        .collect();
    ok.then_some(fields)
}
