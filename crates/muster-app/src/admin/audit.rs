//! The audit of restricted incidents as an administrator reads it: who read
//! which one, when and from where, and every refused look, with names and
//! references resolved.

use crate::actor::{Actor, require_admin};
use crate::app::App;
use crate::error::AppResult;
use crate::views::ts;
use muster_api::AuditView;
use muster_store::AuditQuery;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use uuid::Uuid;

impl App {
    /// Up to `limit` audit records, newest first, of the incident at
    /// `incident` and the reader at `person` when given (administrators).
    pub async fn audit_views(
        &self,
        actor: &Actor,
        incident: Option<&str>,
        person: Option<&str>,
        limit: u32,
    ) -> AppResult<Vec<AuditView>> {
        require_admin(actor, "read the audit log")?;
        let incident = match incident {
            Some(r) => Some(self.incident_id(r).await?),
            None => None,
        };
        let person = match person {
            Some(k) => Some(self.person("person", k).await?.id),
            None => None,
        };
        let records = self
            .audit_trail(&AuditQuery {
                incident,
                person,
                limit,
            })
            .await?;
        let mut names: HashMap<Uuid, String> = HashMap::new();
        let mut refs: HashMap<Uuid, String> = HashMap::new();
        let mut out = Vec::new();
        for r in records {
            if let Entry::Vacant(slot) = names.entry(r.person) {
                let name = self
                    .directory()
                    .person(r.person)
                    .await?
                    .map(|p| p.name)
                    .unwrap_or_default();
                slot.insert(name);
            }
            if let Some(incident) = r.incident
                && let Entry::Vacant(slot) = refs.entry(incident)
            {
                let reference = self.reference_of(incident).await?.unwrap_or_default();
                slot.insert(reference);
            }
            out.push(AuditView {
                at: ts(r.at),
                person: r.person,
                person_name: names.get(&r.person).cloned().unwrap_or_default(),
                incident: r
                    .incident
                    .and_then(|i| refs.get(&i).cloned())
                    .unwrap_or_default(),
                what: r.what,
                source: r.source,
                refused: r.refused,
            });
        }
        Ok(out)
    }
}
