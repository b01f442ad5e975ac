use crate::common::*;
use muster_api::*;
use muster_domain::{PersonalData, ReportStatus, Role};

backends!(a_report_becomes_a_staffed_incident_in_one_call);
async fn a_report_becomes_a_staffed_incident_in_one_call(server: TestServer) {
    let team = Team::new(&server).await;
    let reporter = server.member("Rita Reporter", &[]).await;

    let report = reporter
        .client
        .create_report(&NewReportRequest {
            title: "Phishing mail with a credential form".into(),
            description: "Several staff received it at 09:12".into(),
            source: "staff report".into(),
        })
        .await
        .expect("anyone can report");
    assert!(report.reference.starts_with("REP-"));
    assert_eq!(report.status, ReportStatus::AwaitingTriage);

    // Only the on-call incident manager (or an administrator) triages.
    let not_on_call = team
        .deputy
        .client
        .triage(
            &report.reference,
            &TriageRequest::FalsePositive {
                note: "fine".into(),
            },
        )
        .await;
    let message = refused(not_on_call, 404, None, None);
    assert!(message.contains(&report.reference), "{message}");

    // The reporter sees their own report but is not on call.
    let by_reporter = reporter
        .client
        .triage(
            &report.reference,
            &TriageRequest::FalsePositive {
                note: "fine".into(),
            },
        )
        .await;
    let message = refused(by_reporter, 403, None, None);
    assert!(
        message.contains("on-call incident manager (Imogen Manager)"),
        "{message}"
    );

    let waiting = team
        .im
        .client
        .reports(Some(ReportStatus::AwaitingTriage))
        .await
        .expect("reports");
    assert!(waiting.iter().any(|r| r.reference == report.reference));

    let declared = team
        .im
        .client
        .triage(
            &report.reference,
            &TriageRequest::Declare(Box::new(declare_request(
                true,
                PersonalData::No,
                &[
                    (&team.deputy, Role::Deputy),
                    (&team.secretariat, Role::Secretariat),
                    (&team.analyst, Role::Sme),
                ],
            ))),
        )
        .await
        .expect("declare");
    let reference = declared.incident.expect("incident");
    assert!(reference.starts_with("INC-"));
    assert_eq!(declared.report.status, ReportStatus::Declared);
    assert_eq!(
        declared.report.incident.as_deref(),
        Some(reference.as_str())
    );

    let view = team.im.client.incident(&reference).await.expect("incident");
    assert_eq!(
        view.roll_call.incident_manager.as_deref(),
        Some("Imogen Manager")
    );
    assert_eq!(view.roll_call.deputy, vec!["Dev Deputy"]);
    assert_eq!(view.roll_call.secretariat, vec!["Sam Secretariat"]);
    assert!(
        view.gaps.iter().all(|g| g.rule.is_none()),
        "{:?}",
        view.gaps
    );
    assert!(
        view.state.restricted,
        "security incidents are restricted by default"
    );
    assert_eq!(
        view.state.report.as_ref().map(|r| r.reference.clone()),
        Some(report.reference.clone())
    );
    assert!(view.state.timings.declared_at.is_some() && view.state.timings.reported_at.is_some());

    // Triaging twice is refused.
    let again = team
        .im
        .client
        .triage(
            &report.reference,
            &TriageRequest::FalsePositive {
                note: "oops".into(),
            },
        )
        .await;
    refused(again, 409, None, None);
}

backends!(false_positives_are_kept_and_bad_declarations_name_the_field);
async fn false_positives_are_kept_and_bad_declarations_name_the_field(server: TestServer) {
    let im = server.member("Imogen Manager", &[]).await;
    server.on_call(&im).await;
    let report = im
        .client
        .create_report(&NewReportRequest {
            title: "Scanner noise".into(),
            description: "Vulnerability scanner hit the WAF".into(),
            source: "WAF".into(),
        })
        .await
        .expect("report");

    let mut bad = declare_request(true, PersonalData::No, &[]);
    bad.severity = "SEV-9".into();
    let refused_sev = im
        .client
        .triage(&report.reference, &TriageRequest::Declare(Box::new(bad)))
        .await;
    let message = refused(refused_sev, 422, None, Some("severity"));
    assert!(message.contains("SEV-1"), "lists the severities: {message}");

    let mut bad = declare_request(true, PersonalData::No, &[]);
    bad.team.push(TeamMember {
        person: "ghost@example.org".into(),
        role: Role::Sme,
    });
    let ghost = im
        .client
        .triage(&report.reference, &TriageRequest::Declare(Box::new(bad)))
        .await;
    refused(ghost, 422, None, Some("team[0].person"));

    // Nothing was declared by the refusals: the report still waits, no incident exists.
    assert_eq!(
        im.client
            .report(&report.reference)
            .await
            .expect("report")
            .status,
        ReportStatus::AwaitingTriage
    );
    assert!(im.client.incidents().await.expect("incidents").is_empty());

    let fp = im
        .client
        .triage(
            &report.reference,
            &TriageRequest::FalsePositive {
                note: "known scanner".into(),
            },
        )
        .await
        .expect("false positive");
    assert_eq!(fp.report.status, ReportStatus::FalsePositive);
    assert_eq!(fp.report.triage_note.as_deref(), Some("known scanner"));
    let kept = im
        .client
        .reports(Some(ReportStatus::FalsePositive))
        .await
        .expect("reports");
    assert_eq!(kept.len(), 1, "false positives are kept for trend analysis");
}

backends!(a_refused_declaration_takes_no_reference);
async fn a_refused_declaration_takes_no_reference(server: TestServer) {
    let team = Team::new(&server).await;
    let reporter = server.member("Rita Reporter", &[]).await;
    let report = reporter
        .client
        .create_report(&NewReportRequest {
            title: "Unknown severity".into(),
            description: "declared with a severity the policy lacks".into(),
            source: "test".into(),
        })
        .await
        .expect("report");
    let mut bad = declare_request(true, PersonalData::No, &[]);
    bad.severity = "SEV-9".into();
    let refusal = team
        .im
        .client
        .triage(&report.reference, &TriageRequest::Declare(Box::new(bad)))
        .await;
    let message = refused(refusal, 422, None, Some("severity"));
    assert!(message.contains("SEV-9"), "{message}");

    // Declared through the committer: the first accepted declaration is the
    // first incident of the year, and its entries are on one whole chain.
    let first = team.declare_staffed(&reporter.client).await;
    let year = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .year();
    assert_eq!(first, format!("INC-{year}-0001"));
    let verified = team.im.client.verify(&first).await.expect("verify");
    assert!(verified.verification.is_whole(), "{verified:?}");
    assert!(verified.verification.entries >= 2, "{verified:?}");
}
