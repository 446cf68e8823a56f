//! The background job queue, shared by every app instance through the `jobs` table.
//!
//! A job is `queued` until an instance claims it: the claim sets `running`, counts the
//! attempt and holds a lease until `locked_until`. The instance then marks it `done`,
//! `skipped` (nothing to do, such as an email without SMTP configured) or, on error,
//! queues it again with a backoff until `max_attempts`, after which it is `failed`. A
//! lease that expires, because its instance stopped mid-job, makes the job claimable again.

use serde::Serialize;
use sqlx::{Any, AssertSqlSafe, Executor, FromRow};
use tracing::warn;

use crate::{Db, DbResult};

/// Kind of the job that sends the email of one notification.
pub const SEND_EMAIL: &str = "send_email";
/// Kind of the job that takes the due reminder steps of every directive.
pub const SCAN_REMINDERS: &str = "scan_reminders";

/// Delay before the second attempt; each further attempt doubles it.
const FIRST_RETRY_MS: i64 = 30_000;
/// Maximum delay between two attempts.
const MAX_RETRY_MS: i64 = 3_600_000;
/// Maximum length of the error kept in `last_error`, in characters.
const MAX_ERROR_CHARS: usize = 500;

/// A claimed job.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    /// JSON object given at enqueueing.
    pub payload: String,
    /// Attempts so far, this one included.
    pub attempts: i64,
    pub max_attempts: i64,
    pub run_at: i64,
}

impl Job {
    /// Parses the payload; a payload that is not JSON reads as `null`.
    pub fn payload_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.payload).unwrap_or(serde_json::Value::Null)
    }
}

/// Queues a job to run at `run_at` (Unix ms), inside the caller's transaction when
/// given one. With a `dedupe_key` that another job already has, nothing is queued and
/// `None` is returned, so several instances can each ask for the same job safely.
pub async fn enqueue<'e>(
    executor: impl Executor<'e, Database = Any>,
    kind: &str,
    payload: &serde_json::Value,
    run_at: i64,
    dedupe_key: Option<&str>,
) -> DbResult<Option<i64>> {
    let id = sqlx::query_scalar(
        "INSERT INTO jobs (kind, payload, status, run_at, dedupe_key, created_at) \
         VALUES ($1, $2, 'queued', $3, $4, $5) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
    )
    .bind(kind.to_owned())
    .bind(payload.to_string())
    .bind(run_at)
    .bind(dedupe_key.map(str::to_owned))
    .bind(crate::now_ms())
    .fetch_optional(executor)
    .await?;
    Ok(id)
}

/// The condition of a job an instance may take at `$3`: queued and due, or running
/// with an expired lease. Written once so that the pick and the update test the same.
const CLAIMABLE: &str = "((status = 'queued' AND run_at <= $3) OR (status = 'running' AND locked_until < $3))";

/// Claims the job due first at `now`, holding it for `lease_ms`, or returns `None` when
/// no job is due. Two claimers never get the same job: PostgreSQL skips the row another
/// claimer has locked, SQLite runs the statement under its single write lock, and the
/// outer `UPDATE` tests the condition again on the row it changes.
pub async fn claim(db: &Db, worker_id: &str, now: i64, lease_ms: i64) -> DbResult<Option<Job>> {
    give_up_expired(db, now).await?;

    // Only the dialect's constant locking clause is formatted in; values are bound.
    let sql = format!(
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $1, locked_until = $2 \
         WHERE id = (SELECT id FROM jobs WHERE {CLAIMABLE} ORDER BY run_at, id LIMIT 1{}) AND {CLAIMABLE} \
         RETURNING id, kind, payload, attempts, max_attempts, run_at",
        db.dialect.skip_locked()
    );
    let job = sqlx::query_as::<_, Job>(AssertSqlSafe(sql))
        .bind(worker_id.to_owned())
        .bind(now + lease_ms)
        .bind(now)
        .fetch_optional(&db.pool)
        .await?;
    Ok(job)
}

