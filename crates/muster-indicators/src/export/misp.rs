//! The MISP event: one attribute per indicator (in the MISP type and
//! category that fit it), `to_ids` from the IOC flag, TLP and PAP as tags,
//! sightings as the attribute's sightings, ATT&CK techniques as
//! mitre-attack-pattern galaxy tags on the event.

use super::{ExportIndicator, ExportInput};
use crate::{IndicatorType, Tlp};
use jiff::Timestamp;
use serde_json::{Value as Json, json};

/// The MISP attribute type and category for a Muster type. Types MISP has
/// no word for go as `other`, with the Muster type named in the comment.
fn misp_type(ty: &IndicatorType) -> (&'static str, &'static str) {
    use IndicatorType as T;
    match ty {
        T::Ipv4 | T::Ipv6 | T::Cidr => ("ip-dst", "Network activity"),
        T::Domain => ("domain", "Network activity"),
        T::Url => ("url", "Network activity"),
        T::Email => ("email-src", "Payload delivery"),
        T::Md5 => ("md5", "Payload delivery"),
        T::Sha1 => ("sha1", "Payload delivery"),
        T::Sha256 => ("sha256", "Payload delivery"),
        T::Sha512 => ("sha512", "Payload delivery"),
        T::FileName => ("filename", "Payload delivery"),
        T::Account => ("target-user", "Targeting data"),
        T::Host => ("target-machine", "Targeting data"),
        T::RegistryKey => ("regkey", "Persistence mechanism"),
        T::UserAgent => ("user-agent", "Network activity"),
        T::Cve => ("vulnerability", "External analysis"),
        T::Process | T::Custom { .. } => ("other", "Other"),
    }
}

/// MISP's times: ISO 8601 with microseconds and an explicit UTC offset.
fn misp_time(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string()
}

/// The incident's indicators as a MISP event, leaving out everything
/// marked above `input.tlp`.
pub fn to_misp_event(input: &ExportInput) -> Json {
    let attributes: Vec<Json> = input.allowed().map(|i| attribute(input, i)).collect();
    let highest = input.allowed().map(|i| i.tlp).max().unwrap_or(Tlp::Clear);
    let mut tags = vec![json!({ "name": format!("tlp:{}", highest.name()) })];
    // MISP's galaxy tags name a cluster by "Name - Id"; without a name
    // from the catalogue a made-up cluster would be wrong, so a plain tag.
    for attack in input.attack_ids().into_iter().filter(|a| !a.is_tactic()) {
        let name = match input.attack_names.get(&attack) {
            Some(name) => format!("misp-galaxy:mitre-attack-pattern=\"{name} - {attack}\""),
            None => format!("mitre-attack:{attack}"),
        };
        tags.push(json!({ "name": name }));
    }
    let incident = &input.incident;
    json!({
        "Event": {
            "uuid": input.derived(&format!("misp-event:{}", incident.reference)).to_string(),
            "info": format!("{}: {}", incident.reference, incident.title),
            "date": input.exported_at.strftime("%Y-%m-%d").to_string(),
            "timestamp": input.exported_at.as_second().to_string(),
            "published": false,
            // Analysis "1" is ongoing; threat level "4" is undefined, since
            // the incident's severity is Muster's, not MISP's, to state.
            "analysis": "1",
            "threat_level_id": "4",
            // "0": this organisation only, until the receiver decides.
            "distribution": "0",
            "Orgc": { "name": input.organisation },
            "Tag": tags,
            "Attribute": attributes,
        }
    })
}

fn attribute(input: &ExportInput, indicator: &ExportIndicator) -> Json {
    let (kind, category) = misp_type(&indicator.ty);
    let mut tags = vec![json!({ "name": format!("tlp:{}", indicator.tlp.name()) })];
    if let Some(pap) = indicator.pap {
        tags.push(json!({ "name": pap.label() }));
    }
    tags.extend(indicator.tags.iter().map(|t| json!({ "name": t })));
    let comment = match (kind, &indicator.comment) {
        ("other", Some(c)) => format!("{}: {c}", indicator.ty),
        ("other", None) => indicator.ty.to_string(),
        (_, Some(c)) => c.clone(),
        (_, None) => String::new(),
    };
    let mut a = json!({
        "uuid": input.indicator_uuid(indicator).to_string(),
        "type": kind,
        "category": category,
        "value": indicator.value.as_str(),
        "to_ids": indicator.ioc,
        "comment": comment,
        // "5": inherit the event's distribution.
        "distribution": "5",
        "timestamp": input.exported_at.as_second().to_string(),
        "Tag": tags,
    });
    if let Some(first) = indicator.first_seen {
        a["first_seen"] = json!(misp_time(first));
    }
    if let Some(last) = indicator.last_seen {
        a["last_seen"] = json!(misp_time(last.max(indicator.first_seen.unwrap_or(last))));
    }
    let sightings: Vec<Json> = indicator
        .sightings
        .iter()
        .map(|s| {
            let mut j = json!({
                "date_sighting": s.seen_at.as_second().to_string(),
                // "0": a sighting (not a false positive or an expiry).
                "type": "0",
            });
            if let Some(text) = s.description() {
                j["source"] = json!(text);
            }
            j
        })
        .collect();
    if !sightings.is_empty() {
        a["Sighting"] = json!(sightings);
    }
    a
}
