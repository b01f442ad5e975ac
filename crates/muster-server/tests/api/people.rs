use crate::common::*;
use muster_api::*;

backends!(directory_logins_and_tokens);
async fn directory_logins_and_tokens(server: TestServer) {
    let alice = server
        .member("Alice Analyst", &["security-analyst", "Forensics"])
        .await;
    assert_eq!(alice.view.expertise, vec!["security-analyst", "forensics"]);
    assert!(alice.view.user && !alice.view.admin);

    let me = alice.client.me().await.expect("me");
    assert_eq!(me.email, "alice@example.org");
    let found = server.admin.person("alice").await.expect("by handle");
    assert_eq!(found.id, me.id);

    // The same email twice is refused, naming the field.
    let dup = server
        .admin
        .create_person(&NewPersonRequest {
            name: "Another Alice".into(),
            email: "ALICE@example.org".into(),
            chat_handle: None,
            slack_id: None,
            matrix_id: None,
            teams_id: None,
            expertise: vec![],
            team: None,
        })
        .await;
    let message = refused(dup, 409, None, None);
    assert!(message.contains("email"), "{message}");

    let bad = server
        .admin
        .create_person(&NewPersonRequest {
            name: "No Mail".into(),
            email: "not-an-email".into(),
            chat_handle: None,
            slack_id: None,
            matrix_id: None,
            teams_id: None,
            expertise: vec!["bad tag!".into()],
            team: None,
        })
        .await;
    refused(bad, 422, None, Some("email"));

    // A Matrix id that could never be invited is refused, naming the field;
    // a well-formed one reads back.
    let mut matrix = NewPersonRequest {
        name: "Mat Rix".into(),
        email: "mat@example.org".into(),
        chat_handle: None,
        slack_id: None,
        matrix_id: Some("mat@example.org".into()),
        teams_id: None,
        expertise: vec![],
        team: None,
    };
    let message = refused(
        server.admin.create_person(&matrix).await,
        422,
        None,
        Some("matrix_id"),
    );
    assert!(message.contains("@name:server"), "{message}");
    matrix.matrix_id = Some("@mat:example.org".into());
    let created = server.admin.create_person(&matrix).await.expect("created");
    assert_eq!(created.matrix_id.as_deref(), Some("@mat:example.org"));
    // A Teams id must be an Entra object id (a GUID): anything else is refused, naming the field.
    let not_guid = server
        .admin
        .create_person(&NewPersonRequest {
            name: "Tina Teams".into(),
            email: "tina@example.org".into(),
            chat_handle: None,
            slack_id: None,
            matrix_id: None,
            teams_id: Some("tina@contoso.example".into()),
            expertise: vec![],
            team: None,
        })
        .await;
    let message = refused(not_guid, 422, None, Some("teams_id"));
    assert!(message.contains("Entra object id"), "{message}");
    let tina = server
        .admin
        .create_person(&NewPersonRequest {
            name: "Tina Teams".into(),
            email: "tina@example.org".into(),
            chat_handle: None,
            slack_id: None,
            matrix_id: None,
            teams_id: Some("8B081EF6-4792-4DEF-B2C9-C363A1BF41D5".into()),
            expertise: vec![],
            team: None,
        })
        .await
        .expect("a GUID is taken");
    assert_eq!(
        tina.teams_id.as_deref(),
        Some("8b081ef6-4792-4def-b2c9-c363a1bf41d5"),
        "stored in the lower-case form Teams sends"
    );

    // Only administrators add people or give logins.
    let by_alice = alice
        .client
        .create_person(&NewPersonRequest {
            name: "Mallory".into(),
            email: "mallory@example.org".into(),
            chat_handle: None,
            slack_id: None,
            matrix_id: None,
            teams_id: None,
            expertise: vec![],
            team: None,
        })
        .await;
    let message = refused(by_alice, 403, None, None);
    assert!(message.contains("administrator"), "{message}");

    // A short password is refused.
    let weak = server
        .admin
        .set_login(
            "alice",
            &LoginRequest {
                admin: false,
                password: Some("short".into()),
            },
        )
        .await;
    refused(weak, 422, None, Some("password"));

    // Tokens: minted, listed without secrets, revoked → 401 at once.
    let minted = alice
        .client
        .create_token(&NewTokenRequest {
            name: "laptop".into(),
            person: None,
        })
        .await
        .expect("mint");
    assert!(minted.token.starts_with("mst_") && minted.token.len() > 60);
    let laptop = server.client_with(Some(minted.token.clone()));
    assert_eq!(laptop.me().await.expect("me via new token").id, me.id);
    let listed = alice.client.tokens().await.expect("tokens");
    assert!(
        listed
            .iter()
            .any(|t| t.id == minted.id && t.revoked_at.is_none())
    );
    alice.client.revoke_token(minted.id).await.expect("revoke");
    let after = laptop.me().await;
    refused(after, 401, None, None);

    // No token, or a made-up one.
    refused(server.client_with(None).me().await, 401, None, None);
    refused(
        server.client_with(Some("mst_nope".into())).me().await,
        401,
        None,
        None,
    );
}

backends!(rota_names_the_on_call_incident_manager);
async fn rota_names_the_on_call_incident_manager(server: TestServer) {
    let im = server.member("Imogen Manager", &[]).await;
    server.on_call(&im).await;
    let rota = im.client.rota().await.expect("rota");
    assert_eq!(rota.now.expect("someone on call").person.email, im.email());

    let backwards = server
        .admin
        .add_shift(&NewShiftRequest {
            person: im.email().into(),
            starts_at: in_minutes(60),
            ends_at: in_minutes(30),
        })
        .await;
    refused(backwards, 422, None, Some("ends_at"));
    let unknown = server
        .admin
        .add_shift(&NewShiftRequest {
            person: "nobody@example.org".into(),
            starts_at: in_minutes(60),
            ends_at: in_minutes(120),
        })
        .await;
    refused(unknown, 422, None, Some("person"));
}
