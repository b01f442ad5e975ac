//! Every rule of PRODUCT.md refusing over HTTP, with the error a user sees.

use crate::common::*;
use muster_api::*;
use muster_domain::{ActionStatus, Audience, PersonalData, Phase, Role};
use muster_domain::{PreventiveActionInput, ReviewInput};

backends!(rules_1_2_3_command_delegation_and_actions);
async fn rules_1_2_3_command_delegation_and_actions(server: TestServer) {
    let team = Team::new(&server).await;
    let inc = team.declare_staffed(&server.admin).await;
    let im = &team.im.client;

    // Rule 1: one incident manager; command passes only by handover.
    let second = run(
        im,
        &inc,
        Command::AssignRole {
            person: team.deputy.email().into(),
            role: Role::IncidentManager,
        },
    )
    .await;
    let message = refused(second, 409, Some(1), Some("role"));
    assert!(message.contains("handover"), "{message}");
    let stand_down = run(
        im,
        &inc,
        Command::StandDown {
            person: team.im.email().into(),
            role: Role::IncidentManager,
            reason: "tired".into(),
        },
    )
    .await;
    refused(stand_down, 409, Some(1), Some("role"));

    // Rule 2: the incident manager holds no other role and owns no action.
    let also_sme = run(
        im,
        &inc,
        Command::AssignRole {
            person: team.im.email().into(),
            role: Role::Sme,
        },
    )
    .await;
    let message = refused(also_sme, 409, Some(2), Some("person"));
    assert!(message.contains("hand command over"), "{message}");
    let own_action = run(
        im,
        &inc,
        Command::CreateAction {
            title: "Reset passwords".into(),
            owner: team.im.email().into(),
            report_back_at: in_minutes(30),
        },
    )
    .await;
    refused(own_action, 409, Some(2), Some("owner"));

    // Rule 3: every action has an owner and a report-back time in the future.
    let past = run(
        im,
        &inc,
        Command::CreateAction {
            title: "Pull logs".into(),
            owner: team.analyst.email().into(),
            report_back_at: in_minutes(-5),
        },
    )
    .await;
    let message = refused(past, 422, Some(3), Some("report_back_at"));
    assert!(message.contains("not in the future"), "{message}");
    let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_millis(1500);
    let created = run(
        im,
        &inc,
        Command::CreateAction {
            title: "Pull logs".into(),
            owner: team.analyst.email().into(),
            report_back_at: soon,
        },
    )
    .await
    .expect("action");
    assert_eq!(created.entries[0].kind, "action-created");
    // Only the manager or deputy delegate work.
    let by_sme = run(
        &team.analyst.client,
        &inc,
        Command::CreateAction {
            title: "x".into(),
            owner: team.privacy.email().into(),
            report_back_at: in_minutes(5),
        },
    )
    .await;
    // The refusal comes from rule 5 (SMEs recommend before doing) and names it.
    refused(by_sme, 403, Some(5), None);
    // An owner who still owns open actions cannot leave the team.
    let leave = run(
        im,
        &inc,
        Command::StandDown {
            person: team.analyst.email().into(),
            role: Role::Sme,
            reason: "done".into(),
        },
    )
    .await;
    let message = refused(leave, 409, Some(3), None);
    assert!(message.contains("A1"), "{message}");

    tokio::time::sleep(std::time::Duration::from_millis(1700)).await;
    let view = im.incident(&inc).await.expect("view");
    assert_eq!(
        view.overdue_actions,
        vec!["A1"],
        "the passed report-back time is flagged overdue"
    );

    // Done needs a report; then it is no longer overdue.
    let no_report = run(
        &team.analyst.client,
        &inc,
        Command::UpdateAction {
            action: "A1".into(),
            status: ActionStatus::Done,
            report: None,
            report_back_at: None,
        },
    )
    .await;
    refused(no_report, 422, None, Some("report"));
    run(
        &team.analyst.client,
        &inc,
        Command::UpdateAction {
            action: "A1".into(),
            status: ActionStatus::Done,
            report: Some("logs in the case folder".into()),
            report_back_at: None,
        },
    )
    .await
    .expect("done");
    assert!(
        im.incident(&inc)
            .await
            .expect("view")
            .overdue_actions
            .is_empty()
    );
}

