//! The outbox worker. [`Worker::run_once`] is one step at a given time: claim
//! what is due, deliver each row, and finish it (delivered, retried with
//! backoff, dead-lettered, or cancelled). Tests drive it step by step with a
//! clock they control; [`Worker::run`] loops it in `muster serve`.
//!
//! Several workers, in one process or many, share the outbox safely: a row is
//! delivered by whoever claims it, and the claim's lease keeps the others off.

use crate::backoff;
use crate::chat::{Chat, Chats};
use crate::deliver::{self, Outcome};
use crate::email::Mailer;
use crate::expand;
use crate::settings::NotifySettings;
use jiff::Timestamp;
use muster_app::App;
use muster_store::{OutboxItem, StoreError};
use std::sync::Arc;
use std::time::Duration;

/// What one step did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub claimed: usize,
    pub delivered: usize,
    pub retried: usize,
    pub dead: usize,
    pub cancelled: usize,
}

/// Everything a delivery may need, shared by the worker and the HTTP routes.
pub struct Notifier {
    pub app: App,
    pub settings: NotifySettings,
    pub http: reqwest::Client,
    /// The chat platforms set up; the policy picks one per incident.
    pub chats: Chats,
    /// Matrix, when set up: the bot's `/sync` reader needs more of it than
    /// the [`Chat`] trait says.
    pub matrix: Option<Arc<crate::matrix_chat::MatrixChat>>,
    /// The Teams bot's endpoint needs: its JWT check and its replies.
    pub teams: Option<Arc<crate::teams_routes::TeamsBot>>,
    pub mailer: Option<Mailer>,
}

impl Notifier {
    /// Builds the HTTP client, mailer and chat clients the settings ask for;
    /// refuses a policy that routes incidents to a platform not set up.
    pub fn new(app: App, settings: NotifySettings) -> anyhow::Result<Notifier> {
        crate::install_crypto_provider();
        let http = reqwest::Client::builder()
            .timeout(settings.http_timeout)
            .build()?;
        let mailer = settings.smtp.as_ref().map(Mailer::new).transpose()?;
        let mut chats: Vec<Arc<dyn Chat>> = Vec::new();
        if let Some(s) = &settings.slack {
            let client = muster_slack::SlackClient::new(&s.api_base, &s.bot_token, http.clone());
            chats.push(Arc::new(crate::chat::SlackChat(client)));
        }
        let mut matrix = None;
        if let Some(m) = &settings.matrix {
            let client =
                muster_matrix::MatrixClient::new(&m.homeserver, &m.access_token, http.clone())
                    .map_err(|e| anyhow::anyhow!("MUSTER_MATRIX_HOMESERVER: {e}"))?;
            let chat = Arc::new(crate::matrix_chat::MatrixChat::new(client));
            chats.push(chat.clone());
            matrix = Some(chat);
        }
        let mut teams = None;
        if let Some(t) = &settings.teams {
            let (teams_chat, bot) = crate::teams_chat::build(&app, t, &http);
            chats.push(Arc::new(teams_chat));
            teams = Some(Arc::new(bot));
        }
        let chats = Chats::new(chats);
        chats
            .check(&app.policy().chat)
            .map_err(anyhow::Error::msg)?;
        Ok(Notifier {
            app,
            settings,
            http,
            chats,
            matrix,
            teams,
            mailer,
        })
    }
}

pub struct Worker {
    pub n: Arc<Notifier>,
    /// Overrides the settings' worker id, so tests can run two workers on one notifier.
    pub id: String,
    last_sweep: tokio::sync::Mutex<Option<Timestamp>>,
}

impl Worker {
    pub fn new(n: Arc<Notifier>) -> Worker {
        let id = n.settings.worker_id.clone();
        Worker::named(n, id)
    }

    pub fn named(n: Arc<Notifier>, id: impl Into<String>) -> Worker {
        Worker {
            n,
            id: id.into(),
            last_sweep: tokio::sync::Mutex::new(None),
        }
    }

    /// Re-plans every open incident's reminders if a sweep is due at `now`.
    async fn maybe_sweep(&self, now: Timestamp) -> anyhow::Result<()> {
        let mut last = self.last_sweep.lock().await;
        let every = jiff::SignedDuration::try_from(self.n.settings.sweep_every)?;
        if last.is_none_or(|t| now >= t + every || now < t) {
            expand::sweep(&self.n, now).await?;
            *last = Some(now);
        }
        Ok(())
    }

