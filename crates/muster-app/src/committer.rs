//! Group commit. Every write to an incident's log goes through one task per
//! server: it takes whatever requests are waiting, decides each against the
//! incident's current state (including the earlier requests of the same batch),
//! seals the entries into the chain, and writes the whole batch in one
//! transaction. `synchronous=FULL` then costs one fsync per batch, not per request.
//!
//! Another instance on the same database may move an incident's head first; the
//! store then reports a conflict for that incident only, and its requests are
//! decided again on the refreshed state. Losing such a race is no reason to
//! trouble a person (a retry on the new head would solve it), so the committer
//! keeps deciding again: each loss means another writer got through, so the
//! retries make progress. Only after [`MAX_ATTEMPTS`] losses in a row, which
//! takes a pathological storm of writes to one incident, is the request answered
//! 503 (nothing written, retry) rather than a 409 that would mean "your request
//! clashes with the incident".

use crate::cache::StateCache;
use crate::error::AppError;
use crate::hub::Hub;
use crate::metrics::Metrics;
use jiff::Timestamp;
use muster_domain::event::Event as DomainEvent;
use muster_domain::{
    Command, Context, Declaration, Event, IncidentState, LogEntry, PersonRef, Policy,
};
use muster_store::{
    Append, AppendOutcome, AuditRecord, CommitBatch, IncidentSummary, Store, Triage,
};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

const MAX_BATCH: usize = 512;
const MAX_ATTEMPTS: u8 = 64;

/// One request to change an incident.
#[derive(Debug, Clone)]
pub struct Submission {
    pub incident: Uuid,
    pub actor: PersonRef,
    pub admin: bool,
    pub occurred_at: Option<Timestamp>,
    pub command: Command,
}

/// A new incident: the declaration is decided once, and only an accepted one
/// takes a reference, so a refusal leaves no hole in the numbering.
#[derive(Debug, Clone)]
pub struct Declare {
    pub actor: PersonRef,
    pub admin: bool,
    /// Its `reference` is left empty: the committer allocates it.
    pub declaration: Declaration,
    /// The report this incident is declared from, marked declared in the same
    /// transaction.
    pub triage: Option<Triage>,
}

/// What a submission wrote, and the incident after it.
#[derive(Debug, Clone)]
pub struct Committed {
    pub entries: Vec<LogEntry>,
    pub state: Arc<IncidentState>,
}

enum Job {
    Command {
        sub: Box<Submission>,
        attempts: u8,
        reply: oneshot::Sender<Result<Committed, AppError>>,
    },
    Audit {
        record: AuditRecord,
        reply: oneshot::Sender<Result<(), AppError>>,
    },
    Declare {
        declare: Box<Declare>,
        reply: oneshot::Sender<Result<Committed, AppError>>,
    },
    Acknowledge {
        ack: Box<acknowledge::Acknowledge>,
        reply: oneshot::Sender<Result<Committed, AppError>>,
    },
}

#[path = "acknowledge.rs"]
mod acknowledge;
pub use acknowledge::Acknowledge;

#[derive(Clone)]
pub struct Committer {
    tx: mpsc::Sender<Job>,
}

struct Shared {
    store: Arc<dyn Store>,
    cache: Arc<StateCache>,
    policy: Arc<Policy>,
    hub: Hub,
    metrics: Arc<Metrics>,
}

impl Shared {
    /// Who decides, when, under this instance's policy.
    fn context(&self, actor: &PersonRef, admin: bool, now: Timestamp) -> Context<'_> {
        Context {
            actor: actor.clone(),
            admin,
            now,
            policy: &self.policy,
        }
    }
}

impl Committer {
    pub fn start(
        store: Arc<dyn Store>,
        cache: Arc<StateCache>,
        policy: Arc<Policy>,
        hub: Hub,
        metrics: Arc<Metrics>,
    ) -> Committer {
        let (tx, rx) = mpsc::channel(8192);
        let shared = Shared {
            store,
            cache,
            policy,
            hub,
            metrics,
        };
        tokio::spawn(run(rx, shared));
        Committer { tx }
    }

