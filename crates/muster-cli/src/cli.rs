//! The command line, as clap types. Each verb maps onto one client call; the
//! incident verbs (one per API command) live in `cli/incident.rs`.

mod groups;
mod incident;
mod indicators;
mod obligations;

pub use groups::*;
pub use incident::*;
pub use indicators::*;
pub use obligations::*;

use crate::time_arg;
use clap::{ArgGroup, Args, Parser, Subcommand};
use jiff::Timestamp;
use muster_api::TeamMember;
use muster_domain::vocab::{PersonalData, ReportStatus, Role};
use std::path::PathBuf;
use uuid::Uuid;

#[derive(Debug, Parser)]
#[command(
    name = "muster",
    version,
    about = "Assemble and run the team handling a security or privacy incident.",
    after_help = crate::exit::TABLE
)]
pub struct Cli {
    /// The Muster server [default: the one saved by `muster login`, else http://127.0.0.1:7878].
    #[arg(long, global = true, env = "MUSTER_URL", value_name = "URL")]
    pub url: Option<String>,
    /// API token [default: the one saved by `muster login`].
    #[arg(long, global = true, env = "MUSTER_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Print the server's JSON response instead of text, for scripts.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a token against the server and save the URL and token for later commands.
    #[command(
        long_about = "Check a token against the server and save the URL and token for later commands.\n\n\
With --sso, sign in through the organisation's identity provider instead: the CLI listens on \
127.0.0.1 on a free port and opens the server's sign-on page in your browser (or prints its \
address); after you sign in there, the browser comes back to the CLI with a one-time code, \
which the CLI exchanges (with its own PKCE verifier) for an API token named \"muster login --sso\", \
saved like any other. The server must have sign-on configured (MUSTER_OIDC_ISSUER)."
    )]
    Login {
        /// Read the token from standard input instead of --token.
        #[arg(long, conflicts_with = "sso")]
        token_stdin: bool,
        /// Sign in through the identity provider in your browser, and save the token it gives.
        #[arg(long)]
        sso: bool,
        /// With --sso: print the address to open instead of opening a browser.
        #[arg(long, requires = "sso")]
        no_browser: bool,
    },
    /// Who the token belongs to.
    Me,
    /// Report a security event for the on-call incident manager to triage.
    Report(ReportArgs),
    /// List reports, or show one.
    Reports {
        /// Show this report, e.g. REP-2026-0012.
        report: Option<String>,
        /// awaiting-triage, false-positive or declared.
        #[arg(long)]
        status: Option<ReportStatus>,
    },
    /// Triage a report: --false-positive, or --declare an incident.
    Triage(TriageArgs),
    /// Declare a report as an incident (triage --declare).
    Declare {
        /// The report, e.g. REP-2026-0012.
        report: String,
        #[command(flatten)]
        declare: DeclareArgs,
    },
    /// List incidents.
    Incidents,
    /// An incident at a glance: roll call, gaps, board, actions, decisions.
    Show { incident: String },
    /// The incident's log.
    Timeline(TimelineArgs),
    /// Follow the incident's log live.
    Watch {
        incident: String,
        /// Start after this entry [default: the current head].
        #[arg(long)]
        after: Option<u64>,
    },
    /// Check that an incident's log is whole, on the server or in an export file.
    Verify(VerifyArgs),
    /// Export the incident's report and full log.
    Export(ExportArgs),
    /// The transparency log: its key, its checkpoints, and proofs fetched
    /// from the server and verified here against the pinned key.
    #[command(subcommand)]
    Log(crate::commands::tlog::LogVerb),
    #[command(flatten)]
    Incident(IncidentCommand),
    /// Record a moment a regulator's clock runs from (whoever establishes it).
    Anchor(AnchorArgs),
    /// Set whose personal data the incident touches and its sectors (incident
    /// manager): the regimes that apply follow.
    Jurisdictions(JurisdictionsArgs),
    /// Every obligation to notify the incident may owe: regime, recipient,
    /// legal basis, whether the rule is verified, its track and its stages.
    Obligations { incident: String },
    /// Assess, draft or record the submission of one obligation.
    #[command(subcommand)]
    Obligation(ObligationCommand),
    /// The deadlines running, with the time left, in the organisation's time zone and UTC.
    Clocks(ClocksArgs),
    /// The breach register (GDPR Art. 33(5)): every incident that involved or
    /// may have involved personal data, with its notify / not-notify decisions.
    Register(RegisterArgs),
    /// The notification rules: those in force, or check a directory of your own.
    #[command(subcommand)]
    Rules(RulesCommand),
    // ---- Indicators and the attacker's timeline (issue 11).
    /// Indicators on an incident: add, import, list, record a sighting, link to a finding.
    #[command(subcommand)]
    Indicator(IndicatorCommand),
    /// Have we seen this before? Every incident you may see that holds the value.
    Seen {
        /// The value, as typed or defanged.
        value: String,
        /// Its type [default: guessed from the value].
        #[arg(long = "type")]
        ty: Option<String>,
    },
    /// The organisation's MITRE ATT&CK catalogue: import MITRE's bundle, list it.
    #[command(subcommand)]
    Attack(AttackCommand),
    /// The attacker's timeline: add an event.
    #[command(subcommand)]
    TimelineEvent(TimelineEventCommand),
    /// The evidence register and its chain of custody.
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// The directory of people who can hold a role.
    #[command(subcommand)]
    People(PeopleCommand),
    /// Your API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Who is the on-call incident manager, now and next.
    #[command(subcommand)]
    Rota(RotaCommand),
    /// Who read which restricted incident, from where, every download of an
    /// evidence file, and every refused look (administrators).
    Audit {
        #[arg(long)]
        incident: Option<String>,
        /// Email, chat handle or id.
        #[arg(long)]
        person: Option<String>,
        #[arg(long)]
        limit: Option<u32>,
    },

    /// Every open preventive action across the incidents you may see, soonest
    /// due first, with its owner, due date and incident; overdue ones marked.
    Actions {
        /// The preventive actions (from reviews, or carried from an incident's
        /// actions): the only list across incidents so far, so required.
        #[arg(long, required = true)]
        preventive: bool,
    },
    /// The organisation's incident figures over the incidents you may see:
    /// time to triage, declare, assemble, contain and resolve (median and
    /// 90th percentile), report-backs and regulators' deadlines kept and
    /// missed, preventive actions open and overdue.
    Insights {
        /// Print the figures as CSV instead (the duration statistics, a blank
        /// line, then one row per incident); it wins over --json.
        #[arg(long)]
        csv: bool,
    },

    // ---- `serve`, `admin …` and `config`: wired by the lead engineer in
    // ---- src/server_cmd.rs, which replaces the stub there.
    #[command(flatten)]
    Server(Box<crate::server_cmd::ServerCommand>),
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A short title.
    #[arg(required = true, num_args = 1..)]
    pub title: Vec<String>,
    /// What happened [default: the title].
    #[arg(long)]
    pub description: Option<String>,
    /// Where it came from: an alert, a user, a supplier…
    #[arg(long, default_value = "cli")]
    pub source: String,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("outcome").required(true).args(["false_positive", "declare"])))]
