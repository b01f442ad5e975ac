//! The STIX 2.1 bundle: the organisation as an `identity`, each IOC as an
//! `indicator` with its pattern, observables and sightings as
//! `observed-data` and `sighting`, CVEs as `vulnerability`, ATT&CK
//! techniques as `attack-pattern` (tied to indicators by `indicates`
//! relationships), and the incident as a `report` listing them all. Every
//! object carries its TLP 2.0 marking, and the marking definitions used are
//! in the bundle.

use super::stix_objects::{sco, stix_pattern};
use super::{ExportIndicator, ExportInput, stix_time};
use crate::{IndicatorType, Tlp};
use serde_json::{Value as Json, json};
use std::collections::BTreeSet;

/// The incident's indicators as a STIX 2.1 bundle, leaving out everything
/// marked above `input.tlp`.
pub fn to_stix_bundle(input: &ExportInput) -> Json {
    let mut b = Builder {
        input,
        now: stix_time(input.exported_at),
        identity: format!("identity--{}", input.derived("identity")),
        objects: Vec::new(),
        seen_scos: BTreeSet::new(),
        used: BTreeSet::from([Tlp::Clear]),
    };
    b.objects.push(json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": b.identity,
        "created": b.now,
        "modified": b.now,
        "name": input.organisation,
        "identity_class": "organization",
        "object_marking_refs": [Tlp::Clear.stix_marking_id()],
    }));
    for indicator in input.allowed() {
        b.indicator(indicator);
    }
    b.attack_patterns();
    b.report();
    let mut objects: Vec<Json> = b.used.iter().map(|t| t.stix_marking_definition()).collect();
    objects.append(&mut b.objects);
    json!({
        "type": "bundle",
        "id": format!("bundle--{}", input.derived(&format!("bundle:{}:{}", input.incident.reference, b.now))),
        "objects": objects,
    })
}

struct Builder<'a> {
    input: &'a ExportInput,
    now: String,
    identity: String,
    objects: Vec<Json>,
    /// SCO ids already in the bundle: one value seen twice is one object.
    seen_scos: BTreeSet<String>,
    used: BTreeSet<Tlp>,
}

