//! A generated history of incidents for insight's tests and benchmark: each
//! incident's log written with the times it would have had (reported,
//! declared, the team assembled, contained, resolved; actions reported back
//! in time or late; regulators' deadlines met or missed; preventive actions
//! carried), sealed and stored as any log is. Deterministic from its seed.

use jiff::{SignedDuration, Timestamp};
use muster_domain::event::{Declared, Event, PersonRef, ReportSummary};
use muster_domain::obligation::Deadline;
use muster_domain::vocab::{ActionStatus, PersonalData, Phase, Role};
use muster_domain::{IncidentState, LogEntry};
use muster_store::{IncidentSummary, OutboxChanges, Store};
use std::collections::BTreeMap;
use uuid::Uuid;

pub const SEVERITIES: [&str; 4] = ["SEV-1", "SEV-2", "SEV-3", "SEV-4"];
pub const CATEGORIES: [&str; 4] = ["malware", "phishing", "unauthorised-access", "data-loss"];

/// xorshift64*: enough randomness for a history, the same for a seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// In `lo..hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo).max(1) as u64) as i64
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

fn person(n: u128, name: &str) -> PersonRef {
    PersonRef {
        id: Uuid::from_u128(0x4000_0000_0000_0000_0000_0000_0000_0000 + n),
        name: name.to_owned(),
        expertise: Vec::new(),
        chat_handle: None,
    }
}

/// The people the history names; `team_member` is on every restricted
/// incident whose number is even.
pub struct Cast {
    pub im: PersonRef,
    pub deputy: PersonRef,
    pub secretariat: PersonRef,
    pub sme: PersonRef,
    pub team_member: PersonRef,
}

pub fn cast() -> Cast {
    Cast {
        im: person(1, "Olivia Park"),
        deputy: person(2, "Dan Okafor"),
        secretariat: person(3, "Sam Reyes"),
        sme: person(4, "Ravi Shah"),
        team_member: person(5, "Priya Nair"),
    }
}

fn mins(m: i64) -> SignedDuration {
    SignedDuration::from_mins(m)
}

