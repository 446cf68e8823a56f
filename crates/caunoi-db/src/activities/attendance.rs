//! Attendance: the organiser marks people present or absent, or attendees type the
//! check-in code shown at the session. Each attendee is credited the activity's
//! `credit_minutes`, copied into the attendance row when it is marked.

use caunoi_core::activity::{ActivityStatus, checkin};
use serde::Serialize;
use sqlx::FromRow;

use super::registrations::take_seat;
use crate::{Db, DbError, now_ms};

/// One attendee of an activity.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Attendee {
    pub user_id: i64,
    pub username: String,
    pub full_name: String,
    /// 'organiser' or 'code'.
    pub method: String,
    pub credited_minutes: i64,
    pub checked_at: i64,
    /// Whether the person holds a seat; false for a walk-in marked by the organiser.
    pub registered: bool,
}

#[derive(FromRow)]
struct AttendeeRow {
    user_id: i64,
    username: String,
    full_name: String,
    method: String,
    credited_minutes: i64,
    checked_at: i64,
    registered: i64,
}

/// Lists the attendees of an activity by name.
pub async fn list(db: &Db, activity_id: i64) -> Result<Vec<Attendee>, DbError> {
    let rows: Vec<AttendeeRow> = sqlx::query_as(
        "SELECT t.user_id, u.username, u.full_name, t.method, t.credited_minutes, t.checked_at, \
         CASE WHEN EXISTS (SELECT 1 FROM activity_registrations r WHERE r.activity_id = t.activity_id \
         AND r.user_id = t.user_id AND r.status = 'registered') THEN 1 ELSE 0 END AS registered \
         FROM activity_attendance t JOIN users u ON u.id = t.user_id WHERE t.activity_id = $1 ORDER BY u.full_name, t.user_id",
    )
    .bind(activity_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Attendee {
            user_id: row.user_id,
            username: row.username,
            full_name: row.full_name,
            method: row.method,
            credited_minutes: row.credited_minutes,
            checked_at: row.checked_at,
            registered: row.registered == 1,
        })
        .collect())
}

/// Marks people present (recorded with the activity's credit) and others absent
/// (their attendance removed), in one transaction. People already present keep their
/// first record. `marked_by` is the organiser.
pub async fn mark(db: &Db, activity_id: i64, present: &[i64], absent: &[i64], marked_by: i64) -> Result<(), DbError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let credit: i64 = sqlx::query_scalar("SELECT credit_minutes FROM activities WHERE id = $1")
        .bind(activity_id)
        .fetch_one(&mut *tx)
        .await?;
    for chunk in absent.chunks(500) {
        let mut delete = crate::sql::SqlBuilder::new("DELETE FROM activity_attendance WHERE activity_id = ");
        delete.push_bind(activity_id).push(" AND user_id IN (");
        let mut ids = delete.separated(", ");
        for id in chunk {
            ids.push_bind(*id);
        }
        delete.push(")");
        delete.build().execute(&mut *tx).await?;
    }
    for chunk in present.chunks(200) {
        let mut insert = crate::sql::SqlBuilder::new(
            "INSERT INTO activity_attendance (activity_id, user_id, method, credited_minutes, marked_by, checked_at) ",
        );
        insert.push_values(chunk, |mut row, user_id| {
            row.push_bind(activity_id)
                .push_bind(*user_id)
                .push_bind("organiser")
                .push_bind(credit)
                .push_bind(marked_by)
                .push_bind(now);
        });
        insert.push(" ON CONFLICT (activity_id, user_id) DO NOTHING");
        insert.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    tracing::info!(activity.id = activity_id, present = present.len(), absent = absent.len(), "attendance marked");
    Ok(())
}

/// The outcome of a typed check-in code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckIn {
    /// Recorded now, with the minutes credited.
    Recorded { minutes: i64 },
    /// The person was already recorded; nothing changed.
    AlreadyPresent { minutes: i64 },
    /// Recorded as a walk-in, who also took a free seat.
    WalkIn { minutes: i64 },
}

