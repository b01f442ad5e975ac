//! The decisions about indicators, sightings, links and the attacker's
//! timeline. Each refusal names the field at fault, in the words of
//! `muster-indicators` where the value itself is wrong.

use super::{DEFAULT_TLP, IndicatorInput, IndicatorRecord, SightingInput, SightingRecord};
use super::{TimelineInput, TimelineRecord};
use crate::command::Context;
use crate::event::Event;
use crate::guard;
use crate::permit::{self, Kind};
use crate::policy::Policy;
use crate::rejection::{Decision, Rejection};
use crate::state::IncidentState;
use crate::vocab::{IndicatorLink, Precision};
use jiff::{SignedDuration, Timestamp};
use muster_indicators::{AttackId, Pap, Tlp, normalise};
use std::collections::HashSet;

/// How far past the server's clock an observation may be placed: clocks on
/// laptops and sensors drift; later than this has not been seen yet.
const SKEW: SignedDuration = SignedDuration::from_mins(5);

/// Validates and normalises one indicator without an incident: what the
/// import route runs on every row first, so that a refused row is reported
/// on its own instead of refusing the whole file. The record's `id` is left
/// empty; the decision numbers it.
pub fn prepare(
    input: &IndicatorInput,
    policy: &Policy,
    now: Timestamp,
) -> Decision<IndicatorRecord> {
    let ty = policy
        .indicators
        .indicator_type(&input.ty)
        .map_err(|e| Rejection::invalid("type", e.to_string()))?;
    let value =
        normalise(&ty, &input.value).map_err(|e| Rejection::invalid("value", e.to_string()))?;
    let tlp = match input.tlp.as_deref() {
        None => DEFAULT_TLP,
        Some(t) => t
            .parse::<Tlp>()
            .map_err(|e| Rejection::invalid("tlp", e.to_string()))?,
    };
    let pap = input
        .pap
        .as_deref()
        .map(|p| p.parse::<Pap>())
        .transpose()
        .map_err(|e| Rejection::invalid("pap", e.to_string()))?;
    for (field, at) in [
        ("first_seen", input.first_seen),
        ("last_seen", input.last_seen),
    ] {
        if let Some(at) = at {
            seen(field, at, now)?;
        }
    }
    if let (Some(first), Some(last)) = (input.first_seen, input.last_seen)
        && last < first
    {
        return Err(Rejection::invalid(
            "last_seen",
            format!("`last_seen` ({last}) is before `first_seen` ({first})"),
        ));
    }
    let mut tags: Vec<String> = Vec::new();
    for tag in &input.tags {
        let tag = tag.trim();
        if tag.is_empty() {
            return Err(Rejection::invalid("tags", "a tag must not be empty"));
        }
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    let comment = match input.comment.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => Some(guard::text("comment", c)?),
    };
    Ok(IndicatorRecord {
        id: String::new(),
        ty: ty.name().to_owned(),
        value: value.into_string(),
        tlp,
        pap,
        ioc: input.ioc,
        tags,
        first_seen: input.first_seen,
        last_seen: input.last_seen,
        comment,
    })
}

pub fn add_indicator(
    state: &IncidentState,
    ctx: &Context,
    input: &IndicatorInput,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::AddIndicator)?;
    let mut record = prepare(input, ctx.policy, ctx.now)?;
    if let Some(existing) = state.indicators.find(&record.ty, &record.value) {
        return Err(Rejection::conflict(format!(
            "{} {} is already on {} as {}",
            record.ty,
            shown(&record.ty, &record.value),
            state.reference,
            existing.id
        ))
        .with_field("value"));
    }
    record.id = guard::next_id("I", state.indicators.items.len());
    Ok(vec![Event::IndicatorAdded(record)])
}

/// Many indicators at once (an import), as one submission: one decision,
/// many entries, one commit. A value already on the incident, or twice in
/// the batch, is left out rather than refused, because the importer has
/// already told the person which rows it drops and another writer may have
/// added one since; the caller sees which were added in the entries.
pub fn add_indicators(
    state: &IncidentState,
    ctx: &Context,
    inputs: &[IndicatorInput],
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::AddIndicators)?;
    let mut known: HashSet<(String, String)> = state
        .indicators
        .items
        .iter()
        .map(|i| (i.ty.clone(), i.value.clone()))
        .collect();
    let mut events = Vec::with_capacity(inputs.len());
    for (row, input) in inputs.iter().enumerate() {
        let mut record = prepare(input, ctx.policy, ctx.now).map_err(|r| {
            Rejection::invalid(
                "indicators",
                format!(
                    "indicators[{row}].{}: {}",
                    r.field.unwrap_or("value"),
                    r.message
                ),
            )
        })?;
        if !known.insert((record.ty.clone(), record.value.clone())) {
            continue;
        }
        record.id = guard::next_id("I", state.indicators.items.len() + events.len());
        events.push(Event::IndicatorAdded(record));
    }
    Ok(events)
}

