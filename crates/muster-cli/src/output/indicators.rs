//! Indicators as text: values always defanged (`shown`, from the server)
//! so that nothing on a responder's terminal is one click from the
//! attacker, and every user string escaped.

use super::{escape, table, time};
use muster_api::{ImportResponse, IndicatorsView, SeenResponse};

/// `[T1566 Phishing, T1078.004 Valid Accounts: Cloud Accounts]`: names
/// from the organisation's catalogue when it has them.
fn attack_ids(t: &muster_api::TimelineEventView) -> String {
    if t.attack.is_empty() {
        return String::new();
    }
    let named: Vec<String> = if t.techniques.len() == t.attack.len() {
        t.techniques
            .iter()
            .map(|a| match &a.name {
                Some(name) => format!("{} {name}", a.id),
                None => a.id.clone(),
            })
            .collect()
    } else {
        t.attack.clone()
    };
    format!(" [{}]", escape(&named.join(", ")))
}

fn opt_time(t: Option<jiff::Timestamp>) -> String {
    t.map(time).unwrap_or_else(|| "—".into())
}

pub fn indicators(v: &IndicatorsView) -> String {
    let mut out = format!(
        "{}: {} indicator(s)\n",
        escape(&v.reference),
        v.indicators.len()
    );
    if !v.indicators.is_empty() {
        let rows: Vec<Vec<String>> = v
            .indicators
            .iter()
            .map(|i| {
                vec![
                    escape(&i.id).into_owned(),
                    escape(&i.ty).into_owned(),
                    escape(&i.shown).into_owned(),
                    format!("TLP:{}", i.tlp.to_ascii_uppercase()),
                    if i.ioc { "IOC".into() } else { String::new() },
                    opt_time(i.first_seen),
                    opt_time(i.last_seen),
                    i.sightings
                        .iter()
                        .map(|s| u64::from(s.count))
                        .sum::<u64>()
                        .to_string(),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                "id",
                "type",
                "value",
                "tlp",
                "ioc",
                "first seen",
                "last seen",
                "seen",
            ],
            &rows,
        ));
    }
    if !v.timeline.is_empty() {
        out.push_str("\nThe attacker's timeline:\n");
        for t in &v.timeline {
            let when = match t.until {
                Some(until) => format!("{} – {}", time(t.at), time(until)),
                None => time(t.at),
            };
            out.push_str(&format!(
                "  {} {} ({}){}: {}{}\n",
                escape(&t.id),
                when,
                t.precision,
                t.host
                    .as_deref()
                    .map(|h| format!(" on {}", escape(h)))
                    .unwrap_or_default(),
                escape(&t.description),
                attack_ids(t)
            ));
        }
    }
    out
}

pub fn import(r: &ImportResponse) -> String {
    let mut out = format!(
        "{}: {} indicator(s) added from a {}; {} already there, {} refused, {} skipped.\n",
        escape(&r.reference),
        r.added,
        escape(&r.format),
        r.duplicates.len(),
        r.refused.len(),
        r.skipped.len()
    );
    for d in &r.duplicates {
        out.push_str(&format!(
            "  {}: {} {} is already {}\n",
            escape(&d.place),
            escape(&d.ty),
            escape(&d.shown),
            d.existing
                .as_deref()
                .map(|e| format!("on the incident as {}", escape(e)))
                .unwrap_or_else(|| "earlier in the file".into())
        ));
    }
    for e in &r.refused {
        out.push_str(&format!(
            "  {}{}: refused: {}\n",
            escape(&e.place),
            e.field
                .as_deref()
                .map(|f| format!(", field `{}`", escape(f)))
                .unwrap_or_default(),
            escape(&e.message)
        ));
    }
    for s in &r.skipped {
        out.push_str(&format!(
            "  {}: skipped: {}\n",
            escape(&s.place),
            escape(&s.reason)
        ));
    }
    out
}

