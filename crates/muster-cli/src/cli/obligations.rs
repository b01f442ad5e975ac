//! The regulatory obligation verbs: anchors, jurisdictions, the obligations
//! and clocks of an incident, assessing, drafting and recording a
//! submission, the breach register and the rules.

use crate::time_arg;
use clap::{Args, Subcommand};
use jiff::Timestamp;
use muster_domain::vocab::{Anchor, ObligationStatus};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ObligationCommand {
    /// Assess one obligation (incident manager): assessing, not-required
    /// (the rationale goes in the breach register), due, delayed (with the
    /// delay's evidence) or complete.
    Assess {
        incident: String,
        /// The regime, e.g. gdpr-art-33 (`muster rules list`).
        regime: String,
        /// assessing, not-required, due, delayed or complete.
        status: ObligationStatus,
        #[arg(long)]
        rationale: String,
    },
    /// Record a stage as submitted to its recipient (incident manager or comms
    /// lead), with the submission's reference.
    Submit {
        incident: String,
        regime: String,
        /// The stage, e.g. notification, early-warning.
        stage: String,
        /// The case number or portal receipt.
        #[arg(long)]
        reference: String,
        /// When it went, if earlier than now: RFC 3339, -30m, or HH:MM (UTC).
        #[arg(long, value_parser = time_arg::past, allow_hyphen_values = true)]
        at: Option<Timestamp>,
        /// The agreed communication that carried it (recorded as sent, rule 6).
        #[arg(long)]
        communication: Option<String>,
    },
    /// A draft of a stage's notification, filled from the incident, with the
    /// fields still missing named; --create drafts it as a communication for
    /// the incident manager to agree (rule 6).
    Draft {
        incident: String,
        regime: String,
        stage: String,
        /// Answer a field the incident does not hold, e.g. --set data-subject-count="about 1,200".
        #[arg(long = "set", value_name = "FIELD=TEXT")]
        set: Vec<String>,
        /// Draft it as a communication to the regulator.
        #[arg(long)]
        create: bool,
    },
}

#[derive(Debug, Args)]
pub struct AnchorArgs {
    pub incident: String,
    /// detected, aware, classified-major, materiality-determined, discovered,
    /// ransom-paid or exploited-vulnerability-known.
    pub anchor: Anchor,
    /// When it happened [default: now]: RFC 3339, -30m, or HH:MM (UTC).
    #[arg(long, value_parser = time_arg::past, allow_hyphen_values = true)]
    pub at: Option<Timestamp>,
}

#[derive(Debug, Args)]
pub struct JurisdictionsArgs {
    pub incident: String,
    /// Where the data subjects are: country codes, `eu`, or subdivisions (us-ny).
    #[arg(required = true, num_args = 1..)]
    pub jurisdictions: Vec<String>,
    /// A sector the incident falls in, beside the organisation's (repeatable).
    #[arg(long = "sector")]
    pub sectors: Vec<String>,
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct ClocksArgs {
    pub incident: String,
    /// Say how each deadline was computed: the rule and its version, the
    /// anchor and its value, the unit, and each calendar step.
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// `table` (default), `csv` or `json`.
    #[arg(long, default_value = "table", value_parser = ["table", "csv", "json"])]
    pub format: String,
    /// Incidents declared at or after this time (RFC 3339).
    #[arg(long)]
    pub from: Option<String>,
    /// Incidents declared before this time (RFC 3339).
    #[arg(long)]
    pub to: Option<String>,
    /// Only incidents this regime applies or applied to, e.g. gdpr-art-33.
    #[arg(long)]
    pub regime: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// The rules in force on the server: shipped and the organisation's own.
    List,
    /// Check a directory of rule files (one TOML file per regime) here, without
    /// a server: each problem named by file, line and field.
    Check { dir: PathBuf },
}
