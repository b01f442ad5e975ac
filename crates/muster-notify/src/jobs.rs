//! The payloads of the worker's own outbox channels, as types: the rows the
//! worker writes (webhooks, emails) are read back with the same types, and a
//! row that does not read is dead-lettered with the reason, never delivered
//! with defaults.

use crate::deliver::DeliveryRecord;
use muster_store::OutboxItem;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One signed POST to a webhook subscription.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookJob {
    pub subscription: Uuid,
    /// The `Muster-Event` header: the entry's kind, `communication`, `reminder.…`.
    pub kind: String,
    /// The exact bytes signed and sent.
    pub body: String,
    /// The communication this delivers, logged once it is delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<DeliveryRecord>,
}

/// One email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailJob {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
    /// The communication this delivers, logged once it is delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<DeliveryRecord>,
}

/// A job as a row's payload.
pub fn payload(job: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(job).unwrap_or(serde_json::Value::Null)
}

/// Reads a row's payload as `T`; the error says which row and why.
pub fn read<T: DeserializeOwned>(item: &OutboxItem) -> Result<T, String> {
    serde_json::from_value(item.payload.clone()).map_err(|e| {
        format!(
            "outbox row {} on channel `{}` cannot be read: {e}",
            item.key, item.channel
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_reads_back_as_written_and_a_bad_row_says_why() {
        let job = EmailJob {
            to: vec!["ann@example.org".into()],
            subject: "s".into(),
            body: "b".into(),
            record: None,
        };
        let item = OutboxItem::new("k", "email", payload(&job), 0, 0);
        assert_eq!(read::<EmailJob>(&item).unwrap(), job);
        let bad = OutboxItem::new("k2", "email", serde_json::json!({"to": []}), 0, 0);
        let err = read::<EmailJob>(&bad).unwrap_err();
        assert!(err.contains("k2") && err.contains("subject"), "{err}");
    }
}
