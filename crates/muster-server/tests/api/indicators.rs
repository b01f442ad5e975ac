//! Indicators through the API (issue 11): an import as one submission with
//! its refusals and duplicates reported, commands for sightings and the
//! attacker's timeline, "have we seen this before?" under rule 10, and the
//! STIX/MISP exports honouring TLP.

use crate::common::*;
use muster_api::*;
use muster_domain::indicator::{IndicatorInput, SightingInput, TimelineInput};
use muster_domain::{PersonalData, Precision, Role};

fn input(ty: &str, value: &str, tlp: Option<&str>) -> IndicatorInput {
    IndicatorInput {
        ty: ty.into(),
        value: value.into(),
        tlp: tlp.map(Into::into),
        pap: None,
        ioc: true,
        tags: Vec::new(),
        first_seen: None,
        last_seen: None,
        comment: None,
    }
}

backends!(an_import_is_one_submission_with_refusals_and_duplicates_named);
async fn an_import_is_one_submission_with_refusals_and_duplicates_named(server: TestServer) {
    let team = Team::new(&server).await;
    let inc = team.declare_staffed(&server.admin).await;
    let mut csv = String::from("type,value,tlp\n");
    for i in 0..1500u32 {
        csv.push_str(&format!(
            "ipv4,10.{}.{}.{},green\n",
            i / 65536,
            (i / 256) % 256,
            i % 256
        ));
    }
    csv.push_str("ipv4,10.0.0.1,green\n"); // line 1502: the same as line 3
    csv.push_str("sha256,abc,amber\n"); // line 1503: not a sha256
    csv.push_str("domain,evil[.]example,red\n");
    let before = team
        .analyst
        .client
        .log(&inc, 0, 1)
        .await
        .expect("log")
        .head_seq;
    let answer = team
        .analyst
        .client
        .import_indicators(&inc, csv.into_bytes())
        .await
        .expect("import");
    assert_eq!(answer.format, "CSV");
    assert_eq!(answer.added, 1501, "{:?}", answer.refused);
    assert_eq!(answer.head_seq, before + 1501, "one entry per indicator");
    assert_eq!(answer.added_ids.first().map(String::as_str), Some("I1"));
    assert_eq!(answer.refused.len(), 1, "{:?}", answer.refused);
    assert_eq!(answer.refused[0].place, "line 1503");
    assert_eq!(answer.duplicates.len(), 1, "{:?}", answer.duplicates);
    assert_eq!(
        answer.duplicates[0].existing, None,
        "a duplicate within the file"
    );

    // Again: nothing is added twice, and the answer says which are there.
    let again = team
        .analyst
        .client
        .import_indicators(&inc, b"type,value\ndomain,EVIL.example\n".to_vec())
        .await
        .expect("import");
    assert_eq!(again.added, 0);
    assert_eq!(again.duplicates[0].existing.as_deref(), Some("I1501"));
    assert_eq!(again.duplicates[0].shown, "evil[.]example");

    let view = team
        .analyst
        .client
        .indicators(&inc)
        .await
        .expect("indicators");
    assert_eq!(view.indicators.len(), 1501);

    // A file that is none of the three is refused naming the body.
    let bad = team
        .analyst
        .client
        .import_indicators(&inc, b"hello".to_vec())
        .await;
    refused(bad, 422, None, Some("body"));
    // Someone not on the team may not import.
    let outsider = server.member("Otto Outsider", &[]).await;
    let open = declare(
        &server.admin,
        &team.im.client,
        DeclareRequest {
            restricted: Some(false),
            ..declare_request(false, PersonalData::No, &[(&team.deputy, Role::Deputy)])
        },
    )
    .await;
    let write = outsider
        .client
        .import_indicators(&open, b"type,value\nipv4,203.0.113.7\n".to_vec())
        .await;
    refused(write, 403, None, None);
    // Nor with a file of values already there, which adds nothing.
    run(
        &team.deputy.client,
        &open,
        Command::AddIndicator(input("ipv4", "203.0.113.7", None)),
    )
    .await
    .expect("add");
    let write = outsider
        .client
        .import_indicators(&open, b"type,value\nipv4,203.0.113.7\n".to_vec())
        .await;
    refused(write, 403, None, None);
}

