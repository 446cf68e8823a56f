//! The background worker that every app instance runs beside the web server. It
//! enqueues one reminder scan per time slot and runs the due jobs of the database queue.
//!
//! Several instances share the queue safely. The scan of a slot is enqueued under one
//! dedupe key, so it is queued once whichever instance enqueues it first, and a job is
//! claimed by one instance at a time (see [`caunoi_db::jobs::claim`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use caunoi_db::directives::reminders;
use caunoi_db::jobs::{self, Job, Retry};
use caunoi_db::notifications;
use caunoi_db::recordings::retention::{self, RetentionPolicy};
use caunoi_db::storage::Storage;
use caunoi_db::{Db, DbError, now_ms};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::{debug, error, info, warn};

use crate::mail::{MailError, Mailer};

/// Pacing and identity of a worker.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Identifies this instance in the `locked_by` of the jobs it holds.
    pub id: String,
    /// Time between two looks at the queue.
    pub poll: Duration,
    /// Length of a reminder scan slot: one scan per slot across all instances.
    pub scan_every: Duration,
    /// How long a claimed job stays with this instance before another may take it.
    /// Longer than any job runs, SMTP timeout included.
    pub lease: Duration,
    /// Most jobs run in one round, so that a long queue cannot delay shutdown checks.
    pub batch: usize,
    /// How long finished jobs are kept before being deleted.
    pub keep_finished: Duration,
}

impl WorkerConfig {
    /// Returns the settings of one instance, whose id names the host and process so
    /// that operators can tell which instance has claimed a job.
    pub fn for_instance() -> WorkerConfig {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "caunoi".into());
        WorkerConfig {
            id: format!("{host}-{}-{}", std::process::id(), now_ms()),
            poll: Duration::from_secs(5),
            scan_every: Duration::from_secs(60),
            lease: Duration::from_secs(300),
            batch: 100,
            keep_finished: Duration::from_secs(7 * 24 * 3600),
        }
    }
}

/// The worker of one instance.
#[derive(Debug, Clone)]
pub struct Worker {
    db: Db,
    mailer: Mailer,
    config: WorkerConfig,
    /// The last slot whose scan this instance asked for, so that it writes once per
    /// slot rather than once per poll.
    last_slot: Arc<AtomicI64>,
    /// The file store of recordings and the operator's retention policy, when the
    /// scan should also delete recordings the policy no longer keeps.
    retention: Option<(Storage, RetentionPolicy)>,
}

/// Work done in one round.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundSummary {
    /// This instance queued the reminder scan of the slot (another may have first).
    pub scan_queued: bool,
    pub jobs_run: usize,
}

impl Worker {
    pub fn new(db: Db, mailer: Mailer, config: WorkerConfig) -> Worker {
        Worker { db, mailer, config, last_slot: Arc::new(AtomicI64::new(i64::MIN)), retention: None }
    }

    /// Makes each scan also apply the retention policy of recorded lessons.
    pub fn with_recording_retention(mut self, storage: Storage, policy: RetentionPolicy) -> Worker {
        self.retention = Some((storage, policy));
        self
    }

    /// Queues the reminder scan of the slot containing `now`, once for all instances.
    /// Returns whether this call queued it.
    pub async fn schedule_scan(&self, now: i64) -> Result<bool, DbError> {
        let slot = now / self.slot_ms();
        let key = format!("{}:{slot}", jobs::SCAN_REMINDERS);
        let queued = jobs::enqueue(&self.db.pool, jobs::SCAN_REMINDERS, &serde_json::json!({}), now, Some(&key)).await?;
        Ok(queued.is_some())
    }

    fn slot_ms(&self) -> i64 {
        i64::try_from(self.config.scan_every.as_millis()).unwrap_or(i64::MAX).max(1)
    }

    /// Runs due jobs one after another until none is due, `batch` have run, or
    /// `stop` turns true. Returns how many ran.
    pub async fn run_due(&self, stop: &watch::Receiver<bool>) -> Result<usize, DbError> {
        let lease_ms = i64::try_from(self.config.lease.as_millis()).unwrap_or(i64::MAX);
        let mut count = 0;
        while count < self.config.batch && !*stop.borrow() {
            let Some(job) = jobs::claim(&self.db, &self.config.id, now_ms(), lease_ms).await? else {
                break;
            };
            self.run(&job).await?;
            count += 1;
        }
        Ok(count)
    }

