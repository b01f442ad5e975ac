//! The regulatory obligation verbs. Anchors, jurisdictions, assessments and
//! submissions are commands posted to the incident like every other; the
//! obligations, clocks, drafts, register and rules are reads.

use super::{Ctx, print, reference};
use crate::cli::*;
use crate::exit::Invalid;
use crate::output::{self, escape};
use anyhow::{Context, Result};
use muster_api::{
    ClockView, CommandRequest, DraftRequest, ObligationView, RegisterEntry, RuleView,
};
use muster_client::RegisterFilter;
use muster_domain::{Audience, Command};
use std::collections::BTreeMap;
use std::process::ExitCode;

async fn post(ctx: &Ctx, incident: &str, command: Command<String>) -> Result<ExitCode> {
    let request = CommandRequest {
        command,
        occurred_at: None,
    };
    let response = ctx
        .client()?
        .command(&reference(incident), &request)
        .await?;
    ctx.emit(&response, output::command_response)?;
    Ok(ExitCode::SUCCESS)
}

pub async fn anchor(ctx: &Ctx, args: AnchorArgs) -> Result<ExitCode> {
    let at = args.at.unwrap_or_else(jiff::Timestamp::now);
    let command = Command::RecordAnchor {
        anchor: args.anchor,
        at,
    };
    post(ctx, &args.incident, command).await
}

pub async fn jurisdictions(ctx: &Ctx, args: JurisdictionsArgs) -> Result<ExitCode> {
    let command = Command::SetJurisdictions {
        jurisdictions: args.jurisdictions,
        sectors: args.sectors,
        reason: args.reason,
    };
    post(ctx, &args.incident, command).await
}

pub async fn obligation(ctx: &Ctx, command: ObligationCommand) -> Result<ExitCode> {
    match command {
        ObligationCommand::Assess {
            incident,
            regime,
            status,
            rationale,
        } => {
            let c = Command::AssessObligation {
                regime,
                status,
                rationale,
            };
            post(ctx, &incident, c).await
        }
        ObligationCommand::Submit {
            incident,
            regime,
            stage,
            reference,
            at,
            communication,
        } => {
            let c = Command::RecordSubmission {
                regime,
                stage,
                reference,
                at,
                communication,
            };
            post(ctx, &incident, c).await
        }
        ObligationCommand::Draft {
            incident,
            regime,
            stage,
            set,
            create,
        } => draft(ctx, &incident, &regime, &stage, set, create).await,
    }
}