backends!(seen_finds_earlier_incidents_but_never_reveals_a_restricted_one);
async fn seen_finds_earlier_incidents_but_never_reveals_a_restricted_one(server: TestServer) {
    let team = Team::new(&server).await;
    let outsider = server.member("Otto Outsider", &[]).await;
    let restricted = team.declare_staffed(&server.admin).await;
    let open = declare(
        &server.admin,
        &team.im.client,
        DeclareRequest {
            restricted: Some(false),
            ..declare_request(false, PersonalData::No, &[(&team.deputy, Role::Deputy)])
        },
    )
    .await;
    for inc in [&restricted, &open] {
        let who = if inc == &restricted {
            &team.analyst
        } else {
            &team.deputy
        };
        run(
            &who.client,
            inc,
            Command::AddIndicator(input("ipv4", "203.0.113.7", None)),
        )
        .await
        .expect("add");
    }
    run(
        &team.deputy.client,
        &open,
        Command::RecordSighting(SightingInput {
            indicator: "I1".into(),
            seen_at: in_minutes(-30),
            seen_until: None,
            seen_on: Some("vpn-gw-2".into()),
            source: Some("firewall".into()),
            seen_by: None,
            count: Some(2),
        }),
    )
    .await
    .expect("sighting");

    let member = team
        .analyst
        .client
        .seen("203.0.113[.]7", None)
        .await
        .expect("seen");
    assert_eq!(member.ty, "ipv4");
    assert_eq!(member.shown, "203.0.113[.]7");
    let mut refs: Vec<&str> = member
        .incidents
        .iter()
        .map(|i| i.reference.as_str())
        .collect();
    refs.sort();
    let mut both = vec![restricted.as_str(), open.as_str()];
    both.sort();
    assert_eq!(refs, both);

    // Rule 10: the outsider learns of the open incident only; the restricted
    // one is not there, not even as a count.
    let theirs = outsider
        .client
        .seen("203.0.113.7", Some("ipv4"))
        .await
        .expect("seen");
    assert_eq!(theirs.incidents.len(), 1, "{theirs:?}");
    assert_eq!(theirs.incidents[0].reference, open);
    assert_eq!(theirs.incidents[0].sightings, 2);
    assert!(theirs.incidents[0].last_seen.is_some());
    let raw = serde_json::to_string(&theirs).unwrap();
    assert!(!raw.contains(&restricted), "{raw}");

    // The analyst's lookup revealed the restricted incident: an audited read.
    let audit = server
        .admin
        .audit(Some(&restricted), None, None)
        .await
        .expect("audit");
    assert!(
        audit
            .iter()
            .any(|a| a.person_name == "Ana Analyst" && a.what.contains("indicator lookup")),
        "{audit:?}"
    );
    refused(
        outsider.client.seen("203.0.113.7", Some("colour")).await,
        422,
        None,
        Some("type"),
    );
    refused(
        outsider.client.seen("999.1.1.1", Some("ipv4")).await,
        422,
        None,
        Some("value"),
    );
    assert!(
        outsider
            .client
            .seen("198.51.100.1", None)
            .await
            .expect("seen")
            .incidents
            .is_empty()
    );
}

backends!(exports_carry_nothing_above_the_chosen_tlp);
async fn exports_carry_nothing_above_the_chosen_tlp(server: TestServer) {
    let team = Team::new(&server).await;
    let inc = team.declare_staffed(&server.admin).await;
    for (ty, value, tlp) in [
        ("domain", "green.example", Some("green")),
        ("domain", "amber.example", None),
        ("domain", "red.example", Some("red")),
    ] {
        run(
            &team.analyst.client,
            &inc,
            Command::AddIndicator(input(ty, value, tlp)),
        )
        .await
        .expect("add");
    }
    run(
        &team.analyst.client,
        &inc,
        Command::AddTimelineEvent(TimelineInput {
            at: in_minutes(-60),
            precision: Precision::Approximate,
            until: None,
            host: Some("mail-gw-1".into()),
            description: "phishing mail delivered".into(),
            indicators: vec!["I1".into()],
            attack: vec!["T1566.001".into()],
        }),
    )
    .await
    .expect("timeline");
    let view = team.analyst.client.indicators(&inc).await.expect("view");
    assert_eq!(view.timeline[0].attack, ["T1566.001"]);

    let text = |v: &serde_json::Value| v.to_string();
    let green = team
        .analyst
        .client
        .export_indicators(&inc, "stix", Some("green"))
        .await
        .expect("stix");
    assert_eq!(green["type"], "bundle");
    assert!(text(&green).contains("green.example"));
    assert!(!text(&green).contains("amber.example"));
    assert!(!text(&green).contains("red.example"));
    assert!(text(&green).contains("T1566.001"));
    let default = team
        .analyst
        .client
        .export_indicators(&inc, "misp", None)
        .await
        .expect("misp");
    assert!(text(&default).contains("amber.example"), "amber by default");
    assert!(!text(&default).contains("red.example"));
    let red = team
        .analyst
        .client
        .export_indicators(&inc, "stix", Some("red"))
        .await
        .expect("stix");
    assert!(text(&red).contains("red.example"));

    refused(
        team.analyst
            .client
            .export_indicators(&inc, "stix", Some("purple"))
            .await,
        422,
        None,
        Some("tlp"),
    );
    let md_tlp = team
        .analyst
        .client
        .export_indicators(&inc, "md", Some("red"))
        .await;
    refused(md_tlp, 422, None, Some("tlp"));
    let outsider = server.member("Otto Outsider", &[]).await;
    refused(
        outsider.client.export_indicators(&inc, "stix", None).await,
        404,
        None,
        None,
    );
}
