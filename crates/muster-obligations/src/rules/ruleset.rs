//! The rules in force for an organisation: the shipped regimes, embedded at compile time,
//! plus the organisation's own directory, whose rules add to them or replace a shipped rule of
//! the same id with an equal or higher version. A `calendars.toml` in that directory adds
//! holidays (or whole calendars) before its rules are read, so they can name them.

use std::path::Path;
use std::sync::OnceLock;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::error::{Reporter, RuleFileError};
use super::model::{Rule, RuleVersion};
use super::parse::parse_rule;
use crate::calendar::Calendars;

macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        &[$((concat!("rules/", $name, ".toml"), include_str!(concat!("../../rules/", $name, ".toml")))),*]
    };
}

/// Every shipped rule file, as `(name, text)`.
pub const SHIPPED: &[(&str, &str)] = shipped![
    "gdpr-art-33",
    "gdpr-art-34",
    "uk-gdpr-art-33",
    "uk-pecr-reg-5a",
    "nis2-art-23",
    "dora-art-19",
    "cra-art-14-vulnerability",
    "cra-art-14-incident",
    "sec-8k-item-1-05",
    "hipaa-breach",
    "us-banking-36h",
    "nydfs-500-17",
    "cert-in-6h",
    "lgpd-art-48",
    "pdpa-sg-26d",
    "au-ndb",
    "pipeda-10-1",
    "circia",
];

/// The reserved file name in a rules directory that holds calendars, not a rule.
pub const CALENDARS_FILE: &str = "calendars.toml";

#[derive(Debug, Clone)]
pub struct RuleSet {
    rules: Vec<Rule>,
    calendars: Calendars,
}

/// What a rule from an organisation's directory did to the set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "change")]
pub enum RuleSetChange {
    Added,
    Replaced { previous: RuleVersion },
}

/// One rule file that `muster rules check` accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedRule {
    pub file: String,
    pub id: String,
    pub version: RuleVersion,
    #[serde(flatten)]
    pub change: RuleSetChange,
}

impl RuleSet {
    /// The shipped rules with the built-in calendars, parsed once per process. Their files
    /// are checked by this crate's tests, so a failure to parse here is a build defect, not an
    /// input error.
    pub fn shipped() -> RuleSet {
        static SHIPPED_SET: OnceLock<RuleSet> = OnceLock::new();
        SHIPPED_SET
            .get_or_init(|| {
                let calendars = Calendars::builtin();
                let rules = SHIPPED
                    .iter()
                    .map(|(name, src)| match parse_rule(name, src, &calendars) {
                        Ok(rule) => rule,
                        Err(errors) => panic!("shipped rule file is invalid: {}", errors[0]),
                    })
                    .collect();
                RuleSet { rules, calendars }
            })
            .clone()
    }

    /// An empty set over the given calendars, for callers that assemble rules themselves.
    pub fn empty(calendars: Calendars) -> RuleSet {
        RuleSet {
            rules: Vec::new(),
            calendars,
        }
    }

