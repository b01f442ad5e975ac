//! The verbs that write to a declared incident: one per API command. Each takes
//! the incident first and an optional `--occurred-at`.

use super::groups::*;
use crate::time_arg;
use clap::{Args, Subcommand};
use jiff::Timestamp;
use muster_domain::vocab::{PersonalData, Phase, Role};

/// When it happened, if earlier than now.
#[derive(Debug, Clone, Args)]
pub struct At {
    /// When it happened, if earlier than now: RFC 3339, -30m, or HH:MM (UTC).
    #[arg(long, value_name = "TIME", value_parser = time_arg::past, allow_hyphen_values = true)]
    pub occurred_at: Option<Timestamp>,
}

#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// Staff a role: incident-manager, deputy, secretariat, sme, comms-lead, liaison.
    Assign {
        incident: String,
        /// Email, chat handle or id.
        person: String,
        role: Role,
        #[command(flatten)]
        at: At,
    },
    /// Stand someone down from a role.
    StandDown {
        incident: String,
        person: String,
        role: Role,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Split off, staff and close workstreams.
    #[command(subcommand)]
    Workstream(WorkstreamCommand),
    /// Add a note to the log.
    Note {
        incident: String,
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        #[command(flatten)]
        at: At,
    },
    /// Record a decision, with its rationale.
    Decide {
        incident: String,
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        #[arg(long)]
        rationale: String,
        /// Who decided [default: you].
        #[arg(long)]
        by: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// The board: knowns, unknowns and suspicions.
    #[command(subcommand)]
    Finding(FindingCommand),
    /// Put a recommendation to the group before doing it.
    Recommend {
        incident: String,
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        #[command(flatten)]
        at: At,
    },
    /// Approve a recommendation: a decision and an action.
    Approve {
        incident: String,
        /// e.g. R1.
        recommendation: String,
        /// When the owner reports back: RFC 3339, +30m, HH:MM (UTC).
        #[arg(long, value_parser = time_arg::future, allow_hyphen_values = true)]
        report_back: Timestamp,
        #[arg(long)]
        rationale: String,
        /// Who does it [default: whoever recommended it].
        #[arg(long)]
        owner: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// Reject a recommendation.
    Reject {
        incident: String,
        recommendation: String,
        #[arg(long)]
        rationale: String,
        #[command(flatten)]
        at: At,
    },
    /// Delegated work: always an owner and a report-back time.
    #[command(subcommand)]
    Action(ActionCommand),
    /// Change severity or category (incident manager).
    Escalate {
        incident: String,
        #[arg(long)]
        severity: Option<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        reason: String,
        /// Accept the deputy's suggestion with this id, e.g. E1.
        #[arg(long, value_name = "SUGGESTION")]
        accept: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// Suggest an escalation to the incident manager (deputy).
    SuggestEscalation {
        incident: String,
        #[arg(long)]
        severity: Option<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Decline the deputy's suggested escalation.
    DeclineEscalation {
        incident: String,
        suggestion: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Move between hot and warm, or reopen a resolved incident.
    Phase {
        incident: String,
        to: Phase,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Brief the next incident manager; command passes when they acknowledge.
    Handover {
        incident: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        brief: String,
        /// The role you take after handing over, e.g. sme.
        #[arg(long, value_name = "ROLE")]
        then: Option<Role>,
        #[command(flatten)]
        at: At,
    },
    /// Acknowledge a handover and take command.
    Acknowledge {
        incident: String,
        #[command(flatten)]
        at: At,
    },
    /// Cancel a pending handover.
    CancelHandover {
        incident: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Step into command when the incident manager is unavailable (deputy).
    AssumeCommand {
        incident: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Resolve: move to cold (incident manager).
    Resolve {
        incident: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Record the post-incident review.
    Review(ReviewArgs),
    /// Mark a preventive action done (or not).
    Preventive {
        incident: String,
        /// e.g. P1.
        id: String,
        #[arg(long)]
        done: bool,
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// Close the incident (needs its review).
    Close {
        incident: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Messages to users and third parties: draft, agree, send.
    #[command(subcommand)]
    Communication(CommunicationCommand),
    /// Record that a stakeholder was briefed (liaison).
    Briefing {
        incident: String,
        /// senior security leadership, SIRO, legal, a supplier, the SOC…
        #[arg(long)]
        stakeholder: String,
        #[arg(long)]
        summary: String,
        #[command(flatten)]
        at: At,
    },
    /// Correct an earlier log entry with a new one.
    Correct {
        incident: String,
        /// The entry's number.
        seq: u64,
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        #[command(flatten)]
        at: At,
    },
    /// Re-classify the incident's scope (incident manager): whether it is a
    /// security incident, whether it may involve personal data. Logged as an
    /// escalation; rule 4's gaps follow.
    Reclassify {
        incident: String,
        /// It is a security incident after all.
        #[arg(long, conflicts_with = "no_security")]
        security: bool,
        /// It is not a security incident.
        #[arg(long)]
        no_security: bool,
        /// yes, no or unknown.
        #[arg(long, value_name = "yes|no|unknown")]
        personal_data: Option<PersonalData>,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Restrict the incident to its team, or lift that.
    Restrict {
        incident: String,
        #[arg(value_name = "true|false", action = clap::ArgAction::Set)]
        restricted: bool,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
}
