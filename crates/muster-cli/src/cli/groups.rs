//! The verbs with subcommands of their own (workstream, finding, action,
//! communication) and the review's arguments.

use super::At;
use crate::time_arg;
use clap::{Args, Subcommand};
use jiff::Timestamp;
use muster_domain::PreventiveActionInput;
use muster_domain::vocab::{ActionStatus, Audience, Consistency, FindingKind, FindingStatus};

#[derive(Debug, Subcommand)]
pub enum WorkstreamCommand {
    /// Split off a workstream with its own lead.
    Create {
        incident: String,
        name: String,
        #[arg(long)]
        lead: String,
        #[command(flatten)]
        at: At,
    },
    /// Add someone to a workstream.
    Add {
        incident: String,
        workstream: String,
        person: String,
        #[command(flatten)]
        at: At,
    },
    /// Take someone off a workstream.
    Remove {
        incident: String,
        workstream: String,
        person: String,
        #[command(flatten)]
        at: At,
    },
    /// Close a workstream.
    Close {
        incident: String,
        workstream: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
}

#[derive(Debug, Subcommand)]
pub enum FindingCommand {
    /// Put a finding on the board.
    Add {
        incident: String,
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        /// known (an observation), unknown (a question) or suspected (a hypothesis).
        #[arg(long)]
        kind: FindingKind,
        /// Where a known came from.
        #[arg(long)]
        source: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// Delegate an unknown or a suspicion to an SME.
    Delegate {
        incident: String,
        finding: String,
        #[arg(long)]
        to: String,
        #[arg(long, value_parser = time_arg::future, allow_hyphen_values = true)]
        report_back: Timestamp,
        #[command(flatten)]
        at: At,
    },
    /// Answer an unknown, or confirm or refute a suspicion.
    Settle {
        incident: String,
        finding: String,
        /// answered, confirmed or refuted.
        #[arg(long)]
        status: FindingStatus,
        #[arg(long)]
        text: String,
        #[command(flatten)]
        at: At,
    },
    /// Mark a suspected × known pair in the competing-hypotheses grid.
    Assess {
        incident: String,
        #[arg(long)]
        suspected: String,
        #[arg(long)]
        known: String,
        /// consistent, inconsistent or not-applicable.
        #[arg(long)]
        consistency: Consistency,
        #[command(flatten)]
        at: At,
    },
    /// Cite what supports a finding: indicators (I3), steps of the
    /// attacker's timeline (TL2) or evidence items (EV1) on the incident.
    Cite {
        incident: String,
        finding: String,
        #[arg(required = true, num_args = 1.., value_name = "ID")]
        cites: Vec<String>,
        #[command(flatten)]
        at: At,
    },
}

#[derive(Debug, Subcommand)]
pub enum ActionCommand {
    /// Delegate work to an owner, with a report-back time.
    Add {
        incident: String,
        #[arg(required = true, num_args = 1..)]
        title: Vec<String>,
        #[arg(long)]
        owner: String,
        #[arg(long, value_parser = time_arg::future, allow_hyphen_values = true)]
        report_back: Timestamp,
        #[command(flatten)]
        at: At,
    },
    /// Report on an action: open, in-progress, done, or cancelled (with the
    /// reason as its report).
    Update {
        incident: String,
        action: String,
        #[arg(long)]
        status: ActionStatus,
        #[arg(long)]
        report: Option<String>,
        /// A new report-back time.
        #[arg(long, value_parser = time_arg::future, allow_hyphen_values = true)]
        report_back: Option<Timestamp>,
        #[command(flatten)]
        at: At,
    },
    /// Give an action to someone else.
    Reassign {
        incident: String,
        action: String,
        #[arg(long)]
        owner: String,
        #[arg(long, value_parser = time_arg::future, allow_hyphen_values = true)]
        report_back: Timestamp,
        #[command(flatten)]
        at: At,
    },
    /// Cancel an open action, with the reason (incident manager or deputy):
    /// one way to settle it before resolving.
    Cancel {
        incident: String,
        action: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Carry an open action into the review as a preventive action, tracked
    /// and reminded after close (incident manager or deputy).
    Carry {
        incident: String,
        action: String,
        /// When the preventive action is due.
        #[arg(long, value_parser = time_arg::future, allow_hyphen_values = true)]
        due: Timestamp,
        /// Its owner, if not the action's.
        #[arg(long)]
        owner: Option<String>,
        #[command(flatten)]
        at: At,
    },
}

#[derive(Debug, Subcommand)]
pub enum CommunicationCommand {
    /// Draft a message (comms lead).
    Draft {
        incident: String,
        /// internal, external or third-party.
        #[arg(long)]
        audience: Audience,
        /// A recipient; repeat for more.
        #[arg(long = "to", value_name = "RECIPIENT", required = true)]
        recipients: Vec<String>,
        #[arg(long)]
        subject: String,
        #[arg(long)]
        body: String,
        #[command(flatten)]
        at: At,
    },
    /// Agree a draft (incident manager).
    Agree {
        incident: String,
        communication: String,
        #[command(flatten)]
        at: At,
    },
    /// Record that an agreed message was sent.
    Send {
        incident: String,
        communication: String,
        /// How: email, status page, letter…
        #[arg(long)]
        via: String,
        #[command(flatten)]
        at: At,
    },
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    pub incident: String,
    #[arg(long)]
    pub went_well: String,
    #[arg(long)]
    pub even_better_if: String,
    /// A lesson learned; repeat for more.
    #[arg(long = "lesson", required = true)]
    pub lessons: Vec<String>,
    /// "title|owner|due"; repeat for more.
    #[arg(long = "preventive", value_name = "TITLE|OWNER|DUE", value_parser = preventive)]
    pub preventive: Vec<PreventiveActionInput<String>>,
    /// What led to the event.
    #[arg(long, default_value = "")]
    pub causes: String,
    /// How the response went.
    #[arg(long, default_value = "")]
    pub response: String,
    /// Everyone involved has been thanked.
    #[arg(long)]
    pub thanked: bool,
    #[command(flatten)]
    pub at: At,
}

fn preventive(s: &str) -> Result<PreventiveActionInput<String>, String> {
    let parts: Vec<&str> = s.split('|').map(str::trim).collect();
    let [title, owner, due] = parts[..] else {
        return Err(format!("`{s}` is not \"title|owner|due\""));
    };
    if title.is_empty() || owner.is_empty() {
        return Err(format!("`{s}` needs a title and an owner"));
    }
    Ok(PreventiveActionInput {
        title: title.to_owned(),
        owner: owner.to_owned(),
        due: time_arg::future(due)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preventive_actions_parse_from_title_owner_due() {
        let p = preventive("Rotate keys | ann@example.org | 2026-12-31T17:00:00Z").unwrap();
        assert_eq!(p.title, "Rotate keys");
        assert_eq!(p.owner, "ann@example.org");
        assert_eq!(p.due.to_string(), "2026-12-31T17:00:00Z");
        assert!(preventive("Rotate keys|ann").is_err());
        assert!(preventive("|ann|+1d").is_err());
        assert!(preventive("a|b|c|d").is_err());
        assert!(preventive("a|b|soon").unwrap_err().contains("RFC 3339"));
    }
}