    /// Runs one round: schedules the scan of this slot unless this instance already
    /// did, then runs the due jobs.
    pub async fn round(&self, stop: &watch::Receiver<bool>) -> Result<RoundSummary, DbError> {
        let now = now_ms();
        let slot = now / self.slot_ms();
        let scan_queued = if self.last_slot.swap(slot, Ordering::Relaxed) == slot {
            false
        } else {
            self.schedule_scan(now).await?
        };
        let jobs_run = self.run_due(stop).await?;
        Ok(RoundSummary { scan_queued, jobs_run })
    }

    /// Runs one claimed job and records its outcome in the queue.
    async fn run(&self, job: &Job) -> Result<(), DbError> {
        let started = std::time::Instant::now();
        let outcome = match job.kind.as_str() {
            jobs::SCAN_REMINDERS => self.scan_reminders().await,
            jobs::SEND_EMAIL => self.send_email(job).await,
            _ => Outcome::GiveUp(format!("unknown job kind {:?}", job.kind)),
        };
        let now = now_ms();
        let elapsed_ms = started.elapsed().as_millis() as u64;
        match outcome {
            Outcome::Done => {
                if !jobs::complete(&self.db, job.id, &self.config.id, now).await? {
                    warn!(job.id = job.id, job.kind = %job.kind, "job finished after its lease passed to another instance");
                }
                debug!(job.id = job.id, job.kind = %job.kind, elapsed_ms, "job done");
            }
            Outcome::Skipped(reason) => {
                jobs::skip(&self.db, job.id, &self.config.id, now, &reason).await?;
                debug!(job.id = job.id, job.kind = %job.kind, reason = %reason, "job skipped");
            }
            Outcome::Retry(cause) => match jobs::fail(&self.db, job, &self.config.id, now, &cause).await? {
                Retry::At(run_at) => {
                    warn!(job.id = job.id, job.kind = %job.kind, job.attempts = job.attempts, retry_in_ms = run_at - now, error = %cause, "job failed; retrying later");
                }
                Retry::GaveUp => {
                    error!(job.id = job.id, job.kind = %job.kind, job.attempts = job.attempts, error = %cause, "job failed for good");
                    self.after_give_up(job).await;
                }
                Retry::LeaseLost => {
                    warn!(job.id = job.id, job.kind = %job.kind, error = %cause, "job failed after its lease passed to another instance");
                }
            },
            Outcome::GiveUp(cause) => {
                jobs::give_up(&self.db, job.id, &self.config.id, now, &cause).await?;
                error!(job.id = job.id, job.kind = %job.kind, error = %cause, "job failed for good");
                self.after_give_up(job).await;
            }
        }
        Ok(())
    }

    async fn scan_reminders(&self) -> Outcome {
        match caunoi_db::reports::reminders::scan(&self.db, now_ms()).await {
            Ok(summary) if summary.before_deadline + summary.overdue > 0 => info!(
                reminders.before_deadline = summary.before_deadline,
                reminders.overdue = summary.overdue,
                notifications.created = summary.notified,
                "report reminder scan took due steps"
            ),
            Ok(_) => {}
            Err(error) => return Outcome::Retry(error.to_string()),
        }
        match caunoi_db::surveys::reminders::scan(&self.db, now_ms()).await {
            Ok(0) => {}
            Ok(notified) => info!(notifications.created = notified, "survey reminder scan took due steps"),
            Err(error) => return Outcome::Retry(error.to_string()),
        }
        if let Err(error) = caunoi_db::surveys::answers::forget_edit_tags(&self.db, now_ms()).await {
            return Outcome::Retry(error.to_string());
        }
        match reminders::scan(&self.db, now_ms()).await {
            Ok(summary) => {
                if summary.before_deadline + summary.overdue > 0 {
                    info!(
                        reminders.before_deadline = summary.before_deadline,
                        reminders.overdue = summary.overdue,
                        notifications.created = summary.notified,
                        "reminder scan took due steps"
                    );
                }
                self.purge_finished().await;
                self.apply_retention().await;
                Outcome::Done
            }
            Err(error) => Outcome::Retry(error.to_string()),
        }
    }