    /// One step at `now`: sweep if due, claim, deliver, finish.
    pub async fn run_once(&self, now: Timestamp) -> anyhow::Result<Step> {
        self.maybe_sweep(now).await?;
        let store = self.n.app.outbox();
        let lease = i64::try_from(self.n.settings.lease.as_micros()).unwrap_or(i64::MAX);
        let items = store
            .claim(&self.id, now.as_microsecond(), self.n.settings.batch, lease)
            .await?;
        let mut step = Step {
            claimed: items.len(),
            ..Step::default()
        };
        // Deliveries to different receivers should not wait for one another.
        let outcomes = futures::future::join_all(
            items
                .iter()
                .map(|item| deliver::deliver(&self.n, item, now)),
        )
        .await;
        // Plain deliveries are completed together: one transaction (one
        // fsync) for the batch rather than one per row.
        let mut delivered = Vec::new();
        for (item, outcome) in items.iter().zip(outcomes) {
            match outcome {
                Outcome::Delivered(f) if f.is_empty() => delivered.push(item.id),
                other => self.finish(item, other, now, &mut step).await?,
            }
        }
        step.delivered += delivered.len();
        let results = store
            .complete_many(&delivered, &self.id, now.as_microsecond())
            .await?;
        for (id, r) in delivered.iter().zip(results) {
            if let Err(e) = r {
                tracing::warn!(%id, error = %e, "lost the claim before finishing");
            }
        }
        Ok(step)
    }

    async fn finish(
        &self,
        item: &OutboxItem,
        outcome: Outcome,
        now: Timestamp,
        step: &mut Step,
    ) -> anyhow::Result<()> {
        let store = self.n.app.outbox();
        let at = now.as_microsecond();
        let done = match outcome {
            Outcome::Delivered(follow_ups) => {
                // Follow-ups first: if we die before completing, the row is
                // delivered again, never lost; their keys make them idempotent.
                store.enqueue(&follow_ups).await?;
                step.delivered += 1;
                store.complete(item.id, &self.id, at).await
            }
            Outcome::Cancel(reason) => {
                step.cancelled += 1;
                store.cancel(item.id, &self.id, at, &reason).await
            }
            Outcome::Retry(error) if item.attempts < self.n.settings.max_attempts => {
                step.retried += 1;
                let wait = backoff::delay(
                    item.attempts,
                    self.n.settings.backoff_base,
                    self.n.settings.backoff_max,
                );
                let due = now + jiff::SignedDuration::try_from(wait)?;
                tracing::info!(key = %item.key, attempts = item.attempts, %error, "delivery failed; will retry");
                store
                    .retry(item.id, &self.id, due.as_microsecond(), &error)
                    .await
            }
            Outcome::Retry(error) | Outcome::Fail(error) => {
                step.dead += 1;
                tracing::warn!(key = %item.key, attempts = item.attempts, %error, "delivery dead-lettered");
                store.enqueue(&deliver::on_dead(item, &error, now)).await?;
                store.dead_letter(item.id, &self.id, at, &error).await
            }
        };
        match done {
            // Our lease ran out and another worker took the row over: it is
            // theirs to finish now.
            Err(StoreError::Conflict(msg)) => {
                tracing::warn!(key = %item.key, %msg, "lost the claim before finishing");
                Ok(())
            }
            other => Ok(other?),
        }
    }

    /// Steps until `shutdown`, sleeping until the next row is due or a change
    /// is committed (at most the poll interval, so rows another instance
    /// enqueued are seen too).
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        // Every commit publishes its entries on the hub (on PostgreSQL other
        // instances' too), and every commit enqueues: wake on it rather than
        // wait out the poll, so a change's notification leaves at once.
        let mut wake = self.n.app.subscribe();
        loop {
            let now = Timestamp::now();
            let busy = match self.run_once(now).await {
                Ok(step) => step.claimed > 0,
                Err(e) => {
                    tracing::warn!(error = %e, "outbox step failed");
                    false
                }
            };
            let wait = if busy {
                Duration::ZERO
            } else {
                self.until_next(now).await
            };
            tokio::select! {
                _ = &mut shutdown => return,
                _ = tokio::time::sleep(wait) => {}
                _ = wake.recv() => {
                    // One step serves every entry published meanwhile.
                    while wake.try_recv().is_ok() {}
                }
            }
        }
    }

    async fn until_next(&self, now: Timestamp) -> Duration {
        let poll = self.n.settings.poll;
        match self.n.app.outbox().next_due().await {
            Ok(Some(due)) => {
                let micros = (due - now.as_microsecond()).max(0);
                Duration::from_micros(micros.unsigned_abs()).min(poll)
            }
            _ => poll,
        }
    }
}