    pub async fn submit(&self, sub: Submission) -> Result<Committed, AppError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Job::Command {
                sub: Box::new(sub),
                attempts: 1,
                reply,
            })
            .await
            .map_err(|_| stopped())?;
        rx.await.map_err(|_| stopped())?
    }

    /// Declares a new incident: decided, numbered, sealed and written like any
    /// other change, then cached and published.
    pub async fn declare(&self, declare: Declare) -> Result<Committed, AppError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Job::Declare {
                declare: Box::new(declare),
                reply,
            })
            .await
            .map_err(|_| stopped())?;
        rx.await.map_err(|_| stopped())?
    }

    /// Seals an administrator's acknowledgement of the break in an
    /// incident's log onto the log as it stands.
    pub async fn acknowledge(&self, ack: Acknowledge) -> Result<Committed, AppError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Job::Acknowledge {
                ack: Box::new(ack),
                reply,
            })
            .await
            .map_err(|_| stopped())?;
        rx.await.map_err(|_| stopped())?
    }

    /// Records a read of a restricted incident durably before the read is answered.
    pub async fn audit(&self, record: AuditRecord) -> Result<(), AppError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Job::Audit { record, reply })
            .await
            .map_err(|_| stopped())?;
        rx.await.map_err(|_| stopped())?
    }
}

fn stopped() -> AppError {
    AppError::Unavailable("the committer has stopped".into())
}

async fn run(mut rx: mpsc::Receiver<Job>, shared: Shared) {
    let mut retry: Vec<Job> = Vec::new();
    loop {
        let mut jobs = std::mem::take(&mut retry);
        if jobs.is_empty() {
            match rx.recv().await {
                Some(job) => jobs.push(job),
                None => return,
            }
        }
        while jobs.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        retry = commit_batch(&shared, jobs).await;
    }
}

struct Pending {
    sub: Box<Submission>,
    attempts: u8,
    range: std::ops::Range<usize>,
    reply: oneshot::Sender<Result<Committed, AppError>>,
}

struct Working {
    /// The state the batch decides against, for the outbox's plan difference.
    before: Arc<IncidentState>,
    base_seq: u64,
    state: IncidentState,
    entries: Vec<LogEntry>,
    pending: Vec<Pending>,
}