    /// Deletes the recordings the retention policy no longer keeps and uploads left
    /// unfinished; the scan job runs it, so one instance does it per slot.
    async fn apply_retention(&self) {
        let Some((storage, policy)) = &self.retention else { return };
        match retention::apply(&self.db, storage, *policy, now_ms()).await {
            Ok(0) => {}
            Ok(deleted) => info!(recordings.deleted = deleted, "recordings deleted by the retention policy"),
            Err(error) => warn!(%error, "applying the recording retention policy failed"),
        }
    }

    /// Deletes old finished jobs; the scan job runs it, so it happens once per slot.
    async fn purge_finished(&self) {
        let keep_ms = i64::try_from(self.config.keep_finished.as_millis()).unwrap_or(i64::MAX);
        match jobs::purge_finished(&self.db, now_ms().saturating_sub(keep_ms)).await {
            Ok(0) => {}
            Ok(deleted) => debug!(jobs.deleted = deleted, "old finished jobs deleted"),
            Err(error) => warn!(%error, "deleting old finished jobs failed"),
        }
    }

    async fn send_email(&self, job: &Job) -> Outcome {
        let Some(id) = job.payload_json().get("notification_id").and_then(serde_json::Value::as_i64) else {
            return Outcome::GiveUp("the payload names no notification_id".into());
        };
        let notification = match notifications::email_to_send(&self.db, id).await {
            Ok(notification) => notification,
            Err(DbError::NotFound) => return Outcome::Skipped("the notification no longer exists".into()),
            Err(error) => return Outcome::Retry(error.to_string()),
        };
        if notification.email_state.as_deref() == Some("sent") {
            return Outcome::Skipped("the email was already sent".into());
        }
        let skip_reason = if !self.mailer.is_configured() {
            Some("SMTP is not configured")
        } else if notification.is_active != 1 {
            Some("the account is deactivated")
        } else if notification.email.as_deref().is_none_or(|email| email.trim().is_empty()) {
            Some("the account has no email address")
        } else if notification.wants_email != 1 {
            Some("the reader turned this kind of email off")
        } else {
            None
        };
        if let Some(reason) = skip_reason {
            if let Err(error) = notifications::set_email_state(&self.db, id, "skipped").await {
                return Outcome::Retry(error.to_string());
            }
            return Outcome::Skipped(reason.into());
        }

        match self.mailer.send(&notification).await {
            Ok(()) => {
                if let Err(error) = notifications::set_email_state(&self.db, id, "sent").await {
                    // Sent but not recorded: completing the job still prevents a resend.
                    warn!(notification.id = id, %error, "recording a sent email failed");
                }
                info!(notification.id = id, job.id = job.id, "email sent");
                Outcome::Done
            }
            Err(MailError::Permanent(cause)) => Outcome::GiveUp(cause),
            Err(MailError::Transient(cause)) => Outcome::Retry(cause),
        }
    }

    /// Records that a notification's email will never go out.
    async fn after_give_up(&self, job: &Job) {
        if job.kind != jobs::SEND_EMAIL {
            return;
        }
        if let Some(id) = job.payload_json().get("notification_id").and_then(serde_json::Value::as_i64)
            && let Err(error) = notifications::set_email_state(&self.db, id, "failed").await
        {
            warn!(notification.id = id, %error, "recording a failed email failed");
        }
    }
}

/// The result of running a job.
enum Outcome {
    Done,
    /// Nothing to do; the reason is kept for operators.
    Skipped(String),
    /// Failed, possibly for a passing reason: try again later.
    Retry(String),
    /// Failed in a way no retry can fix.
    GiveUp(String),
}

/// Starts the worker loop. It runs a round every `poll` until `stop` turns true, then
/// finishes the job in hand and returns; await the handle to wait for that.
pub fn spawn(worker: Worker, mut stop: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        info!(worker.id = %worker.config.id, email.configured = worker.mailer.is_configured(), "worker started");
        let mut interval = tokio::time::interval(worker.config.poll);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = interval.tick() => {}
                changed = stop.changed() => {
                    // The sender is gone only when the server has stopped.
                    if changed.is_err() {
                        break;
                    }
                }
            }
            if *stop.borrow() {
                break;
            }
            if let Err(error) = worker.round(&stop).await {
                error!(worker.id = %worker.config.id, %error, "worker round failed");
            }
        }
        info!(worker.id = %worker.config.id, "worker stopped");
    })
}
