//! `muster actions --preventive` and `muster insights`.

use super::{Ctx, print};
use crate::output;
use anyhow::Result;
use std::process::ExitCode;

pub async fn preventive(ctx: &Ctx) -> Result<ExitCode> {
    let rows = ctx.client()?.preventive_actions().await?;
    ctx.emit(&rows, |r| {
        output::insights::preventive(r, jiff::Timestamp::now())
    })?;
    Ok(ExitCode::SUCCESS)
}

pub async fn show(ctx: &Ctx, csv: bool) -> Result<ExitCode> {
    let client = ctx.client()?;
    if csv {
        print(&client.insights_csv().await?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let view = client.insights().await?;
    ctx.emit(&view, output::insights::insights)?;
    Ok(ExitCode::SUCCESS)
}