pub struct TriageArgs {
    /// The report, e.g. REP-2026-0012.
    pub report: String,
    /// Not an incident: close it, kept for trend analysis (needs --note).
    #[arg(long)]
    pub false_positive: bool,
    /// Why it is a false positive.
    #[arg(long, requires = "false_positive")]
    pub note: Option<String>,
    /// Declare it an incident.
    #[arg(long)]
    pub declare: bool,
    #[command(flatten)]
    pub declaration: DeclareArgs,
}

/// What a declaration says; required ones are checked when declaring.
#[derive(Debug, Args)]
pub struct DeclareArgs {
    /// The incident's title [default: the report's].
    #[arg(long)]
    pub title: Option<String>,
    /// Required when declaring.
    #[arg(long)]
    pub severity: Option<String>,
    /// Required when declaring.
    #[arg(long)]
    pub category: Option<String>,
    /// A security incident (restricted by default). One of --security/--no-security is required.
    #[arg(long, conflicts_with = "no_security")]
    pub security: bool,
    /// Not a security incident (a privacy or operational one).
    #[arg(long)]
    pub no_security: bool,
    /// yes, no or unknown (required when declaring).
    #[arg(long, value_name = "yes|no|unknown")]
    pub personal_data: Option<PersonalData>,
    /// The working hypothesis (required when declaring).
    #[arg(long)]
    pub hypothesis: Option<String>,
    /// Where it came from [default: the report's source].
    #[arg(long)]
    pub source: Option<String>,
    /// Restrict it to its team [default: restricted if --security].
    #[arg(long, value_name = "true|false")]
    pub restricted: Option<bool>,
    /// Who commands it [default: you].
    #[arg(long, value_name = "PERSON")]
    pub incident_manager: Option<String>,
    /// A team member, `person=role`; repeat for more.
    #[arg(long, value_name = "PERSON=ROLE", value_parser = team_member)]
    pub team: Vec<TeamMember>,
}

