//! Regulatory obligations over the API: rule 10 on every read (an outsider
//! gets the same 404 as for no incident, and the register leaves the
//! restricted incident out), reads audited, and bad input named.

use crate::common::*;
use muster_api::*;
use muster_client::RegisterFilter;
use muster_domain::Anchor;

backends!(obligations_are_read_like_the_incident_under_rule_10);
async fn obligations_are_read_like_the_incident_under_rule_10(server: TestServer) {
    let team = Team::new(&server).await;
    let outsider = server.member("Otto Outsider", &[]).await;
    let inc = team.declare_staffed(&server.admin).await;
    run(
        &team.im.client,
        &inc,
        Command::SetJurisdictions {
            jurisdictions: vec!["de".into()],
            sectors: vec![],
            reason: "customers in Germany".into(),
        },
    )
    .await
    .expect("jurisdictions");
    run(
        &team.privacy.client,
        &inc,
        Command::RecordAnchor {
            anchor: Anchor::Aware,
            at: in_minutes(-10),
        },
    )
    .await
    .expect("anchor");

    // The team sees the GDPR clock (personal data unknown: it may apply).
    let obligations = team
        .analyst
        .client
        .obligations(&inc)
        .await
        .expect("obligations");
    let gdpr = obligations
        .iter()
        .find(|o| o.regime == "gdpr-art-33")
        .expect("GDPR Art. 33 listed");
    assert_eq!(gdpr.applicability, "may-apply");
    assert!(gdpr.stages[0].due_at.is_some());
    let clocks = team.analyst.client.clocks(&inc).await.expect("clocks");
    assert!(
        clocks
            .iter()
            .any(|c| c.regime == "gdpr-art-33" && c.seconds_left > 0)
    );
    let register = team
        .analyst
        .client
        .register(&RegisterFilter::default())
        .await
        .expect("register");
    assert_eq!(register.len(), 1, "{register:?}");

    // An outsider: the same 404 as for no incident, everywhere.
    let missing = |r: Result<(), muster_client::ClientError>| refused(r, 404, None, None);
    let none = missing(
        outsider
            .client
            .obligations("INC-1999-0001")
            .await
            .map(|_| ()),
    );
    let hidden = missing(outsider.client.obligations(&inc).await.map(|_| ()));
    assert_eq!(
        hidden.replace(&inc, "REF"),
        none.replace("INC-1999-0001", "REF")
    );
    missing(outsider.client.clocks(&inc).await.map(|_| ()));
    missing(
        outsider
            .client
            .draft_notification(
                &inc,
                "gdpr-art-33",
                "notification",
                &DraftRequest::default(),
            )
            .await
            .map(|_| ()),
    );
    assert!(
        outsider
            .client
            .register(&RegisterFilter::default())
            .await
            .expect("register")
            .is_empty(),
        "the register does not reveal a restricted incident to an outsider"
    );
    assert!(
        !outsider
            .client
            .register_csv(&RegisterFilter::default())
            .await
            .expect("csv")
            .contains(&inc)
    );

    // The team's reads are audited, and the outsider's refused looks too.
    let audit = server
        .admin
        .audit(Some(&inc), None, None)
        .await
        .expect("audit");
    assert!(
        audit
            .iter()
            .any(|a| a.what == format!("obligations of {inc}") && !a.refused),
        "{audit:?}"
    );
    assert!(
        audit
            .iter()
            .any(|a| a.what == format!("clocks of {inc}") && a.refused),
        "{audit:?}"
    );
}

backends!(bad_input_on_the_obligation_routes_is_named);
async fn bad_input_on_the_obligation_routes_is_named(server: TestServer) {
    let team = Team::new(&server).await;
    let inc = team.declare_staffed(&server.admin).await;
    let message = refused(
        team.im
            .client
            .draft_notification(
                &inc,
                "gdpr-art-99",
                "notification",
                &DraftRequest::default(),
            )
            .await,
        404,
        None,
        None,
    );
    assert!(message.contains("gdpr-art-99"), "{message}");
    let message = refused(
        team.im
            .client
            .draft_notification(
                &inc,
                "gdpr-art-33",
                "early-warning",
                &DraftRequest::default(),
            )
            .await,
        404,
        None,
        None,
    );
    assert!(
        message.contains("notification"),
        "its stages are named: {message}"
    );
    let bell = DraftRequest {
        fields: [("nature".to_owned(), "a\u{7}b".to_owned())]
            .into_iter()
            .collect(),
    };
    refused(
        team.im
            .client
            .draft_notification(&inc, "gdpr-art-33", "notification", &bell)
            .await,
        422,
        None,
        Some("fields"),
    );
    let message = refused(
        team.im
            .client
            .register(&RegisterFilter {
                from: Some("last tuesday".into()),
                ..Default::default()
            })
            .await,
        422,
        None,
        Some("from"),
    );
    assert!(message.contains("RFC 3339"), "{message}");
    let message = refused(
        run(
            &team.im.client,
            &inc,
            Command::AssessObligation {
                regime: "gdpr-art-99".into(),
                status: muster_domain::ObligationStatus::Assessing,
                rationale: "checking".into(),
            },
        )
        .await,
        404,
        None,
        Some("regime"),
    );
    assert!(
        message.contains("gdpr-art-33"),
        "the known regimes are listed: {message}"
    );
    let message = refused(
        run(
            &team.analyst.client,
            &inc,
            Command::RecordAnchor {
                anchor: Anchor::Aware,
                at: in_minutes(60),
            },
        )
        .await,
        422,
        None,
        Some("at"),
    );
    assert!(message.contains("in the future"), "{message}");
}