    /// This set with `rule` added or replacing its namesake regardless of version (for tests
    /// and benchmarks that look at one rule on its own).
    pub fn with_rule(mut self, rule: Rule) -> RuleSet {
        self.rules.retain(|r| r.id != rule.id);
        self.rules.push(rule);
        self
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn calendars(&self) -> &Calendars {
        &self.calendars
    }

    pub fn calendars_mut(&mut self) -> &mut Calendars {
        &mut self.calendars
    }

    /// Adds a rule, or replaces the one of the same id if the new version is not lower.
    pub fn insert(&mut self, rule: Rule) -> Result<RuleSetChange, String> {
        match self.rules.iter_mut().find(|r| r.id == rule.id) {
            None => {
                self.rules.push(rule);
                Ok(RuleSetChange::Added)
            }
            Some(old) if rule.version >= old.version => {
                let previous = old.version.clone();
                *old = rule;
                Ok(RuleSetChange::Replaced { previous })
            }
            Some(old) => Err(format!(
                "{} is lower than the version of {} it would replace ({}, from {}); an override needs an equal or higher version",
                rule.version, old.id, old.version, old.source
            )),
        }
    }

    /// Reads an organisation's directory on top of this set, reporting every problem found.
    pub fn with_dir(
        mut self,
        dir: &Path,
    ) -> Result<(RuleSet, Vec<CheckedRule>), Vec<RuleFileError>> {
        let mut errors = Vec::new();
        let mut files = Vec::new();
        match std::fs::read_dir(dir) {
            Ok(entries) => {
                for entry in entries {
                    match entry {
                        Ok(e) if e.path().extension().is_some_and(|x| x == "toml") => {
                            files.push(e.path())
                        }
                        Ok(_) => {}
                        Err(e) => errors.push(io_error(dir, &e)),
                    }
                }
            }
            Err(e) => return Err(vec![io_error(dir, &e)]),
        }
        files.sort();
        let mut texts = Vec::new();
        for path in files {
            match std::fs::read_to_string(&path) {
                Ok(text) => texts.push((path.display().to_string(), path, text)),
                Err(e) => errors.push(io_error(&path, &e)),
            }
        }
        for (name, path, text) in &texts {
            if path.file_name().is_some_and(|n| n == CALENDARS_FILE) {
                errors.extend(read_calendars(name, text, &mut self.calendars));
            }
        }
        let mut checked = Vec::new();
        let mut seen: Vec<(String, String)> = Vec::new();
        for (name, path, text) in &texts {
            if path.file_name().is_some_and(|n| n == CALENDARS_FILE) {
                continue;
            }
            let rule = match parse_rule(name, text, &self.calendars) {
                Ok(rule) => rule,
                Err(e) => {
                    errors.extend(e);
                    continue;
                }
            };
            let rep = Reporter::new(name, text);
            if let Some((_, other)) = seen.iter().find(|(id, _)| *id == rule.id) {
                let mut rep = rep;
                rep.at(
                    rep.find_key("id"),
                    "id",
                    format!("rule id \"{}\" is also defined in {other}", rule.id),
                );
                errors.extend(rep.errors);
                continue;
            }
            seen.push((rule.id.clone(), name.clone()));
            let (id, version) = (rule.id.clone(), rule.version.clone());
            match self.insert(rule) {
                Ok(change) => checked.push(CheckedRule {
                    file: name.clone(),
                    id,
                    version,
                    change,
                }),
                Err(msg) => {
                    let mut rep = rep;
                    rep.at(rep.find_key("version"), "version", msg);
                    errors.extend(rep.errors);
                }
            }
        }
        if errors.is_empty() {
            Ok((self, checked))
        } else {
            Err(errors)
        }
    }
}

/// The shipped rules plus an organisation's directory.
pub fn load_dir(dir: impl AsRef<Path>) -> Result<RuleSet, Vec<RuleFileError>> {
    RuleSet::shipped()
        .with_dir(dir.as_ref())
        .map(|(set, _)| set)
}

/// What `muster rules check DIR` reports: each accepted file and what it adds or replaces.
pub fn check_dir(dir: impl AsRef<Path>) -> Result<Vec<CheckedRule>, Vec<RuleFileError>> {
    RuleSet::shipped()
        .with_dir(dir.as_ref())
        .map(|(_, checked)| checked)
}

fn io_error(path: &Path, e: &std::io::Error) -> RuleFileError {
    RuleFileError {
        file: path.display().to_string(),
        line: None,
        field: None,
        message: e.to_string(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendars {
    #[serde(default)]
    holiday: Vec<RawHoliday>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    calendar: String,
    date: Spanned<toml::value::Datetime>,
    name: String,
}

fn read_calendars(name: &str, text: &str, calendars: &mut Calendars) -> Vec<RuleFileError> {
    let mut rep = Reporter::new(name, text);
    match toml::from_str::<RawCalendars>(text) {
        Err(e) => rep.toml(&e),
        Ok(raw) => {
            for (i, h) in raw.holiday.into_iter().enumerate() {
                let dt = h.date.get_ref();
                let day = dt
                    .date
                    .filter(|_| dt.time.is_none())
                    .and_then(|d| Date::new(d.year as i16, d.month as i8, d.day as i8).ok());
                match day {
                    Some(day) => calendars.add_holiday(&h.calendar, day, &h.name),
                    None => rep.at(
                        Some(h.date.span()),
                        format!("holiday[{i}].date"),
                        format!("{dt} is not a date; expected YYYY-MM-DD"),
                    ),
                }
            }
        }
    }
    rep.errors
}
