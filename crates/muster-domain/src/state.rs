//! An incident's current state, folded from its log. Folding never fails and
//! never checks rules: the rules ran when the events were decided, and the log
//! is the truth.

use crate::event::*;
use crate::vocab::*;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub person: PersonRef,
    pub role: Role,
    pub since: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workstream {
    pub id: String,
    pub name: String,
    pub lead: PersonRef,
    pub members: Vec<PersonRef>,
    pub open: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub id: String,
    pub kind: FindingKind,
    pub text: String,
    pub source: Option<String>,
    pub status: FindingStatus,
    pub delegated_to: Option<PersonRef>,
    pub report_back_at: Option<Timestamp>,
    pub resolution: Option<String>,
    pub seq: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub suspected: String,
    pub known: String,
    pub consistency: Consistency,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub id: String,
    pub text: String,
    pub by: PersonRef,
    pub status: RecommendationStatus,
    pub decision: Option<String>,
    pub action: Option<String>,
    pub seq: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub id: String,
    pub title: String,
    pub owner: PersonRef,
    pub report_back_at: Timestamp,
    pub status: ActionStatus,
    pub report: Option<String>,
    pub recommendation: Option<String>,
    pub created_at: Timestamp,
}

impl Action {
    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.status.is_open() && self.report_back_at < now
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub id: String,
    pub text: String,
    pub rationale: String,
    pub by: PersonRef,
    pub recommendation: Option<String>,
    pub at: Timestamp,
    pub seq: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EscalationSuggestion {
    pub id: String,
    pub severity: Option<String>,
    pub category: Option<String>,
    pub reason: String,
    pub by: Uuid,
    pub open: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handover {
    pub id: String,
    pub from: PersonRef,
    pub to: PersonRef,
    pub brief: String,
    pub outgoing_role: Option<Role>,
    pub briefed_at: Timestamp,
}

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

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreventiveAction {
    pub id: String,
    pub title: String,
    pub owner: PersonRef,
    pub due: Timestamp,
    pub done: bool,
    pub note: Option<String>,
}

/// The moments the lifecycle is timed by (PRODUCT.md, "Lifecycle").
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    pub reported_at: Option<Timestamp>,
    pub declared_at: Option<Timestamp>,
    /// First moment the roll call was full (manager, deputy, secretariat) with no
    /// rule 4 gap.
    pub assembled_at: Option<Timestamp>,
    /// First move out of `hot`.
    pub contained_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
}

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
    /// Heartbeat calls as set on the incident; see [`crate::calls::schedule`].
    pub calls: Option<crate::calls::CallSchedule>,
    pub call_records: Vec<crate::calls::CallRecord>,
    /// Agreed on the last heartbeat call.
    pub next_decision_at: Option<Timestamp>,
    pub chat: Option<crate::calls::ChatChannel>,
    pub deliveries: Vec<crate::calls::Delivery>,
}

