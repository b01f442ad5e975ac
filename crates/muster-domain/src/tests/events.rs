//! Events as the log stores them: every kind encodes and decodes to itself,
//! and stored payloads of every version still decode.

use super::fixture::*;
use crate::event::*;
use crate::*;

/// The position of each kind in [`every_event`]. No wildcard arm: a new event
/// kind fails to compile here until it has a sample below.
fn index(e: &Event) -> usize {
    match e {
        Event::Declared(_) => 0,
        Event::RoleAssigned { .. } => 1,
        Event::RoleStoodDown { .. } => 2,
        Event::WorkstreamCreated { .. } => 3,
        Event::WorkstreamMemberAdded { .. } => 4,
        Event::WorkstreamMemberRemoved { .. } => 5,
        Event::WorkstreamClosed { .. } => 6,
        Event::FindingAdded { .. } => 7,
        Event::FindingDelegated { .. } => 8,
        Event::FindingResolved { .. } => 9,
        Event::FindingAssessed { .. } => 10,
        Event::RecommendationMade { .. } => 11,
        Event::RecommendationApproved { .. } => 12,
        Event::RecommendationRejected { .. } => 13,
        Event::ActionCreated { .. } => 14,
        Event::ActionUpdated { .. } => 15,
        Event::ActionReassigned { .. } => 16,
        Event::DecisionRecorded { .. } => 17,
        Event::NoteAdded { .. } => 18,
        Event::Corrected { .. } => 19,
        Event::Escalated { .. } => 20,
        Event::EscalationSuggested { .. } => 21,
        Event::EscalationDeclined { .. } => 22,
        Event::PhaseChanged { .. } => 23,
        Event::RestrictionChanged { .. } => 24,
        Event::HandoverBriefed { .. } => 25,
        Event::HandoverAcknowledged { .. } => 26,
        Event::HandoverCancelled { .. } => 27,
        Event::CommandAssumed { .. } => 28,
        Event::CommunicationDrafted { .. } => 29,
        Event::CommunicationAgreed { .. } => 30,
        Event::CommunicationSent { .. } => 31,
        Event::BriefingRecorded { .. } => 32,
        Event::ReviewRecorded(_) => 33,
        Event::PreventiveActionUpdated { .. } => 34,
        Event::Closed { .. } => 35,
        Event::CallsScheduled { .. } => 36,
        Event::CallRecorded(_) => 37,
        Event::ChatChannelOpened(_) => 38,
        Event::CommunicationDelivered { .. } => 39,
        Event::ScopeChanged { .. } => 40,
        Event::ActionCarried { .. } => 41,
        Event::BreakAcknowledged { .. } => 42,
        Event::AnchorRecorded { .. } => 43,
        Event::JurisdictionsSet { .. } => 44,
        Event::ObligationAssessed { .. } => 45,
        Event::SubmissionRecorded { .. } => 46,
        Event::DeadlinesComputed { .. } => 47,
        Event::IndicatorAdded(_) => 48,
        Event::SightingRecorded(_) => 49,
        Event::IndicatorLinked { .. } => 50,
        Event::TimelineEventAdded(_) => 51,
        Event::EvidenceAdded(_) => 52,
        Event::CustodyTransferred { .. } => 53,
        Event::CustodyAcknowledged { .. } => 54,
        Event::FindingCited { .. } => 55,
    }
}

const KINDS: usize = 56;

