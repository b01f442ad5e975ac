//! Rule 9 and the record: corrections point at an existing entry and never
//! edit it; decisions and notes say who and what.

use super::fixture::*;
use crate::command::Command::*;
use crate::rejection::RejectionKind::*;
use crate::*;

#[test]
fn rule_9_a_correction_points_at_an_existing_entry() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let carol = w.p.carol.clone();
    w.run(
        &carol,
        AddNote {
            text: "Supplier called at 09:05".into(),
        },
    );
    let noted = w.state.seq;
    for seq in [0, noted + 1, 999] {
        let r = w.refuse(
            &carol,
            Correct {
                seq,
                text: "Supplier called at 09:50".into(),
            },
        );
        expect(
            &r,
            Some(Rule::LogNeverEdited),
            NotFound,
            Some("seq"),
            &[&format!("no log entry {seq}"), &format!("it has {noted}")],
        );
    }
    let before = w.log.clone();
    let events = w.run(
        &carol,
        Correct {
            seq: noted,
            text: "Supplier called at 09:50, not 09:05".into(),
        },
    );
    assert_eq!(
        events,
        [Event::Corrected {
            corrects: noted,
            text: "Supplier called at 09:50, not 09:05".into()
        }]
    );
    assert_eq!(
        &w.log[..before.len()],
        &before[..],
        "the corrected entry is untouched"
    );
    assert!(crate::log::verify(&w.log).is_whole());
}

#[test]
fn decisions_and_notes_record_who_and_need_words() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (carol, alice, mallory) = (w.p.carol.clone(), w.p.alice.clone(), w.p.mallory.clone());
    let r = w.refuse(
        &carol,
        RecordDecision {
            text: "Notify the ICO".into(),
            rationale: "likely risk".into(),
            by: Some(mallory),
        },
    );
    expect(
        &r,
        None,
        Invalid,
        Some("by"),
        &["Mallory is not on the team"],
    );
    w.run(
        &carol,
        RecordDecision {
            text: "Notify the ICO".into(),
            rationale: "likely risk".into(),
            by: Some(alice.clone()),
        },
    );
    assert_eq!(
        w.state.decisions[0].by, alice,
        "the secretariat records the manager's decision"
    );
    let r = w.refuse(&carol, AddNote { text: "\t".into() });
    expect(
        &r,
        None,
        Invalid,
        Some("text"),
        &["`text` must not be empty"],
    );
}
