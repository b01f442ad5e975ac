//! An incident's current state, folded from its log. Folding never fails and
//! never checks rules: the rules ran when the events were decided, and the log
//! is the truth.

mod board;
mod calls;
mod communications;
mod evidence;
mod indicators;
mod lifecycle;
mod obligations;
mod team;
mod work;

pub use board::{Assessment, Finding};
pub use calls::{CallSchedule, Delivery};
pub use communications::{Briefing, Communication};
pub use evidence::{EvidenceItem, Transfer};
pub use indicators::{Indicator, Indicators, Link, Sighting, TimelineEvent};
pub use lifecycle::{EscalationSuggestion, PreventiveAction, Timings};
pub use obligations::{AnchorValue, Obligations, Submission, Track};
pub use team::{Assignment, Handover, Workstream};
pub use work::{Action, DecisionRecord, Recommendation, ReportBack};

use crate::event::{DecodeError, Event, PersonRef, ReportSummary, ReviewRecord};
use crate::log::{GENESIS_HASH, LogEntry, format_time};
use crate::payload::{CallRecord, ChatChannel};
use crate::vocab::{FindingStatus, PersonalData, Phase, Role};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IncidentState {
    pub id: Uuid,
    pub reference: String,
    pub title: String,
    pub severity: String,
    pub category: String,
    pub security: bool,
    pub personal_data: Option<PersonalData>,
    pub restricted: bool,
    pub source: String,
    pub hypothesis: String,
    pub phase: Option<Phase>,
    pub report: Option<ReportSummary>,
    /// Number of log entries folded so far (the last entry's `seq`).
    pub seq: u64,
    pub head_hash: String,
    pub timings: Timings,
    pub team: Vec<Assignment>,
    pub workstreams: Vec<Workstream>,
    pub findings: Vec<Finding>,
    pub assessments: Vec<Assessment>,
    pub recommendations: Vec<Recommendation>,
    pub actions: Vec<Action>,
    pub decisions: Vec<DecisionRecord>,
    pub escalation_suggestions: Vec<EscalationSuggestion>,
    pub handover: Option<Handover>,
    pub communications: Vec<Communication>,
    pub briefings: Vec<Briefing>,
    pub review: Option<ReviewRecord>,
    pub preventive_actions: Vec<PreventiveAction>,
    pub notes: u64,
    /// Heartbeat calls as set on the incident; see `calls::schedule`.
    pub calls: Option<CallSchedule>,
    pub call_records: Vec<CallRecord>,
    /// Agreed on the last heartbeat call.
    pub next_decision_at: Option<Timestamp>,
    pub chat: Option<ChatChannel>,
    pub deliveries: Vec<Delivery>,
    /// Regulatory obligations: anchors, jurisdictions, tracks, deadlines.
    #[serde(default)]
    pub obligations: Obligations,
    /// Indicators with their sightings and links, and the attacker's timeline.
    #[serde(default)]
    pub indicators: Indicators,
    /// The evidence register, with each item's chain of custody.
    #[serde(default)]
    pub evidence: Vec<EvidenceItem>,
}

impl IncidentState {
    pub fn new(id: Uuid) -> Self {
        IncidentState {
            id,
            head_hash: GENESIS_HASH.to_owned(),
            ..Default::default()
        }
    }

    pub fn is_declared(&self) -> bool {
        self.phase.is_some()
    }

    pub fn is_open(&self) -> bool {
        matches!(self.phase, Some(p) if p != Phase::Closed)
    }

    pub fn incident_manager(&self) -> Option<&PersonRef> {
        self.holders(Role::IncidentManager).next()
    }

    pub fn holders(&self, role: Role) -> impl Iterator<Item = &PersonRef> {
        self.team
            .iter()
            .filter(move |a| a.role == role)
            .map(|a| &a.person)
    }

