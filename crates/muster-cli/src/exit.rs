//! How the CLI ends: the one table of exit statuses, and every error shown
//! the same way, as text on standard error or, with `--json`, as the API's
//! error JSON on standard output so that scripts read one shape either way.

use crate::commands::UsageError;
use crate::output::escape;
use muster_api::{ErrorBody, ErrorDetail};
use muster_client::ClientError;
use std::io::Write;
use std::process::ExitCode;

/// Done.
pub const OK: u8 = 0;
/// The server refused the request: a rule or invalid input (400, 409, 413,
/// 415, 422, 429), or input refused before sending it.
pub const REFUSED: u8 = 1;
/// The command was used wrongly: clap's usage errors, a missing flag, a bad URL.
pub const USAGE: u8 = 2;
/// What was asked for does not exist, or is not visible to you (404).
pub const NOT_FOUND: u8 = 3;
/// Not signed in, or not allowed (401, 403).
pub const DENIED: u8 = 4;
/// The server could not be reached, failed (5xx), or sent an unreadable answer.
pub const UNAVAILABLE: u8 = 5;
/// `muster verify`: the log is not whole; `muster evidence verify` (or a
/// download): a stored evidence file no longer matches its SHA-256.
pub const LOG_BROKEN: u8 = 6;
/// Something failed here: a file or the saved configuration could not be read
/// or written.
pub const LOCAL: u8 = 7;

/// The table, for `muster --help` (the README repeats it).
pub const TABLE: &str = "\
Exit status:
  0  ok
  1  refused by a rule or as invalid input (HTTP 400, 409, 413, 415, 422, 429)
  2  usage error (unknown flag, missing argument, bad --url)
  3  not found (HTTP 404)
  4  not signed in or not allowed (HTTP 401, 403)
  5  server unreachable, failed (HTTP 5xx) or its answer unreadable
  6  verify: the log is not whole, or an evidence file no longer matches its SHA-256
  7  local failure (a file or the saved configuration)

