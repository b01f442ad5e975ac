//! Values for the backends' `tracing` spans, formatted only when a subscriber
//! records them: a store call that concerns incidents names them, so a slow
//! commit or claim in the logs says which incidents it was about.

use crate::{CommitBatch, OutboxItem};
use std::fmt;

/// The references of the incidents a batch appends to, comma-separated
/// (`INC-2026-0007,INC-2026-0009`); empty for a batch of audit records only.
pub struct BatchIncidents<'a>(pub &'a CommitBatch);

impl fmt::Display for BatchIncidents<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let refs = self.0.appends.iter().map(|a| a.summary.reference.as_str());
        comma_separated(f, refs)
    }
}

/// The ids of the incidents claimed outbox items concern, comma-separated,
/// each once, in claim order (items without an incident are left out).
pub struct ItemIncidents<'a>(pub &'a [OutboxItem]);

impl fmt::Display for ItemIncidents<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut seen = Vec::new();
        for id in self.0.iter().filter_map(|i| i.incident) {
            if !seen.contains(&id) {
                seen.push(id);
            }
        }
        comma_separated(f, seen.iter())
    }
}

fn comma_separated<T: fmt::Display>(
    f: &mut fmt::Formatter<'_>,
    items: impl Iterator<Item = T>,
) -> fmt::Result {
    for (i, item) in items.enumerate() {
        if i > 0 {
            f.write_str(",")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::summary;
    use crate::{Append, OutboxChanges, OutboxStatus};
    use uuid::Uuid;

    #[test]
    fn a_batch_names_its_incidents_and_claims_each_incident_once() {
        let append = |reference: &str| Append {
            incident: Uuid::now_v7(),
            expected_seq: 0,
            entries: Vec::new(),
            summary: summary(Uuid::now_v7(), reference, &[]),
            outbox: OutboxChanges::default(),
        };
        let batch = CommitBatch {
            appends: vec![append("INC-2026-0007"), append("INC-2026-0009")],
            audit: Vec::new(),
            outbox: OutboxChanges::default(),
        };
        assert_eq!(
            BatchIncidents(&batch).to_string(),
            "INC-2026-0007,INC-2026-0009"
        );
        assert_eq!(BatchIncidents(&CommitBatch::default()).to_string(), "");

        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let item = |incident: Option<Uuid>| OutboxItem {
            id: Uuid::now_v7(),
            key: "k".to_owned(),
            slot: None,
            incident,
            channel: "reminder".to_owned(),
            payload: serde_json::Value::Null,
            due_at: 0,
            created_at: 0,
            status: OutboxStatus::Pending,
            attempts: 1,
            last_error: None,
            claimed_by: None,
            lease_until: None,
            finished_at: None,
        };
        let items = [item(Some(a)), item(None), item(Some(b)), item(Some(a))];
        assert_eq!(ItemIncidents(&items).to_string(), format!("{a},{b}"));
    }
}
