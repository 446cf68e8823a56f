//! Recorded lessons of activities: the recordings, their stored parts, consent,
//! time-stamped comments, and deletion by people or by the retention policy.
//!
//! A video arrives in parts ([`upload`]), each a blob of its own. An interrupted
//! upload therefore resumes after its last stored part on any store, S3 included.
//! Playback maps a byte range onto the parts ([`parts`]).

pub mod comments;
pub mod retention;
pub mod upload;

use caunoi_core::activity::Organiser;
use caunoi_core::activity::recording::{Consent, MAX_TITLE, PartSpan};
use caunoi_core::policy::RecordingFacts;
use caunoi_core::text::normalize;
use serde::Serialize;
use sqlx::FromRow;

use crate::audit::{self, AuditEntry};
use crate::{Db, DbError, DbResult, activities, now_ms, schools};

/// Status of a recording whose bytes are still arriving.
pub const UPLOADING: &str = "uploading";
/// Status of a recording whose every byte is stored.
pub const READY: &str = "ready";
/// Status of a deleted recording; the row stays for the audit trail.
pub const DELETED: &str = "deleted";

#[derive(Debug, Clone, PartialEq, Serialize, FromRow)]
pub struct Recording {
    pub id: i64,
    pub activity_id: i64,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub received_bytes: i64,
    pub status: String,
    pub consent: String,
    pub uploaded_by: i64,
    pub uploader_name: String,
    pub created_at: i64,
    pub completed_at: Option<i64>,
}

impl Recording {
    pub fn consent(&self) -> Consent {
        Consent::parse(&self.consent).unwrap_or(Consent::Pending)
    }

    pub fn is_ready(&self) -> bool {
        self.status == READY
    }
}

const COLUMNS: &str = "r.id, r.activity_id, r.title, r.file_name, r.content_type, r.size_bytes, r.received_bytes, \
     r.status, r.consent, r.uploaded_by, u.full_name AS uploader_name, r.created_at, r.completed_at";

/// Fields that start an upload.
#[derive(Debug, Clone)]
pub struct NewRecording<'a> {
    pub activity_id: i64,
    pub title: &'a str,
    pub file_name: &'a str,
    pub size_bytes: u64,
    pub uploaded_by: i64,
}

/// Creates a recording waiting for its bytes. Titles and file names are stored in
/// NFC; the caller has checked the title's length and the size against the limit.
pub async fn create(db: &Db, new: &NewRecording<'_>) -> DbResult<i64> {
    let title = normalize(new.title.trim());
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        return Err(DbError::Invalid(format!("recording title must have 1 to {MAX_TITLE} characters")));
    }
    let size = i64::try_from(new.size_bytes).map_err(|_| DbError::Invalid("recording size out of range".into()))?;
    let file_name: String = normalize(new.file_name.trim()).chars().take(255).collect();
    let now = now_ms();
    let id = sqlx::query_scalar(
        "INSERT INTO recordings (activity_id, title, file_name, size_bytes, status, uploaded_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(new.activity_id)
    .bind(title)
    .bind(file_name)
    .bind(size)
    .bind(UPLOADING)
    .bind(new.uploaded_by)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    tracing::info!(recording.id = id, activity.id = new.activity_id, size_bytes = size, "recording upload started");
    Ok(id)
}

/// Returns a recording that is not deleted.
pub async fn get(db: &Db, id: i64) -> DbResult<Recording> {
    let sql = format!("SELECT {COLUMNS} FROM recordings r JOIN users u ON u.id = r.uploaded_by WHERE r.id = $1 AND r.status <> $2");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).bind(DELETED).fetch_one(&db.pool).await?)
}

/// Lists an activity's recordings that are not deleted, oldest first.
pub async fn list_for_activity(db: &Db, activity_id: i64) -> DbResult<Vec<Recording>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM recordings r JOIN users u ON u.id = r.uploaded_by \
         WHERE r.activity_id = $1 AND r.status <> $2 ORDER BY r.created_at, r.id"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(activity_id).bind(DELETED).fetch_all(&db.pool).await?)
}

