//! Indicator, timeline and evidence entries in words; values shown defanged
//! so that no printed report or timeline holds a clickable attacker link.

use super::{Described, d, short_time, who};
use muster_domain::event::Event as E;

pub(super) fn event_text(event: &E) -> Described {
    match event {
        E::IndicatorAdded(i) => d(
            "indicator",
            format!(
                "Indicator {} added: {} {} ({}{})",
                i.id,
                i.ty,
                shown(&i.ty, &i.value),
                i.tlp.label(),
                if i.ioc { ", IOC" } else { "" }
            ),
        ),
        E::SightingRecorded(s) => d(
            "indicator",
            format!(
                "{} seen at {}{}{}",
                s.indicator,
                short_time(s.seen_at),
                s.seen_on
                    .as_ref()
                    .map_or(String::new(), |on| format!(" on {on}")),
                s.seen_by
                    .as_ref()
                    .map_or(String::new(), |by| format!(" by {by}"))
            ),
        ),
        E::IndicatorLinked {
            indicator,
            finding,
            link,
        } => d("indicator", format!("{indicator} {link} {finding}")),
        E::FindingCited { id, cites } => d("board", format!("{id} cites {}", cites.join(", "))),
        E::TimelineEventAdded(t) => d(
            "timeline",
            format!(
                "Attacker's timeline {}: {} ({}{})",
                short_time(t.at),
                t.description,
                t.precision,
                if t.attack.is_empty() {
                    String::new()
                } else {
                    format!("; {}", t.attack.join(", "))
                }
            ),
        ),
        E::EvidenceAdded(e) => d(
            "evidence",
            format!(
                "Evidence {} registered: {} (sha256 {}), held by {}",
                e.id,
                e.description,
                e.sha256,
                who(&e.custodian)
            ),
        ),
        E::CustodyTransferred {
            evidence,
            from,
            to,
            reason,
            destination,
        } => d(
            "evidence",
            format!(
                "{evidence} handed by {} to {} for {destination}: {reason} (custody passes on acknowledgement)",
                who(from),
                who(to)
            ),
        ),
        E::CustodyAcknowledged { evidence, by } => d(
            "evidence",
            format!("{} acknowledged {evidence}: custody is theirs", who(by)),
        ),
        other => d("entry", other.kind().to_owned()),
    }
}

/// An indicator's value as a person may see it: defanged, never clickable.
fn shown(ty: &str, value: &str) -> String {
    match muster_indicators::IndicatorType::built_in(ty) {
        Some(t) => muster_indicators::defang(&t, value),
        None => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use muster_domain::indicator::{IndicatorRecord, Tlp};

    #[test]
    fn an_added_url_is_described_defanged_with_its_marking() {
        let e = E::IndicatorAdded(IndicatorRecord {
            id: "I2".into(),
            ty: "url".into(),
            value: "http://evil.example/login".into(),
            tlp: Tlp::AmberStrict,
            pap: None,
            ioc: true,
            tags: Vec::new(),
            first_seen: None,
            last_seen: None,
            comment: None,
        });
        let text = event_text(&e).text;
        assert!(text.contains("hxxp://evil[.]example/login"), "{text}");
        assert!(!text.contains("http://evil.example"), "{text}");
        assert!(text.contains("TLP:AMBER+STRICT, IOC"), "{text}");
    }
}
