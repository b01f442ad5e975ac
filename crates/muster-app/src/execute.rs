//! Every change to a declared incident: a command, decided under the rules by
//! the committer and appended to the log.

use crate::actor::{Actor, person_ref};
use crate::app::{App, PAGE};
use crate::committer::{Committed, Submission};
use crate::error::{AppError, AppResult};
use futures::Stream;
use jiff::Timestamp;
use muster_domain::{Command, LogEntry};
use std::collections::VecDeque;
use std::sync::Arc;
use tokio::sync::broadcast;
use uuid::Uuid;

impl App {
    /// Runs `command` as `actor` on the incident `reference` (which `actor`
    /// must be able to see, rule 10), after resolving the people it names from
    /// the directory. `occurred_at` says when it happened, if earlier than now.
    #[tracing::instrument(skip_all, fields(incident = %reference))]
    pub async fn execute(
        &self,
        actor: &Actor,
        reference: &str,
        command: Command<String>,
        occurred_at: Option<Timestamp>,
    ) -> AppResult<Committed> {
        let incident = self
            .visible(actor, reference, &format!("a command on {reference}"))
            .await?;
        let command = self.resolve_people(command).await?;
        if let Some(at) = occurred_at
            && at > Timestamp::now()
        {
            return Err(AppError::invalid(
                "occurred_at",
                "`occurred_at` is in the future",
            ));
        }
        self.submit(Submission {
            incident: incident.id,
            actor: actor.person_ref(),
            admin: actor.admin,
            occurred_at,
            command,
        })
        .await
    }

    /// The command with each person it names (an email, chat handle or id)
    /// looked up in the directory; a miss names the field.
    pub async fn resolve_people(&self, command: Command<String>) -> AppResult<Command> {
        let mut named = Vec::new();
        command.clone().map_people(|field, key| {
            named.push((field.to_owned(), key));
            Ok::<_, AppError>(())
        })?;
        let mut people = Vec::with_capacity(named.len());
        for (field, key) in named {
            people.push(person_ref(&self.person(&field, &key).await?));
        }
        let mut people = people.into_iter();
        command.map_people(|_, _| {
            people
                .next()
                .ok_or_else(|| AppError::internal("a command named more people the second time"))
        })
    }

    /// Runs a command already bound to an incident and an actor: for Muster
    /// itself (the worker records deliveries and chat channels as Muster).
    pub async fn submit(&self, submission: Submission) -> AppResult<Committed> {
        self.inner().committer.submit(submission).await
    }

    /// Entries of `incident` after `after`: the stored backlog, then live ones.
    /// The subscription starts before the backlog is read, so nothing falls
    /// between; a gap (another instance wrote it, or the reader lagged) is read
    /// from the store.
    pub fn follow(&self, incident: Uuid, after: u64) -> impl Stream<Item = LogEntry> + use<> {
        let follow = Follow {
            rx: self.subscribe(),
            app: self.clone(),
            incident,
            last: after,
            queued: VecDeque::new(),
            caught_up: false,
        };
        futures::stream::unfold(follow, |mut f| async move {
            let entry = f.next().await?;
            Some((entry, f))
        })
    }
}

struct Follow {
    app: App,
    incident: Uuid,
    last: u64,
    queued: VecDeque<LogEntry>,
    rx: broadcast::Receiver<Arc<LogEntry>>,
    caught_up: bool,
}

impl Follow {
    async fn next(&mut self) -> Option<LogEntry> {
        loop {
            if let Some(entry) = self.queued.pop_front() {
                if entry.seq <= self.last {
                    continue;
                }
                self.last = entry.seq;
                return Some(entry);
            }
            if !self.caught_up {
                match self.app.entries(self.incident, self.last, PAGE).await {
                    Ok(page) => {
                        self.caught_up = page.len() < PAGE as usize;
                        self.queued.extend(page);
                        continue;
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "a follower could not read the log");
                        return None;
                    }
                }
            }
            match self.rx.recv().await {
                Ok(entry) if entry.incident == self.incident => {
                    if entry.seq == self.last + 1 {
                        self.queued.push_back((*entry).clone());
                    } else if entry.seq > self.last + 1 {
                        self.caught_up = false;
                    }
                }
                Ok(_) => {}
                Err(broadcast::error::RecvError::Lagged(_)) => self.caught_up = false,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}