/// One sample of every kind, with awkward text (quotes, newlines, non-ASCII) and
/// sub-second times so the round trip is not trivially easy.
fn every_event() -> Vec<Event> {
    let p = cast();
    let at = t0() + jiff::SignedDuration::new(3600, 123_456_789);
    let s = |t: &str| t.to_owned();
    vec![
        Event::Declared(Declared {
            reference: s("INC-2026-0007"),
            title: s("Bucket \"exports\" public\nsince Tuesday"),
            severity: s("SEV-1"),
            category: s("data-breach"),
            security: true,
            personal_data: PersonalData::Unknown,
            restricted: true,
            source: s("supplier"),
            hypothesis: s("misconfiguration — probably"),
            report: Some(ReportSummary {
                reference: s("REP-1"),
                reported_by: p.grace.clone(),
                reported_at: at,
                description: s("é\u{1F512}"),
            }),
        }),
        Event::RoleAssigned {
            person: p.bob.clone(),
            role: Role::Deputy,
        },
        Event::RoleStoodDown {
            person: p.carol.clone(),
            role: Role::Secretariat,
            reason: s("off shift"),
        },
        Event::WorkstreamCreated {
            id: s("W1"),
            name: s("Forensics"),
            lead: p.dave.clone(),
        },
        Event::WorkstreamMemberAdded {
            id: s("W1"),
            person: p.henry.clone(),
        },
        Event::WorkstreamMemberRemoved {
            id: s("W1"),
            person: p.henry.clone(),
        },
        Event::WorkstreamClosed {
            id: s("W1"),
            reason: s("done"),
        },
        Event::FindingAdded {
            id: s("F1"),
            finding: FindingKind::Known,
            text: s("public"),
            source: Some(s("policy")),
        },
        Event::FindingDelegated {
            id: s("F2"),
            to: p.dave.clone(),
            report_back_at: at,
        },
        Event::FindingResolved {
            id: s("F2"),
            status: FindingStatus::Answered,
            text: s("nobody"),
        },
        Event::FindingAssessed {
            suspected: s("F3"),
            known: s("F1"),
            consistency: Consistency::NotApplicable,
        },
        Event::RecommendationMade {
            id: s("R1"),
            text: s("revoke"),
            by: p.dave.clone(),
        },
        Event::RecommendationApproved {
            id: s("R1"),
            decision: s("D1"),
            action: s("A1"),
            rationale: s("why"),
        },
        Event::RecommendationRejected {
            id: s("R2"),
            decision: s("D2"),
            rationale: s("why not"),
        },
        Event::ActionCreated {
            id: s("A1"),
            title: s("revoke"),
            owner: p.dave.clone(),
            report_back_at: at,
            recommendation: Some(s("R1")),
        },
        Event::ActionUpdated {
            id: s("A1"),
            status: ActionStatus::InProgress,
            report: None,
            report_back_at: Some(at),
        },
        Event::ActionReassigned {
            id: s("A1"),
            owner: p.erin.clone(),
            report_back_at: at,
        },
        Event::DecisionRecorded {
            id: s("D3"),
            text: s("notify"),
            rationale: s("72h"),
            by: p.alice.clone(),
            recommendation: None,
        },
        Event::NoteAdded {
            text: s("tab\there, backslash \\ and a control \u{1}"),
        },
        Event::Corrected {
            corrects: 12,
            text: s("09:50"),
        },
        Event::Escalated {
            severity: Some(s("SEV-1")),
            category: None,
            reason: s("worse"),
            suggestion: Some(s("E1")),
        },
        Event::EscalationSuggested {
            id: s("E1"),
            severity: None,
            category: Some(s("ransomware")),
            reason: s("note"),
        },
        Event::EscalationDeclined {
            id: s("E2"),
            reason: s("no"),
        },
        Event::PhaseChanged {
            from: Phase::Hot,
            to: Phase::Warm,
            reason: s("contained"),
        },
        Event::RestrictionChanged {
            restricted: false,
            reason: s("help"),
        },
        Event::HandoverBriefed {
            id: s("H9"),
            from: p.alice.clone(),
            to: p.bob.clone(),
            brief: s("all yours"),
            outgoing_role: Some(Role::Sme),
        },
        Event::HandoverAcknowledged { id: s("H9") },
        Event::HandoverCancelled {
            id: s("H9"),
            reason: s("stay"),
        },
        Event::CommandAssumed {
            by: p.bob.clone(),
            reason: s("unreachable"),
        },
        Event::CommunicationDrafted {
            id: s("C1"),
            audience: Audience::ThirdParty,
            recipients: vec![s("a@x"), s("b@y")],
            subject: s("s"),
            body: s("b"),
        },
        Event::CommunicationAgreed { id: s("C1") },
        Event::CommunicationSent {
            id: s("C1"),
            via: s("email"),
        },
        Event::BriefingRecorded {
            id: s("B1"),
            stakeholder: s("SIRO"),
            summary: s("briefed"),
        },
        Event::ReviewRecorded(ReviewRecord {
            went_well: s("w"),
            even_better_if: s("e"),
            causes: s(""),
            response: s("r"),
            lessons: vec![s("l1"), s("l2")],
            preventive_actions: vec![PreventiveActionSpec {
                id: s("P1"),
                title: s("ci"),
                owner: p.henry.clone(),
                due: at,
            }],
            thanked: true,
        }),
        Event::PreventiveActionUpdated {
            id: s("P1"),
            done: true,
            note: None,
        },
        Event::Closed {
            reason: s("review done"),
        },
        Event::CallsScheduled {
            cadence_minutes: 45,
            first_at: at,
            bridge: Some(s("https://meet.example.org/inc-7?pin=1&x=\"y\"")),
        },
        Event::CallRecorded(crate::calls::CallRecord {
            id: s("H1"),
            held_at: at,
            roll_call: vec![crate::calls::RollCallLine {
                role: Role::IncidentManager,
                person: p.alice.clone(),
            }],
            what_happened: s("Bucket public — «since Tuesday»"),
            what_it_means: s("customer emails\nexposed"),
            what_we_have_done: s("closed the bucket"),
            what_we_do_next: s("notify the ICO"),
            decisions: vec![s("notify the ICO by 17:00")],
            next_decision_at: Some(at),
        }),
        Event::ChatChannelOpened(crate::calls::ChatChannel {
            provider: s("slack"),
            channel: s("C0123ABC"),
            name: s("inc-2026-0007-bucket-exports"),
            url: None,
        }),
        Event::CommunicationDelivered {
            id: s("C1"),
            via: s("email"),
            recipients: vec![s("dpo@example.org"), s("zoë@example.org")],
            failed: vec![],
        },
        Event::ScopeChanged {
            security: Some(true),
            personal_data: Some(PersonalData::Yes),
            reason: s("customer \"emails\" were in the export"),
        },
        Event::ActionCarried {
            id: s("A2"),
            preventive: s("P1"),
            owner: p.henry.clone(),
            due: at,
        },
        Event::BreakAcknowledged {
            seq: 6,
            expected: "ab".repeat(32),
            found: "cd".repeat(32),
            problem: s("entries 6 to 7 are missing"),
            reason: s("restored from the \"nightly\" backup — see ticket 42"),
        },
        Event::AnchorRecorded {
            anchor: Anchor::Aware,
            at,
        },
        Event::JurisdictionsSet {
            jurisdictions: vec![s("de"), s("us-ny")],
            sectors: vec![s("financial-entity")],
            reason: s("customers in Germany and \"New York\""),
        },
        Event::ObligationAssessed {
            regime: s("gdpr-art-34"),
            status: ObligationStatus::NotRequired,
            rationale: s("encrypted at rest — key not taken"),
        },
        Event::SubmissionRecorded {
            regime: s("gdpr-art-33"),
            stage: s("notification"),
            reference: s("ICO-2026-1234"),
            at,
            communication: Some(s("C1")),
        },
        Event::DeadlinesComputed {
            deadlines: vec![crate::obligation::Deadline {
                regime: s("gdpr-art-33"),
                rule_version: s("1"),
                stage: s("notification"),
                anchors_used: [(s("aware"), at)].into_iter().collect(),
                due_at: Some(at + jiff::SignedDuration::from_hours(72)),
                explanation: s("72 clock hours from aware\n  ends at …"),
            }],
        },
        Event::IndicatorAdded(crate::indicator::IndicatorRecord {
            id: s("I1"),
            ty: s("url"),
            value: s("http://evil.example/\"login\""),
            tlp: crate::indicator::Tlp::AmberStrict,
            pap: Some(crate::indicator::Pap::Green),
            ioc: true,
            tags: vec![s("phish — wave 2")],
            first_seen: Some(at),
            last_seen: Some(at),
            comment: Some(s("from the \"payroll\" mail\nsecond line")),
        }),
        Event::SightingRecorded(crate::indicator::SightingRecord {
            id: s("I1-S1"),
            indicator: s("I1"),
            seen_at: at,
            seen_until: Some(at + jiff::SignedDuration::from_mins(5)),
            seen_on: Some(s("mail-gw-1")),
            source: Some(s("proxy log")),
            seen_by: Some(s("SOC — night shift")),
            count: 3,
        }),
        Event::IndicatorLinked {
            indicator: s("I1"),
            finding: s("F2"),
            link: IndicatorLink::Supports,
        },
        Event::TimelineEventAdded(crate::indicator::TimelineRecord {
            id: s("TL1"),
            at,
            precision: Precision::Window,
            until: Some(at + jiff::SignedDuration::from_hours(1)),
            host: Some(s("laptop-042")),
            description: s("phishing mail \"opened\"\nmacro ran"),
            indicators: vec![s("I1")],
            attack: vec![s("T1566.001"), s("TA0001")],
        }),
        Event::FindingCited {
            id: s("F1"),
            cites: vec![s("I1"), s("TL1"), s("EV1")],
        },
        Event::EvidenceAdded(crate::evidence::EvidenceRecord {
            id: s("EV1"),
            description: s("disk image of \"laptop-042\"\nsealed bag 7"),
            taken_from: s("laptop-042"),
            collected_by: s("Dave — forensics"),
            collected_at: at,
            tool: Some(s("FTK Imager 4.7")),
            sha256: "ab".repeat(32),
            upload: Some(crate::evidence::Upload {
                sha256: "ab".repeat(32),
                size: 1 << 30,
                file_name: s("laptop-042.E01"),
            }),
            location: Some(s("safe 2")),
            custodian: p.dave.clone(),
        }),
        Event::CustodyTransferred {
            evidence: s("EV1"),
            from: p.dave.clone(),
            to: p.erin.clone(),
            reason: s("for \"analysis\""),
            destination: s("forensics lab"),
        },
        Event::CustodyAcknowledged {
            evidence: s("EV1"),
            by: p.erin.clone(),
        },
    ]
}

