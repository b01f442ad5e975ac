//! What the room offers the viewer: the command kinds the domain's
//! `permit::may` allows them now, and for a few it refuses, the refusal in the
//! domain's words, shown where knowing it helps (who to ask instead).

use muster_domain::permit::{self, Kind};
use muster_domain::{Context, IncidentState};

pub struct Offer {
    kinds: Vec<&'static str>,
    refused: Vec<(&'static str, String)>,
}

impl Offer {
    pub fn build(s: &IncidentState, ctx: &Context) -> Offer {
        let mut kinds = Vec::new();
        let mut refused = Vec::new();
        for &kind in Kind::ALL {
            match permit::may(s, ctx, kind) {
                Ok(()) => kinds.push(kind.as_str()),
                Err(r) => refused.push((kind.as_str(), why(&r))),
            }
        }
        Offer { kinds, refused }
    }

    /// May the viewer issue a command of this kind (its wire name) now?
    pub fn has(&self, kind: &str) -> bool {
        self.kinds.contains(&kind)
    }

    /// Why not, in the domain's words with the rule it cites; empty when allowed.
    pub fn why(&self, kind: &str) -> &str {
        self.refused
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, m)| m.as_str())
            .unwrap_or("")
    }
}

fn why(r: &muster_domain::Rejection) -> String {
    let mut m = r.message.clone();
    if let Some(first) = m.get(..1) {
        let upper = first.to_uppercase();
        m.replace_range(..1, &upper);
    }
    match r.rule {
        Some(rule) => format!("{m} (rule {}).", rule.number()),
        None => format!("{m}."),
    }
}