backends!(rule_4_composition_gaps_block_resolution);
async fn rule_4_composition_gaps_block_resolution(server: TestServer) {
    let team = Team::new(&server).await;
    let inc = declare(
        &server.admin,
        &team.im.client,
        declare_request(true, PersonalData::Unknown, &[(&team.deputy, Role::Deputy)]),
    )
    .await;
    let im = &team.im.client;
    let view = im.incident(&inc).await.expect("view");
    let blocking: Vec<&str> = view
        .gaps
        .iter()
        .filter(|g| g.rule.map(muster_domain::Rule::number) == Some(4))
        .map(|g| g.code.as_str())
        .collect();
    assert_eq!(blocking, vec!["security-analyst", "data-privacy"]);

    let resolve = run(
        im,
        &inc,
        Command::Resolve {
            reason: "contained".into(),
        },
    )
    .await;
    let message = refused(resolve, 409, Some(4), None);
    assert!(message.contains("security analyst"), "{message}");

    run(
        im,
        &inc,
        Command::AssignRole {
            person: team.analyst.email().into(),
            role: Role::Sme,
        },
    )
    .await
    .expect("analyst");
    let resolve = run(
        im,
        &inc,
        Command::Resolve {
            reason: "contained".into(),
        },
    )
    .await;
    let message = refused(resolve, 409, Some(4), None);
    assert!(
        message.contains("data privacy"),
        "personal data unknown still needs privacy: {message}"
    );

    run(
        im,
        &inc,
        Command::AssignRole {
            person: team.privacy.email().into(),
            role: Role::Sme,
        },
    )
    .await
    .expect("privacy");
    assert!(
        im.incident(&inc)
            .await
            .expect("view")
            .gaps
            .iter()
            .all(|g| g.rule.is_none())
    );
    run(
        im,
        &inc,
        Command::Resolve {
            reason: "contained and eradicated".into(),
        },
    )
    .await
    .expect("resolved");
    assert_eq!(
        im.incident(&inc).await.expect("view").state.phase,
        Some(Phase::Cold)
    );
}