#[test]
fn every_event_kind_round_trips_through_its_payload() {
    let events = every_event();
    let mut seen = [false; KINDS];
    for event in &events {
        seen[index(event)] = true;
        let payload = event.payload_json();
        let decoded = Event::decode(event.kind(), Event::VERSION, &payload)
            .unwrap_or_else(|e| panic!("{e}: {payload}"));
        assert_eq!(&decoded, event, "{payload}");
        // The payload is itself canonical: re-encoding gives the same bytes.
        let value: serde_json::Value = serde_json::from_str(&payload).unwrap();
        assert_eq!(log::canonical_json(&value), payload);
        assert!(value.is_object(), "{payload}");
        // The kind the log stores is the serde tag.
        let tagged = serde_json::to_value(event).unwrap();
        assert_eq!(tagged["kind"], event.kind());
    }
    assert!(seen.iter().all(|s| *s), "a sample of every kind: {seen:?}");
    let mut kinds: Vec<&str> = events.iter().map(Event::kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(kinds.len(), KINDS, "kinds are distinct");
}

#[test]
fn decode_names_what_it_cannot_read() {
    let e = Event::decode("note-added", 2, r#"{"text":"x"}"#).unwrap_err();
    assert_eq!((e.kind.as_str(), e.version), ("note-added", 2));
    assert!(e.to_string().contains("unknown version 2"), "{e}");
    let e = Event::decode("note-deleted", 1, r#"{"text":"x"}"#).unwrap_err();
    assert!(e.to_string().contains("note-deleted"), "{e}");
    let e = Event::decode("note-added", 1, r#"{"txt":"x"}"#).unwrap_err();
    assert!(e.reason.contains("text"), "{e}");
    assert!(Event::decode("note-added", 1, "{").is_err());
}

#[test]
fn optional_fields_may_be_absent_from_stored_payloads() {
    // Older writers omitted empty optionals; those entries must still decode.
    let e = Event::decode(
        "finding-added",
        1,
        r#"{"finding":"unknown","id":"F1","text":"who?"}"#,
    )
    .unwrap();
    assert_eq!(
        e,
        Event::FindingAdded {
            id: "F1".into(),
            finding: FindingKind::Unknown,
            text: "who?".into(),
            source: None
        }
    );
    let e = Event::decode(
        "role-assigned",
        1,
        r#"{"person":{"id":"0190aaaa-0000-7000-8000-000000000001","name":"Zed"},"role":"sme"}"#,
    )
    .unwrap();
    let Event::RoleAssigned {
        person,
        role: Role::Sme,
    } = e
    else {
        panic!("{e:?}")
    };
    assert!(person.expertise.is_empty() && person.chat_handle.is_none());
}

#[test]
fn every_event_kind_is_in_the_log_formats_table() {
    let doc = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/log-format.md");
    let text = std::fs::read_to_string(doc).expect("docs/log-format.md");
    for event in every_event() {
        let kind = event.kind();
        assert!(
            text.contains(&format!("| `{kind}` |"))
                || text.contains(&format!("`{kind}`,"))
                || text.contains(&format!(", `{kind}` |")),
            "docs/log-format.md §8 lists `{kind}`"
        );
    }
}
