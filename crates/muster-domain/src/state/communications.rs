//! Communications (rule 6) and stakeholder briefings as folded.

use super::IncidentState;
use crate::event::Event;
use crate::vocab::{Audience, CommunicationStatus};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Communication {
    pub id: String,
    pub audience: Audience,
    pub recipients: Vec<String>,
    pub subject: String,
    pub body: String,
    pub status: CommunicationStatus,
    pub sent_via: Option<String>,
    pub sent_at: Option<Timestamp>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Briefing {
    pub id: String,
    pub stakeholder: String,
    pub summary: String,
    pub by: Uuid,
    pub at: Timestamp,
}

/// Folds this concern's events.
pub(super) fn apply(state: &mut IncidentState, event: &Event, actor: Uuid, at: Timestamp) {
    match event {
        Event::CommunicationDrafted {
            id,
            audience,
            recipients,
            subject,
            body,
        } => state.communications.push(Communication {
            id: id.clone(),
            audience: *audience,
            recipients: recipients.clone(),
            subject: subject.clone(),
            body: body.clone(),
            status: CommunicationStatus::Draft,
            sent_via: None,
            sent_at: None,
        }),
        Event::CommunicationAgreed { id } => {
            if let Some(c) = communication_mut(state, id) {
                c.status = CommunicationStatus::Agreed;
            }
        }
        Event::CommunicationSent { id, via } => {
            if let Some(c) = communication_mut(state, id) {
                c.status = CommunicationStatus::Sent;
                c.sent_via = Some(via.clone());
                c.sent_at = Some(at);
            }
        }
        Event::BriefingRecorded {
            id,
            stakeholder,
            summary,
        } => state.briefings.push(Briefing {
            id: id.clone(),
            stakeholder: stakeholder.clone(),
            summary: summary.clone(),
            by: actor,
            at,
        }),
        _ => {}
    }
}

fn communication_mut<'a>(state: &'a mut IncidentState, id: &str) -> Option<&'a mut Communication> {
    state.communications.iter_mut().find(|c| c.id == id)
}