/// Why a check-in was rejected.
#[derive(Debug)]
pub enum CheckInError {
    /// The activity is a draft or was cancelled.
    NotOpen,
    /// Outside [`checkin::window_open`].
    OutsideWindow,
    /// The code does not match the activity's.
    WrongCode,
    /// The person holds no seat and none is free.
    Full,
    /// Too many wrong codes lately; retry after this many seconds.
    Throttled { retry_after_secs: i64 },
    Db(DbError),
}

/// Window in which wrong check-in codes are counted.
pub const CHECKIN_FAILURE_WINDOW_MS: i64 = 15 * 60_000;
/// Wrong codes a person may type within the window. With 25 letters in 6 places a
/// guess has about one chance in 244 million per open session, so ten tries in a
/// quarter of an hour leave nothing to gain, while a mistyped code still gets retried.
pub const MAX_CHECKIN_FAILURES: i64 = 10;

/// Refuses a check-in attempt after too many wrong codes in the window.
pub async fn throttle(db: &Db, user_id: i64, now: i64) -> Result<(), CheckInError> {
    let (failures, oldest): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MIN(failed_at) FROM checkin_failures WHERE user_id = $1 AND failed_at > $2")
            .bind(user_id)
            .bind(now - CHECKIN_FAILURE_WINDOW_MS)
            .fetch_one(&db.pool)
            .await
            .map_err(DbError::from)?;
    if failures < MAX_CHECKIN_FAILURES {
        return Ok(());
    }
    let retry_after_ms = oldest.unwrap_or(now) + CHECKIN_FAILURE_WINDOW_MS - now;
    tracing::warn!(user.id = user_id, failures, "check-in attempts throttled");
    Err(CheckInError::Throttled { retry_after_secs: (retry_after_ms / 1000).max(1) })
}

/// Counts a wrong code against the person, and deletes their failures older than the window.
pub async fn record_failure(db: &Db, user_id: i64, now: i64) -> Result<(), DbError> {
    sqlx::query("DELETE FROM checkin_failures WHERE user_id = $1 AND failed_at <= $2")
        .bind(user_id)
        .bind(now - CHECKIN_FAILURE_WINDOW_MS)
        .execute(&db.pool)
        .await?;
    sqlx::query("INSERT INTO checkin_failures (user_id, failed_at) VALUES ($1, $2)").bind(user_id).bind(now).execute(&db.pool).await?;
    Ok(())
}

impl From<DbError> for CheckInError {
    fn from(error: DbError) -> Self {
        CheckInError::Db(error)
    }
}

impl From<sqlx::Error> for CheckInError {
    fn from(error: sqlx::Error) -> Self {
        CheckInError::Db(error.into())
    }
}