backends!(rules_5_6_7_recommendations_communications_and_command);
async fn rules_5_6_7_recommendations_communications_and_command(server: TestServer) {
    let team = Team::new(&server).await;
    let comms = server.member("Cleo Comms", &[]).await;
    let inc = team.declare_staffed(&server.admin).await;
    let im = &team.im.client;
    run(
        im,
        &inc,
        Command::AssignRole {
            person: comms.email().into(),
            role: Role::CommsLead,
        },
    )
    .await
    .expect("comms");

    // Rule 5: SMEs recommend; only the incident manager approves, as a logged decision.
    let by_im = run(
        im,
        &inc,
        Command::Recommend {
            text: "block the ASN".into(),
        },
    )
    .await;
    refused(by_im, 409, Some(5), None);
    run(
        &team.analyst.client,
        &inc,
        Command::Recommend {
            text: "Block ASN 64500 at the edge".into(),
        },
    )
    .await
    .expect("recommend");
    let by_deputy = run(
        &team.deputy.client,
        &inc,
        Command::Approve {
            recommendation: "R1".into(),
            owner: None,
            report_back_at: in_minutes(30),
            rationale: "ok".into(),
        },
    )
    .await;
    let message = refused(by_deputy, 403, Some(5), None);
    assert!(message.contains("only the incident manager"), "{message}");
    let approved = run(
        im,
        &inc,
        Command::Approve {
            recommendation: "R1".into(),
            owner: None,
            report_back_at: in_minutes(30),
            rationale: "cheap and reversible".into(),
        },
    )
    .await
    .expect("approve");
    let kinds: Vec<&str> = approved.entries.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec![
            "decision-recorded",
            "recommendation-approved",
            "action-created"
        ]
    );
    let view = im.incident(&inc).await.expect("view");
    assert_eq!(view.state.actions[0].owner.name, "Ana Analyst");
    assert_eq!(view.state.decisions[0].rationale, "cheap and reversible");

    // Rule 6: communications go out only once agreed by the incident manager.
    run(
        &comms.client,
        &inc,
        Command::DraftCommunication {
            audience: Audience::External,
            recipients: vec!["customers@example.org".into()],
            subject: "Service notice".into(),
            body: "We are investigating unusual sign-in activity.".into(),
        },
    )
    .await
    .expect("draft");
    let early = run(
        &comms.client,
        &inc,
        Command::SendCommunication {
            communication: "C1".into(),
            via: "email".into(),
        },
    )
    .await;
    let message = refused(early, 409, Some(6), None);
    assert!(message.contains("not been agreed"), "{message}");
    let agree_by_comms = run(
        &comms.client,
        &inc,
        Command::AgreeCommunication {
            communication: "C1".into(),
        },
    )
    .await;
    refused(agree_by_comms, 403, Some(6), None);
    run(
        im,
        &inc,
        Command::AgreeCommunication {
            communication: "C1".into(),
        },
    )
    .await
    .expect("agree");
    run(
        &comms.client,
        &inc,
        Command::SendCommunication {
            communication: "C1".into(),
            via: "email".into(),
        },
    )
    .await
    .expect("send");

    // Rule 7: only the incident manager escalates, resolves and closes.
    let esc = run(
        &team.deputy.client,
        &inc,
        Command::Escalate {
            severity: Some("SEV-1".into()),
            category: None,
            reason: "data left".into(),
            suggestion: None,
        },
    )
    .await;
    refused(esc, 403, Some(7), None);
    run(
        &team.deputy.client,
        &inc,
        Command::SuggestEscalation {
            severity: Some("SEV-1".into()),
            category: None,
            reason: "exfiltration seen".into(),
        },
    )
    .await
    .expect("suggest");
    run(
        im,
        &inc,
        Command::Escalate {
            severity: None,
            category: None,
            reason: "agreed".into(),
            suggestion: Some("E1".into()),
        },
    )
    .await
    .expect("accept");
    assert_eq!(
        im.incident(&inc).await.expect("view").state.severity,
        "SEV-1"
    );
    let resolve = run(
        &team.deputy.client,
        &inc,
        Command::Resolve {
            reason: "done".into(),
        },
    )
    .await;
    refused(resolve, 403, Some(7), None);
    // Rule 7: open work is settled first; the refusal names it.
    let open_work = run(
        im,
        &inc,
        Command::Resolve {
            reason: "contained".into(),
        },
    )
    .await;
    let message = refused(open_work, 409, Some(7), None);
    assert!(message.contains("A1"), "{message}");
    let view = im.incident(&inc).await.expect("view");
    for a in view.state.actions.iter().filter(|a| a.status.is_open()) {
        run(
            im,
            &inc,
            Command::CancelAction {
                action: a.id.clone(),
                reason: "overtaken by the lockdown".into(),
            },
        )
        .await
        .expect("cancel");
    }
    run(
        im,
        &inc,
        Command::Resolve {
            reason: "contained".into(),
        },
    )
    .await
    .expect("resolve");
    let close = run(
        im,
        &inc,
        Command::Close {
            reason: "done".into(),
        },
    )
    .await;
    let message = refused(close, 409, Some(7), None);
    assert!(message.contains("review"), "{message}");
    let no_lessons = run(
        im,
        &inc,
        Command::RecordReview(ReviewInput {
            went_well: "fast triage".into(),
            even_better_if: "earlier MFA".into(),
            causes: String::new(),
            response: String::new(),
            lessons: vec![" ".into()],
            preventive_actions: vec![],
            thanked: true,
        }),
    )
    .await;
    refused(no_lessons, 422, Some(7), Some("lessons"));
    run(
        im,
        &inc,
        Command::RecordReview(ReviewInput {
            went_well: "fast triage".into(),
            even_better_if: "earlier MFA".into(),
            causes: "password reuse".into(),
            response: "good".into(),
            lessons: vec!["enforce MFA on the portal".into()],
            preventive_actions: vec![PreventiveActionInput {
                title: "Roll out MFA".into(),
                owner: team.analyst.email().into(),
                due: in_minutes(60 * 24 * 14),
            }],
            thanked: true,
        }),
    )
    .await
    .expect("review");
    run(
        im,
        &inc,
        Command::Close {
            reason: "review done".into(),
        },
    )
    .await
    .expect("close");
    // Closed: no more work, but preventive actions stay tracked.
    let note = run(
        &team.secretariat.client,
        &inc,
        Command::AddNote {
            text: "late".into(),
        },
    )
    .await;
    refused(note, 409, None, None);
    run(
        &team.analyst.client,
        &inc,
        Command::UpdatePreventiveAction {
            id: "P1".into(),
            done: true,
            note: Some("MFA enforced".into()),
        },
    )
    .await
    .expect("preventive");
    assert!(
        im.incident(&inc)
            .await
            .expect("view")
            .state
            .preventive_actions[0]
            .done
    );
}

