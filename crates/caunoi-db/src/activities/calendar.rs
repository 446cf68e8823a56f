//! Personal calendar feeds: secret, revocable URLs that calendar clients fetch without
//! a session, and the activities each feed lists.
//!
//! A feed's token is 32 random bytes in URL-safe base64; only its SHA-256 is stored,
//! so a copy of the database cannot be used to read anyone's calendar.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::FromRow;

use crate::{Db, DbResult, now_ms};

/// How far back a feed reaches: activities that ended in the last 60 days stay, so
/// that a client refreshing after a cancellation still gets the entry marked.
pub const FEED_HISTORY_MS: i64 = 60 * 24 * 3_600_000;

/// Most activities one feed lists, the earliest first.
pub const FEED_MAX_EVENTS: i64 = 1_000;

/// `last_used_at` is written at most once per this interval, so that clients polling
/// every few minutes do not turn each read into a write.
pub const LAST_USED_RESOLUTION_MS: i64 = 3_600_000;

/// Most feeds one person may hold at once (revoked ones excluded).
pub const MAX_ACTIVE_FEEDS: i64 = 5;

/// A feed as its owner sees it; the token itself is never stored.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Feed {
    pub id: i64,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

/// Failure to create a feed.
#[derive(Debug, thiserror::Error)]
pub enum CreateFeedError {
    #[error("the person already holds {MAX_ACTIVE_FEEDS} active calendar feeds")]
    TooMany,
    #[error(transparent)]
    Db(#[from] crate::DbError),
}

fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Creates a feed for `user_id` and returns its id and token. The token is returned
/// only here: the caller shows it once, inside the feed URL.
pub async fn create_feed(db: &Db, user_id: i64) -> Result<(i64, String), CreateFeedError> {
    let active: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM calendar_feeds WHERE user_id = $1 AND revoked_at IS NULL")
            .bind(user_id)
            .fetch_one(&db.pool)
            .await
            .map_err(crate::DbError::from)?;
    if active >= MAX_ACTIVE_FEEDS {
        return Err(CreateFeedError::TooMany);
    }
    let token = new_token();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(user_id)
    .bind(token_hash(&token))
    .bind(now_ms())
    .fetch_one(&db.pool)
    .await
    .map_err(crate::DbError::from)?;
    Ok((id, token))
}

/// Lists a person's feeds, the newest first, revoked ones included.
pub async fn list_feeds(db: &Db, user_id: i64) -> DbResult<Vec<Feed>> {
    Ok(sqlx::query_as(
        "SELECT id, created_at, revoked_at, last_used_at FROM calendar_feeds WHERE user_id = $1 \
         ORDER BY created_at DESC, id DESC",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Revokes feed `feed_id` of `user_id`. Returns false when the person has no such
/// active feed, so another person's feed id behaves like a missing one.
pub async fn revoke_feed(db: &Db, user_id: i64, feed_id: i64) -> DbResult<bool> {
    let revoked = sqlx::query("UPDATE calendar_feeds SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
        .bind(now_ms())
        .bind(feed_id)
        .bind(user_id)
        .execute(&db.pool)
        .await?
        .rows_affected();
    Ok(revoked == 1)
}

/// Returns the owner of an active feed token, the feed's id with it, and notes the use
/// at most once per [`LAST_USED_RESOLUTION_MS`]. An unknown or revoked token, or one of
/// a deactivated person, gives `None`.
pub async fn owner_of_token(db: &Db, token: &str) -> DbResult<Option<(i64, i64)>> {
    let hash = token_hash(token);
    let owner: Option<(i64, i64)> = sqlx::query_as(
        "SELECT f.id, f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id \
         WHERE f.token_hash = $1 AND f.revoked_at IS NULL AND u.is_active = 1",
    )
    .bind(&hash)
    .fetch_optional(&db.pool)
    .await?;
    if let Some((feed_id, _)) = owner {
        let now = now_ms();
        sqlx::query("UPDATE calendar_feeds SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at <= $3)")
            .bind(now)
            .bind(feed_id)
            .bind(now - LAST_USED_RESOLUTION_MS)
            .execute(&db.pool)
            .await?;
    }
    Ok(owner)
}

/// An activity as a calendar shows it.
#[derive(Debug, Clone, FromRow)]
pub struct CalendarActivity {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub title: String,
    pub description: String,
    pub presenters: String,
    pub place_address: String,
    pub meeting_url: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub sequence: i64,
    pub updated_at: i64,
    /// Name of the school where it takes place, if it takes place at one.
    pub place_school: Option<String>,
    /// The reader's registration: 'registered' or 'waitlisted'; `None` when the
    /// activity is in the feed because the reader organises it.
    pub registration: Option<String>,
}

const CALENDAR_COLUMNS: &str = "a.id, a.kind, a.status, a.title, a.description, a.presenters, a.place_address, \
     a.meeting_url, a.starts_at, a.ends_at, a.sequence, a.updated_at, ps.name AS place_school";

/// Loads one activity for its `.ics` download. The caller has checked the policy.
pub async fn activity(db: &Db, id: i64) -> DbResult<CalendarActivity> {
    let sql = format!(
        "SELECT {CALENDAR_COLUMNS}, CAST(NULL AS TEXT) AS registration FROM activities a \
         LEFT JOIN schools ps ON ps.id = a.place_school_id WHERE a.id = $1"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}

/// Lists the activities of `user_id`'s feed that end at `since` or later. These are the
/// ones they are registered or waitlisted for, and the published ones they organise:
/// created, or organised by a cluster whose board they sit on, a school they lead, or
/// the department where they have a department role. Cancelled ones stay, so that
/// clients mark them. Drafts never appear.
pub async fn feed_activities(db: &Db, user_id: i64, since: i64) -> DbResult<Vec<CalendarActivity>> {
    let sql = format!(
        "SELECT {CALENDAR_COLUMNS}, \
           (SELECT r.status FROM activity_registrations r \
            WHERE r.activity_id = a.id AND r.user_id = $1 AND r.status IN ('registered', 'waitlisted')) AS registration \
         FROM activities a LEFT JOIN schools ps ON ps.id = a.place_school_id \
         WHERE a.published_at IS NOT NULL AND a.ends_at >= $2 AND ( \
           EXISTS (SELECT 1 FROM activity_registrations r \
                   WHERE r.activity_id = a.id AND r.user_id = $1 AND r.status IN ('registered', 'waitlisted')) \
           OR a.created_by = $1 \
           OR (a.organiser_kind = 'cluster' AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = $1 \
                 AND g.cluster_id = a.cluster_id AND g.role IN ('cluster_coordinator', 'board_member'))) \
           OR (a.organiser_kind = 'school' AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = $1 \
                 AND g.school_id = a.school_id AND g.role = 'school_leader')) \
           OR (a.organiser_kind = 'department' AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = $1 \
                 AND g.province_code = a.province_code AND g.role IN ('department_admin', 'department_specialist'))) \
         ) ORDER BY a.starts_at, a.id LIMIT {FEED_MAX_EVENTS}"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(user_id).bind(since).fetch_all(&db.pool).await?)
}