/// Decides, writes and answers one batch; returns the jobs to decide again.
async fn commit_batch(shared: &Shared, jobs: Vec<Job>) -> Vec<Job> {
    let mut order: Vec<Uuid> = Vec::new();
    let mut working: HashMap<Uuid, Working> = HashMap::new();
    let mut audits = Vec::new();
    for job in jobs {
        match job {
            Job::Audit { record, reply } => audits.push((record, reply)),
            Job::Declare { declare, reply } => {
                let _ = reply.send(declare_incident(shared, *declare).await);
            }
            Job::Acknowledge { ack, reply } => {
                let _ = reply.send(acknowledge::run(shared, *ack).await);
            }
            Job::Command {
                sub,
                attempts,
                reply,
            } => {
                if let Entry::Vacant(slot) = working.entry(sub.incident) {
                    match shared.cache.load(shared.store.as_ref(), sub.incident).await {
                        Ok(Some(state)) => {
                            order.push(sub.incident);
                            slot.insert(Working {
                                before: state.clone(),
                                base_seq: state.seq,
                                state: (*state).clone(),
                                entries: Vec::new(),
                                pending: Vec::new(),
                            });
                        }
                        Ok(None) => {
                            let _ = reply.send(Err(AppError::NotFound("no such incident".into())));
                            continue;
                        }
                        Err(e) => {
                            let _ = reply.send(Err(e.into()));
                            continue;
                        }
                    }
                }
                let Some(w) = working.get_mut(&sub.incident) else {
                    continue;
                };
                // Rule 9: nothing is added to a chain that failed verification.
                if let Some(b) = shared.cache.integrity().get(sub.incident) {
                    let _ = reply.send(Err(log_broken(&w.state, b)));
                    continue;
                }
                decide_into(shared, w, sub, attempts, reply);
            }
        }
    }

    let batch = CommitBatch {
        appends: order
            .iter()
            .filter_map(|id| working.get(id))
            .filter(|w| !w.entries.is_empty())
            .map(|w| Append {
                incident: w.state.id,
                expected_seq: w.base_seq,
                entries: w.entries.clone(),
                summary: summary(&w.state),
                outbox: crate::outbox::for_change(
                    &shared.policy,
                    &w.before,
                    &w.state,
                    &w.entries,
                    Timestamp::now(),
                ),
            })
            .collect(),
        audit: audits.iter().map(|(r, _)| r.clone()).collect(),
        outbox: Default::default(),
    };
    if batch.appends.is_empty() && batch.audit.is_empty() {
        return Vec::new();
    }

    let started = Instant::now();
    let outcome = shared.store.commit(&batch).await;
    shared.metrics.record_commit(
        batch.appends.iter().map(|a| a.entries.len()).sum(),
        started.elapsed(),
    );
    let outcomes = match outcome {
        Ok(outcomes) => outcomes,
        Err(e) => {
            let message = e.to_string();
            let err = || AppError::from(muster_store::StoreError::Unavailable(message.clone()));
            for w in working.into_values() {
                for p in w.pending {
                    let _ = p.reply.send(Err(err()));
                }
            }
            for (_, reply) in audits {
                let _ = reply.send(Err(err()));
            }
            return Vec::new();
        }
    };
    for (_, reply) in audits {
        let _ = reply.send(Ok(()));
    }

    let mut retry = Vec::new();
    for (append, outcome) in batch.appends.iter().zip(outcomes) {
        let Some(w) = working.remove(&append.incident) else {
            continue;
        };
        match outcome {
            AppendOutcome::Committed => {
                let state = shared.cache.offer(Arc::new(w.state));
                shared.hub.publish(&w.entries);
                shared.metrics.commands_committed(w.pending.len());
                for p in w.pending {
                    let _ = p.reply.send(Ok(Committed {
                        entries: w.entries[p.range].to_vec(),
                        state: state.clone(),
                    }));
                }
            }
            AppendOutcome::Broken(b) => {
                // The log was cut or rewritten under this server: what it
                // holds in memory is no longer the stored chain.
                shared
                    .cache
                    .integrity()
                    .mark(append.incident, &w.state.reference, b.clone());
                shared.cache.remove(append.incident);
                for p in w.pending {
                    let _ = p.reply.send(Err(log_broken(&w.state, b.clone())));
                }
            }
            AppendOutcome::Conflict { actual_seq } => {
                tracing::info!(incident = %append.incident, expected = w.base_seq, actual_seq, "log head moved; deciding again");
                if let Err(e) = shared
                    .cache
                    .refresh(shared.store.as_ref(), append.incident)
                    .await
                {
                    tracing::warn!(error = %e, "refreshing after a conflict failed");
                    shared.cache.remove(append.incident);
                }
                for p in w.pending {
                    if p.attempts >= MAX_ATTEMPTS {
                        let _ = p.reply.send(Err(AppError::Unavailable(format!(
                            "the incident's log moved {MAX_ATTEMPTS} times while this request was being decided; nothing was written; retry"
                        ))));
                    } else {
                        retry.push(Job::Command {
                            sub: p.sub,
                            attempts: p.attempts + 1,
                            reply: p.reply,
                        });
                    }
                }
            }
        }
    }
    retry
}

fn log_broken(state: &IncidentState, brk: muster_domain::log::Break) -> AppError {
    AppError::LogBroken {
        reference: state.reference.clone(),
        brk,
    }
}