    pub fn roles_of(&self, person: Uuid) -> impl Iterator<Item = Role> + '_ {
        self.team
            .iter()
            .filter(move |a| a.person.id == person)
            .map(|a| a.role)
    }

    pub fn holds(&self, person: Uuid, role: Role) -> bool {
        self.roles_of(person).any(|r| r == role)
    }

    pub fn is_member(&self, person: Uuid) -> bool {
        self.team.iter().any(|a| a.person.id == person)
    }

    pub fn is_incident_manager(&self, person: Uuid) -> bool {
        self.holds(person, Role::IncidentManager)
    }

    /// Distinct people on the team, in order of first assignment.
    pub fn members(&self) -> Vec<&PersonRef> {
        let mut seen: Vec<&PersonRef> = Vec::new();
        for a in &self.team {
            if !seen.iter().any(|p| p.id == a.person.id) {
                seen.push(&a.person);
            }
        }
        seen
    }

    pub fn finding(&self, id: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.id == id)
    }

    pub fn action(&self, id: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.id == id)
    }

    pub fn recommendation(&self, id: &str) -> Option<&Recommendation> {
        self.recommendations.iter().find(|r| r.id == id)
    }

    pub fn evidence_item(&self, id: &str) -> Option<&EvidenceItem> {
        self.evidence.iter().find(|e| e.record.id == id)
    }

    pub fn workstream(&self, id: &str) -> Option<&Workstream> {
        self.workstreams.iter().find(|w| w.id == id)
    }

    /// The ids of the open actions `person` owns.
    pub fn open_actions_of(&self, person: Uuid) -> Vec<&str> {
        self.actions
            .iter()
            .filter(|a| a.owner.id == person && a.status.is_open())
            .map(|a| a.id.as_str())
            .collect()
    }

    /// Open actions past their report-back time. Once the incident is closed
    /// only preventive actions tick (rule 7), so none is.
    pub fn overdue_actions(&self, now: Timestamp) -> impl Iterator<Item = &Action> {
        let open = self.is_open();
        self.actions
            .iter()
            .filter(move |a| open && a.is_overdue(now))
    }

    /// Delegated findings past their report-back time: clocks like actions.
    pub fn overdue_findings(&self, now: Timestamp) -> impl Iterator<Item = &Finding> {
        let open = self.is_open();
        self.findings
            .iter()
            .filter(move |f| open && f.is_overdue(now))
    }

    /// Preventive actions past their due date, before and after close.
    pub fn overdue_preventive_actions(
        &self,
        now: Timestamp,
    ) -> impl Iterator<Item = &PreventiveAction> {
        self.preventive_actions
            .iter()
            .filter(move |p| p.is_overdue(now))
    }

    /// Work that still has a clock running and must be settled before the
    /// incident is resolved or closed: open actions and delegated findings.
    pub fn open_work(&self) -> (Vec<&Action>, Vec<&Finding>) {
        (
            self.actions.iter().filter(|a| a.status.is_open()).collect(),
            self.findings
                .iter()
                .filter(|f| f.status == FindingStatus::Delegated)
                .collect(),
        )
    }

    /// The team counts as assembled once the roll call names an incident
    /// manager, deputy and secretariat and at least one SME.
    pub fn is_assembled(&self) -> bool {
        team::is_assembled(self)
    }

    /// Seals `event` onto the head of this incident's chain as the next entry
    /// and folds it in, so that the next entry links to this one: what a
    /// store's writer does with every decided event.
    pub fn append(
        &mut self,
        actor: &PersonRef,
        now: Timestamp,
        occurred_at: Option<Timestamp>,
        event: &Event,
    ) -> LogEntry {
        let entry = LogEntry {
            incident: self.id,
            seq: self.seq + 1,
            recorded_at: format_time(now),
            occurred_at: occurred_at.map(format_time),
            actor: actor.id,
            actor_name: actor.name.clone(),
            kind: event.kind().to_owned(),
            v: Event::VERSION,
            payload: event.payload_json(),
            prev_hash: String::new(),
            hash: String::new(),
        }
        .seal(&self.head_hash);
        self.apply(event, actor.id, now);
        self.head_hash.clone_from(&entry.hash);
        entry
    }

    /// Applies one recorded event, handing it to the concern that folds it.
    /// `at` is the entry's recording time.
    pub fn apply(&mut self, event: &Event, actor: Uuid, at: Timestamp) {
        use Event::*;
        match event {
            Declared(_)
            | Escalated { .. }
            | EscalationSuggested { .. }
            | EscalationDeclined { .. }
            | PhaseChanged { .. }
            | RestrictionChanged { .. }
            | ScopeChanged { .. }
            | ReviewRecorded(_)
            | PreventiveActionUpdated { .. }
            | Closed { .. } => lifecycle::apply(self, event, actor, at),
            RoleAssigned { .. }
            | RoleStoodDown { .. }
            | WorkstreamCreated { .. }
            | WorkstreamMemberAdded { .. }
            | WorkstreamMemberRemoved { .. }
            | WorkstreamClosed { .. }
            | HandoverBriefed { .. }
            | HandoverAcknowledged { .. }
            | HandoverCancelled { .. }
            | CommandAssumed { .. } => team::apply(self, event, at),
            FindingAdded { .. }
            | FindingDelegated { .. }
            | FindingResolved { .. }
            | FindingAssessed { .. } => board::apply(self, event),
            RecommendationMade { .. }
            | RecommendationApproved { .. }
            | RecommendationRejected { .. }
            | ActionCreated { .. }
            | ActionUpdated { .. }
            | ActionReassigned { .. }
            | ActionCarried { .. }
            | DecisionRecorded { .. }
            | NoteAdded { .. }
            | Corrected { .. } => work::apply(self, event, at),
            CommunicationDrafted { .. }
            | CommunicationAgreed { .. }
            | CommunicationSent { .. }
            | BriefingRecorded { .. } => communications::apply(self, event, actor, at),
            CallsScheduled { .. }
            | CallRecorded(_)
            | ChatChannelOpened(_)
            | CommunicationDelivered { .. } => calls::apply(self, event, at),
            AnchorRecorded { .. }
            | JurisdictionsSet { .. }
            | ObligationAssessed { .. }
            | SubmissionRecorded { .. }
            | DeadlinesComputed { .. } => obligations::apply(self, event, actor, at),
            IndicatorAdded(_)
            | SightingRecorded(_)
            | IndicatorLinked { .. }
            | TimelineEventAdded(_) => indicators::apply(self, event, actor, at),
            FindingCited { .. } => board::apply(self, event),
            EvidenceAdded(_) | CustodyTransferred { .. } | CustodyAcknowledged { .. } => {
                evidence::apply(self, event, at)
            }
            // Only the chain's verification reads it.
            BreakAcknowledged { .. } => {}
        }
        self.seq += 1;
        if self.timings.assembled_at.is_none() && self.is_declared() && self.is_assembled() {
            self.timings.assembled_at = Some(at);
        }
    }

    /// Folds a log's entries into state, checking nothing: use it on stored,
    /// verified entries.
    pub fn fold<'a>(
        id: Uuid,
        entries: impl IntoIterator<Item = &'a LogEntry>,
    ) -> Result<IncidentState, DecodeError> {
        let mut state = IncidentState::new(id);
        for entry in entries {
            state.apply_entry(entry)?;
        }
        Ok(state)
    }

    /// Applies one stored entry: decodes its event, folds it, and moves the head.
    pub fn apply_entry(&mut self, entry: &LogEntry) -> Result<(), DecodeError> {
        let event = Event::decode(&entry.kind, entry.v, &entry.payload)?;
        let at = entry
            .recorded_at
            .parse::<Timestamp>()
            .unwrap_or(Timestamp::UNIX_EPOCH);
        self.apply(&event, entry.actor, at);
        self.head_hash.clone_from(&entry.hash);
        Ok(())
    }
}
