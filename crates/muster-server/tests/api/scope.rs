//! Re-classifying an incident's scope: whether it is a security incident and
//! whether it may involve personal data, after declaration.

use crate::common::*;
use muster_api::*;
use muster_domain::{PersonalData, Role};

backends!(the_incident_manager_re_classifies_scope_and_rule_4_follows);
async fn the_incident_manager_re_classifies_scope_and_rule_4_follows(server: TestServer) {
    let team = Team::new(&server).await;
    let inc = declare(
        &server.admin,
        &team.im.client,
        declare_request(
            false,
            PersonalData::No,
            &[(&team.deputy, Role::Deputy), (&team.analyst, Role::Sme)],
        ),
    )
    .await;
    let before = team.im.client.incident(&inc).await.expect("incident");
    assert!(before.gaps.iter().all(|g| g.code != "data-privacy"));

    // The deputy may not: rule 7, only the incident manager escalates.
    let by_deputy = run(
        &team.deputy.client,
        &inc,
        Command::Reclassify {
            security: None,
            personal_data: Some(PersonalData::Yes),
            reason: "emails in the export".into(),
        },
    )
    .await;
    refused(by_deputy, 403, Some(7), None);

    // A re-classification that changes nothing names the field.
    let unchanged = run(
        &team.im.client,
        &inc,
        Command::Reclassify {
            security: Some(false),
            personal_data: None,
            reason: "same as before".into(),
        },
    )
    .await;
    refused(unchanged, 422, None, Some("security"));

    let done = run(
        &team.im.client,
        &inc,
        Command::Reclassify {
            security: None,
            personal_data: Some(PersonalData::Yes),
            reason: "customer emails were in the export".into(),
        },
    )
    .await
    .expect("the incident manager re-classifies");
    assert_eq!(done.entries[0].kind, "scope-changed");
    let after = team.im.client.incident(&inc).await.expect("incident");
    assert_eq!(after.state.personal_data, Some(PersonalData::Yes));
    assert!(
        after.gaps.iter().any(|g| g.code == "data-privacy"),
        "{:?}",
        after.gaps
    );
}
