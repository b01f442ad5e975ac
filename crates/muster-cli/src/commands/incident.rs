//! The incident verbs: each becomes one `Command` posted to the incident.

use super::{Ctx, reference, subverbs, words};
use crate::cli::*;
use crate::output;
use anyhow::Result;
use muster_api::CommandRequest;
use muster_domain::{Command, ReviewInput};
use std::process::ExitCode;

pub async fn run(ctx: &Ctx, command: IncidentCommand) -> Result<ExitCode> {
    let (incident, command, At { occurred_at }) = to_api(command);
    let request = CommandRequest {
        command,
        occurred_at,
    };
    let response = ctx
        .client()?
        .command(&reference(&incident), &request)
        .await?;
    ctx.emit(&response, output::command_response)?;
    Ok(ExitCode::SUCCESS)
}

/// Each verb's incident, command and stated time.
fn to_api(command: IncidentCommand) -> (String, Command<String>, At) {
    use IncidentCommand as C;
    match command {
        C::Assign {
            incident,
            person,
            role,
            at,
        } => (incident, Command::AssignRole { person, role }, at),
        C::StandDown {
            incident,
            person,
            role,
            reason,
            at,
        } => (
            incident,
            Command::StandDown {
                person,
                role,
                reason,
            },
            at,
        ),
        C::Workstream(w) => subverbs::workstream(w),
        C::Note { incident, text, at } => (incident, Command::AddNote { text: words(text) }, at),
        C::Decide {
            incident,
            text,
            rationale,
            by,
            at,
        } => (
            incident,
            Command::RecordDecision {
                text: words(text),
                rationale,
                by,
            },
            at,
        ),
        C::Finding(f) => subverbs::finding(f),
        C::Recommend { incident, text, at } => {
            (incident, Command::Recommend { text: words(text) }, at)
        }
        C::Approve {
            incident,
            recommendation,
            report_back,
            rationale,
            owner,
            at,
        } => (
            incident,
            Command::Approve {
                recommendation,
                owner,
                report_back_at: report_back,
                rationale,
            },
            at,
        ),
        C::Reject {
            incident,
            recommendation,
            rationale,
            at,
        } => (
            incident,
            Command::Reject {
                recommendation,
                rationale,
            },
            at,
        ),
        C::Action(a) => subverbs::action(a),
        C::Escalate {
            incident,
            severity,
            category,
            reason,
            accept,
            at,
        } => (
            incident,
            Command::Escalate {
                severity,
                category,
                reason,
                suggestion: accept,
            },
            at,
        ),
        C::SuggestEscalation {
            incident,
            severity,
            category,
            reason,
            at,
        } => (
            incident,
            Command::SuggestEscalation {
                severity,
                category,
                reason,
            },
            at,
        ),
        C::DeclineEscalation {
            incident,
            suggestion,
            reason,
            at,
        } => (
            incident,
            Command::DeclineEscalation { suggestion, reason },
            at,
        ),
        C::Phase {
            incident,
            to,
            reason,
            at,
        } => (incident, Command::ChangePhase { to, reason }, at),
        C::Handover {
            incident,
            to,
            brief,
            then,
            at,
        } => (
            incident,
            Command::BriefHandover {
                to,
                brief,
                outgoing_role: then,
            },
            at,
        ),
        C::Acknowledge { incident, at } => (incident, Command::AcknowledgeHandover, at),
        C::CancelHandover {
            incident,
            reason,
            at,
        } => (incident, Command::CancelHandover { reason }, at),
        C::AssumeCommand {
            incident,
            reason,
            at,
        } => (incident, Command::AssumeCommand { reason }, at),
        C::Resolve {
            incident,
            reason,
            at,
        } => (incident, Command::Resolve { reason }, at),
        C::Review(r) => (
            r.incident,
            Command::RecordReview(ReviewInput {
                went_well: r.went_well,
                even_better_if: r.even_better_if,
                causes: r.causes,
                response: r.response,
                lessons: r.lessons,
                preventive_actions: r.preventive,
                thanked: r.thanked,
            }),
            r.at,
        ),
        C::Preventive {
            incident,
            id,
            done,
            note,
            at,
        } => (
            incident,
            Command::UpdatePreventiveAction { id, done, note },
            at,
        ),
        C::Close {
            incident,
            reason,
            at,
        } => (incident, Command::Close { reason }, at),
        C::Communication(c) => subverbs::communication(c),
        C::Briefing {
            incident,
            stakeholder,
            summary,
            at,
        } => (
            incident,
            Command::RecordBriefing {
                stakeholder,
                summary,
            },
            at,
        ),
        C::Correct {
            incident,
            seq,
            text,
            at,
        } => (
            incident,
            Command::Correct {
                seq,
                text: words(text),
            },
            at,
        ),
        C::Restrict {
            incident,
            restricted,
            reason,
            at,
        } => (incident, Command::SetRestricted { restricted, reason }, at),
        C::Reclassify {
            incident,
            security,
            no_security,
            personal_data,
            reason,
            at,
        } => (
            incident,
            Command::Reclassify {
                security: (security || no_security).then_some(security),
                personal_data,
                reason,
            },
            at,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command as Verb};
    use clap::Parser;
    use muster_domain::vocab::{ActionStatus, FindingKind, Role};

    fn parse(args: &[&str]) -> (String, muster_domain::Command<String>, At) {
        let cli = Cli::try_parse_from([&["muster"], args].concat()).unwrap();
        match cli.command {
            Verb::Incident(c) => to_api(c),
            other => panic!("not an incident command: {other:?}"),
        }
    }

    #[test]
    fn verbs_map_onto_api_commands() {
        let (inc, cmd, at) = parse(&[
            "assign",
            "INC-1",
            "ann@example.org",
            "sme",
            "--occurred-at",
            "2026-11-27T09:00:00Z",
        ]);
        assert_eq!(inc, "INC-1");
        assert_eq!(
            cmd,
            Command::AssignRole {
                person: "ann@example.org".into(),
                role: Role::Sme
            }
        );
        assert_eq!(at.occurred_at.unwrap().to_string(), "2026-11-27T09:00:00Z");

        let (_, cmd, at) = parse(&["note", "INC-1", "VPN", "logs", "requested"]);
        assert_eq!(
            cmd,
            Command::AddNote {
                text: "VPN logs requested".into()
            }
        );
        assert!(at.occurred_at.is_none());

        let (_, cmd, _) = parse(&[
            "finding", "add", "INC-1", "Laptop", "lost", "--kind", "known", "--source", "user",
        ]);
        assert_eq!(
            cmd,
            Command::AddFinding {
                kind: FindingKind::Known,
                text: "Laptop lost".into(),
                source: Some("user".into())
            }
        );

        let (_, cmd, _) = parse(&[
            "reclassify",
            "INC-1",
            "--no-security",
            "--personal-data",
            "yes",
            "--reason",
            "emails in the export",
        ]);
        assert_eq!(
            cmd,
            Command::Reclassify {
                security: Some(false),
                personal_data: Some(muster_domain::PersonalData::Yes),
                reason: "emails in the export".into()
            }
        );
        let (_, cmd, _) = parse(&["reclassify", "INC-1", "--reason", "r"]);
        assert!(matches!(
            cmd,
            Command::Reclassify {
                security: None,
                personal_data: None,
                ..
            }
        ));

        let (_, cmd, _) = parse(&[
            "action", "update", "INC-1", "A1", "--status", "done", "--report", "rotated",
        ]);
        assert_eq!(
            cmd,
            Command::UpdateAction {
                action: "A1".into(),
                status: ActionStatus::Done,
                report: Some("rotated".into()),
                report_back_at: None
            }
        );

        let (_, cmd, _) = parse(&["restrict", "INC-1", "false", "--reason", "no secrets"]);
        assert_eq!(
            cmd,
            Command::SetRestricted {
                restricted: false,
                reason: "no secrets".into()
            }
        );

        let (_, cmd, _) = parse(&["acknowledge", "INC-1", "--occurred-at", "-5m"]);
        assert_eq!(cmd, Command::AcknowledgeHandover);

        let (_, cmd, _) = parse(&[
            "review",
            "INC-1",
            "--went-well",
            "fast",
            "--even-better-if",
            "earlier",
            "--lesson",
            "a",
            "--lesson",
            "b",
            "--preventive",
            "MFA|bob|2026-12-31T00:00:00Z",
            "--thanked",
        ]);
        let Command::RecordReview(ReviewInput {
            lessons,
            preventive_actions,
            thanked,
            causes,
            ..
        }) = cmd
        else {
            panic!("not a review")
        };
        assert_eq!(lessons, ["a", "b"]);
        assert_eq!(preventive_actions.len(), 1);
        assert!(thanked);
        assert_eq!(causes, "");
    }

    #[test]
    fn bad_input_is_a_usage_error_not_a_panic() {
        for args in [
            &["assign", "INC-1", "ann", "boss"][..],
            &[
                "action",
                "add",
                "INC-1",
                "x",
                "--owner",
                "ann",
                "--report-back",
                "soon",
            ],
            &["note", "INC-1"],
            &["correct", "INC-1", "-3", "typo"],
            &["restrict", "INC-1", "maybe", "--reason", "x"],
            &["phase", "INC-1", "lukewarm", "--reason", "x"],
        ] {
            assert!(
                Cli::try_parse_from([&["muster"], args].concat()).is_err(),
                "{args:?}"
            );
        }
    }
}