/// Checks a person in with the code they typed, at `now`.
///
/// A person with a seat is recorded. A person without one (not registered, or still
/// on the waiting list) is recorded as a walk-in only when a seat is free or the
/// activity has no capacity: the walk-in then takes the seat, so the count of seats
/// stays true. The caller checks that the policy lets the person join the activity.
/// Checking in twice changes nothing.
pub async fn check_in(db: &Db, activity_id: i64, user_id: i64, school_id: Option<i64>, typed: &str, now: i64) -> Result<CheckIn, CheckInError> {
    let activity = super::get(db, activity_id).await?;
    if activity.status() != ActivityStatus::Published {
        return Err(CheckInError::NotOpen);
    }
    if !checkin::window_open(activity.starts_at, activity.ends_at, now) {
        return Err(CheckInError::OutsideWindow);
    }
    throttle(db, user_id, now).await?;
    if !checkin::matches(typed, &activity.checkin_code) {
        tracing::info!(activity.id = activity_id, user.id = user_id, "wrong check-in code");
        record_failure(db, user_id, now).await?;
        return Err(CheckInError::WrongCode);
    }

    let mut tx = db.begin().await?;
    // Locks the activity's row first, as every change of its seats does.
    sqlx::query("UPDATE activities SET registered_count = registered_count WHERE id = $1")
        .bind(activity_id)
        .execute(&mut *tx)
        .await?;
    let already: Option<i64> =
        sqlx::query_scalar("SELECT credited_minutes FROM activity_attendance WHERE activity_id = $1 AND user_id = $2")
            .bind(activity_id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(minutes) = already {
        return Ok(CheckIn::AlreadyPresent { minutes });
    }
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM activity_registrations WHERE activity_id = $1 AND user_id = $2")
            .bind(activity_id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let walk_in = status.as_deref() != Some("registered");
    if walk_in {
        if !take_seat(&mut tx, activity_id).await? {
            return Err(CheckInError::Full);
        }
        let seated = if status.is_some() {
            sqlx::query(
                "UPDATE activity_registrations SET status = 'registered', updated_at = $1 WHERE activity_id = $2 AND user_id = $3",
            )
            .bind(now)
            .bind(activity_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await
        } else {
            sqlx::query(
                "INSERT INTO activity_registrations (activity_id, user_id, school_id, status, queued_at, updated_at) \
                 VALUES ($1, $2, $3, 'registered', $4, $4)",
            )
            .bind(activity_id)
            .bind(user_id)
            .bind(school_id)
            .bind(now)
            .execute(&mut *tx)
            .await
        };
        seated?;
    }
    sqlx::query(
        "INSERT INTO activity_attendance (activity_id, user_id, method, credited_minutes, marked_by, checked_at) \
         VALUES ($1, $2, 'code', $3, NULL, $4)",
    )
    .bind(activity_id)
    .bind(user_id)
    .bind(activity.credit_minutes)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(activity.id = activity_id, user.id = user_id, walk_in, "checked in");
    let minutes = activity.credit_minutes;
    Ok(if walk_in { CheckIn::WalkIn { minutes } } else { CheckIn::Recorded { minutes } })
}

/// Published activities whose check-in window contains `now`, as (id, code) pairs:
/// the candidates for a code typed without naming the activity.
pub async fn open_codes(db: &Db, now: i64) -> Result<Vec<(i64, String)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT id, checkin_code FROM activities WHERE status = 'published' AND starts_at <= $1 AND ends_at >= $2 ORDER BY id",
    )
    .bind(now + checkin::OPENS_BEFORE_MS)
    .bind(now - checkin::CLOSES_AFTER_MS)
    .fetch_all(&db.pool)
    .await?)
}

/// Ids and codes of the published activities whose check-in opens within the next
/// week, so a code typed too early gets the opening time rather than "wrong code".
pub async fn upcoming_codes(db: &Db, now: i64) -> Result<Vec<(i64, String, i64)>, DbError> {
    const WEEK_MS: i64 = 7 * 24 * 3_600_000;
    Ok(sqlx::query_as(
        "SELECT id, checkin_code, starts_at FROM activities WHERE status = 'published' AND starts_at > $1 AND starts_at <= $2 \
         ORDER BY starts_at, id",
    )
    .bind(now + checkin::OPENS_BEFORE_MS)
    .bind(now + WEEK_MS)
    .fetch_all(&db.pool)
    .await?)
}

/// Total minutes credited to a person for activities that started in `[from, to)`.
pub async fn credited_minutes(db: &Db, user_id: i64, from: i64, to: i64) -> Result<i64, DbError> {
    let total: Option<i64> = sqlx::query_scalar(
        "SELECT SUM(t.credited_minutes) FROM activity_attendance t JOIN activities a ON a.id = t.activity_id \
         WHERE t.user_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3",
    )
    .bind(user_id)
    .bind(from)
    .bind(to)
    .fetch_one(&db.pool)
    .await?;
    Ok(total.unwrap_or(0))
}

/// Draws a new check-in code from the operating system's secure generator.
pub fn new_code() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; checkin::CODE_LEN];
    rand::rng().fill_bytes(&mut bytes);
    checkin::code_from_bytes(bytes)
}