impl IncidentState {
    pub fn new(id: Uuid) -> Self {
        IncidentState {
            id,
            head_hash: crate::log::GENESIS_HASH.to_owned(),
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

    pub fn workstream(&self, id: &str) -> Option<&Workstream> {
        self.workstreams.iter().find(|w| w.id == id)
    }

    pub fn overdue_actions(&self, now: Timestamp) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(move |a| a.is_overdue(now))
    }

    /// Applies one recorded event. `at` is the entry's recording time.
    pub fn apply(&mut self, event: &Event, actor: Uuid, at: Timestamp) {
        match event {
            Event::Declared(d) => {
                self.reference.clone_from(&d.reference);
                self.title.clone_from(&d.title);
                self.severity.clone_from(&d.severity);
                self.category.clone_from(&d.category);
                self.security = d.security;
                self.personal_data = Some(d.personal_data);
                self.restricted = d.restricted;
                self.source.clone_from(&d.source);
                self.hypothesis.clone_from(&d.hypothesis);
                self.phase = Some(Phase::Hot);
                self.report.clone_from(&d.report);
                self.timings.reported_at = d.report.as_ref().map(|r| r.reported_at);
                self.timings.declared_at = Some(at);
            }
            Event::RoleAssigned { person, role } => {
                self.team.push(Assignment {
                    person: person.clone(),
                    role: *role,
                    since: at,
                });
            }
            Event::RoleStoodDown { person, role, .. } => {
                self.team
                    .retain(|a| !(a.person.id == person.id && a.role == *role));
                if *role == Role::IncidentManager {
                    // Whoever briefed a handover no longer holds the command it passes.
                    if self
                        .handover
                        .as_ref()
                        .is_some_and(|h| h.from.id == person.id)
                    {
                        self.handover = None;
                    }
                }
            }
            Event::WorkstreamCreated { id, name, lead } => {
                self.workstreams.push(Workstream {
                    id: id.clone(),
                    name: name.clone(),
                    lead: lead.clone(),
                    members: Vec::new(),
                    open: true,
                });
            }
            Event::WorkstreamMemberAdded { id, person } => {
                if let Some(w) = self.workstreams.iter_mut().find(|w| &w.id == id) {
                    w.members.push(person.clone());
                }
            }
            Event::WorkstreamMemberRemoved { id, person } => {
                if let Some(w) = self.workstreams.iter_mut().find(|w| &w.id == id) {
                    w.members.retain(|m| m.id != person.id);
                }
            }
            Event::WorkstreamClosed { id, .. } => {
                if let Some(w) = self.workstreams.iter_mut().find(|w| &w.id == id) {
                    w.open = false;
                }
            }
            Event::FindingAdded {
                id,
                finding,
                text,
                source,
            } => self.findings.push(Finding {
                id: id.clone(),
                kind: *finding,
                text: text.clone(),
                source: source.clone(),
                status: FindingStatus::Open,
                delegated_to: None,
                report_back_at: None,
                resolution: None,
                seq: self.seq + 1,
            }),
            Event::FindingDelegated {
                id,
                to,
                report_back_at,
            } => {
                if let Some(f) = self.findings.iter_mut().find(|f| &f.id == id) {
                    f.status = FindingStatus::Delegated;
                    f.delegated_to = Some(to.clone());
                    f.report_back_at = Some(*report_back_at);
                }
            }
            Event::FindingResolved { id, status, text } => {
                if let Some(f) = self.findings.iter_mut().find(|f| &f.id == id) {
                    f.status = *status;
                    f.resolution = Some(text.clone());
                }
            }
            Event::FindingAssessed {
                suspected,
                known,
                consistency,
            } => {
                self.assessments
                    .retain(|a| !(&a.suspected == suspected && &a.known == known));
                self.assessments.push(Assessment {
                    suspected: suspected.clone(),
                    known: known.clone(),
                    consistency: *consistency,
                });
            }
            Event::RecommendationMade { id, text, by } => {
                self.recommendations.push(Recommendation {
                    id: id.clone(),
                    text: text.clone(),
                    by: by.clone(),
                    status: RecommendationStatus::Pending,
                    decision: None,
                    action: None,
                    seq: self.seq + 1,
                })
            }
            Event::RecommendationApproved {
                id,
                decision,
                action,
                ..
            } => {
                if let Some(r) = self.recommendations.iter_mut().find(|r| &r.id == id) {
                    r.status = RecommendationStatus::Approved;
                    r.decision = Some(decision.clone());
                    r.action = Some(action.clone());
                }
            }
            Event::RecommendationRejected { id, decision, .. } => {
                if let Some(r) = self.recommendations.iter_mut().find(|r| &r.id == id) {
                    r.status = RecommendationStatus::Rejected;
                    r.decision = Some(decision.clone());
                }
            }
            Event::ActionCreated {
                id,
                title,
                owner,
                report_back_at,
                recommendation,
            } => self.actions.push(Action {
                id: id.clone(),
                title: title.clone(),
                owner: owner.clone(),
                report_back_at: *report_back_at,
                status: ActionStatus::Open,
                report: None,
                recommendation: recommendation.clone(),
                created_at: at,
            }),
            Event::ActionUpdated {
                id,
                status,
                report,
                report_back_at,
            } => {
                if let Some(a) = self.actions.iter_mut().find(|a| &a.id == id) {
                    a.status = *status;
                    if report.is_some() {
                        a.report.clone_from(report);
                    }
                    if let Some(t) = report_back_at {
                        a.report_back_at = *t;
                    }
                }
            }
            Event::ActionReassigned {
                id,
                owner,
                report_back_at,
            } => {
                if let Some(a) = self.actions.iter_mut().find(|a| &a.id == id) {
                    a.owner = owner.clone();
                    a.report_back_at = *report_back_at;
                }
            }
            Event::DecisionRecorded {
                id,
                text,
                rationale,
                by,
                recommendation,
            } => self.decisions.push(DecisionRecord {
                id: id.clone(),
                text: text.clone(),
                rationale: rationale.clone(),
                by: by.clone(),
                recommendation: recommendation.clone(),
                at,
                seq: self.seq + 1,
            }),
            Event::NoteAdded { .. } | Event::Corrected { .. } => self.notes += 1,
            Event::Escalated {
                severity,
                category,
                suggestion,
                ..
            } => {
                if let Some(s) = severity {
                    self.severity.clone_from(s);
                }
                if let Some(c) = category {
                    self.category.clone_from(c);
                }
                self.close_suggestion(suggestion.as_deref());
            }
            Event::EscalationSuggested {
                id,
                severity,
                category,
                reason,
            } => self.escalation_suggestions.push(EscalationSuggestion {
                id: id.clone(),
                severity: severity.clone(),
                category: category.clone(),
                reason: reason.clone(),
                by: actor,
                open: true,
            }),
            Event::EscalationDeclined { id, .. } => self.close_suggestion(Some(id)),
            Event::PhaseChanged { from, to, .. } => {
                self.phase = Some(*to);
                if *from == Phase::Hot && self.timings.contained_at.is_none() {
                    self.timings.contained_at = Some(at);
                }
                if *to == Phase::Cold {
                    self.timings.resolved_at = Some(at);
                }
            }
            Event::RestrictionChanged { restricted, .. } => self.restricted = *restricted,
            Event::HandoverBriefed {
                id,
                from,
                to,
                brief,
                outgoing_role,
            } => {
                self.handover = Some(Handover {
                    id: id.clone(),
                    from: from.clone(),
                    to: to.clone(),
                    brief: brief.clone(),
                    outgoing_role: *outgoing_role,
                    briefed_at: at,
                })
            }
            Event::HandoverAcknowledged { .. } => {
                if let Some(h) = self.handover.take() {
                    self.pass_command(&h.to, at);
                    if let Some(role) = h.outgoing_role {
                        self.team.push(Assignment {
                            person: h.from.clone(),
                            role,
                            since: at,
                        });
                    }
                }
            }
            Event::HandoverCancelled { .. } => self.handover = None,
            Event::CommandAssumed { by, .. } => {
                self.handover = None;
                self.pass_command(by, at);
            }
            Event::CommunicationDrafted {
                id,
                audience,
                recipients,
                subject,
                body,
            } => self.communications.push(Communication {
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
                if let Some(c) = self.communications.iter_mut().find(|c| &c.id == id) {
                    c.status = CommunicationStatus::Agreed;
                }
            }
            Event::CommunicationSent { id, via } => {
                if let Some(c) = self.communications.iter_mut().find(|c| &c.id == id) {
                    c.status = CommunicationStatus::Sent;
                    c.sent_via = Some(via.clone());
                    c.sent_at = Some(at);
                }
            }
            Event::BriefingRecorded {
                id,
                stakeholder,
                summary,
            } => self.briefings.push(Briefing {
                id: id.clone(),
                stakeholder: stakeholder.clone(),
                summary: summary.clone(),
                by: actor,
                at,
            }),
            Event::ReviewRecorded(review) => {
                self.preventive_actions = review
                    .preventive_actions
                    .iter()
                    .map(|p| PreventiveAction {
                        id: p.id.clone(),
                        title: p.title.clone(),
                        owner: p.owner.clone(),
                        due: p.due,
                        done: false,
                        note: None,
                    })
                    .collect();
                self.review = Some(review.clone());
            }
            Event::PreventiveActionUpdated { id, done, note } => {
                if let Some(p) = self.preventive_actions.iter_mut().find(|p| &p.id == id) {
                    p.done = *done;
                    if note.is_some() {
                        p.note.clone_from(note);
                    }
                }
            }
            Event::Closed { .. } => {
                self.phase = Some(Phase::Closed);
                self.timings.closed_at = Some(at);
            }
            Event::CallsScheduled { .. }
            | Event::CallRecorded(_)
            | Event::ChatChannelOpened(_)
            | Event::CommunicationDelivered { .. } => crate::calls::apply(self, event, at),
        }
        self.seq += 1;
        if self.timings.assembled_at.is_none()
            && self.is_declared()
            && crate::team::is_assembled(self)
        {
            self.timings.assembled_at = Some(at);
        }
    }

    fn close_suggestion(&mut self, id: Option<&str>) {
        if let Some(id) = id
            && let Some(s) = self.escalation_suggestions.iter_mut().find(|s| s.id == id)
        {
            s.open = false;
        }
    }

    /// Command passes to `to`: they become the one incident manager and, under
    /// rule 2, give up every other role they held.
    fn pass_command(&mut self, to: &PersonRef, at: Timestamp) {
        self.team
            .retain(|a| a.role != Role::IncidentManager && a.person.id != to.id);
        self.team.insert(
            0,
            Assignment {
                person: to.clone(),
                role: Role::IncidentManager,
                since: at,
            },
        );
    }

    /// Folds a log's entries into state, checking nothing: use it on stored,
    /// verified entries.
    pub fn fold<'a>(
        id: Uuid,
        entries: impl IntoIterator<Item = &'a crate::log::LogEntry>,
    ) -> Result<IncidentState, crate::event::DecodeError> {
        let mut state = IncidentState::new(id);
        for entry in entries {
            state.apply_entry(entry)?;
        }
        Ok(state)
    }

    /// Applies one stored entry: decodes its event, folds it, and moves the head.
    pub fn apply_entry(
        &mut self,
        entry: &crate::log::LogEntry,
    ) -> Result<(), crate::event::DecodeError> {
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