/// One incident's log, from its number `n`, declared at `declared`.
pub fn incident_log(
    id: Uuid,
    n: usize,
    declared: Timestamp,
    rng: &mut Rng,
) -> (IncidentState, Vec<LogEntry>) {
    let c = cast();
    let mut s = IncidentState::new(id);
    let mut out = Vec::new();
    let restricted = n.is_multiple_of(3);
    let severity = SEVERITIES[rng.range(0, 4) as usize];
    let category = CATEGORIES[rng.range(0, 4) as usize];
    let reported = declared - mins(rng.range(1, 240));
    let mut push = |s: &mut IncidentState, at: Timestamp, e: Event| {
        out.push(s.append(&c.im, at, None, &e));
    };
    push(
        &mut s,
        declared,
        Event::Declared(Declared {
            reference: format!("INC-{}-{:04}", declared.strftime("%Y"), n + 1),
            title: format!("Generated incident {n}"),
            severity: severity.into(),
            category: category.into(),
            security: restricted,
            personal_data: PersonalData::No,
            restricted,
            source: "generated".into(),
            hypothesis: "a generated history".into(),
            report: Some(ReportSummary {
                reference: format!("REP-{}-{:04}", declared.strftime("%Y"), n + 1),
                reported_by: c.secretariat.clone(),
                reported_at: reported,
                description: "generated".into(),
            }),
        }),
    );
    let mut t = declared;
    let mut roles = vec![
        (c.im.clone(), Role::IncidentManager),
        (c.deputy.clone(), Role::Deputy),
        (c.secretariat.clone(), Role::Secretariat),
    ];
    // Some incidents never get their subject-matter expert: never assembled.
    if rng.chance(90) {
        roles.push((c.sme.clone(), Role::Sme));
    }
    if restricted && n.is_multiple_of(2) {
        roles.push((c.team_member.clone(), Role::Sme));
    }
    for (p, role) in roles {
        t += mins(rng.range(0, 45));
        push(&mut s, t, Event::RoleAssigned { person: p, role });
    }
    // Actions: reported back in time, late, or not at all.
    let actions = rng.range(0, 4);
    for a in 0..actions {
        let id = format!("A{}", a + 1);
        let created = declared + mins(rng.range(5, 120));
        let due = created + mins(rng.range(15, 180));
        push(
            &mut s,
            created.max(t),
            Event::ActionCreated {
                id: id.clone(),
                title: format!("Action {a}"),
                owner: c.sme.clone(),
                report_back_at: due,
                recommendation: None,
            },
        );
        t = t.max(created);
        match rng.range(0, 4) {
            0 => {} // never reported
            1 => {
                // Moved before it fell due, then answered late.
                let moved = t + mins(1);
                if moved < due {
                    t = moved;
                    push(
                        &mut s,
                        t,
                        Event::ActionUpdated {
                            id: id.clone(),
                            status: ActionStatus::InProgress,
                            report: None,
                            report_back_at: Some(due + mins(60)),
                        },
                    );
                }
                t = t.max(due + mins(90));
                push(
                    &mut s,
                    t,
                    Event::ActionUpdated {
                        id,
                        status: ActionStatus::Done,
                        report: Some("done, late".into()),
                        report_back_at: None,
                    },
                );
            }
            _ => {
                let at = (due - mins(rng.range(1, 10))).max(t);
                t = at;
                push(
                    &mut s,
                    t,
                    Event::ActionUpdated {
                        id,
                        status: ActionStatus::Done,
                        report: Some("done".into()),
                        report_back_at: None,
                    },
                );
            }
        }
    }
    // A regulator's deadline, met or missed, for one incident in four.
    if rng.chance(25) {
        let due = declared + mins(72 * 60);
        t += mins(1);
        push(
            &mut s,
            t,
            Event::DeadlinesComputed {
                deadlines: vec![Deadline {
                    regime: "gdpr".into(),
                    rule_version: "test".into(),
                    stage: "initial".into(),
                    anchors_used: BTreeMap::new(),
                    due_at: Some(due),
                    explanation: "generated".into(),
                }],
            },
        );
        let submitted = if rng.chance(70) {
            due - mins(rng.range(1, 600))
        } else {
            due + mins(rng.range(1, 600))
        };
        t = t.max(submitted);
        push(
            &mut s,
            t,
            Event::SubmissionRecorded {
                regime: "gdpr".into(),
                stage: "initial".into(),
                reference: format!("SUB-{n}"),
                at: t,
                communication: None,
            },
        );
    }
    // Contained for most; resolved for most of those.
    if rng.chance(85) {
        t = t.max(declared + mins(rng.range(30, 60 * 48)));
        push(
            &mut s,
            t,
            Event::PhaseChanged {
                from: Phase::Hot,
                to: Phase::Warm,
                reason: "contained".into(),
            },
        );
        if rng.chance(80) {
            t += mins(rng.range(60, 60 * 24 * 14));
            push(
                &mut s,
                t,
                Event::PhaseChanged {
                    from: Phase::Warm,
                    to: Phase::Cold,
                    reason: "resolved".into(),
                },
            );
            // An open action carried into a preventive one, due in a month.
            if let Some(open) = s
                .actions
                .iter()
                .find(|a| a.status.is_open())
                .map(|a| a.id.clone())
            {
                t += mins(5);
                push(
                    &mut s,
                    t,
                    Event::ActionCarried {
                        id: open,
                        preventive: "PA1".into(),
                        owner: c.deputy.clone(),
                        due: t + mins(60 * 24 * rng.range(1, 60)),
                    },
                );
            }
        }
    }
    (s, out)
}

/// Stores `n` generated incidents declared over the year before `end`.
pub async fn generate(store: &dyn Store, n: usize, seed: u64, end: Timestamp) -> Vec<Uuid> {
    let mut rng = Rng::new(seed);
    let mut ids = Vec::with_capacity(n);
    let year = SignedDuration::from_hours(24 * 365);
    for i in 0..n {
        let declared = end - year
            + SignedDuration::from_secs((year.as_secs() / n as i64) * i as i64)
            + mins(rng.range(0, 60));
        let id = Uuid::now_v7();
        let (state, entries) = incident_log(id, i, declared, &mut rng);
        let last = entries.last().expect("a declaration");
        let summary = IncidentSummary {
            id,
            reference: state.reference.clone(),
            title: state.title.clone(),
            severity: state.severity.clone(),
            category: state.category.clone(),
            phase: state.phase.unwrap_or(Phase::Hot),
            security: state.security,
            restricted: state.restricted,
            incident_manager: state.incident_manager().map(|p| p.id),
            members: state.members().iter().map(|p| p.id).collect(),
            declared_at: declared.as_microsecond(),
            updated_at: declared.as_microsecond(),
            seq: last.seq,
            head_hash: last.hash.clone(),
        };
        store
            .create_incident(&summary, &entries, None, &OutboxChanges::default())
            .await
            .expect("store a generated incident");
        ids.push(id);
    }
    ids
}
