//! Rule 9 from the command line: the chain check (online, or offline on an
//! export file with the same verifier as `docs/verify_log.py`), the warning
//! an export of a broken log gets, and an administrator's acknowledgement of
//! a break (`muster admin log acknowledge`).

use super::{Ctx, reference, usage};
use crate::cli::VerifyArgs;
use crate::output;
use crate::server_cmd::LogCommand;
use anyhow::{Context, Result};
use muster_domain::log::{Verification, verify_export_json};
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

pub async fn verify(ctx: &Ctx, args: VerifyArgs) -> Result<ExitCode> {
    let (name, verification) = match (args.file, args.incident) {
        (Some(file), _) => (file.display().to_string(), verify_file(&file)?),
        (None, Some(incident)) => {
            let view = ctx.client()?.verify(&reference(&incident)).await?;
            (view.reference, view.verification)
        }
        (None, None) => return Err(usage("give an incident, or --file EXPORT.json")),
    };
    ctx.emit(&verification, |v| output::verification(&name, v))?;
    Ok(if verification.is_whole() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(crate::exit::LOG_BROKEN)
    })
}

/// Checks a JSON export offline as docs/log-format.md §5 says: the chain,
/// then the export's own totals. A file that is not an export is an error.
pub fn verify_file(path: &Path) -> Result<Verification> {
    let text = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(text)
        .with_context(|| format!("{} is not a log export: it is not UTF-8", path.display()))?;
    verify_export_json(&text).with_context(|| format!("{} is not a log export", path.display()))
}

/// Says on standard error that the exported log is broken: the exit status
/// `muster verify` gives (6); 0 when the chain holds.
pub fn warn_if_broken(incident: &str, v: &Verification) -> ExitCode {
    let Some(b) = &v.first_break else {
        return ExitCode::SUCCESS;
    };
    let _ = write!(
        std::io::stderr().lock(),
        "warning: the log of {incident} failed verification at entry #{}: {}\n\
         warning: the export was written, but it will not verify; an administrator must \
         act (muster admin log acknowledge {incident} --reason …)\n",
        b.seq,
        output::escape(&b.reason)
    );
    ExitCode::from(crate::exit::LOG_BROKEN)
}

pub async fn admin_log(ctx: &Ctx, command: LogCommand) -> Result<ExitCode> {
    match command {
        LogCommand::Acknowledge { incident, reason } => {
            let response = ctx
                .client()?
                .acknowledge_break(&reference(&incident), &reason)
                .await?;
            ctx.emit(&response, output::command_response)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_that_are_not_exports_are_errors_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        for body in ["", "[]", "{\"log\": 3}", "{\"nolog\": {}}"] {
            std::fs::write(&path, body).unwrap();
            assert!(verify_file(&path).is_err(), "{body}");
        }
        std::fs::write(&path, b"{\"log\": \"\xff\"}").unwrap();
        assert!(verify_file(&path).is_err(), "not UTF-8");
        assert!(verify_file(&dir.path().join("absent.json")).is_err());
    }
}