async fn draft(
    ctx: &Ctx,
    incident: &str,
    regime: &str,
    stage: &str,
    set: Vec<String>,
    create: bool,
) -> Result<ExitCode> {
    let mut fields = BTreeMap::new();
    for pair in set {
        let Some((k, v)) = pair.split_once('=') else {
            return Err(Invalid {
                field: "set",
                message: format!(
                    "--set takes FIELD=TEXT, e.g. data-subject-count=\"about 1,200\"; got {pair:?}"
                ),
            }
            .into());
        };
        fields.insert(k.trim().to_owned(), v.to_owned());
    }
    let client = ctx.client()?;
    let incident = reference(incident);
    let draft = client
        .draft_notification(&incident, regime, stage, &DraftRequest { fields })
        .await?;
    if !create {
        ctx.emit(&draft, |d| {
            let mut out = format!(
                "{}\n\n{}\n",
                escape(&d.subject),
                output::escape_lines(&d.body)
            );
            if !d.missing.is_empty() {
                out.push_str(&format!(
                    "\nStill missing: {} (answer with --set FIELD=TEXT)\n",
                    escape(&d.missing.join(", "))
                ));
            }
            out
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let request = CommandRequest {
        command: Command::DraftCommunication {
            audience: Audience::External,
            recipients: vec![draft.recipient.clone()],
            subject: draft.subject.clone(),
            body: draft.body.clone(),
        },
        occurred_at: None,
    };
    let response = client.command(&incident, &request).await?;
    ctx.emit(&response, |r| {
        let mut out = output::command_response(r);
        if !draft.missing.is_empty() {
            out.push_str(&format!(
                "Drafted with fields still missing: {}\n",
                escape(&draft.missing.join(", "))
            ));
        }
        out
    })?;
    Ok(ExitCode::SUCCESS)
}

pub async fn list(ctx: &Ctx, incident: &str) -> Result<ExitCode> {
    let obligations = ctx.client()?.obligations(&reference(incident)).await?;
    ctx.emit(&obligations, |o| obligations_text(o))?;
    Ok(ExitCode::SUCCESS)
}

pub async fn clocks(ctx: &Ctx, args: ClocksArgs) -> Result<ExitCode> {
    let clocks = ctx.client()?.clocks(&reference(&args.incident)).await?;
    ctx.emit(&clocks, |c| clocks_text(c, args.explain))?;
    Ok(ExitCode::SUCCESS)
}

pub async fn register(ctx: &Ctx, args: RegisterArgs) -> Result<ExitCode> {
    let client = ctx.client()?;
    let filter = RegisterFilter {
        from: args.from,
        to: args.to,
        regime: args.regime,
    };
    let text = match (args.format.as_str(), ctx.json) {
        ("csv", _) => client.register_csv(&filter).await?,
        ("json", _) | (_, true) => {
            let entries = client.register(&filter).await?;
            let mut t = serde_json::to_string_pretty(&entries)?;
            t.push('\n');
            t
        }
        _ => register_text(&client.register(&filter).await?),
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, &text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            if !ctx.json {
                print(&format!(
                    "Wrote the breach register to {}.\n",
                    path.display()
                ))?;
            }
        }
        None => print(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn rules(ctx: &Ctx, command: RulesCommand) -> Result<ExitCode> {
    match command {
        RulesCommand::List => {
            let rules = ctx.client()?.rules().await?;
            ctx.emit(&rules, |r| rules_text(r))?;
        }
        RulesCommand::Check { dir } => match muster_obligations::check_dir(&dir) {
            Ok(checked) => ctx.emit(&checked, |c| {
                let mut out = format!("{}: {} rule file(s), all valid.\n", dir.display(), c.len());
                for r in c {
                    let change = match &r.change {
                        muster_obligations::RuleSetChange::Added => "adds a regime".to_owned(),
                        muster_obligations::RuleSetChange::Replaced { previous } => {
                            format!("replaces the shipped version {previous}")
                        }
                    };
                    out.push_str(&format!(
                        "  {}  {} version {}: {change}\n",
                        escape(&r.file),
                        escape(&r.id),
                        r.version
                    ));
                }
                out
            })?,
            Err(errors) => {
                return Err(Invalid {
                    field: "dir",
                    message: errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n"),
                }
                .into());
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// `71h 59m left`, `3h 2m overdue`.
fn left(seconds: i64) -> String {
    let (s, word) = if seconds < 0 {
        (-seconds, "overdue")
    } else {
        (seconds, "left")
    };
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    if d > 0 {
        format!("{d}d {h}h {m}m {word}")
    } else {
        format!("{h}h {m}m {word}")
    }
}

fn obligations_text(obligations: &[ObligationView]) -> String {
    if obligations.is_empty() {
        return "No obligation applies on what is recorded (security, personal data, jurisdictions, sectors).\n".into();
    }
    let mut out = String::new();
    for o in obligations {
        out.push_str(&format!(
            "{}  {}  [{}{}{}]  track: {}\n  to {} · {}\n",
            escape(&o.regime),
            escape(&o.title),
            o.applicability,
            if o.verified {
                ", verified"
            } else {
                ", unverified"
            },
            if o.rule_status == "proposed" {
                ", PROPOSED"
            } else {
                ""
            },
            o.status,
            escape(&o.recipient),
            escape(&o.legal_basis),
        ));
        if !o.rationale.is_empty() {
            out.push_str(&format!("  why: {}\n", escape(&o.rationale)));
        }
        for s in &o.stages {
            let when = match (&s.due_local, &s.deadline_words) {
                (Some(local), _) => format!(
                    "due {} ({})",
                    escape(local),
                    s.due_at
                        .map(muster_app::describe::short_time)
                        .unwrap_or_default()
                ),
                (None, Some(words)) => escape(words).into_owned(),
                (None, None) => format!(
                    "waiting for {}",
                    escape(
                        s.anchor
                            .as_deref()
                            .or(s.after.as_deref())
                            .unwrap_or("its start")
                    )
                ),
            };
            let extra = match (s.submitted_at, s.seconds_left) {
                (Some(at), _) => format!(" · submitted {}", muster_app::describe::short_time(at)),
                (None, Some(secs)) => format!(" · {}", left(secs)),
                _ => String::new(),
            };
            out.push_str(&format!(
                "    {}  {when} · {}{extra}\n",
                escape(&s.stage),
                s.state
            ));
        }
    }
    out
}

fn clocks_text(clocks: &[ClockView], explain: bool) -> String {
    if clocks.is_empty() {
        return "No deadline is running.\n".into();
    }
    let mut out = String::new();
    for c in clocks {
        out.push_str(&format!(
            "{} {}  due {} ({})  {}  to {}\n",
            escape(&c.regime),
            escape(&c.stage),
            escape(&c.due_local),
            muster_app::describe::short_time(c.due_at),
            left(c.seconds_left),
            escape(&c.recipient),
        ));
        if explain {
            for line in c.explanation.lines() {
                out.push_str(&format!("    {}\n", escape(line)));
            }
        }
    }
    out
}

fn register_text(entries: &[RegisterEntry]) -> String {
    if entries.is_empty() {
        return "The breach register is empty.\n".into();
    }
    let mut out = String::new();
    for e in entries {
        out.push_str(&format!(
            "{}  {}  personal data: {}  declared {}\n",
            escape(&e.reference),
            escape(&e.title),
            e.personal_data,
            e.declared_at
                .map(muster_app::describe::short_time)
                .unwrap_or_default()
        ));
        if e.decisions.is_empty() {
            out.push_str("    no obligation assessed yet\n");
        }
        for d in &e.decisions {
            out.push_str(&format!(
                "    {}: {}{}\n",
                escape(&d.regime),
                d.status,
                if d.rationale.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", escape(&d.rationale))
                }
            ));
        }
    }
    out
}

fn rules_text(rules: &[RuleView]) -> String {
    let mut out = String::new();
    for r in rules {
        out.push_str(&format!(
            "{}  v{}  {}{}  {}\n",
            escape(&r.regime),
            escape(&r.version),
            if r.verified { "verified" } else { "unverified" },
            if r.status == "proposed" {
                ", PROPOSED"
            } else {
                ""
            },
            escape(&r.title)
        ));
    }
    out
}