fn decide_into(
    shared: &Shared,
    w: &mut Working,
    sub: Box<Submission>,
    attempts: u8,
    reply: oneshot::Sender<Result<Committed, AppError>>,
) {
    let now = log_now();
    let ctx = shared.context(&sub.actor, sub.admin, now);
    let events = match muster_domain::decide(&w.state, &ctx, sub.command.clone()) {
        Ok(events) => events,
        Err(rejection) => {
            shared.metrics.command_rejected();
            let _ = reply.send(Err(rejection.into()));
            return;
        }
    };
    let start = w.entries.len();
    append(
        &mut w.state,
        &mut w.entries,
        &sub.actor,
        now,
        sub.occurred_at,
        &events,
    );
    w.pending.push(Pending {
        sub,
        attempts,
        range: start..w.entries.len(),
        reply,
    });
}

/// Decides a declaration once, numbers it, seals its entries onto a new chain
/// and writes the incident, its entries, its report's triage and its outbox
/// rows in one transaction.
async fn declare_incident(shared: &Shared, d: Declare) -> Result<Committed, AppError> {
    let now = log_now();
    let ctx = shared.context(&d.actor, d.admin, now);
    let id = Uuid::now_v7();
    let (mut events, _) = match muster_domain::declare(id, &ctx, d.declaration) {
        Ok(decided) => decided,
        Err(rejection) => {
            shared.metrics.command_rejected();
            return Err(rejection.into());
        }
    };
    let year = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).year();
    let reference = shared.store.allocate_reference(year).await?;
    for event in &mut events {
        if let DomainEvent::Declared(declared) = event {
            declared.reference.clone_from(&reference);
        }
    }
    let before = IncidentState::new(id);
    let mut state = before.clone();
    let mut entries = Vec::with_capacity(events.len());
    append(&mut state, &mut entries, &d.actor, now, None, &events);
    let outbox = crate::outbox::for_change(&shared.policy, &before, &state, &entries, now);
    let triage = d.triage.map(|t| Triage {
        incident: Some(id),
        ..t
    });
    let started = Instant::now();
    shared
        .store
        .create_incident(&summary(&state), &entries, triage.as_ref(), &outbox)
        .await?;
    shared
        .metrics
        .record_commit(entries.len(), started.elapsed());
    shared.metrics.commands_committed(1);
    shared.cache.remember(&reference, id);
    let state = shared.cache.offer(Arc::new(state));
    shared.hub.publish(&entries);
    tracing::info!(incident = %reference, "incident declared");
    Ok(Committed { entries, state })
}

/// Now, to the microsecond the log keeps, so that folding uses exactly what
/// the log records.
fn log_now() -> Timestamp {
    Timestamp::from_microsecond(Timestamp::now().as_microsecond())
        .unwrap_or_else(|_| Timestamp::now())
}

/// Seals each event onto the head of `state`, folding it in as it goes, so
/// that the next entry links to this one.
fn append(
    state: &mut IncidentState,
    entries: &mut Vec<LogEntry>,
    actor: &PersonRef,
    now: Timestamp,
    occurred_at: Option<Timestamp>,
    events: &[Event],
) {
    for event in events {
        entries.push(state.append(actor, now, occurred_at, event));
    }
}

/// The row lists and visibility checks read, from the folded state.
pub fn summary(state: &IncidentState) -> IncidentSummary {
    IncidentSummary {
        id: state.id,
        reference: state.reference.clone(),
        title: state.title.clone(),
        severity: state.severity.clone(),
        category: state.category.clone(),
        phase: state.phase.unwrap_or(muster_domain::Phase::Hot),
        security: state.security,
        restricted: state.restricted,
        incident_manager: state.incident_manager().map(|p| p.id),
        members: state.members().iter().map(|p| p.id).collect(),
        declared_at: state
            .timings
            .declared_at
            .map(|t| t.as_microsecond())
            .unwrap_or_default(),
        updated_at: Timestamp::now().as_microsecond(),
        seq: state.seq,
        head_hash: state.head_hash.clone(),
    }
}