/// Fails the jobs whose last allowed attempt stopped without finishing, instead of
/// letting a job that stops its instance every time run forever.
async fn give_up_expired(db: &Db, now: i64) -> DbResult<()> {
    let rows = sqlx::query_scalar::<_, i64>(
        "UPDATE jobs SET status = 'failed', finished_at = $1, locked_by = NULL, locked_until = NULL, \
         last_error = 'the lease of the last attempt expired' \
         WHERE status = 'running' AND locked_until < $1 AND attempts >= max_attempts RETURNING id",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    for id in rows {
        warn!(job.id = id, "job failed: the lease of its last attempt expired");
    }
    Ok(())
}

/// Marks a claimed job done. Returns false when `worker_id` no longer held it, because
/// its lease expired and another instance took it over.
pub async fn complete(db: &Db, job_id: i64, worker_id: &str, now: i64) -> DbResult<bool> {
    finish(db, job_id, worker_id, now, "done", None).await
}

/// Marks a claimed job skipped: it had nothing to do, with `reason` kept for operators.
pub async fn skip(db: &Db, job_id: i64, worker_id: &str, now: i64, reason: &str) -> DbResult<bool> {
    finish(db, job_id, worker_id, now, "skipped", Some(reason)).await
}

/// Marks a claimed job failed for good, without retrying. `error` explains why no
/// retry can succeed and must carry no personal data.
pub async fn give_up(db: &Db, job_id: i64, worker_id: &str, now: i64, error: &str) -> DbResult<bool> {
    finish(db, job_id, worker_id, now, "failed", Some(error)).await
}

async fn finish(db: &Db, job_id: i64, worker_id: &str, now: i64, status: &str, note: Option<&str>) -> DbResult<bool> {
    let result = sqlx::query(
        "UPDATE jobs SET status = $1, finished_at = $2, last_error = $3, locked_by = NULL, locked_until = NULL \
         WHERE id = $4 AND status = 'running' AND locked_by = $5",
    )
    .bind(status.to_owned())
    .bind(now)
    .bind(note.map(truncate))
    .bind(job_id)
    .bind(worker_id.to_owned())
    .execute(&db.pool)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// The state of a job after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Queued again to run at this instant (Unix ms).
    At(i64),
    /// Out of attempts: the job is `failed` for good.
    GaveUp,
    /// The worker no longer held the job, so nothing changed.
    LeaseLost,
}

/// Records a failed attempt: the job runs again after a backoff of 30 s, doubling
/// with each attempt up to one hour, until it has had `max_attempts` attempts. `error`
/// is stored for operators, so it must carry no personal data.
pub async fn fail(db: &Db, job: &Job, worker_id: &str, now: i64, error: &str) -> DbResult<Retry> {
    let error = truncate(error);
    if job.attempts >= job.max_attempts {
        let result = sqlx::query(
            "UPDATE jobs SET status = 'failed', finished_at = $1, last_error = $2, locked_by = NULL, \
             locked_until = NULL WHERE id = $3 AND status = 'running' AND locked_by = $4",
        )
        .bind(now)
        .bind(error)
        .bind(job.id)
        .bind(worker_id.to_owned())
        .execute(&db.pool)
        .await?;
        return Ok(if result.rows_affected() == 1 { Retry::GaveUp } else { Retry::LeaseLost });
    }
    let run_at = now + backoff_ms(job.attempts);
    let result = sqlx::query(
        "UPDATE jobs SET status = 'queued', run_at = $1, last_error = $2, locked_by = NULL, locked_until = NULL \
         WHERE id = $3 AND status = 'running' AND locked_by = $4",
    )
    .bind(run_at)
    .bind(error)
    .bind(job.id)
    .bind(worker_id.to_owned())
    .execute(&db.pool)
    .await?;
    Ok(if result.rows_affected() == 1 { Retry::At(run_at) } else { Retry::LeaseLost })
}

/// Returns the delay after the given number of failed attempts.
pub fn backoff_ms(attempts: i64) -> i64 {
    let doublings = u32::try_from((attempts - 1).clamp(0, 20)).unwrap_or(20);
    FIRST_RETRY_MS.saturating_mul(1_i64 << doublings).min(MAX_RETRY_MS)
}

fn truncate(text: &str) -> String {
    text.chars().take(MAX_ERROR_CHARS).collect()
}

/// Deletes finished jobs (done, skipped or failed) that finished before `before`, so
/// that the table, which gains a reminder scan every minute, stays small. Returns how
/// many were deleted.
pub async fn purge_finished(db: &Db, before: i64) -> DbResult<u64> {
    let result = sqlx::query(
        "DELETE FROM jobs WHERE status IN ('done', 'skipped', 'failed') AND finished_at < $1",
    )
    .bind(before)
    .execute(&db.pool)
    .await?;
    Ok(result.rows_affected())
}

/// Counts of jobs by status, for operators and tests.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct StatusCount {
    pub status: String,
    pub count: i64,
}

/// Counts the jobs of one kind by status.
pub async fn count_by_status(db: &Db, kind: &str) -> DbResult<Vec<StatusCount>> {
    Ok(sqlx::query_as(
        "SELECT status, COUNT(*) AS count FROM jobs WHERE kind = $1 GROUP BY status ORDER BY status",
    )
    .bind(kind.to_owned())
    .fetch_all(&db.pool)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff_ms(1), 30_000);
        assert_eq!(backoff_ms(2), 60_000);
        assert_eq!(backoff_ms(3), 120_000);
        assert_eq!(backoff_ms(8), 3_600_000);
        assert_eq!(backoff_ms(100), 3_600_000);
        assert_eq!(backoff_ms(0), 30_000);
    }
}
