//! The breach register (GDPR Art. 33(5)): every incident whose personal data
//! is `yes` or `unknown`, with its facts, effects, remedial action and each
//! regime's notify / not-notify decision with its rationale; as JSON or CSV.

use crate::actor::Actor;
use crate::app::App;
use crate::error::AppResult;
use jiff::Timestamp;
use muster_api::{RegisterDecision, RegisterEntry};
use muster_domain::{ActionStatus, Anchor, FindingKind, IncidentState, PersonalData, obligation};

/// `state`'s entry in the breach register, when its personal data is `yes`
/// or `unknown`.
pub fn register_entry(state: &IncidentState) -> Option<RegisterEntry> {
    let personal_data = state.personal_data.unwrap_or(PersonalData::Unknown);
    if personal_data == PersonalData::No || !state.is_declared() {
        return None;
    }
    let findings = |kind: FindingKind| -> Vec<&str> {
        state
            .findings
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.text.as_str())
            .collect()
    };
    let mut facts = vec![state.title.as_str()];
    facts.extend(findings(FindingKind::Known));
    let remedial: Vec<String> = state
        .actions
        .iter()
        .filter(|a| a.status == ActionStatus::Done)
        .map(|a| a.title.clone())
        .collect();
    let o = &state.obligations;
    Some(RegisterEntry {
        reference: state.reference.clone(),
        title: state.title.clone(),
        personal_data,
        severity: state.severity.clone(),
        category: state.category.clone(),
        phase: state.phase.map(|p| p.to_string()).unwrap_or_default(),
        declared_at: state.timings.declared_at,
        aware_at: o.anchor(Anchor::Aware).map(|a| a.at),
        jurisdictions: o.jurisdictions.clone(),
        facts: facts.join("; "),
        effects: state.hypothesis.clone(),
        remedial_action: remedial.join("; "),
        decisions: o
            .tracks
            .iter()
            .map(|t| RegisterDecision {
                regime: t.regime.clone(),
                status: t.status,
                rationale: t.rationale.clone(),
                submissions: t
                    .submissions
                    .iter()
                    .map(|s| {
                        format!(
                            "{} {} {}",
                            s.stage,
                            s.reference,
                            muster_api::time::format(s.at)
                        )
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// The register as CSV (RFC 4180: every field quoted, quotes doubled), one
/// row per incident and regime decision.
pub fn register_csv(entries: &[RegisterEntry]) -> String {
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let t = |t: Option<Timestamp>| t.map(muster_api::time::format).unwrap_or_default();
    let mut out = String::from(
        "reference,title,personal_data,severity,category,phase,declared_at,aware_at,jurisdictions,facts,effects,remedial_action,regime,decision,rationale,submissions\r\n",
    );
    for e in entries {
        let decisions: Vec<Option<&RegisterDecision>> = if e.decisions.is_empty() {
            vec![None]
        } else {
            e.decisions.iter().map(Some).collect()
        };
        for d in decisions {
            let row = [
                q(&e.reference),
                q(&e.title),
                q(e.personal_data.as_str()),
                q(&e.severity),
                q(&e.category),
                q(&e.phase),
                q(&t(e.declared_at)),
                q(&t(e.aware_at)),
                q(&e.jurisdictions.join(" ")),
                q(&e.facts),
                q(&e.effects),
                q(&e.remedial_action),
                q(d.map_or("", |d| d.regime.as_str())),
                q(d.map_or("unassessed", |d| d.status.as_str())),
                q(d.map_or("", |d| d.rationale.as_str())),
                q(&d.map(|d| d.submissions.join("; ")).unwrap_or_default()),
            ];
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

impl App {
    /// The breach register over the incidents `actor` may see, declared in
    /// `[from, to)`, and, with `regime`, only those it applies or applied to.
    pub async fn register(
        &self,
        actor: &Actor,
        from: Option<Timestamp>,
        to: Option<Timestamp>,
        regime: Option<&str>,
    ) -> AppResult<Vec<RegisterEntry>> {
        let now = Timestamp::now();
        let mut out = Vec::new();
        for (_, state) in self.visible_incidents(actor, "the breach register").await? {
            let declared = state.timings.declared_at;
            if from.is_some_and(|f| declared.is_none_or(|d| d < f))
                || to.is_some_and(|t| declared.is_none_or(|d| d >= t))
            {
                continue;
            }
            if let Some(regime) = regime
                && !obligation::evaluate(&state, self.policy(), now)
                    .iter()
                    .any(|o| o.regime == regime)
            {
                continue;
            }
            if let Some(entry) = register_entry(&state) {
                out.push(entry);
            }
        }
        out.sort_by_key(|e| e.declared_at);
        Ok(out)
    }
}
