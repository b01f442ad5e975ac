//! The evidence register and its chain of custody: each refusal (custody to
//! someone not on the team, a second transfer before the first is
//! acknowledged, an upload whose hash is not the one declared) with its
//! error, and custody passing only on the receiver's acknowledgement.

use super::fixture::*;
use crate::evidence::{EvidenceInput, Upload};
use crate::rejection::RejectionKind;
use crate::*;

const HASH: &str = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

fn external(w: &World) -> EvidenceInput {
    EvidenceInput {
        description: "disk image of laptop-042".into(),
        taken_from: "laptop-042".into(),
        collected_by: None,
        collected_at: w.later(-60),
        tool: Some("FTK Imager 4.7".into()),
        sha256: Some(HASH.into()),
        location: Some("safe 2, shelf B".into()),
        upload: None,
    }
}

fn transfer(to: &PersonRef) -> Command {
    Command::TransferEvidence {
        evidence: "EV1".into(),
        to: to.clone(),
        reason: "for analysis".into(),
        destination: "the forensics lab".into(),
    }
}

fn ack() -> Command {
    Command::AcknowledgeEvidence {
        evidence: "EV1".into(),
    }
}

fn world_with_item() -> World {
    let mut w = World::staffed(true, PersonalData::No);
    let p = w.p.clone();
    let item = external(&w);
    w.run(&p.dave, Command::AddEvidence(item));
    w
}

#[test]
fn an_external_item_is_registered_with_its_hash_lower_cased_and_its_collector() {
    let w = world_with_item();
    let item = w.state.evidence_item("EV1").unwrap();
    assert_eq!(item.sha256, HASH.to_ascii_lowercase());
    assert_eq!(item.collected_by, "Dave");
    assert_eq!(item.custodian.id, w.p.dave.id);
    assert_eq!(w.folded(), w.state);
}

#[test]
fn an_external_item_needs_a_well_formed_hash_and_a_location() {
    let mut w = World::staffed(true, PersonalData::No);
    let p = w.p.clone();
    let mut i = external(&w);
    i.sha256 = None;
    assert_eq!(
        w.refuse(&p.dave, Command::AddEvidence(i)).field,
        Some("sha256")
    );
    let mut i = external(&w);
    i.sha256 = Some("abc".into());
    assert_eq!(
        w.refuse(&p.dave, Command::AddEvidence(i)).field,
        Some("sha256")
    );
    let mut i = external(&w);
    i.location = None;
    assert_eq!(
        w.refuse(&p.dave, Command::AddEvidence(i)).field,
        Some("location")
    );
    let r = w.refuse(&p.mallory, Command::AddEvidence(external(&w)));
    assert_eq!(r.kind, RejectionKind::Forbidden);
}

#[test]
fn an_upload_whose_hash_is_not_the_one_declared_is_refused() {
    let mut w = World::staffed(true, PersonalData::No);
    let p = w.p.clone();
    let mut i = external(&w);
    i.location = None;
    i.upload = Some(Upload {
        sha256: "00".repeat(32),
        size: 4,
        file_name: "image.E01".into(),
    });
    let r = w.refuse(&p.dave, Command::AddEvidence(i.clone()));
    assert_eq!(r.field, Some("sha256"));
    assert!(r.message.contains("not the"), "{}", r.message);
    // The same upload with no hash declared is registered under its own.
    i.sha256 = None;
    w.run(&p.dave, Command::AddEvidence(i));
    assert_eq!(w.state.evidence[0].sha256, "00".repeat(32));
}

#[test]
fn an_upload_named_with_folders_is_refused() {
    let mut w = World::staffed(true, PersonalData::No);
    let p = w.p.clone();
    for bad in ["../../etc/passwd", "C:\\evil.exe", "", "..", "a\nb"] {
        let mut i = external(&w);
        i.location = None;
        i.sha256 = None;
        i.upload = Some(Upload {
            sha256: "00".repeat(32),
            size: 4,
            file_name: bad.into(),
        });
        let r = w.refuse(&p.dave, Command::AddEvidence(i));
        assert_eq!(r.field, Some("file_name"), "{bad:?}: {}", r.message);
    }
}

#[test]
fn custody_passes_only_when_the_receiver_acknowledges() {
    let mut w = world_with_item();
    let p = w.p.clone();
    w.run(&p.dave, transfer(&p.erin));
    let item = w.state.evidence_item("EV1").unwrap();
    assert_eq!(item.custodian.id, p.dave.id, "not before acknowledgement");
    assert!(item.pending.is_some());
    let r = w.refuse(&p.carol, ack());
    assert_eq!(r.kind, RejectionKind::Forbidden);
    assert!(r.message.contains("Erin"), "{}", r.message);
    w.advance(10);
    w.run(&p.erin, ack());
    let item = w.state.evidence_item("EV1").unwrap();
    assert_eq!(item.custodian.id, p.erin.id);
    assert_eq!(item.custody.len(), 1);
    assert_eq!(item.custody[0].acknowledged_at, Some(w.now));
    assert_eq!(item.custody[0].destination, "the forensics lab");
    let r = w.refuse(&p.erin, ack());
    assert_eq!(
        r.kind,
        RejectionKind::Conflict,
        "nothing left to acknowledge"
    );
    assert_eq!(w.folded(), w.state);
}

#[test]
fn custody_never_passes_to_someone_not_on_the_team() {
    let mut w = world_with_item();
    let p = w.p.clone();
    let r = w.refuse(&p.dave, transfer(&p.mallory));
    assert_eq!(r.field, Some("to"));
    assert!(r.message.contains("not on the team"), "{}", r.message);
}

#[test]
fn a_second_transfer_before_the_first_is_acknowledged_is_refused() {
    let mut w = world_with_item();
    let p = w.p.clone();
    w.run(&p.dave, transfer(&p.erin));
    let r = w.refuse(&p.dave, transfer(&p.frank));
    assert_eq!(r.kind, RejectionKind::Conflict);
    assert!(r.message.contains("has not acknowledged"), "{}", r.message);
}

#[test]
fn only_the_custodian_hands_an_item_over() {
    let mut w = world_with_item();
    let p = w.p.clone();
    let r = w.refuse(&p.erin, transfer(&p.frank));
    assert_eq!(r.kind, RejectionKind::Forbidden);
    let r = w.refuse(
        &p.dave,
        Command::TransferEvidence {
            evidence: "EV9".into(),
            to: p.erin.clone(),
            reason: "x".into(),
            destination: "y".into(),
        },
    );
    assert_eq!(
        (r.kind, r.field),
        (RejectionKind::NotFound, Some("evidence"))
    );
}