With --json, errors are printed on standard output as the API's error JSON,
{\"error\": {\"code\", \"message\", \"field\"?, \"rule\"?}}, whatever their kind.";

/// Input refused before it was sent, naming its field: exits [`REFUSED`].
#[derive(Debug)]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Invalid {}

/// What an error is: its exit status, its JSON body, and a hint for people.
#[derive(Debug, PartialEq, Eq)]
pub struct Failure {
    pub status: u8,
    pub body: ErrorBody,
    pub hint: Option<&'static str>,
}

fn local(status: u8, code: &str, message: String) -> Failure {
    Failure {
        status,
        body: ErrorBody {
            error: ErrorDetail {
                code: code.to_owned(),
                message,
                field: None,
                rule: None,
            },
        },
        hint: None,
    }
}

/// The status an HTTP error status maps to.
fn for_http(status: u16) -> u8 {
    match status {
        401 | 403 => DENIED,
        404 => NOT_FOUND,
        400..=499 => REFUSED,
        _ => UNAVAILABLE,
    }
}

/// Classifies an error from anywhere in the CLI.
pub fn failure(error: &anyhow::Error) -> Failure {
    let client = error.chain().find_map(|e| e.downcast_ref::<ClientError>());
    if let Some(ClientError::Api { status, body }) = client {
        return Failure {
            status: for_http(*status),
            body: body.clone(),
            hint: (*status == 401).then_some(
                "pass --token, set MUSTER_TOKEN, or run `muster login --url URL --token TOKEN`",
            ),
        };
    }
    let message = format!("{error:#}");
    match client {
        Some(ClientError::Transport(_)) => Failure {
            hint: Some("is `muster serve` running there? Give the server with --url or MUSTER_URL"),
            ..local(
                UNAVAILABLE,
                "unreachable",
                format!("cannot reach the server: {message}"),
            )
        },
        Some(ClientError::Decode(_)) => local(UNAVAILABLE, "bad-response", message),
        Some(ClientError::InvalidUrl { .. }) => local(USAGE, "usage", message),
        _ => {
            if let Some(invalid) = error.chain().find_map(|e| e.downcast_ref::<Invalid>()) {
                let mut f = local(REFUSED, "invalid", invalid.message.clone());
                f.body.error.field = Some(invalid.field.to_owned());
                f
            } else if error.chain().any(|e| e.is::<UsageError>()) {
                local(USAGE, "usage", message)
            } else {
                local(LOCAL, "local", message)
            }
        }
    }
}

/// Shows `error` as `--json` asks and returns the exit status.
pub fn report(error: &anyhow::Error, json: bool) -> ExitCode {
    let failure = failure(error);
    if json {
        print_json(&failure.body);
    } else {
        let _ = std::io::stderr()
            .lock()
            .write_all(text(&failure).as_bytes());
    }
    ExitCode::from(failure.status)
}

/// `error: <code>: <message> (field …, rule N)`, escaped: a server's message
/// may quote what someone typed.
pub fn text(failure: &Failure) -> String {
    let d = &failure.body.error;
    let mut out = match d.code.as_str() {
        "usage" | "local" | "unreachable" | "bad-response" => format!("error: {}", d.message),
        code => format!("error: {code}: {}", d.message),
    };
    match (&d.field, d.rule) {
        (Some(field), Some(rule)) => out.push_str(&format!(" (field {field}, rule {rule})")),
        (Some(field), None) => out.push_str(&format!(" (field {field})")),
        (None, Some(rule)) => out.push_str(&format!(" (rule {rule})")),
        (None, None) => {}
    }
    let mut out = escape(&out).into_owned();
    out.push('\n');
    if let Some(hint) = failure.hint {
        out.push_str(&format!("hint: {hint}\n"));
    }
    out
}

fn print_json(body: &ErrorBody) {
    let mut text = serde_json::to_string_pretty(body).unwrap_or_else(|_| {
        r#"{"error":{"code":"local","message":"cannot print the error"}}"#.to_owned()
    });
    text.push('\n');
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Whether `--json` was asked for, read from the raw arguments: for when
/// clap itself refused them.
pub fn json_requested(args: impl IntoIterator<Item = std::ffi::OsString>) -> bool {
    args.into_iter()
        .skip(1)
        .take_while(|a| a != "--")
        .any(|a| a == "--json")
}

/// A command line clap refused: its own text, or with `--json` the same
/// message as an error body; [`USAGE`] either way. Help and the version are
/// not errors and print as clap prints them.
pub fn clap_error(error: clap::Error, json: bool) -> ExitCode {
    use clap::error::ErrorKind::{DisplayHelp, DisplayVersion};
    if matches!(error.kind(), DisplayHelp | DisplayVersion) || !json {
        let _ = error.print();
        return ExitCode::from(if error.use_stderr() { USAGE } else { OK });
    }
    let message =
        if error.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            "a subcommand is missing; see `muster --help`".to_owned()
        } else {
            clap_message(&error)
        };
    print_json(&local(USAGE, "usage", message).body);
    ExitCode::from(USAGE)
}

/// clap's message without its `error: ` prefix and the usage lines after it.
fn clap_message(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let head = rendered
        .split("\n\nUsage:")
        .next()
        .unwrap_or(&rendered)
        .split("\n\nFor more information")
        .next()
        .unwrap_or(&rendered);
    let head = head.trim().strip_prefix("error: ").unwrap_or(head.trim());
    head.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::usage;

    fn api(status: u16) -> anyhow::Error {
        ClientError::Api {
            status,
            body: ErrorBody {
                error: ErrorDetail {
                    code: "rule-violation".into(),
                    message: "needs an owner".into(),
                    field: Some("owner".into()),
                    rule: Some(3),
                },
            },
        }
        .into()
    }

    #[test]
    fn each_kind_of_error_has_its_status() {
        let statuses: Vec<u8> = [400, 409, 413, 422, 429, 404, 401, 403, 500, 503]
            .map(|s| failure(&api(s)).status)
            .to_vec();
        assert_eq!(statuses, [1, 1, 1, 1, 1, 3, 4, 4, 5, 5]);
        assert_eq!(failure(&usage("give --severity")).status, USAGE);
        let io = anyhow::anyhow!("disk full").context("cannot write out.md");
        assert_eq!(failure(&io).status, LOCAL);
        let bad_url = ClientError::InvalidUrl {
            url: "x".into(),
            reason: "no".into(),
        };
        assert_eq!(failure(&bad_url.into()).status, USAGE);
    }

    #[test]
    fn text_names_code_field_and_rule_and_hints_at_signing_in() {
        assert_eq!(
            text(&failure(&api(409))),
            "error: rule-violation: needs an owner (field owner, rule 3)\n"
        );
        assert!(text(&failure(&api(401))).contains("hint: pass --token"));
        assert_eq!(
            text(&failure(&usage("give --severity"))),
            "error: give --severity\n"
        );
        let io = anyhow::anyhow!("disk full").context("cannot write out.md");
        assert_eq!(
            text(&failure(&io)),
            "error: cannot write out.md: disk full\n"
        );
    }

    #[test]
    fn a_message_quoting_control_characters_is_escaped() {
        let e = ClientError::Api {
            status: 422,
            body: ErrorBody {
                error: ErrorDetail {
                    code: "invalid".into(),
                    message: "no person `\u{1b}[2Jx` in the directory".into(),
                    field: Some("owner".into()),
                    rule: None,
                },
            },
        };
        assert_eq!(
            text(&failure(&e.into())),
            "error: invalid: no person `\\u{1b}[2Jx` in the directory (field owner)\n"
        );
    }

    #[test]
    fn json_is_read_from_the_raw_arguments() {
        let args = |a: &[&str]| {
            a.iter()
                .map(Into::into)
                .collect::<Vec<std::ffi::OsString>>()
        };
        assert!(json_requested(args(&["muster", "show", "--json"])));
        assert!(!json_requested(args(&[
            "muster", "note", "I", "--", "--json"
        ])));
        assert!(!json_requested(args(&["--json"])));
    }
}
