//! A small world to drive the rules through: a cast of people, a clock that only
//! moves when a test says so, and a log that records every event the domain
//! decides, exactly as a store would.

use crate::log::LogEntry;
use crate::rejection::RejectionKind;
use crate::*;
use jiff::{SignedDuration, Timestamp};
use uuid::Uuid;

/// 2026-11-19T09:20:00Z: whole seconds, so the log's microsecond timestamps fold
/// back to exactly the instants the state was built with.
pub const T0: i64 = 1_795_080_000;

pub fn t0() -> Timestamp {
    Timestamp::from_second(T0).unwrap()
}

pub fn person(n: u128, name: &str, tags: &[&str]) -> PersonRef {
    PersonRef {
        id: Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 | n),
        name: name.to_owned(),
        expertise: tags.iter().map(|t| (*t).to_owned()).collect(),
        chat_handle: Some(format!("@{}", name.to_lowercase())),
    }
}

/// The people every scenario can call on.
#[derive(Clone)]
pub struct Cast {
    pub alice: PersonRef,
    pub bob: PersonRef,
    pub carol: PersonRef,
    /// A security analyst.
    pub dave: PersonRef,
    /// From the data privacy team.
    pub erin: PersonRef,
    pub frank: PersonRef,
    pub grace: PersonRef,
    /// A network engineer: an SME, but not one rule 4 asks for.
    pub henry: PersonRef,
    /// Not on any team.
    pub mallory: PersonRef,
}

pub fn cast() -> Cast {
    Cast {
        alice: person(1, "Alice", &["incident-manager"]),
        bob: person(2, "Bob", &[]),
        carol: person(3, "Carol", &[]),
        dave: person(4, "Dave", &["security-analyst"]),
        erin: person(5, "Erin", &["data-privacy"]),
        frank: person(6, "Frank", &[]),
        grace: person(7, "Grace", &["legal"]),
        henry: person(8, "Henry", &["network"]),
        mallory: person(9, "Mallory", &[]),
    }
}

/// Extra people, for span-of-control scenarios.
pub fn extra(i: u128) -> PersonRef {
    person(100 + i, &format!("Extra{i}"), &[])
}

pub struct World {
    pub policy: Policy,
    pub now: Timestamp,
    pub state: IncidentState,
    pub log: Vec<LogEntry>,
    pub p: Cast,
}

impl World {
    /// An incident that has not been declared yet.
    pub fn new() -> World {
        World {
            policy: Policy::default(),
            now: t0(),
            state: IncidentState::new(Uuid::from_u128(0x0190_aaaa_0000_7000_8000_0000_0000_0001)),
            log: Vec::new(),
            p: cast(),
        }
    }

