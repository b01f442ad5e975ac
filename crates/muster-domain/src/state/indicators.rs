//! The incident's indicators with their sightings and links to findings,
//! and the attacker's timeline in time order (issue 11). Kept apart from
//! the team's own log: the timeline is what the attacker did, the log is
//! what the team did.

use super::IncidentState;
use crate::event::Event;
use crate::indicator::{IndicatorRecord, SightingRecord, TimelineRecord};
use crate::vocab::IndicatorLink;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Indicators {
    /// In the order added (`I1`, `I2`, …).
    pub items: Vec<Indicator>,
    /// The attacker's timeline, in time order; events at the same moment
    /// keep the order they were recorded in.
    pub timeline: Vec<TimelineEvent>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    #[serde(flatten)]
    pub record: IndicatorRecord,
    pub added_by: Uuid,
    pub added_at: Timestamp,
    pub sightings: Vec<Sighting>,
    pub links: Vec<Link>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sighting {
    #[serde(flatten)]
    pub record: SightingRecord,
    pub recorded_by: Uuid,
    pub recorded_at: Timestamp,
}

/// The latest word on what an indicator says about one finding.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub finding: String,
    pub link: IndicatorLink,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvent {
    #[serde(flatten)]
    pub record: TimelineRecord,
    pub recorded_by: Uuid,
    pub recorded_at: Timestamp,
}

impl std::ops::Deref for Indicator {
    type Target = IndicatorRecord;
    fn deref(&self) -> &IndicatorRecord {
        &self.record
    }
}

impl std::ops::Deref for Sighting {
    type Target = SightingRecord;
    fn deref(&self) -> &SightingRecord {
        &self.record
    }
}

impl std::ops::Deref for TimelineEvent {
    type Target = TimelineRecord;
    fn deref(&self) -> &TimelineRecord {
        &self.record
    }
}

impl Indicators {
    pub fn get(&self, id: &str) -> Option<&Indicator> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The indicator with this normalised type and value, if the incident has it.
    pub fn find(&self, ty: &str, value: &str) -> Option<&Indicator> {
        self.items.iter().find(|i| i.ty == ty && i.value == value)
    }

    /// Every indicator holding this normalised value, whatever its type (a
    /// lookup that does not know the type).
    pub fn with_value<'a>(&'a self, value: &'a str) -> impl Iterator<Item = &'a Indicator> + 'a {
        self.items.iter().filter(move |i| i.value == value)
    }
}

impl Indicator {
    /// Times seen, summed over its sightings.
    pub fn sightings_count(&self) -> u64 {
        self.sightings.iter().map(|s| u64::from(s.count)).sum()
    }
}

pub(super) fn apply(state: &mut IncidentState, event: &Event, actor: Uuid, at: Timestamp) {
    let ind = &mut state.indicators;
    match event {
        Event::IndicatorAdded(record) => ind.items.push(Indicator {
            record: record.clone(),
            added_by: actor,
            added_at: at,
            sightings: Vec::new(),
            links: Vec::new(),
        }),
        Event::SightingRecorded(record) => {
            if let Some(i) = ind
                .items
                .iter_mut()
                .find(|i| i.record.id == record.indicator)
            {
                // A sighting widens the indicator's first and last seen.
                let end = record.seen_until.unwrap_or(record.seen_at);
                let first = &mut i.record.first_seen;
                *first = Some(first.map_or(record.seen_at, |f| f.min(record.seen_at)));
                let last = &mut i.record.last_seen;
                *last = Some(last.map_or(end, |l| l.max(end)));
                i.sightings.push(Sighting {
                    record: record.clone(),
                    recorded_by: actor,
                    recorded_at: at,
                });
            }
        }
        Event::IndicatorLinked {
            indicator,
            finding,
            link,
        } => {
            if let Some(i) = ind.items.iter_mut().find(|i| &i.record.id == indicator) {
                match i.links.iter_mut().find(|l| &l.finding == finding) {
                    Some(l) => l.link = *link,
                    None => i.links.push(Link {
                        finding: finding.clone(),
                        link: *link,
                    }),
                }
            }
        }
        Event::TimelineEventAdded(record) => {
            let place = ind.timeline.partition_point(|e| e.record.at <= record.at);
            ind.timeline.insert(
                place,
                TimelineEvent {
                    record: record.clone(),
                    recorded_by: actor,
                    recorded_at: at,
                },
            );
        }
        _ => {}
    }
}
