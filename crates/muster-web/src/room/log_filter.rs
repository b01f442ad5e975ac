//! The scribe's log as the viewer asks for it: newest or oldest first, only
//! one kind of entry, one person's, or the last so many minutes. A plain GET
//! form, so it works without JavaScript; a filtered log is not live.

use super::timeline::Row;
use crate::reports::Choice;
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct LogQuery {
    /// `oldest` for oldest first; newest first otherwise.
    pub order: Option<String>,
    /// An entry's kind, as the log labels it (`note`, `correction`, …).
    pub kind: Option<String>,
    /// Who recorded it, by name.
    pub who: Option<String>,
    /// Only the last so many minutes (blank: any time).
    pub within: Option<String>,
}

/// The choices the filter form offers, and what is chosen.
pub struct LogFilterView {
    pub oldest_first: bool,
    pub kinds: Vec<Choice>,
    pub people: Vec<Choice>,
    pub within: Vec<Choice>,
    /// A filter or the order is set: the log is not live, and says so.
    pub active: bool,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl LogQuery {
    /// A filter that cannot mean anything is refused, naming the field.
    pub fn check(&self) -> Result<(), muster_app::AppError> {
        if let Some(o) = given(&self.order).filter(|o| !matches!(*o, "newest" | "oldest")) {
            return Err(muster_app::AppError::invalid(
                "order",
                format!("`order` (`{o}`) is not an order: newest or oldest"),
            ));
        }
        if let Some(m) = given(&self.within).filter(|m| m.parse::<u32>().is_err()) {
            return Err(muster_app::AppError::invalid(
                "within",
                format!("`within` (`{m}`) is not a number of minutes"),
            ));
        }
        Ok(())
    }

    pub fn active(&self) -> bool {
        self.oldest_first()
            || given(&self.kind).is_some()
            || given(&self.who).is_some()
            || self.minutes().is_some()
    }

    fn minutes(&self) -> Option<u32> {
        given(&self.within)
            .and_then(|m| m.parse().ok())
            .filter(|m| *m > 0)
    }

    fn oldest_first(&self) -> bool {
        self.order.as_deref() == Some("oldest")
    }

    /// Keeps the rows asked for, in the order asked for (rows come newest first).
    pub fn apply(&self, rows: Vec<Row>, now: Timestamp) -> Vec<Row> {
        let since = self.minutes().and_then(|m| {
            now.checked_sub(SignedDuration::from_mins(i64::from(m)))
                .ok()
        });
        let mut kept: Vec<Row> = rows
            .into_iter()
            .filter(|r| given(&self.kind).is_none_or(|k| r.label == k))
            .filter(|r| given(&self.who).is_none_or(|w| r.who == w))
            .filter(|r| since.is_none_or(|s| r.iso.parse::<Timestamp>().is_ok_and(|t| t >= s)))
            .collect();
        if self.oldest_first() {
            kept.reverse();
        }
        kept
    }

    pub fn view(&self, rows: &[Row]) -> LogFilterView {
        let pick = |values: Vec<String>, chosen: Option<&str>| -> Vec<Choice> {
            let mut values = values;
            values.sort();
            values.dedup();
            values
                .into_iter()
                .map(|v| Choice {
                    selected: chosen == Some(v.as_str()),
                    label: v.clone(),
                    value: v,
                })
                .collect()
        };
        let within = [
            (15, "15 minutes"),
            (60, "hour"),
            (240, "4 hours"),
            (1440, "24 hours"),
        ]
        .into_iter()
        .map(|(m, label)| Choice {
            value: m.to_string(),
            label: format!("the last {label}"),
            selected: self.minutes() == Some(m),
        })
        .collect();
        LogFilterView {
            oldest_first: self.oldest_first(),
            kinds: pick(
                rows.iter().map(|r| r.label.to_owned()).collect(),
                given(&self.kind),
            ),
            people: pick(
                rows.iter().map(|r| r.who.clone()).collect(),
                given(&self.who),
            ),
            within,
            active: self.active(),
        }
    }
}