    pub fn ctx(&self, actor: &PersonRef) -> Context<'_> {
        Context {
            actor: actor.clone(),
            admin: false,
            now: self.now,
            policy: &self.policy,
        }
    }

    /// A declaration by Alice, who becomes incident manager, with no team yet.
    pub fn declaration(&self, security: bool, personal_data: PersonalData) -> Declaration {
        Declaration {
            reference: "INC-2026-0007".into(),
            title: "Customer export bucket readable by anyone".into(),
            severity: "SEV-2".into(),
            category: "data-breach".into(),
            security,
            personal_data,
            restricted: None,
            source: "supplier notification".into(),
            hypothesis: "a misconfigured bucket policy".into(),
            report: None,
            incident_manager: None,
            team: Vec::new(),
        }
    }

    pub fn try_declare(&mut self, d: Declaration) -> Result<Vec<Event>, Rejection> {
        let alice = self.p.alice.clone();
        let (events, declared) = declare(self.state.id, &self.ctx(&alice), d)?;
        self.record(&alice, &events);
        let mut expected = declared;
        expected.head_hash.clone_from(&self.state.head_hash);
        assert_eq!(
            self.state, expected,
            "declare's state is its events, folded"
        );
        Ok(events)
    }

    /// Alice declares and commands; nobody else is on the team.
    pub fn declared(security: bool, personal_data: PersonalData) -> World {
        let mut w = World::new();
        let d = w.declaration(security, personal_data);
        w.try_declare(d).expect("declaration");
        w
    }

    /// A full team: Alice commands, Bob deputises, Carol is secretariat, Dave
    /// (security analyst) and Erin (data privacy) are SMEs, Frank leads comms and
    /// Grace liaises.
    pub fn staffed(security: bool, personal_data: PersonalData) -> World {
        let mut w = World::new();
        let p = w.p.clone();
        let mut d = w.declaration(security, personal_data);
        d.team = vec![
            (p.bob, Role::Deputy),
            (p.carol, Role::Secretariat),
            (p.dave, Role::Sme),
            (p.erin, Role::Sme),
            (p.frank, Role::CommsLead),
            (p.grace, Role::Liaison),
        ];
        w.try_declare(d).expect("declaration");
        w
    }

    pub fn later(&self, minutes: i64) -> Timestamp {
        self.now + SignedDuration::from_mins(minutes)
    }

    pub fn advance(&mut self, minutes: i64) {
        self.now = self.later(minutes);
    }

    pub fn try_run(&mut self, actor: &PersonRef, cmd: Command) -> Result<Vec<Event>, Rejection> {
        let events = decide(&self.state, &self.ctx(actor), cmd)?;
        self.record(actor, &events);
        Ok(events)
    }

    pub fn try_run_admin(
        &mut self,
        actor: &PersonRef,
        cmd: Command,
    ) -> Result<Vec<Event>, Rejection> {
        let ctx = Context {
            admin: true,
            ..self.ctx(actor)
        };
        let events = decide(&self.state, &ctx, cmd)?;
        self.record(actor, &events);
        Ok(events)
    }

    /// Runs a command that must be accepted.
    pub fn run(&mut self, actor: &PersonRef, cmd: Command) -> Vec<Event> {
        let shown = format!("{cmd:?}");
        match self.try_run(actor, cmd) {
            Ok(events) => events,
            Err(r) => panic!("{} was refused {shown}: {r} ({r:?})", actor.name),
        }
    }

    /// Runs a command that must be refused, and checks nothing was recorded.
    pub fn refuse(&mut self, actor: &PersonRef, cmd: Command) -> Rejection {
        let before = self.state.clone();
        let shown = format!("{cmd:?}");
        match self.try_run(actor, cmd) {
            Ok(events) => panic!("{} was allowed {shown}: {events:?}", actor.name),
            Err(r) => {
                assert_eq!(self.state, before, "a refusal changes nothing");
                r
            }
        }
    }

    /// Records events as a store would: one sealed entry each, then the fold.
    fn record(&mut self, actor: &PersonRef, events: &[Event]) {
        for event in events {
            let entry = self.state.append(actor, self.now, None, event);
            self.log.push(entry);
        }
        self.check_invariants();
    }

    /// What must hold after every accepted command, whatever the scenario.
    fn check_invariants(&self) {
        if self.state.is_open() {
            let managers = self.state.holders(Role::IncidentManager).count();
            assert_eq!(
                managers, 1,
                "rule 1/8: an open incident has exactly one incident manager"
            );
            let im = self.state.incident_manager().unwrap().id;
            assert_eq!(
                self.state.roles_of(im).count(),
                1,
                "rule 2: the incident manager holds no other role"
            );
            assert!(
                !self
                    .state
                    .actions
                    .iter()
                    .any(|a| a.owner.id == im && a.status.is_open()),
                "rule 2: the incident manager owns no open action"
            );
        }
        assert_eq!(self.state.seq, self.log.len() as u64);
    }

    /// Alice delegates an action to `owner`, due back in an hour; its id.
    pub fn delegate_action(&mut self, owner: &PersonRef) -> String {
        let alice = self.p.alice.clone();
        let report_back_at = self.later(60);
        let cmd = Command::CreateAction {
            title: "Rotate the bucket's access keys".into(),
            owner: owner.clone(),
            report_back_at,
        };
        match &self.run(&alice, cmd)[..] {
            [Event::ActionCreated { id, .. }] => id.clone(),
            other => panic!("unexpected {other:?}"),
        }
    }

    /// Resolving: moving to `cold`.
    pub fn try_resolve(&mut self, actor: &PersonRef) -> Result<Vec<Event>, Rejection> {
        self.try_run(
            actor,
            Command::Resolve {
                reason: "contained and cleaned up".into(),
            },
        )
    }

    /// A post-incident review with these lessons and one preventive action,
    /// owned by Henry and due in a fortnight.
    pub fn review(&self, lessons: &[&str]) -> ReviewInput {
        ReviewInput {
            went_well: "Fast containment".into(),
            even_better_if: "We had found the bucket ourselves".into(),
            causes: "No policy check on bucket creation".into(),
            response: "Handover at 18:00 was smooth".into(),
            lessons: lessons.iter().map(|l| (*l).to_owned()).collect(),
            preventive_actions: vec![PreventiveActionInput {
                title: "Add a bucket-policy check to CI".into(),
                owner: self.p.henry.clone(),
                due: self.later(60 * 24 * 14),
            }],
            thanked: true,
        }
    }

    /// The state as folded from the log alone.
    pub fn folded(&self) -> IncidentState {
        IncidentState::fold(self.state.id, &self.log).expect("every logged event decodes")
    }
}

/// Asserts a refusal's rule, kind and field, and that its message says what
/// was wrong in words a responder would recognise.
#[track_caller]
pub fn expect(
    r: &Rejection,
    rule: Option<Rule>,
    kind: RejectionKind,
    field: Option<&str>,
    words: &[&str],
) {
    assert_eq!(r.rule, rule, "rule of {r:?}");
    assert_eq!(r.kind, kind, "kind of {r:?}");
    assert_eq!(r.field, field, "field of {r:?}");
    let expected_code = match (rule, kind) {
        (Some(_), _) if r.code == "rule-violation" => "rule-violation",
        (_, RejectionKind::Invalid) => "invalid",
        (_, RejectionKind::Forbidden) => "forbidden",
        (_, RejectionKind::Conflict) => "conflict",
        (_, RejectionKind::NotFound) => "not-found",
    };
    assert_eq!(r.code, expected_code, "code of {r:?}");
    let message = r.message.to_lowercase();
    for word in words {
        assert!(
            message.contains(&word.to_lowercase()),
            "message {:?} should mention {word:?}",
            r.message
        );
    }
    if let Some(rule) = rule {
        assert!(r.to_string().starts_with(&format!("{rule}: ")), "{r}");
        let told = r.to_string();
        assert_eq!(
            told.matches(&format!("{rule}")).count(),
            1,
            "messages do not repeat the rule number twice: {told}"
        );
    }
}