fn team_member(s: &str) -> Result<TeamMember, String> {
    let (person, role) = s
        .rsplit_once('=')
        .ok_or_else(|| format!("`{s}` is not person=role"))?;
    let person = person.trim();
    if person.is_empty() {
        return Err(format!("`{s}` names no person"));
    }
    let role: Role = role.trim().parse()?;
    Ok(TeamMember {
        person: person.to_owned(),
        role,
    })
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    pub incident: String,
    /// Entries after this one, oldest first [default: the latest ones].
    #[arg(long, conflicts_with = "all")]
    pub after: Option<u64>,
    /// How many entries (1 to 1000).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
    /// Every entry, from the first.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").required(true).args(["incident", "file"])))]
pub struct VerifyArgs {
    /// Ask the server to check this incident's log.
    pub incident: Option<String>,
    /// Check a JSON export offline instead.
    #[arg(long, value_name = "EXPORT.json")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub incident: String,
    /// md, json or html (the report and log); stix or misp (the indicators).
    #[arg(long, default_value = "md", value_parser = ["md", "json", "html", "stix", "misp"])]
    pub format: String,
    /// With stix or misp: nothing marked above this TLP leaves [default: amber].
    #[arg(long)]
    pub tlp: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Everyone in the directory.
    List,
    /// Add someone (administrators).
    Add(PersonFields),
    /// One person, by email, chat handle or id.
    Show { person: String },
    /// Change someone's details; what you leave out stays.
    Update {
        person: String,
        #[command(flatten)]
        fields: PersonUpdate,
    },
    /// Give someone a login (administrators).
    Login {
        person: String,
        /// Make them an administrator.
        #[arg(long)]
        admin: bool,
        /// Read a password (12 characters or more) from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Debug, Args)]
pub struct PersonFields {
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub email: String,
    /// Chat handle.
    #[arg(long)]
    pub handle: Option<String>,
    #[arg(long)]
    pub slack_id: Option<String>,
    /// Matrix user id, e.g. @ana:example.org (invited to incident rooms on Matrix).
    #[arg(long)]
    pub matrix_id: Option<String>,
    /// Microsoft Entra object id, for the incident's Teams channel.
    #[arg(long)]
    pub teams_id: Option<String>,
    /// Expertise tags, e.g. security-analyst,data-privacy; repeatable.
    #[arg(long, value_delimiter = ',')]
    pub expertise: Vec<String>,
    #[arg(long)]
    pub team: Option<String>,
}

#[derive(Debug, Args)]
pub struct PersonUpdate {
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub handle: Option<String>,
    #[arg(long)]
    pub slack_id: Option<String>,
    /// Matrix user id, e.g. @ana:example.org (invited to incident rooms on Matrix).
    #[arg(long)]
    pub matrix_id: Option<String>,
    /// Microsoft Entra object id, for the incident's Teams channel.
    #[arg(long)]
    pub teams_id: Option<String>,
    /// Replaces the tags; give it once with no value to clear them.
    #[arg(long, value_delimiter = ',', num_args = 0..)]
    pub expertise: Option<Vec<String>>,
    #[arg(long)]
    pub team: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Mint a token; the secret is shown once.
    Create {
        name: String,
        /// Mint it for someone else (administrators).
        #[arg(long)]
        person: Option<String>,
    },
    /// Your tokens.
    List,
    /// Revoke a token by id.
    Revoke { id: Uuid },
}

#[derive(Debug, Subcommand)]
pub enum RotaCommand {
    /// On call now, next, and the shifts ahead.
    Show,
    /// Put someone on call (administrators).
    Add {
        /// Email, chat handle or id.
        #[arg(long)]
        person: String,
        /// Start: RFC 3339, +2h, HH:MM (UTC) or now.
        #[arg(long, value_parser = time_arg::future, allow_hyphen_values = true)]
        from: Timestamp,
        /// End: RFC 3339, +8h, HH:MM (UTC).
        #[arg(long, value_parser = time_arg::future, allow_hyphen_values = true)]
        to: Timestamp,
    },
    /// Remove a shift by id (administrators).
    Remove { id: Uuid },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn team_members_parse_as_person_equals_role() {
        let m = team_member("ann@example.org=sme").unwrap();
        assert_eq!((m.person.as_str(), m.role), ("ann@example.org", Role::Sme));
        assert!(team_member("ann").is_err());
        assert!(team_member("=sme").is_err());
        assert!(
            team_member("ann=boss")
                .unwrap_err()
                .contains("incident-manager")
        );
    }

    #[test]
    fn triage_needs_an_outcome() {
        assert!(Cli::try_parse_from(["muster", "triage", "REP-1"]).is_err());
        assert!(
            Cli::try_parse_from(["muster", "triage", "REP-1", "--false-positive", "--declare"])
                .is_err()
        );
        assert!(
            Cli::try_parse_from([
                "muster",
                "triage",
                "REP-1",
                "--false-positive",
                "--note",
                "x"
            ])
            .is_ok()
        );
    }
}
