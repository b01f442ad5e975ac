//! Rule 10 beyond the incident's own routes: the reports it was declared from
//! say only "triaged" to outsiders, refused looks are audited with who and from
//! where, and list views are audited reads.

use crate::common::*;
use jiff::SignedDuration;
use jiff::Timestamp;
use muster_api::*;
use muster_domain::{PersonalData, ReportStatus, Role};

backends!(a_report_that_became_a_restricted_incident_is_only_triaged_to_outsiders);
async fn a_report_that_became_a_restricted_incident_is_only_triaged_to_outsiders(
    server: TestServer,
) {
    let team = Team::new(&server).await;
    let reporter = server.member("Rita Reporter", &[]).await;
    // A triager by a future shift only, not on the incident's team.
    let later = server.member("Fred Future", &["incident-manager"]).await;
    server
        .admin
        .add_shift(&NewShiftRequest {
            person: later.email().into(),
            starts_at: Timestamp::now() + SignedDuration::from_hours(24),
            ends_at: Timestamp::now() + SignedDuration::from_hours(36),
        })
        .await
        .expect("future shift");
    let inc = team.declare_staffed(&reporter.client).await;
    let report = |views: Vec<ReportView>| {
        let found: Vec<ReportView> = views
            .into_iter()
            .filter(|r| r.incident.as_deref() == Some(inc.as_str()) || r.withheld)
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        found.into_iter().next().expect("one")
    };

    // To a triager outside the team: only "triaged", nothing of what it became.
    let seen = report(later.client.reports(None).await.expect("reports"));
    assert_eq!(seen.status, ReportStatus::Triaged);
    assert!(seen.withheld);
    assert_eq!(seen.incident, None);
    assert_eq!(seen.triage_note, None);
    assert_eq!(seen.triaged_by, None);
    assert!(seen.title.is_empty() && seen.description.is_empty() && seen.source.is_empty());
    let one = later.client.report(&seen.reference).await.expect("report");
    assert_eq!(one, seen, "the single report says the same");
    assert!(
        later
            .client
            .reports(Some(ReportStatus::Declared))
            .await
            .expect("declared")
            .iter()
            .all(|r| r.reference != seen.reference),
        "a filter on `declared` does not give it away"
    );
    assert!(
        later
            .client
            .reports(Some(ReportStatus::Triaged))
            .await
            .expect("triaged")
            .iter()
            .any(|r| r.reference == seen.reference)
    );

    // Its reporter, not on the team, keeps what they wrote but not the reference.
    let own = reporter.client.report(&seen.reference).await.expect("own");
    assert_eq!(own.status, ReportStatus::Triaged);
    assert_eq!(own.incident, None);
    assert_eq!(own.title, "Odd logins on the customer portal");

    // Triagers on the team, and administrators, see what it became.
    for client in [&team.im.client, &server.admin] {
        let full = client.report(&seen.reference).await.expect("report");
        assert_eq!(full.status, ReportStatus::Declared);
        assert_eq!(full.incident.as_deref(), Some(inc.as_str()));
        assert!(!full.withheld);
    }

    // A report declared as an unrestricted incident is not withheld.
    let open = declare(
        &reporter.client,
        &team.im.client,
        DeclareRequest {
            restricted: Some(false),
            ..declare_request(false, PersonalData::No, &[(&team.deputy, Role::Deputy)])
        },
    )
    .await;
    let reports = later.client.reports(None).await.expect("reports");
    assert!(
        reports
            .iter()
            .any(|r| r.incident.as_deref() == Some(open.as_str()) && !r.withheld)
    );
}

backends!(refused_looks_are_audited_with_who_and_from_where);
async fn refused_looks_are_audited_with_who_and_from_where(server: TestServer) {
    let team = Team::new(&server).await;
    let outsider = server.member("Otto Outsider", &[]).await;
    let inc = team.declare_staffed(&server.admin).await;

    let hidden = outsider.client.incident(&inc).await;
    let hidden = refused(hidden, 404, None, None);
    let absent = outsider.client.incident("INC-1999-0001").await;
    let absent = refused(absent, 404, None, None);
    assert_eq!(
        hidden.replace(&inc, "REF"),
        absent.replace("INC-1999-0001", "REF"),
        "the same answer for a restricted incident and for none"
    );
    let write = run(
        &outsider.client,
        &inc,
        Command::AddNote {
            text: "hello".into(),
        },
    )
    .await;
    refused(write, 404, None, None);

    let probes = server
        .admin
        .audit(None, Some(outsider.email()), None)
        .await
        .expect("audit");
    assert!(probes.iter().all(|a| a.refused), "{probes:?}");
    assert!(
        probes
            .iter()
            .all(|a| a.source.as_deref() == Some("127.0.0.1")),
        "each says where it came from: {probes:?}"
    );
    let at = |incident: &str, what: &str| {
        probes
            .iter()
            .any(|a| a.incident == incident && a.what == what)
    };
    assert!(at(&inc, &format!("GET /api/incidents/{inc}")), "{probes:?}");
    assert!(at(&inc, &format!("a command on {inc}")), "{probes:?}");
    assert!(
        at("", "GET /api/incidents/INC-1999-0001"),
        "a probe for no incident is kept too: {probes:?}"
    );

    // The team's reads are not refusals.
    team.analyst.client.incident(&inc).await.expect("reads");
    let reads = server
        .admin
        .audit(Some(&inc), Some(team.analyst.email()), None)
        .await
        .expect("audit");
    assert!(!reads.is_empty() && reads.iter().all(|a| !a.refused));
}

backends!(list_views_are_audited_reads_of_the_restricted_incidents_they_show);
async fn list_views_are_audited_reads_of_the_restricted_incidents_they_show(server: TestServer) {
    let team = Team::new(&server).await;
    let outsider = server.member("Otto Outsider", &[]).await;
    let inc = team.declare_staffed(&server.admin).await;
    let open = declare(
        &server.admin,
        &team.im.client,
        DeclareRequest {
            restricted: Some(false),
            ..declare_request(false, PersonalData::No, &[(&team.deputy, Role::Deputy)])
        },
    )
    .await;

    let listed = team.analyst.client.incidents().await.expect("list");
    assert_eq!(listed.len(), 2);
    let audit = server
        .admin
        .audit(Some(&inc), Some(team.analyst.email()), None)
        .await
        .expect("audit");
    assert!(
        audit
            .iter()
            .any(|a| a.what == "GET /api/incidents (the list)" && !a.refused),
        "{audit:?}"
    );
    // Listing the unrestricted one is no audited read; an outsider's list,
    // which shows no restricted incident, records nothing.
    assert!(
        server
            .admin
            .audit(Some(&open), None, None)
            .await
            .expect("audit")
            .is_empty()
    );
    assert_eq!(outsider.client.incidents().await.expect("list").len(), 1);
    assert!(
        server
            .admin
            .audit(None, Some(outsider.email()), None)
            .await
            .expect("audit")
            .is_empty()
    );
}
