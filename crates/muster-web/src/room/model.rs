//! The shapes the room's templates read: plain strings and flags, computed
//! once per render by [`super::view::build`].

pub use super::offer::Offer;
pub use super::owed::OwedView;
use crate::reports::Choice;
use crate::time::Clock;

pub struct Chip {
    pub id: String,
    pub name: String,
    pub tags: String,
    pub is_me: bool,
    /// The viewer may stand this person down from this role.
    pub can_stand_down: bool,
}

pub struct RoleRow {
    pub role: &'static str,
    pub label: &'static str,
    pub people: Vec<Chip>,
}

pub struct GapView {
    pub message: String,
    pub rule: Option<u8>,
}

pub struct WorkstreamView {
    pub id: String,
    pub name: String,
    pub lead: String,
    pub members: String,
    pub open: bool,
}

pub struct FindingView {
    pub id: String,
    pub text: String,
    pub source: String,
    pub status: &'static str,
    pub delegated_to: String,
    pub clock: Option<Clock>,
    /// Delegated, past its report-back time, on an incident not yet closed.
    pub overdue: bool,
    pub resolution: String,
    pub open: bool,
    pub kind: &'static str,
    /// The viewer may settle it (`permit_item::settle`).
    pub can_settle: bool,
    /// What it cites (`I3`, `TL2`, `EV1`), each with what it is.
    pub cites: Vec<CiteChip>,
}

pub struct CiteChip {
    pub id: String,
    pub summary: String,
    /// The cited item's place in the room's panels.
    pub anchor: String,
}

pub struct Cell {
    pub known: String,
    pub value: &'static str,
}

pub struct GridRow {
    pub suspected: String,
    pub text: String,
    pub cells: Vec<Cell>,
}

pub struct RecView {
    pub id: String,
    pub text: String,
    pub by: String,
    pub by_id: String,
}

pub struct ActionView {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub status: &'static str,
    pub report: String,
    pub clock: Clock,
    pub open: bool,
    /// The viewer may report back on it (`permit_item::update_action`).
    pub can_update: bool,
}

pub struct DecisionView {
    pub id: String,
    pub text: String,
    pub rationale: String,
    pub by: String,
    pub at: String,
}

pub struct SuggestionView {
    pub id: String,
    pub text: String,
}

pub struct HandoverView {
    pub from: String,
    pub to: String,
    pub brief: String,
    pub to_me: bool,
}

pub struct CommView {
    pub id: String,
    pub audience: &'static str,
    pub subject: String,
    pub recipients: String,
    pub status: &'static str,
    pub draft: bool,
    pub agreed: bool,
}

pub struct BriefingView {
    pub stakeholder: String,
    pub summary: String,
}

pub struct PreventiveView {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub clock: Clock,
    pub done: bool,
    /// The action it was carried from, if any.
    pub carried_from: String,
    pub can_update: bool,
}

/// Everything the room shows except the timeline.
/// The incident's chat channel, whichever platform it is on.
pub struct ChatLink {
    /// `Slack`, `Matrix`, `Teams`.
    pub platform: String,
    pub name: String,
    /// Opens the channel (`matrix.to` for Matrix); Slack records none.
    pub url: Option<String>,
}

pub struct RoomView {
    /// The first break of the incident's log, when it failed verification:
    /// the room warns, and nothing can be added until an administrator acts.
    pub chain_break: Option<String>,
    /// The indicator panels (issue 11), filled in beside the catalogue.
    pub ind: super::indicators::Panel,
    pub reference: String,
    pub title: String,
    pub severity: String,
    pub sev_class: String,
    pub category: String,
    pub phase: &'static str,
    pub restricted: bool,
    pub security: bool,
    pub personal_data: &'static str,
    pub source: String,
    pub hypothesis: String,
    pub chat: Option<ChatLink>,
    pub open: bool,
    pub cold: bool,
    pub closed: bool,
    pub csrf: String,
    pub head_seq: u64,
    pub my_roles: String,
    /// The commands the viewer may issue now (the domain's `permit::may`).
    pub may: Offer,
    /// The work waiting on the viewer, most urgent first.
    pub owed: Vec<OwedView>,
    pub indicators: usize,
    pub evidence: usize,
    pub can_write: bool,
    pub im_name: String,
    pub roll: Vec<RoleRow>,
    pub gaps: Vec<GapView>,
    pub span_warning: Option<String>,
    pub direct_reports: usize,
    pub span_limit: usize,
    pub workstreams: Vec<WorkstreamView>,
    pub known: Vec<FindingView>,
    pub unknown: Vec<FindingView>,
    pub suspected: Vec<FindingView>,
    pub grid_known: Vec<String>,
    pub grid: Vec<GridRow>,
    pub pending: Vec<RecView>,
    pub decided_recs: usize,
    pub actions: Vec<ActionView>,
    pub overdue: usize,
    pub overdue_findings: usize,
    pub overdue_preventive: usize,
    pub decisions: Vec<DecisionView>,
    pub suggestions: Vec<SuggestionView>,
    pub handover: Option<HandoverView>,
    pub brief: String,
    pub communications: Vec<CommView>,
    pub briefings: Vec<BriefingView>,
    pub has_review: bool,
    pub lessons: Vec<String>,
    pub preventive: Vec<PreventiveView>,
    pub people: Vec<Choice>,
    pub team_people: Vec<Choice>,
    /// Who may own an action (`permit_item::owner`: rule 2).
    pub owners: Vec<Choice>,
    pub smes: Vec<Choice>,
    pub roles: Vec<&'static str>,
    pub severities: Vec<String>,
    pub categories: Vec<String>,
    /// Regulators' deadlines and the incident's obligations.
    pub obligations: super::obligations::ObligationsPanel,
}
