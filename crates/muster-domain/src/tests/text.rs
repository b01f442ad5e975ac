//! Typed text through the rules: `decide` and `declare` refuse control and
//! bidirectional characters before any rule, naming the field and the
//! character, and nothing reaches the log.

use super::fixture::*;
use crate::command::Command::*;
use crate::rejection::RejectionKind::*;
use crate::*;

#[test]
fn decide_refuses_control_characters_in_any_command() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (carol, dave) = (w.p.carol.clone(), w.p.dave.clone());
    let alice = w.p.alice.clone();
    let before = w.log.len();
    let r = w.refuse(
        &carol,
        AddNote {
            text: "all clear\u{1b}[2J".into(),
        },
    );
    expect(
        &r,
        None,
        Invalid,
        Some("text"),
        &["`text` contains a control character (U+001B ESC) at position 10"],
    );
    let at = w.later(60);
    let r = w.refuse(
        &alice,
        CreateAction {
            title: "Pull the logs\n#99 forged row".into(),
            owner: dave.clone(),
            report_back_at: at,
        },
    );
    expect(
        &r,
        None,
        Invalid,
        Some("title"),
        &["(U+000A LF) at position 14", "single line"],
    );
    let r = w.refuse(
        &alice,
        RecordBriefing {
            stakeholder: "SIRO\u{2066}".into(),
            summary: "briefed".into(),
        },
    );
    expect(&r, None, Invalid, Some("stakeholder"), &["U+2066 LRI"]);
    assert_eq!(w.log.len(), before, "nothing refused reaches the log");

    // A note may span lines, as typed in a browser's textarea too.
    w.run(
        &carol,
        AddNote {
            text: "first\r\nsecond\n\tindented".into(),
        },
    );
}

#[test]
fn declare_refuses_control_characters_in_the_declaration() {
    let mut w = World::new();
    let mut d = w.declaration(true, PersonalData::Yes);
    d.title = "Bucket\u{202E}txt.exe".into();
    let r = w.try_declare(d).unwrap_err();
    expect(
        &r,
        None,
        Invalid,
        Some("title"),
        &["bidirectional control character (U+202E RLO) at position 7"],
    );
    let mut d = w.declaration(true, PersonalData::Yes);
    d.title = "Bucket\nreadable".into();
    let r = w.try_declare(d).unwrap_err();
    expect(
        &r,
        None,
        Invalid,
        Some("title"),
        &["U+000A LF", "single line"],
    );
    let mut d = w.declaration(true, PersonalData::Yes);
    d.hypothesis = "a bucket\u{0}".into();
    let r = w.try_declare(d).unwrap_err();
    expect(&r, None, Invalid, Some("hypothesis"), &["U+0000 NUL"]);
    assert!(w.log.is_empty());
}