/// Tells whether a person attended an activity: marked present by the organiser, or
/// checked in with the code shown at the session.
pub async fn attended(db: &Db, activity_id: i64, user_id: i64) -> DbResult<bool> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activity_attendance WHERE activity_id = $1 AND user_id = $2")
        .bind(activity_id)
        .bind(user_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(count > 0)
}

/// Tells whether a person takes part in an activity and so may upload to it:
/// registered (not waiting) or attended.
pub async fn in_group(db: &Db, activity_id: i64, user_id: i64) -> DbResult<bool> {
    let count: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM activity_registrations WHERE activity_id = $1 AND user_id = $2 AND status = 'registered') \
         + (SELECT COUNT(*) FROM activity_attendance WHERE activity_id = $1 AND user_id = $2)",
    )
    .bind(activity_id)
    .bind(user_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(count > 0)
}

/// Tells whether a person sits on the board of the activity's cluster or works in one
/// of its schools. A school's activity belongs to the clusters of the school; a
/// department's activity belongs to no cluster.
async fn in_activity_cluster(db: &Db, organiser: Organiser, user_id: i64) -> DbResult<bool> {
    let clusters: Vec<i64> = match organiser {
        Organiser::Department => return Ok(false),
        Organiser::Cluster(id) => vec![id],
        Organiser::School(id) => schools::facts(db, id).await?.clusters,
    };
    let grants: Vec<(Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT cluster_id, school_id FROM role_grants WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(&db.pool)
            .await?;
    for (cluster, school) in grants {
        if cluster.is_some_and(|cluster| clusters.contains(&cluster)) {
            return Ok(true);
        }
        if let Some(school) = school
            && schools::facts(db, school).await?.clusters.iter().any(|cluster| clusters.contains(cluster))
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Loads what the policy needs to decide on a recording for one user.
pub async fn facts(db: &Db, recording: &Recording, user_id: i64) -> DbResult<RecordingFacts> {
    let activity = activities::facts(db, recording.activity_id, user_id).await?;
    let actor_attended = attended(db, recording.activity_id, user_id).await?;
    let actor_in_cluster = in_activity_cluster(db, activity.organiser, user_id).await?;
    Ok(RecordingFacts {
        id: recording.id,
        activity,
        consent: recording.consent(),
        uploaded_by: recording.uploaded_by,
        actor_attended,
        actor_in_cluster,
    })
}

/// One stored part and where its bytes sit in the video.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPart {
    pub span: PartSpan,
    pub storage_key: String,
}

/// Lists the stored parts of a recording in order.
pub async fn parts(db: &Db, recording_id: i64) -> DbResult<Vec<StoredPart>> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT offset_bytes, size_bytes, storage_key FROM recording_parts WHERE recording_id = $1 ORDER BY part_no",
    )
    .bind(recording_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(offset, size, storage_key)| StoredPart {
            span: PartSpan { offset: offset.max(0) as u64, size: size.max(0) as u64 },
            storage_key,
        })
        .collect())
}

/// Sets the consent status and records who confirmed it in the audit log.
pub async fn set_consent(db: &Db, recording: &Recording, province: &str, consent: Consent, by: i64) -> DbResult<()> {
    let mut tx = db.begin().await?;
    let now = now_ms();
    sqlx::query("UPDATE recordings SET consent = $1, consent_by = $2, consent_at = $3, updated_at = $3 WHERE id = $4")
        .bind(consent.as_str())
        .bind(by)
        .bind(now)
        .bind(recording.id)
        .execute(&mut *tx)
        .await?;
    let entry = AuditEntry {
        user_id: Some(by),
        province: Some(province),
        action: "recording.consent",
        entity: "recording",
        entity_id: recording.id.to_string(),
        details: serde_json::json!({ "from": recording.consent, "to": consent.as_str(), "activity_id": recording.activity_id }),
    };
    audit::record(&mut *tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}