impl Builder<'_> {
    /// The properties every object the organisation creates shares.
    fn sdo(&mut self, kind: &str, id: String, tlp: Tlp) -> Json {
        self.used.insert(tlp);
        json!({
            "type": kind,
            "spec_version": "2.1",
            "id": id,
            "created": self.now,
            "modified": self.now,
            "created_by_ref": self.identity,
            "object_marking_refs": [tlp.stix_marking_id()],
        })
    }

    /// The SCO's id, adding the SCO to the bundle the first time.
    fn observable(&mut self, indicator: &ExportIndicator) -> Option<String> {
        let object = sco(&indicator.ty, indicator.value.as_str(), indicator.tlp)?;
        let id = object["id"].as_str()?.to_owned();
        if self.seen_scos.insert(id.clone()) {
            self.objects.push(object);
        }
        Some(id)
    }

    fn indicator(&mut self, indicator: &ExportIndicator) {
        let value = indicator.value.as_str();
        let uuid = self.input.indicator_uuid(indicator);
        if indicator.ty == IndicatorType::Cve {
            let mut v = self.sdo(
                "vulnerability",
                format!("vulnerability--{uuid}"),
                indicator.tlp,
            );
            v["name"] = json!(value);
            v["external_references"] = json!([{ "source_name": "cve", "external_id": value }]);
            describe(&mut v, indicator);
            self.objects.push(v);
            return;
        }
        let pattern = stix_pattern(&indicator.ty, value);
        let indicator_id = match (&pattern, indicator.ioc) {
            (Some(pattern), true) => {
                let id = format!("indicator--{uuid}");
                let mut o = self.sdo("indicator", id.clone(), indicator.tlp);
                o["name"] = json!(format!("{} {}", indicator.ty, value));
                o["indicator_types"] = json!(["malicious-activity"]);
                o["pattern"] = json!(pattern);
                o["pattern_type"] = json!("stix");
                o["pattern_version"] = json!("2.1");
                o["valid_from"] = json!(stix_time(
                    indicator.first_seen.unwrap_or(self.input.exported_at)
                ));
                // STIX asks for a description beside the name; without a
                // comment, say where the indicator comes from.
                o["description"] =
                    json!(format!("from incident {}", self.input.incident.reference));
                describe(&mut o, indicator);
                self.objects.push(o);
                Some(id)
            }
            _ => None,
        };
        let sco_id = self.observable(indicator);
        if indicator.sightings.is_empty() && indicator_id.is_none() {
            // An observable that is not an IOC is still part of the picture:
            // one observed-data for its whole first-to-last-seen span.
            if let Some(sco_id) = &sco_id {
                let first = indicator.first_seen.unwrap_or(self.input.exported_at);
                let last = indicator.last_seen.unwrap_or(first).max(first);
                let id = format!(
                    "observed-data--{}",
                    self.input.derived(&format!("observed:{uuid}"))
                );
                let mut o = self.sdo("observed-data", id, indicator.tlp);
                o["first_observed"] = json!(stix_time(first));
                o["last_observed"] = json!(stix_time(last));
                o["number_observed"] = json!(1);
                o["object_refs"] = json!([sco_id]);
                self.objects.push(o);
            }
        }
        for (n, sighting) in indicator.sightings.iter().enumerate() {
            let first = sighting.seen_at;
            let last = sighting.seen_until.unwrap_or(first).max(first);
            let count = sighting.count.max(1);
            let observed = sco_id.as_ref().map(|sco_id| {
                let id = format!(
                    "observed-data--{}",
                    self.input.derived(&format!("observed:{uuid}:{n}"))
                );
                let mut o = self.sdo("observed-data", id.clone(), indicator.tlp);
                o["first_observed"] = json!(stix_time(first));
                o["last_observed"] = json!(stix_time(last));
                o["number_observed"] = json!(count);
                o["object_refs"] = json!([sco_id]);
                self.objects.push(o);
                id
            });
            if let Some(indicator_id) = &indicator_id {
                let id = format!(
                    "sighting--{}",
                    self.input.derived(&format!("sighting:{uuid}:{n}"))
                );
                let mut s = self.sdo("sighting", id, indicator.tlp);
                s["sighting_of_ref"] = json!(indicator_id);
                s["first_seen"] = json!(stix_time(first));
                s["last_seen"] = json!(stix_time(last));
                s["count"] = json!(count);
                if let Some(observed) = observed {
                    s["observed_data_refs"] = json!([observed]);
                }
                if let Some(text) = sighting.description() {
                    s["description"] = json!(text);
                }
                self.objects.push(s);
            }
        }
        if let Some(indicator_id) = &indicator_id {
            for attack in indicator.attack.iter().filter(|a| !a.is_tactic()) {
                let id = format!(
                    "relationship--{}",
                    self.input.derived(&format!("indicates:{uuid}:{attack}"))
                );
                let mut r = self.sdo("relationship", id, indicator.tlp);
                r["relationship_type"] = json!("indicates");
                r["source_ref"] = json!(indicator_id);
                r["target_ref"] = json!(self.attack_pattern_id(*attack));
                self.objects.push(r);
            }
        }
    }

    fn attack_pattern_id(&self, attack: crate::AttackId) -> String {
        format!(
            "attack-pattern--{}",
            self.input.derived(&format!("attack-pattern:{attack}"))
        )
    }

    /// Techniques only: ATT&CK tactics are kill-chain phases, not objects
    /// STIX 2.1 itself defines.
    fn attack_patterns(&mut self) {
        for attack in self
            .input
            .attack_ids()
            .into_iter()
            .filter(|a| !a.is_tactic())
        {
            let id = self.attack_pattern_id(attack);
            let mut a = self.sdo("attack-pattern", id, Tlp::Clear);
            a["name"] = json!(self.input.attack_name(attack));
            // No URL: STIX wants a hash beside any URL, and the id alone
            // names the page on attack.mitre.org.
            a["external_references"] = json!([{
                "source_name": "mitre-attack",
                "external_id": attack.to_string(),
            }]);
            self.objects.push(a);
        }
    }

    /// The incident as a report over everything else, marked with the
    /// highest marking among what it lists (it reveals that much).
    fn report(&mut self) {
        let refs: Vec<Json> = self.objects.iter().map(|o| o["id"].clone()).collect();
        let tlp = self.used.iter().max().copied().unwrap_or(Tlp::Clear);
        let incident = &self.input.incident;
        let id = format!(
            "report--{}",
            self.input
                .derived(&format!("report:{}", incident.reference))
        );
        let mut r = self.sdo("report", id, tlp);
        r["name"] = json!(format!("{}: {}", incident.reference, incident.title));
        r["report_types"] = json!(["threat-report"]);
        r["published"] = json!(self.now);
        r["object_refs"] = json!(refs);
        r["external_references"] =
            json!([{ "source_name": "muster", "external_id": incident.reference }]);
        if let Some(d) = &incident.description {
            r["description"] = json!(d);
        }
        self.objects.push(r);
    }
}

fn describe(object: &mut Json, indicator: &ExportIndicator) {
    if let Some(comment) = &indicator.comment {
        object["description"] = json!(comment);
    }
    if !indicator.tags.is_empty() {
        object["labels"] = json!(indicator.tags);
    }
}
