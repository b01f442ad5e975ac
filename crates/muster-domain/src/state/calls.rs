//! The communication lines as folded: the heartbeat schedule, the call records,
//! the chat channel and the deliveries of agreed communications.

use super::IncidentState;
use crate::event::Event;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Heartbeat calls every `cadence_minutes` from `first_at`, while hot.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallSchedule {
    pub cadence_minutes: u32,
    pub first_at: Timestamp,
    pub bridge: Option<String>,
}

/// An agreed communication as it actually went out.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub communication: String,
    pub via: String,
    pub recipients: Vec<String>,
    pub failed: Vec<String>,
    pub at: Timestamp,
}

/// Folds this concern's events.
pub(super) fn apply(state: &mut IncidentState, event: &Event, at: Timestamp) {
    match event {
        Event::CallsScheduled {
            cadence_minutes,
            first_at,
            bridge,
        } => {
            state.calls = Some(CallSchedule {
                cadence_minutes: *cadence_minutes,
                first_at: *first_at,
                bridge: bridge.clone(),
            })
        }
        Event::CallRecorded(record) => {
            state.next_decision_at = record.next_decision_at;
            state.call_records.push(record.clone());
        }
        Event::ChatChannelOpened(channel) => state.chat = Some(channel.clone()),
        Event::CommunicationDelivered {
            id,
            via,
            recipients,
            failed,
        } => state.deliveries.push(Delivery {
            communication: id.clone(),
            via: via.clone(),
            recipients: recipients.clone(),
            failed: failed.clone(),
            at,
        }),
        _ => {}
    }
}
