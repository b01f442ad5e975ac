//! The room's indicator panels (issue 11): the incident's indicators, the
//! attacker's timeline beside the response log, and the evidence register
//! with its custody chain, as plain strings for the partials
//! `room/_indicators.html`, `room/_attack_timeline.html` and
//! `room/_evidence.html`. Values are defanged wherever a person might
//! click them, and ATT&CK ids carry names when the organisation imported
//! the catalogue.

use crate::time::short;
use jiff::Timestamp;
use muster_domain::IncidentState;
use muster_indicators::{AttackCatalogue, BUILT_IN_TYPES};

#[derive(Default)]
pub struct Panel {
    pub indicators: Vec<IndicatorRow>,
    pub timeline: Vec<TimelineRow>,
    pub evidence: Vec<EvidenceRow>,
    /// The type names the add form offers (built-in, then the policy's own).
    pub types: Vec<String>,
    /// Whether an ATT&CK catalogue was imported (the names are its).
    pub catalogue: bool,
}

pub struct IndicatorRow {
    pub id: String,
    pub ty: String,
    /// Defanged: never one click from the attacker.
    pub shown: String,
    pub tlp: String,
    /// `clear`, `green`, `amber`, `amber-strict`, `red`: for the tag's class.
    pub tlp_class: String,
    pub pap: String,
    pub ioc: bool,
    pub tags: String,
    pub sightings: Vec<SightingRow>,
    pub links: Vec<(String, String)>,
}

pub struct SightingRow {
    pub at: String,
    pub on: String,
    pub by: String,
    pub source: String,
    pub count: u32,
}

pub struct TimelineRow {
    pub id: String,
    pub when: String,
    pub precision: String,
    pub host: String,
    pub description: String,
    pub indicators: Vec<String>,
    pub attack: Vec<AttackChip>,
}

pub struct AttackChip {
    pub id: String,
    pub name: String,
    pub url: String,
}

pub struct EvidenceRow {
    pub id: String,
    pub description: String,
    pub taken_from: String,
    pub collected: String,
    pub tool: String,
    pub sha256: String,
    pub file_name: String,
    pub location: String,
    pub custodian: String,
    pub pending: String,
    pub custody: Vec<String>,
    /// `GET /api/incidents/{ref}/evidence/{EV}/file`, for an uploaded file.
    pub download: String,
}

pub fn panel(
    s: &IncidentState,
    catalogue: &AttackCatalogue,
    custom_types: &[String],
    now: Timestamp,
) -> Panel {
    let view = muster_app::indicators::view(s, catalogue);
    let indicators = view
        .indicators
        .iter()
        .map(|i| IndicatorRow {
            id: i.id.clone(),
            ty: i.ty.clone(),
            shown: i.shown.clone(),
            tlp: format!("TLP:{}", i.tlp.to_ascii_uppercase()),
            tlp_class: i.tlp.replace('+', "-"),
            pap: i
                .pap
                .as_deref()
                .map(|p| format!("PAP:{}", p.to_ascii_uppercase()))
                .unwrap_or_default(),
            ioc: i.ioc,
            tags: i.tags.join(", "),
            sightings: i
                .sightings
                .iter()
                .map(|x| SightingRow {
                    at: match x.seen_until {
                        Some(until) => format!("{} – {}", short(x.seen_at, now), short(until, now)),
                        None => short(x.seen_at, now),
                    },
                    on: x.seen_on.clone().unwrap_or_default(),
                    by: x.seen_by.clone().unwrap_or_default(),
                    source: x.source.clone().unwrap_or_default(),
                    count: x.count,
                })
                .collect(),
            links: i
                .links
                .iter()
                .map(|l| (l.link.to_string(), l.finding.clone()))
                .collect(),
        })
        .collect();
    let timeline = view
        .timeline
        .iter()
        .map(|t| TimelineRow {
            id: t.id.clone(),
            when: match t.until {
                Some(until) => format!("{} – {}", short(t.at, now), short(until, now)),
                None => short(t.at, now),
            },
            precision: t.precision.to_string(),
            host: t.host.clone().unwrap_or_default(),
            description: t.description.clone(),
            indicators: t.indicators.clone(),
            attack: t
                .techniques
                .iter()
                .map(|a| AttackChip {
                    id: a.id.clone(),
                    name: a.name.clone().unwrap_or_default(),
                    url: a.url.clone(),
                })
                .collect(),
        })
        .collect();
    let register = muster_app::evidence::register(s);
    let evidence = register
        .items
        .iter()
        .map(|e| EvidenceRow {
            id: e.id.clone(),
            description: e.description.clone(),
            taken_from: e.taken_from.clone(),
            collected: format!("{} by {}", short(e.collected_at, now), e.collected_by),
            tool: e.tool.clone().unwrap_or_default(),
            sha256: e.sha256.clone(),
            file_name: e.file_name.clone().unwrap_or_default(),
            location: e.location.clone().unwrap_or_default(),
            custodian: e.custodian.clone(),
            pending: e
                .pending
                .as_ref()
                .map(|p| {
                    format!(
                        "handed to {} at {}, not yet acknowledged ({}; to {})",
                        p.to,
                        short(p.transferred_at, now),
                        p.reason,
                        p.destination
                    )
                })
                .unwrap_or_default(),
            custody: e
                .custody
                .iter()
                .map(|t| {
                    format!(
                        "{} → {} at {}{}: {} (to {})",
                        t.from,
                        t.to,
                        short(t.transferred_at, now),
                        t.acknowledged_at
                            .map(|a| format!(", acknowledged {}", short(a, now)))
                            .unwrap_or_default(),
                        t.reason,
                        t.destination
                    )
                })
                .collect(),
            download: if e.file_name.is_some() {
                format!("/api/incidents/{}/evidence/{}/file", s.reference, e.id)
            } else {
                String::new()
            },
        })
        .collect();
    Panel {
        indicators,
        timeline,
        evidence,
        types: BUILT_IN_TYPES
            .iter()
            .map(|t| t.name().to_owned())
            .chain(custom_types.iter().cloned())
            .collect(),
        catalogue: !catalogue.is_empty(),
    }
}