backends!(rules_8_and_9_handover_and_corrections);
async fn rules_8_and_9_handover_and_corrections(server: TestServer) {
    let team = Team::new(&server).await;
    let inc = team.declare_staffed(&server.admin).await;
    let im = &team.im.client;

    let no_brief = run(
        im,
        &inc,
        Command::BriefHandover {
            to: team.deputy.email().into(),
            brief: "  ".into(),
            outgoing_role: None,
        },
    )
    .await;
    refused(no_brief, 422, Some(8), Some("brief"));
    run(
        im,
        &inc,
        Command::BriefHandover {
            to: team.deputy.email().into(),
            brief: "Portal locked down; A1 pending".into(),
            outgoing_role: Some(Role::Sme),
        },
    )
    .await
    .expect("brief");
    // Until acknowledged, command has not passed.
    assert_eq!(
        im.incident(&inc)
            .await
            .expect("view")
            .roll_call
            .incident_manager
            .as_deref(),
        Some("Imogen Manager")
    );
    let wrong = run(&team.secretariat.client, &inc, Command::AcknowledgeHandover).await;
    let message = refused(wrong, 403, Some(8), None);
    assert!(message.contains("Dev Deputy"), "{message}");
    run(&team.deputy.client, &inc, Command::AcknowledgeHandover)
        .await
        .expect("ack");
    let view = im.incident(&inc).await.expect("view");
    assert_eq!(
        view.roll_call.incident_manager.as_deref(),
        Some("Dev Deputy")
    );
    assert!(
        view.roll_call.deputy.is_empty(),
        "the new manager gave up the deputy role"
    );
    assert!(view.roll_call.sme.contains(&"Imogen Manager".to_owned()));

    // Rule 9: corrections are new entries pointing at old ones.
    let noted = run(
        &team.secretariat.client,
        &inc,
        Command::AddNote {
            text: "Call at 10:00".into(),
        },
    )
    .await
    .expect("note");
    let seq = noted.entries[0].seq;
    let bad = run(
        &team.secretariat.client,
        &inc,
        Command::Correct {
            seq: 9999,
            text: "x".into(),
        },
    )
    .await;
    refused(bad, 404, Some(9), Some("seq"));
    let fixed = run(
        &team.secretariat.client,
        &inc,
        Command::Correct {
            seq,
            text: "Call at 10:30, not 10:00".into(),
        },
    )
    .await
    .expect("correct");
    assert_eq!(fixed.entries[0].kind, "corrected");
    assert!(
        fixed.entries[0]
            .payload
            .contains(&format!("\"corrects\":{seq}"))
    );
    let page = im.log(&inc, seq - 1, 1).await.expect("log");
    assert_eq!(
        page.entries[0].payload, noted.entries[0].payload,
        "the original entry is untouched"
    );
}