pub fn record_sighting(
    state: &IncidentState,
    ctx: &Context,
    input: &SightingInput,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::RecordSighting)?;
    let indicator = state.indicators.get(&input.indicator).ok_or_else(|| {
        Rejection::not_found(
            "indicator",
            format!("{} has no indicator {}", state.reference, input.indicator),
        )
    })?;
    seen("seen_at", input.seen_at, ctx.now)?;
    if let Some(until) = input.seen_until {
        seen("seen_until", until, ctx.now)?;
        if until < input.seen_at {
            return Err(Rejection::invalid(
                "seen_until",
                format!(
                    "`seen_until` ({until}) is before `seen_at` ({})",
                    input.seen_at
                ),
            ));
        }
    }
    let count = input.count.unwrap_or(1);
    if count == 0 {
        return Err(Rejection::invalid(
            "count",
            "`count` is how many times it was seen: at least 1",
        ));
    }
    Ok(vec![Event::SightingRecorded(SightingRecord {
        id: format!("{}-S{}", indicator.id, indicator.sightings.len() + 1),
        indicator: indicator.id.clone(),
        seen_at: input.seen_at,
        seen_until: input.seen_until,
        seen_on: optional("seen_on", input.seen_on.as_deref())?,
        source: optional("source", input.source.as_deref())?,
        seen_by: optional("seen_by", input.seen_by.as_deref())?,
        count,
    })])
}

pub fn link_indicator(
    state: &IncidentState,
    ctx: &Context,
    indicator: &str,
    finding: &str,
    link: IndicatorLink,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::LinkIndicator)?;
    let Some(i) = state.indicators.get(indicator) else {
        return Err(Rejection::not_found(
            "indicator",
            format!("{} has no indicator {indicator}", state.reference),
        ));
    };
    if state.finding(finding).is_none() {
        return Err(Rejection::not_found(
            "finding",
            format!("{} has no finding {finding}", state.reference),
        ));
    }
    if i.links
        .iter()
        .any(|l| l.finding == finding && l.link == link)
    {
        return Err(Rejection::conflict(format!(
            "{indicator} already {link} {finding}"
        )));
    }
    Ok(vec![Event::IndicatorLinked {
        indicator: i.id.clone(),
        finding: finding.to_owned(),
        link,
    }])
}

pub fn add_timeline_event(
    state: &IncidentState,
    ctx: &Context,
    input: &TimelineInput,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::AddTimelineEvent)?;
    seen("at", input.at, ctx.now)?;
    match (input.precision, input.until) {
        (Precision::Window, None) => {
            return Err(Rejection::invalid(
                "until",
                "a window needs its end: give `until`",
            ));
        }
        (Precision::Window, Some(until)) if until < input.at => {
            return Err(Rejection::invalid(
                "until",
                format!("`until` ({until}) is before `at` ({})", input.at),
            ));
        }
        (Precision::Exact | Precision::Approximate, Some(_)) => {
            return Err(Rejection::invalid(
                "until",
                format!(
                    "only a window has an end; this event's precision is {}",
                    input.precision
                ),
            ));
        }
        _ => {}
    }
    let mut indicators = Vec::new();
    for id in &input.indicators {
        let id = id.trim();
        if state.indicators.get(id).is_none() {
            return Err(Rejection::not_found(
                "indicators",
                format!("{} has no indicator {id}", state.reference),
            ));
        }
        if !indicators.iter().any(|i| i == id) {
            indicators.push(id.to_owned());
        }
    }
    let mut attack = Vec::new();
    for raw in &input.attack {
        let id = AttackId::parse(raw)
            .map_err(|e| Rejection::invalid("attack", e.to_string()))?
            .to_string();
        if !attack.contains(&id) {
            attack.push(id);
        }
    }
    Ok(vec![Event::TimelineEventAdded(TimelineRecord {
        id: guard::next_id("TL", state.indicators.timeline.len()),
        at: input.at,
        precision: input.precision,
        until: input.until,
        host: optional("host", input.host.as_deref())?,
        description: guard::text("description", &input.description)?,
        indicators,
        attack,
    })])
}

/// A moment something was observed: not later than now, give or take the skew.
fn seen(field: &'static str, at: Timestamp, now: Timestamp) -> Decision<()> {
    if at > now + SKEW {
        return Err(Rejection::invalid(
            field,
            format!(
                "`{field}` ({at}) is in the future; it is when something was seen (now is {now})"
            ),
        ));
    }
    Ok(())
}

/// A value as a person may be shown it: defanged, so that nobody clicks it.
pub(crate) fn shown(ty: &str, value: &str) -> String {
    match muster_indicators::IndicatorType::built_in(ty) {
        Some(t) => muster_indicators::defang(&t, value),
        None => value.to_owned(),
    }
}

fn optional(field: &'static str, value: Option<&str>) -> Decision<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => guard::text(field, v).map(Some),
    }
}
