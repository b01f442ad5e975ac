//! Reporting a security event and triaging it.

use super::{Ctx, reference, usage, words};
use crate::cli::{DeclareArgs, ReportArgs, TriageArgs};
use crate::output;
use anyhow::Result;
use muster_api::{DeclareRequest, NewReportRequest, TriageRequest};
use muster_domain::vocab::ReportStatus;
use std::process::ExitCode;

pub async fn report(ctx: &Ctx, args: ReportArgs) -> Result<ExitCode> {
    let title = words(args.title);
    let request = NewReportRequest {
        description: args.description.unwrap_or_else(|| title.clone()),
        title,
        source: args.source,
    };
    let report = ctx.client()?.create_report(&request).await?;
    ctx.emit(&report, |r| {
        format!(
            "Reported {}. The on-call incident manager will triage it.\n",
            r.reference
        )
    })?;
    Ok(ExitCode::SUCCESS)
}

pub async fn list(
    ctx: &Ctx,
    report: Option<String>,
    status: Option<ReportStatus>,
) -> Result<ExitCode> {
    let client = ctx.client()?;
    match report {
        Some(report) => {
            let report = client.report(&reference(&report)).await?;
            ctx.emit(&report, output::report)?;
        }
        None => {
            let reports = client.reports(status).await?;
            ctx.emit(&reports, |r| output::reports(r))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn triage(ctx: &Ctx, args: TriageArgs) -> Result<ExitCode> {
    let request = if args.false_positive {
        let note = args
            .note
            .ok_or_else(|| usage("a false positive needs --note saying why"))?;
        TriageRequest::FalsePositive { note }
    } else {
        TriageRequest::Declare(Box::new(declaration(args.declaration)?))
    };
    send(ctx, &args.report, &request).await
}

pub async fn declare(ctx: &Ctx, report: &str, args: DeclareArgs) -> Result<ExitCode> {
    let request = TriageRequest::Declare(Box::new(declaration(args)?));
    send(ctx, report, &request).await
}

async fn send(ctx: &Ctx, report: &str, request: &TriageRequest) -> Result<ExitCode> {
    let response = ctx.client()?.triage(&reference(report), request).await?;
    ctx.emit(&response, output::triage)?;
    Ok(ExitCode::SUCCESS)
}

/// Names every missing flag at once, so one retry is enough.
fn declaration(d: DeclareArgs) -> Result<DeclareRequest> {
    let security = match (d.security, d.no_security) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    };
    let missing: Vec<&str> = [
        (d.severity.is_none(), "--severity"),
        (d.category.is_none(), "--category"),
        (security.is_none(), "--security or --no-security"),
        (d.personal_data.is_none(), "--personal-data yes|no|unknown"),
        (d.hypothesis.is_none(), "--hypothesis"),
    ]
    .into_iter()
    .filter_map(|(missing, flag)| missing.then_some(flag))
    .collect();
    let (Some(severity), Some(category), Some(security), Some(personal_data), Some(hypothesis)) = (
        d.severity,
        d.category,
        security,
        d.personal_data,
        d.hypothesis,
    ) else {
        return Err(usage(format!("declaring needs {}", missing.join(", "))));
    };
    Ok(DeclareRequest {
        title: d.title,
        severity,
        category,
        security,
        personal_data,
        restricted: d.restricted,
        source: d.source,
        hypothesis,
        incident_manager: d.incident_manager,
        team: d.team,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;
    use muster_domain::vocab::{PersonalData, Role};

    fn declare_args(args: &[&str]) -> DeclareArgs {
        let cli = Cli::try_parse_from([&["muster", "declare", "REP-1"], args].concat()).unwrap();
        match cli.command {
            Command::Declare { declare, .. } => declare,
            other => panic!("not declare: {other:?}"),
        }
    }

    #[test]
    fn a_full_declaration_becomes_the_request() {
        let d = declaration(declare_args(&[
            "--severity",
            "high",
            "--category",
            "data-breach",
            "--security",
            "--personal-data",
            "unknown",
            "--hypothesis",
            "stolen laptop",
            "--team",
            "ann@example.org=sme",
            "--team",
            "bob=deputy",
        ]))
        .unwrap();
        assert_eq!(d.severity, "high");
        assert!(d.security);
        assert_eq!(d.personal_data, PersonalData::Unknown);
        assert_eq!(d.team.len(), 2);
        assert_eq!(d.team[1].role, Role::Deputy);
        assert_eq!(d.restricted, None);
    }

    #[test]
    fn a_partial_declaration_names_everything_missing() {
        let err = declaration(declare_args(&["--severity", "low"])).unwrap_err();
        assert!(err.is::<super::super::UsageError>());
        assert_eq!(
            err.to_string(),
            "declaring needs --category, --security or --no-security, --personal-data yes|no|unknown, --hypothesis"
        );
        let err = declaration(declare_args(&[
            "--severity",
            "low",
            "--category",
            "phishing",
            "--no-security",
            "--personal-data",
            "no",
            "--hypothesis",
            "h",
        ]));
        assert!(!err.unwrap().security);
    }
}
