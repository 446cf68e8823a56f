//! Deleting recordings: on request, by the operator's retention policy, and uploads
//! abandoned half-way. The row stays, marked deleted, and every deletion goes to the
//! audit log; the stored parts are removed.

use crate::audit::{self, AuditEntry};
use crate::storage::Storage;
use crate::{Db, DbResult, now_ms};

use super::{DELETED, READY, UPLOADING};

/// Reason for deleting a recording, as the audit log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeletionReason {
    /// The uploader or the organiser deleted it.
    User,
    /// The retention policy's time ran out.
    Retention,
    /// The upload stopped before its last byte and was not resumed in time.
    Abandoned,
}

impl DeletionReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DeletionReason::User => "user",
            DeletionReason::Retention => "retention",
            DeletionReason::Abandoned => "abandoned",
        }
    }
}

/// Deletes one recording: marks it deleted and logs it in one transaction, then
/// removes its parts from the store. A part left behind by a failed removal is
/// logged; its bytes are unreachable because playback reads only listed recordings.
pub async fn delete(db: &Db, storage: &Storage, recording_id: i64, by: Option<i64>, reason: DeletionReason) -> DbResult<bool> {
    let mut tx = db.begin().await?;
    let now = now_ms();
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT r.activity_id, a.province_code FROM recordings r JOIN activities a ON a.id = r.activity_id \
         WHERE r.id = $1 AND r.status <> $2",
    )
    .bind(recording_id)
    .bind(DELETED)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((activity_id, province)) = row else {
        return Ok(false);
    };
    sqlx::query("UPDATE recordings SET status = $1, deleted_at = $2, deleted_reason = $3, updated_at = $2 WHERE id = $4")
        .bind(DELETED)
        .bind(now)
        .bind(reason.as_str())
        .bind(recording_id)
        .execute(&mut *tx)
        .await?;
    let keys: Vec<String> = sqlx::query_scalar("SELECT storage_key FROM recording_parts WHERE recording_id = $1")
        .bind(recording_id)
        .fetch_all(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM recording_parts WHERE recording_id = $1").bind(recording_id).execute(&mut *tx).await?;
    let entry = AuditEntry {
        user_id: by,
        province: Some(&province),
        action: "recording.delete",
        entity: "recording",
        entity_id: recording_id.to_string(),
        details: serde_json::json!({ "activity_id": activity_id, "reason": reason.as_str(), "parts": keys.len() }),
    };
    audit::record(&mut *tx, &entry).await?;
    tx.commit().await?;

    for key in keys {
        if let Err(error) = storage.delete(&key).await {
            tracing::warn!(recording.id = recording_id, %error, "could not remove a part of a deleted recording");
        }
    }
    tracing::info!(recording.id = recording_id, reason = reason.as_str(), "recording deleted");
    Ok(true)
}

/// The operator's rules for keeping recordings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// Days a finished recording is kept; `None` keeps it until someone deletes it.
    pub keep_days: Option<u32>,
    /// Days an unfinished upload waits to be resumed before its parts are removed.
    pub abandon_after_days: u32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        RetentionPolicy { keep_days: None, abandon_after_days: 7 }
    }
}

/// Deletes the recordings the policy no longer keeps, as of `now` (Unix ms), and
/// returns how many were deleted.
pub async fn apply(db: &Db, storage: &Storage, policy: RetentionPolicy, now: i64) -> DbResult<u64> {
    const DAY_MS: i64 = 24 * 3_600_000;
    let mut due: Vec<(i64, DeletionReason)> = Vec::new();
    if let Some(days) = policy.keep_days {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM recordings WHERE status = $1 AND completed_at < $2 ORDER BY id")
            .bind(READY)
            .bind(now - i64::from(days) * DAY_MS)
            .fetch_all(&db.pool)
            .await?;
        due.extend(ids.into_iter().map(|id| (id, DeletionReason::Retention)));
    }
    let abandoned: Vec<i64> = sqlx::query_scalar("SELECT id FROM recordings WHERE status = $1 AND updated_at < $2 ORDER BY id")
        .bind(UPLOADING)
        .bind(now - i64::from(policy.abandon_after_days) * DAY_MS)
        .fetch_all(&db.pool)
        .await?;
    due.extend(abandoned.into_iter().map(|id| (id, DeletionReason::Abandoned)));

    let mut deleted = 0;
    for (id, reason) in due {
        if delete(db, storage, id, None, reason).await? {
            deleted += 1;
        }
    }
    Ok(deleted)
}
