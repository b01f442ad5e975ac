//! The indicator verbs (issue 11): `muster indicator …`, `muster seen` and
//! `muster timeline-event add`.

use crate::time_arg;
use clap::{Args, Subcommand};
use jiff::Timestamp;
use muster_domain::vocab::{IndicatorLink, Precision};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum IndicatorCommand {
    /// Put an indicator on the incident. TYPE: ipv4, ipv6, cidr, domain, url,
    /// email, md5, sha1, sha256, sha512, file-name, account, host, process,
    /// registry-key, user-agent, cve, or one of the organisation's own.
    Add(IndicatorAddArgs),
    /// Import indicators from a CSV file, a STIX 2.1 bundle or a MISP event
    /// (told apart by content).
    Import { incident: String, file: PathBuf },
    /// The incident's indicators (shown defanged) and the attacker's timeline.
    List { incident: String },
    /// Record where and when an indicator was seen.
    Sighting(SightingArgs),
    /// Link an indicator to a finding it supports or refutes.
    Link {
        incident: String,
        /// The indicator, e.g. I3.
        indicator: String,
        /// The finding, e.g. F2.
        finding: String,
        /// supports or refutes.
        link: IndicatorLink,
    },
}

/// The organisation's MITRE ATT&CK catalogue.
#[derive(Debug, Subcommand)]
pub enum AttackCommand {
    /// Replace the catalogue with MITRE's ATT&CK STIX bundle (administrators
    /// only), e.g. enterprise-attack.json from
    /// https://github.com/mitre-attack/attack-stix-data. Revoked and
    /// deprecated techniques are left out; ids are checked by form either way.
    Import { file: PathBuf },
    /// The catalogue: every tactic and technique with its name.
    List,
}

#[derive(Debug, Args)]
pub struct IndicatorAddArgs {
    pub incident: String,
    #[arg(value_name = "TYPE")]
    pub ty: String,
    /// The value; defanged forms (hxxp://evil[.]com) are accepted.
    pub value: String,
    /// clear, green, amber (default), amber+strict or red.
    #[arg(long)]
    pub tlp: Option<String>,
    /// clear, green, amber or red.
    #[arg(long)]
    pub pap: Option<String>,
    /// It is an indicator of compromise.
    #[arg(long)]
    pub ioc: bool,
    /// A tag (repeat for more).
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    #[arg(long, value_parser = time_arg::past, allow_hyphen_values = true)]
    pub first_seen: Option<Timestamp>,
    #[arg(long, value_parser = time_arg::past, allow_hyphen_values = true)]
    pub last_seen: Option<Timestamp>,
    #[arg(long)]
    pub comment: Option<String>,
}

#[derive(Debug, Args)]
pub struct SightingArgs {
    pub incident: String,
    /// The indicator, e.g. I3.
    pub indicator: String,
    /// When it was seen: RFC 3339, -30m, or HH:MM (UTC).
    #[arg(long, value_parser = time_arg::past, allow_hyphen_values = true)]
    pub at: Timestamp,
    /// The end, when it was seen over a window.
    #[arg(long, value_parser = time_arg::past, allow_hyphen_values = true)]
    pub until: Option<Timestamp>,
    /// The host or asset it was seen on.
    #[arg(long = "on")]
    pub seen_on: Option<String>,
    /// What saw it (an EDR alert, a proxy log).
    #[arg(long)]
    pub source: Option<String>,
    /// Who saw it, when not you.
    #[arg(long = "by")]
    pub seen_by: Option<String>,
    #[arg(long)]
    pub count: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum TimelineEventCommand {
    /// Add a step of what the attacker did.
    Add(TimelineEventArgs),
}

#[derive(Debug, Args)]
pub struct TimelineEventArgs {
    pub incident: String,
    /// What happened.
    #[arg(required = true, num_args = 1..)]
    pub description: Vec<String>,
    /// When: RFC 3339, -30m, or HH:MM (UTC).
    #[arg(long, value_parser = time_arg::past, allow_hyphen_values = true)]
    pub at: Timestamp,
    /// exact (default), approximate or window.
    #[arg(long, default_value = "exact")]
    pub precision: Precision,
    /// The end of a window.
    #[arg(long, value_parser = time_arg::past, allow_hyphen_values = true)]
    pub until: Option<Timestamp>,
    /// The host or asset.
    #[arg(long)]
    pub host: Option<String>,
    /// An indicator involved, e.g. I3 (repeat for more).
    #[arg(long = "indicator")]
    pub indicators: Vec<String>,
    /// A MITRE ATT&CK id, e.g. T1566 or T1078.004 (repeat for more).
    #[arg(long = "attack")]
    pub attack: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Upload a file as evidence (`muster evidence add INC FILE`: streamed,
    /// hashed with SHA-256 on the way, refused if it is not the --sha256
    /// declared), or put an item held outside Muster on the register
    /// (`--external`, its words the description, with --sha256 and --location).
    Add(EvidenceAddArgs),
    /// Download an item's file (to the name it was uploaded with, or -o FILE;
    /// `-o -` for standard output). Every download is audited; the bytes are
    /// checked against the register's SHA-256 as they arrive.
    Download {
        incident: String,
        /// The item, e.g. EV1.
        evidence: String,
        /// Where to write it; an existing file is never overwritten.
        #[arg(short = 'o', long = "output")]
        output: Option<std::path::PathBuf>,
    },
    /// Re-hash the stored files of the incident (or of every incident you may
    /// see) and say which, if any, no longer match: exit status 6 then.
    Verify { incident: Option<String> },
    /// Hand an item you hold to someone on the team; custody passes when
    /// they acknowledge.
    Transfer {
        incident: String,
        /// The item, e.g. EV1.
        evidence: String,
        /// Who receives it: email, chat handle or id.
        to: String,
        #[arg(long)]
        reason: String,
        /// Where it goes (the forensics lab, safe 2).
        #[arg(long)]
        destination: String,
    },
    /// Acknowledge receipt of an item handed to you.
    Acknowledge { incident: String, evidence: String },
    /// The evidence register with each item's chain of custody.
    List { incident: String },
}

#[derive(Debug, Args)]
pub struct EvidenceAddArgs {
    pub incident: String,
    /// The file to upload; with --external, the words describing the item.
    #[arg(required = true, num_args = 1.., value_name = "FILE | DESCRIPTION")]
    pub what: Vec<String>,
    /// The item is held outside Muster (a disk image in a safe): nothing is
    /// uploaded; give its --sha256 and --location.
    #[arg(long)]
    pub external: bool,
    /// What it is [default for a file: its name].
    #[arg(long)]
    pub description: Option<String>,
    /// Its SHA-256, as computed when it was collected. An upload whose bytes
    /// hash to anything else is refused and nothing is kept.
    #[arg(long)]
    pub sha256: Option<String>,
    /// Where an --external item is kept.
    #[arg(long)]
    pub location: Option<String>,
    /// What it was taken from (a host, a mailbox).
    #[arg(long)]
    pub taken_from: String,
    /// When it was collected [default: now].
    #[arg(long, value_parser = time_arg::past, allow_hyphen_values = true)]
    pub collected_at: Option<Timestamp>,
    /// Who collected it [default: you].
    #[arg(long)]
    pub collected_by: Option<String>,
    /// With what tool.
    #[arg(long)]
    pub tool: Option<String>,
}
