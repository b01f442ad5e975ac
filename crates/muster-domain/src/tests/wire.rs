//! The command vocabulary on the wire: PRODUCT.md's words, the earlier short
//! names still accepted, people named by a string on the way in, and Muster's
//! own commands never accepted from outside.

use crate::command::{Command, ReviewInput};
use crate::vocab::Role;

fn parse(json: &str) -> Result<Command<String>, serde_json::Error> {
    serde_json::from_str(json)
}

#[test]
fn commands_are_named_with_the_products_words() {
    let c: Command<String> = Command::AssignRole {
        person: "dev@example.org".into(),
        role: Role::Deputy,
    };
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["command"], "assign-role");
    assert_eq!(json["person"], "dev@example.org");
    assert_eq!(parse(&json.to_string()).unwrap(), c);
    let resolve = serde_json::to_value(Command::<String>::ResolveFinding {
        finding: "F-1".into(),
        status: crate::vocab::FindingStatus::Confirmed,
        text: "seen in the proxy log".into(),
    })
    .unwrap();
    assert_eq!(resolve["command"], "resolve-finding");
}

#[test]
fn the_earlier_short_names_are_still_accepted() {
    assert_eq!(
        parse(r#"{"command":"note","text":"hello"}"#).unwrap(),
        Command::AddNote {
            text: "hello".into()
        }
    );
    assert!(matches!(
        parse(r#"{"command":"settle","finding":"F-1","status":"confirmed","text":"yes"}"#),
        Ok(Command::ResolveFinding { .. })
    ));
    assert!(matches!(
        parse(r#"{"command":"decide","text":"isolate","rationale":"spread"}"#),
        Ok(Command::RecordDecision { by: None, .. })
    ));
    assert!(matches!(
        parse(r#"{"command":"resolve","reason":"contained"}"#),
        Ok(Command::Resolve { .. })
    ));
}

#[test]
fn unknown_fields_and_muster_s_own_commands_are_refused() {
    let err = parse(r#"{"command":"note","text":"hi","colour":"red"}"#).unwrap_err();
    assert!(err.to_string().contains("colour"), "{err}");
    assert!(parse(r#"{"command":"record-delivery","communication":"C-1","via":"email","recipients":[],"failed":[]}"#).is_err());
    assert!(parse(r#"{"command":"record-chat-channel"}"#).is_err());
}

#[test]
fn a_review_takes_its_defaults_and_names_each_owner_by_its_path() {
    let c = parse(
        r#"{"command":"review","went_well":"a","even_better_if":"b","lessons":["c"],
            "preventive_actions":[{"title":"t","owner":"ann","due":"2026-12-01T00:00:00Z"},
                                  {"title":"u","owner":"bob","due":"2026-12-01T00:00:00Z"}]}"#,
    )
    .unwrap();
    let Command::RecordReview(ReviewInput {
        causes, thanked, ..
    }) = &c
    else {
        panic!("not a review: {c:?}");
    };
    assert_eq!((causes.as_str(), *thanked), ("", false));
    let mut seen = Vec::new();
    let mapped = c
        .map_people(|field, key| {
            seen.push(format!("{field}={key}"));
            Ok::<_, ()>(key.len())
        })
        .unwrap();
    assert_eq!(
        seen,
        [
            "preventive_actions[0].owner=ann",
            "preventive_actions[1].owner=bob"
        ]
    );
    let Command::RecordReview(r) = mapped else {
        panic!("mapping changed the command");
    };
    assert_eq!(r.preventive_actions[1].owner, 3);
}

#[test]
fn mapping_people_stops_at_the_first_that_cannot_be_found() {
    let c: Command<String> = Command::CreateAction {
        title: "image the laptop".into(),
        owner: "nobody".into(),
        report_back_at: jiff::Timestamp::UNIX_EPOCH,
    };
    let err = c
        .map_people(|field, key| Err::<(), _>(format!("{field}: no person {key}")))
        .unwrap_err();
    assert_eq!(err, "owner: no person nobody");
}
