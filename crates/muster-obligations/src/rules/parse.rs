//! Reading one rule file: TOML into raw, span-carrying structs, then into a [`Rule`], with every
//! problem named by file, line and field rather than stopping at the first.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::Deserialize;
use toml::Spanned;

use super::check;
use super::error::{Reporter, RuleFileError};
use super::model::{Applies, Rule, RuleStatus, RuleVersion, Stage};
use super::parse_stage::{RawStage, stage};
use crate::anchor::PersonalData;
use crate::calendar::Calendars;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    id: Spanned<String>,
    version: Spanned<toml::Value>,
    title: String,
    legal_basis: String,
    citation: String,
    effective: Spanned<toml::value::Datetime>,
    status: Spanned<String>,
    verified: bool,
    verification_note: Option<String>,
    #[serde(default)]
    applies: RawApplies,
    recipients: Vec<String>,
    pub(crate) stages: Vec<RawStage>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawApplies {
    security: Option<bool>,
    personal_data: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    jurisdictions: Vec<String>,
    #[serde(default)]
    organisation_jurisdictions: Vec<String>,
    #[serde(default)]
    sectors: Vec<String>,
}

/// Parses and checks one rule file. `file` is the name errors carry.
pub fn parse_rule(
    file: &str,
    src: &str,
    calendars: &Calendars,
) -> Result<Rule, Vec<RuleFileError>> {
    let mut rep = Reporter::new(file, src);
    let raw: RawRule = match toml::from_str(src) {
        Ok(raw) => raw,
        Err(e) => {
            rep.toml(&e);
            return Err(rep.errors);
        }
    };
    let rule = convert(&mut rep, raw, calendars);
    match rule {
        Some(rule) if rep.errors.is_empty() => Ok(rule),
        _ => Err(rep.errors),
    }
}

fn convert(rep: &mut Reporter, raw: RawRule, calendars: &Calendars) -> Option<Rule> {
    check::stage_graph(rep, &raw.stages);
    let version = version(rep, &raw.version);
    let effective = effective(rep, &raw.effective);
    let status = match raw.status.get_ref().as_str() {
        "in-force" => Some(RuleStatus::InForce),
        "proposed" => Some(RuleStatus::Proposed),
        other => {
            rep.at(
                Some(raw.status.span()),
                "status",
                format!("unknown status \"{other}\"; expected in-force or proposed"),
            );
            None
        }
    };
    if raw.id.get_ref().trim().is_empty() {
        rep.at(Some(raw.id.span()), "id", "a rule needs a non-empty id");
    }
    let applies = applies(rep, raw.applies);
    let stages: Vec<Option<Stage>> = raw
        .stages
        .into_iter()
        .enumerate()
        .map(|(i, s)| stage(rep, i, s, calendars))
        .collect();
    if stages.is_empty() {
        rep.at(
            Some(raw.id.span()),
            "stages",
            "a rule needs at least one stage",
        );
    }
    Some(Rule {
        id: raw.id.into_inner(),
        version: version?,
        title: raw.title,
        legal_basis: raw.legal_basis,
        citation: raw.citation,
        effective: effective?,
        status: status?,
        verified: raw.verified,
        verification_note: raw.verification_note,
        applies: applies?,
        recipients: raw.recipients,
        stages: stages.into_iter().collect::<Option<Vec<_>>>()?,
        source: rep.file.to_owned(),
    })
}

fn version(rep: &mut Reporter, raw: &Spanned<toml::Value>) -> Option<RuleVersion> {
    let parsed = match raw.get_ref() {
        toml::Value::Integer(n) if *n >= 0 => RuleVersion::parse(&n.to_string()),
        toml::Value::String(s) => RuleVersion::parse(s),
        other => Err(format!(
            "{other} is not a version; expected an integer or major.minor.patch"
        )),
    };
    parsed
        .map_err(|msg| rep.at(Some(raw.span()), "version", msg))
        .ok()
}

fn effective(rep: &mut Reporter, raw: &Spanned<toml::value::Datetime>) -> Option<Date> {
    let date = raw.get_ref().date.filter(|_| raw.get_ref().time.is_none());
    let parsed = date.and_then(|d| Date::new(d.year as i16, d.month as i8, d.day as i8).ok());
    if parsed.is_none() {
        rep.at(
            Some(raw.span()),
            "effective",
            format!("{} is not a date; expected YYYY-MM-DD", raw.get_ref()),
        );
    }
    parsed
}

fn applies(rep: &mut Reporter, raw: RawApplies) -> Option<Applies> {
    let mut ok = true;
    let personal_data = raw.personal_data.map(|values| {
        let mut set = BTreeSet::new();
        for (j, v) in values.iter().enumerate() {
            match v.get_ref().parse::<PersonalData>() {
                Ok(p) => {
                    set.insert(p);
                }
                Err(msg) => {
                    ok = false;
                    rep.at(Some(v.span()), format!("applies.personal_data[{j}]"), msg);
                }
            }
        }
        set
    });
    ok.then_some(Applies {
        security: raw.security,
        personal_data,
        jurisdictions: raw.jurisdictions,
        organisation_jurisdictions: raw.organisation_jurisdictions,
        sectors: raw.sectors,
    })
}