pub fn seen(r: &SeenResponse) -> String {
    if r.incidents.is_empty() {
        return format!(
            "{} {}: not seen on any incident you can see.\n",
            escape(&r.ty),
            escape(&r.shown)
        );
    }
    let mut out = format!(
        "{} {}: seen on {} incident(s)\n",
        escape(&r.ty),
        escape(&r.shown),
        r.incidents.len()
    );
    let rows: Vec<Vec<String>> = r
        .incidents
        .iter()
        .map(|i| {
            vec![
                escape(&i.reference).into_owned(),
                escape(&i.indicator).into_owned(),
                escape(&i.title).into_owned(),
                opt_time(i.first_seen),
                opt_time(i.last_seen),
                i.sightings.to_string(),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "incident",
            "indicator",
            "title",
            "first seen",
            "last seen",
            "sightings",
        ],
        &rows,
    ));
    out
}

pub fn evidence(r: &muster_api::EvidenceRegister) -> String {
    let mut out = format!(
        "{}: {} evidence item(s)\n",
        escape(&r.reference),
        r.items.len()
    );
    for e in &r.items {
        out.push_str(&format!(
            "  {} {} (from {}, collected {} by {})\n    sha256 {}{}{}\n    held by {}{}\n",
            escape(&e.id),
            escape(&e.description),
            escape(&e.taken_from),
            time(e.collected_at),
            escape(&e.collected_by),
            escape(&e.sha256),
            e.file_name
                .as_deref()
                .map(|f| format!(
                    ", file {} ({} bytes) held by Muster",
                    escape(f),
                    e.size.unwrap_or_default()
                ))
                .unwrap_or_default(),
            e.location
                .as_deref()
                .map(|l| format!(", kept at {}", escape(l)))
                .unwrap_or_default(),
            escape(&e.custodian),
            e.pending
                .as_ref()
                .map(|p| format!("; being handed to {} (not yet acknowledged)", escape(&p.to)))
                .unwrap_or_default(),
        ));
        for t in &e.custody {
            out.push_str(&format!(
                "    {} → {} at {}, to {}: {}\n",
                escape(&t.from),
                escape(&t.to),
                opt_time(t.acknowledged_at),
                escape(&t.destination),
                escape(&t.reason)
            ));
        }
    }
    out
}

/// `muster evidence verify`: one line per file, the failures first in words.
pub fn evidence_verify(r: &muster_api::EvidenceVerifyReport) -> String {
    use muster_api::EvidenceStatus as S;
    let mut out = String::new();
    for c in &r.checked {
        let status = match c.status {
            S::Intact => "intact".to_owned(),
            S::Changed => format!(
                "CHANGED: it now hashes to {}",
                escape(c.actual_sha256.as_deref().unwrap_or("?"))
            ),
            S::Missing => "MISSING from the blob store".to_owned(),
        };
        out.push_str(&format!(
            "{} {} {} (sha256 {}): {status}\n",
            escape(&c.reference),
            escape(&c.evidence),
            escape(&c.file_name),
            escape(&c.sha256)
        ));
    }
    out.push_str(&match (r.checked.len(), r.failed) {
        (0, _) => "no uploaded evidence files to check\n".to_owned(),
        (n, 0) => format!("{n} file(s) checked: every one matches its SHA-256\n"),
        (n, f) => format!("{n} file(s) checked: {f} no longer match their SHA-256\n"),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use muster_api::SeenIncident;

    #[test]
    fn a_lookup_shows_the_value_defanged_and_escapes_titles() {
        let r = SeenResponse {
            value: "http://evil.example/".into(),
            shown: "hxxp://evil[.]example/".into(),
            ty: "url".into(),
            incidents: vec![SeenIncident {
                reference: "INC-2026-0001".into(),
                title: "bad\u{1b}[2Jtitle".into(),
                phase: None,
                indicator: "I4".into(),
                ty: "url".into(),
                first_seen: None,
                last_seen: None,
                sightings: 3,
            }],
        };
        let text = seen(&r);
        assert!(text.contains("hxxp://evil[.]example/"), "{text}");
        assert!(!text.contains("http://evil.example"), "{text}");
        assert!(text.contains("bad\\u{1b}[2Jtitle"), "{text}");
        assert!(!text.contains('\u{1b}'));
    }
}
