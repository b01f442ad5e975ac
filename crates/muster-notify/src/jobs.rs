//! The payloads of the worker's own outbox channels, as types: the rows the
//! worker writes (webhooks, emails) are read back with the same types, and a
//! row that does not read is dead-lettered with the reason, never delivered
//! with defaults.

use crate::deliver::DeliveryRecord;
use muster_domain::calls::ChatChannel;
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

/// An entry Muster writes into an incident's log as itself: the chat channel
/// it opened, or how a communication went out.
/// Stored as `{"incident", "channel"}` or `{"incident", "delivery"}`, as
/// rows written before these types were.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RecordJob {
    Channel {
        incident: Uuid,
        channel: ChatChannel,
    },
    Delivery {
        incident: Uuid,
        delivery: Delivered,
    },
}

/// How an agreed communication went out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delivered {
    pub communication: String,
    pub via: String,
    pub recipients: Vec<String>,
    pub failed: Vec<String>,
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

    #[test]
    fn a_delivery_record_keeps_the_stored_shape() {
        let incident = Uuid::now_v7();
        let stored = serde_json::json!({"incident": incident, "delivery": {
            "communication": "C1", "via": "email", "recipients": ["a@example.org"], "failed": []}});
        let item = OutboxItem::new("k:record", "record", stored.clone(), 0, 0);
        let job: RecordJob = read(&item).unwrap();
        assert!(
            matches!(&job, RecordJob::Delivery { delivery, .. } if delivery.communication == "C1")
        );
        assert_eq!(payload(&job), stored);
        let bad = OutboxItem::new(
            "k2",
            "record",
            serde_json::json!({"incident": incident}),
            0,
            0,
        );
        assert!(read::<RecordJob>(&bad).is_err());
    }
}
