//! Rule 10: restricted incidents exist only for their team and administrators,
//! and every read of one is audited.

use crate::common::*;
use muster_api::*;
use muster_domain::{PersonalData, Role};

backends!(outsiders_get_404_everywhere_and_reads_are_audited);
async fn outsiders_get_404_everywhere_and_reads_are_audited(server: TestServer) {
    let team = Team::new(&server).await;
    let outsider = server.member("Otto Outsider", &[]).await;
    let inc = team.declare_staffed(&server.admin).await;

    let missing = |r: Result<_, muster_client::ClientError>| {
        let message = refused(r, 404, None, None);
        assert!(
            message.contains(&inc) || message.contains("no incident"),
            "{message}"
        );
    };
    missing(outsider.client.incident(&inc).await.map(|_| ()));
    missing(outsider.client.log(&inc, 0, 10).await.map(|_| ()));
    missing(outsider.client.verify(&inc).await.map(|_| ()));
    missing(outsider.client.export(&inc, "json").await.map(|_| ()));
    missing(outsider.client.events(&inc, 0).await.map(|_| ()));
    missing(
        run(
            &outsider.client,
            &inc,
            Command::AddNote {
                text: "hello".into(),
            },
        )
        .await
        .map(|_| ()),
    );
    // The same answer as for an incident that does not exist at all.
    let none = outsider.client.incident("INC-1999-0001").await;
    refused(none, 404, None, None);
    assert!(outsider.client.incidents().await.expect("list").is_empty());
    assert_eq!(
        team.analyst.client.incidents().await.expect("list").len(),
        1
    );

    // An unrestricted incident is visible to all, but only its team writes.
    let open = declare(
        &server.admin,
        &team.im.client,
        DeclareRequest {
            restricted: Some(false),
            ..declare_request(false, PersonalData::No, &[(&team.deputy, Role::Deputy)])
        },
    )
    .await;
    let seen = outsider
        .client
        .incident(&open)
        .await
        .expect("unrestricted is visible");
    assert!(!seen.state.restricted);
    let write = run(
        &outsider.client,
        &open,
        Command::AddNote {
            text: "hello".into(),
        },
    )
    .await;
    let message = refused(write, 403, None, None);
    assert!(message.contains("not on the team"), "{message}");

    // Reads by the team and by administrators are audited, with who and what.
    team.analyst
        .client
        .incident(&inc)
        .await
        .expect("member reads");
    server.admin.log(&inc, 0, 5).await.expect("admin reads");
    let audit = server
        .admin
        .audit(Some(&inc), None, None)
        .await
        .expect("audit");
    assert!(
        audit.iter().any(
            |a| a.person_name == "Ana Analyst" && a.what == format!("GET /api/incidents/{inc}")
        )
    );
    assert!(
        audit
            .iter()
            .any(|a| a.person_name == "Ada Admin" && a.what.contains("/log"))
    );
    assert!(audit.iter().all(|a| a.incident == inc));
    let by_analyst = server
        .admin
        .audit(None, Some("ana"), None)
        .await
        .expect("audit by person");
    assert!(!by_analyst.is_empty() && by_analyst.iter().all(|a| a.person_name == "Ana Analyst"));
    // Reading the unrestricted one is not audited.
    assert!(
        server
            .admin
            .audit(Some(&open), None, None)
            .await
            .expect("audit")
            .is_empty()
    );
    // Only administrators read the audit log.
    refused(
        team.im.client.audit(None, None, None).await,
        403,
        None,
        None,
    );

    // The incident manager lifts the restriction; then outsiders can see it.
    let by_deputy = run(
        &team.deputy.client,
        &inc,
        Command::SetRestricted {
            restricted: false,
            reason: "public now".into(),
        },
    )
    .await;
    refused(by_deputy, 403, Some(10), None);
    run(
        &team.im.client,
        &inc,
        Command::SetRestricted {
            restricted: false,
            reason: "public statement made".into(),
        },
    )
    .await
    .expect("lift");
    outsider.client.incident(&inc).await.expect("now visible");
}
