//! The indicator verbs: adds, sightings, links and timeline events are
//! commands on the incident; imports, lists and lookups have routes of
//! their own.

use super::{Ctx, reference, words};
use crate::cli::{AttackCommand, IndicatorCommand, TimelineEventCommand};
use crate::output;
use anyhow::{Context, Result};
use muster_api::CommandRequest;
use muster_domain::Command;
use muster_domain::indicator::{IndicatorInput, SightingInput, TimelineInput};
use std::process::ExitCode;

pub async fn indicator(ctx: &Ctx, command: IndicatorCommand) -> Result<ExitCode> {
    use IndicatorCommand as C;
    let (incident, command) = match command {
        C::Import { incident, file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let answer = ctx
                .client()?
                .import_indicators(&reference(&incident), bytes)
                .await?;
            ctx.emit(&answer, output::import)?;
            return Ok(ExitCode::SUCCESS);
        }
        C::List { incident } => {
            let view = ctx.client()?.indicators(&reference(&incident)).await?;
            ctx.emit(&view, output::indicators)?;
            return Ok(ExitCode::SUCCESS);
        }
        C::Add(a) => (
            a.incident,
            Command::AddIndicator(IndicatorInput {
                ty: a.ty,
                value: a.value,
                tlp: a.tlp,
                pap: a.pap,
                ioc: a.ioc,
                tags: a.tags,
                first_seen: a.first_seen,
                last_seen: a.last_seen,
                comment: a.comment,
            }),
        ),
        C::Sighting(s) => (
            s.incident,
            Command::RecordSighting(SightingInput {
                indicator: s.indicator,
                seen_at: s.at,
                seen_until: s.until,
                seen_on: s.seen_on,
                source: s.source,
                seen_by: s.seen_by,
                count: s.count,
            }),
        ),
        C::Link {
            incident,
            indicator,
            finding,
            link,
        } => (
            incident,
            Command::LinkIndicator {
                indicator,
                finding,
                link,
            },
        ),
    };
    post(ctx, &incident, command).await
}

pub async fn timeline_event(ctx: &Ctx, command: TimelineEventCommand) -> Result<ExitCode> {
    let TimelineEventCommand::Add(t) = command;
    let command = Command::AddTimelineEvent(TimelineInput {
        at: t.at,
        precision: t.precision,
        until: t.until,
        host: t.host,
        description: words(t.description),
        indicators: t.indicators,
        attack: t.attack,
    });
    post(ctx, &t.incident, command).await
}

pub async fn seen(ctx: &Ctx, value: &str, ty: Option<&str>) -> Result<ExitCode> {
    let answer = ctx.client()?.seen(value, ty).await?;
    ctx.emit(&answer, output::seen)?;
    Ok(ExitCode::SUCCESS)
}

pub(super) async fn post(ctx: &Ctx, incident: &str, command: Command<String>) -> Result<ExitCode> {
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

pub async fn attack(ctx: &Ctx, command: AttackCommand) -> Result<ExitCode> {
    match command {
        AttackCommand::Import { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let answer = ctx.client()?.import_attack_catalogue(bytes).await?;
            ctx.emit(&answer, output::attack_import)?;
        }
        AttackCommand::List => {
            let view = ctx.client()?.attack_catalogue().await?;
            ctx.emit(&view, output::attack_catalogue)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
