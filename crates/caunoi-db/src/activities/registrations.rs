//! Registrations for an activity: seats up to the capacity, then a waiting list in the
//! order people joined it.
//!
//! A seat is taken with one conditional `UPDATE` of the activity's `registered_count`,
//! so concurrent registrations on several instances never exceed the capacity. That
//! `UPDATE` is the first statement of each transaction, which makes SQLite take its
//! write lock before reading and locks the activity's row on PostgreSQL until commit.

use caunoi_core::activity::ActivityStatus;
use caunoi_core::activity::registration::{RegistrationRefusal, RegistrationStatus, check_open};
use serde::Serialize;
use sqlx::{AnyConnection, FromRow};

use crate::notifications::{self, NewNotification, NotificationKind};
use crate::{Db, DbError, now_ms};

/// One person's place for an activity, with the names a list shows.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Registration {
    pub id: i64,
    pub activity_id: i64,
    pub user_id: i64,
    pub username: String,
    pub full_name: String,
    pub school_id: Option<i64>,
    pub school_name: Option<String>,
    pub status: String,
    pub nominated_by: Option<i64>,
    pub nominated_by_name: Option<String>,
    pub queued_at: i64,
    pub updated_at: i64,
}

impl Registration {
    pub fn status(&self) -> RegistrationStatus {
        RegistrationStatus::parse(&self.status).unwrap_or(RegistrationStatus::Cancelled)
    }
}

/// Why a registration, a nomination or a cancellation did not happen.
#[derive(Debug)]
pub enum RegisterError {
    /// Registration is closed: see [`check_open`].
    Closed(RegistrationRefusal),
    /// The person already holds a seat or a place in the queue.
    AlreadyActive(RegistrationStatus),
    /// The person holds no active registration to cancel.
    NotRegistered,
    Db(DbError),
}

impl From<DbError> for RegisterError {
    fn from(error: DbError) -> Self {
        RegisterError::Db(error)
    }
}

impl From<sqlx::Error> for RegisterError {
    fn from(error: sqlx::Error) -> Self {
        RegisterError::Db(error.into())
    }
}

/// Who registers, for whom and from which school.
#[derive(Debug, Clone, Copy)]
pub struct NewRegistration {
    pub activity_id: i64,
    pub user_id: i64,
    /// The school the person works in and registers from, if any.
    pub school_id: Option<i64>,
    /// The leader who nominates them; `None` when they register themselves.
    pub nominated_by: Option<i64>,
    pub now: i64,
}

const COLUMNS: &str = "r.id, r.activity_id, r.user_id, u.username, u.full_name, r.school_id, s.name AS school_name, \
     r.status, r.nominated_by, n.full_name AS nominated_by_name, r.queued_at, r.updated_at";

const FROM: &str = " FROM activity_registrations r JOIN users u ON u.id = r.user_id \
     LEFT JOIN schools s ON s.id = r.school_id LEFT JOIN users n ON n.id = r.nominated_by";

/// Lists the active registrations of an activity: those with a seat by name, then the
/// waiting list in its order.
pub async fn list(db: &Db, activity_id: i64) -> Result<Vec<Registration>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS}{FROM} WHERE r.activity_id = $1 AND r.status <> 'cancelled' \
         ORDER BY CASE WHEN r.status = 'registered' THEN 0 ELSE 1 END, \
         CASE WHEN r.status = 'registered' THEN u.full_name ELSE '' END, r.queued_at, r.id"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(activity_id).fetch_all(&db.pool).await?)
}

/// Returns a person's registration for an activity, cancelled ones included.
pub async fn of_user(db: &Db, activity_id: i64, user_id: i64) -> Result<Option<Registration>, DbError> {
    let sql = format!("SELECT {COLUMNS}{FROM} WHERE r.activity_id = $1 AND r.user_id = $2");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(activity_id).bind(user_id).fetch_optional(&db.pool).await?)
}

/// Returns a registration by id.
pub async fn get(db: &Db, id: i64) -> Result<Registration, DbError> {
    let sql = format!("SELECT {COLUMNS}{FROM} WHERE r.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}

/// Returns the position (from 1) of a waiting registration in the waiting list.
pub async fn waiting_position(db: &Db, activity_id: i64, user_id: i64) -> Result<Option<i64>, DbError> {
    let position: Option<i64> = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM activity_registrations o WHERE o.activity_id = r.activity_id \
         AND o.status = 'waitlisted' AND (o.queued_at < r.queued_at OR (o.queued_at = r.queued_at AND o.id <= r.id))) \
         FROM activity_registrations r WHERE r.activity_id = $1 AND r.user_id = $2 AND r.status = 'waitlisted'",
    )
    .bind(activity_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(position)
}

/// Registers a person, or nominates them when `nominated_by` is set: a seat when one
/// is free, else a place at the end of the waiting list. A person who cancelled before
/// joins the end of the queue again. A nominee is notified in the same transaction.
pub async fn register(db: &Db, new: &NewRegistration) -> Result<RegistrationStatus, RegisterError> {
    let activity = super::get(db, new.activity_id).await?;
    check_open(activity.status(), activity.registration_deadline, activity.starts_at, new.now)
        .map_err(RegisterError::Closed)?;

    let mut tx = db.begin().await?;
    let seat = take_seat(&mut tx, new.activity_id).await?;
    let existing: Option<(i64, String)> =
        sqlx::query_as("SELECT id, status FROM activity_registrations WHERE activity_id = $1 AND user_id = $2")
            .bind(new.activity_id)
            .bind(new.user_id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((_, status)) = &existing
        && let Some(status) = RegistrationStatus::parse(status).filter(|s| s.is_active())
    {
        // Dropping the transaction gives the seat back.
        return Err(RegisterError::AlreadyActive(status));
    }
    if !seat && !still_published(&mut tx, new.activity_id).await? {
        return Err(RegisterError::Closed(RegistrationRefusal::NotOpen));
    }
    let status = if seat { RegistrationStatus::Registered } else { RegistrationStatus::Waitlisted };

    match existing {
        Some((id, _)) => {
            // A returning person joins the end of the queue even when someone else queued
            // in the same millisecond, whose newer row would otherwise sort after theirs.
            sqlx::query(
                "UPDATE activity_registrations SET status = $1, school_id = $2, nominated_by = $3, \
                 queued_at = CASE WHEN $4 > (SELECT COALESCE(MAX(q.queued_at), 0) FROM activity_registrations q \
                   WHERE q.activity_id = $6) THEN $4 \
                   ELSE (SELECT MAX(q.queued_at) FROM activity_registrations q WHERE q.activity_id = $6) + 1 END, \
                 updated_at = $4 WHERE id = $5",
            )
            .bind(status.as_str())
            .bind(new.school_id)
            .bind(new.nominated_by)
            .bind(new.now)
            .bind(id)
            .bind(new.activity_id)
            .execute(&mut *tx)
            .await?;
        }
        None => {
            let inserted = sqlx::query(
                "INSERT INTO activity_registrations (activity_id, user_id, school_id, status, nominated_by, queued_at, \
                 updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
            )
            .bind(new.activity_id)
            .bind(new.user_id)
            .bind(new.school_id)
            .bind(status.as_str())
            .bind(new.nominated_by)
            .bind(new.now)
            .execute(&mut *tx)
            .await;
            match inserted.map_err(DbError::from) {
                Ok(_) => {}
                // The same person registered from another tab in the meantime.
                Err(DbError::Conflict(_)) => return Err(RegisterError::AlreadyActive(status)),
                Err(other) => return Err(other.into()),
            }
        }
    }
    if new.nominated_by.is_some() {
        let message_id = if seat { "act-notify-nominated" } else { "act-notify-nominated-waiting" };
        notify(&mut tx, &[new.user_id], new.activity_id, &activity.title, message_id).await?;
    }
    tx.commit().await?;
    tracing::info!(activity.id = new.activity_id, user.id = new.user_id, status = status.as_str(), "registered");
    Ok(status)
}

/// Cancels a person's own registration. A freed seat goes to the head of the waiting
/// list in the same transaction, and the promoted people are notified. Returns their ids.
pub async fn cancel(db: &Db, activity_id: i64, user_id: i64) -> Result<Vec<i64>, RegisterError> {
    let mut tx = db.begin().await?;
    let promoted = cancel_in(&mut tx, activity_id, user_id).await?;
    tx.commit().await?;
    Ok(promoted)
}

/// Removes a registration on the organiser's side, notifies the person removed and
/// promotes from the waiting list. Returns the promoted people's ids.
pub async fn remove(db: &Db, activity_id: i64, registration_id: i64) -> Result<Vec<i64>, RegisterError> {
    let registration = get(db, registration_id).await?;
    if registration.activity_id != activity_id {
        return Err(RegisterError::Db(DbError::NotFound));
    }
    let title = super::get(db, activity_id).await?.title;
    let mut tx = db.begin().await?;
    let promoted = cancel_in(&mut tx, activity_id, registration.user_id).await?;
    notify(&mut tx, &[registration.user_id], activity_id, &title, "act-notify-removed").await?;
    tx.commit().await?;
    Ok(promoted)
}

async fn cancel_in(conn: &mut AnyConnection, activity_id: i64, user_id: i64) -> Result<Vec<i64>, RegisterError> {
    let now = now_ms();
    let was_registered = sqlx::query(
        "UPDATE activity_registrations SET status = 'cancelled', updated_at = $1 \
         WHERE activity_id = $2 AND user_id = $3 AND status = 'registered'",
    )
    .bind(now)
    .bind(activity_id)
    .bind(user_id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if !was_registered {
        let was_waiting = sqlx::query(
            "UPDATE activity_registrations SET status = 'cancelled', updated_at = $1 \
             WHERE activity_id = $2 AND user_id = $3 AND status = 'waitlisted'",
        )
        .bind(now)
        .bind(activity_id)
        .bind(user_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        return if was_waiting == 1 { Ok(Vec::new()) } else { Err(RegisterError::NotRegistered) };
    }
    sqlx::query("UPDATE activities SET registered_count = registered_count - 1 WHERE id = $1 AND registered_count > 0")
        .bind(activity_id)
        .execute(&mut *conn)
        .await?;
    tracing::info!(activity.id = activity_id, user.id = user_id, "registration cancelled");
    Ok(promote_in(conn, activity_id).await?)
}

/// Moves people from the head of the waiting list to the free seats, after a larger
/// capacity was saved. Returns the promoted people's ids.
pub async fn promote(db: &Db, activity_id: i64) -> Result<Vec<i64>, DbError> {
    let mut tx = db.begin().await?;
    // Locks the activity first, as every other change of its seats does.
    sqlx::query("UPDATE activities SET registered_count = registered_count WHERE id = $1")
        .bind(activity_id)
        .execute(&mut *tx)
        .await?;
    let promoted = promote_in(&mut tx, activity_id).await?;
    tx.commit().await?;
    Ok(promoted)
}

/// Promotes from the waiting list inside a transaction that already locked the
/// activity's row, and notifies those promoted.
async fn promote_in(conn: &mut AnyConnection, activity_id: i64) -> Result<Vec<i64>, DbError> {
    let (capacity, registered, status, title): (Option<i64>, i64, String, String) =
        sqlx::query_as("SELECT capacity, registered_count, status, title FROM activities WHERE id = $1")
            .bind(activity_id)
            .fetch_one(&mut *conn)
            .await?;
    if ActivityStatus::parse(&status) != Some(ActivityStatus::Published) {
        return Ok(Vec::new());
    }
    let waiting: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM activity_registrations WHERE activity_id = $1 AND status = 'waitlisted'",
    )
    .bind(activity_id)
    .fetch_one(&mut *conn)
    .await?;
    let count = caunoi_core::activity::registration::promotions(capacity, registered, waiting);
    if count == 0 {
        return Ok(Vec::new());
    }
    let promoted: Vec<i64> = sqlx::query_scalar(
        "UPDATE activity_registrations SET status = 'registered', updated_at = $1 WHERE id IN \
         (SELECT id FROM activity_registrations WHERE activity_id = $2 AND status = 'waitlisted' \
         ORDER BY queued_at, id LIMIT $3) RETURNING user_id",
    )
    .bind(now_ms())
    .bind(activity_id)
    .bind(count)
    .fetch_all(&mut *conn)
    .await?;
    let taken = i64::try_from(promoted.len()).unwrap_or(i64::MAX);
    sqlx::query("UPDATE activities SET registered_count = registered_count + $1 WHERE id = $2")
        .bind(taken)
        .bind(activity_id)
        .execute(&mut *conn)
        .await?;
    notify(conn, &promoted, activity_id, &title, "act-notify-promoted").await?;
    tracing::info!(activity.id = activity_id, promoted = promoted.len(), "promoted from the waiting list");
    Ok(promoted)
}

/// Takes a seat when one is free. Returns whether it did.
pub(crate) async fn take_seat(conn: &mut AnyConnection, activity_id: i64) -> Result<bool, DbError> {
    let taken = sqlx::query(
        "UPDATE activities SET registered_count = registered_count + 1 \
         WHERE id = $1 AND status = 'published' AND (capacity IS NULL OR registered_count < capacity)",
    )
    .bind(activity_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(taken == 1)
}

async fn still_published(conn: &mut AnyConnection, activity_id: i64) -> Result<bool, DbError> {
    let status: String = sqlx::query_scalar("SELECT status FROM activities WHERE id = $1")
        .bind(activity_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(status == ActivityStatus::Published.as_str())
}

/// Notifies people about an activity, with its title as the message's argument.
pub(crate) async fn notify(
    conn: &mut AnyConnection,
    user_ids: &[i64],
    activity_id: i64,
    title: &str,
    message_id: &str,
) -> Result<(), DbError> {
    let note = NewNotification {
        kind: NotificationKind::Activity.as_str(),
        message_id,
        params: serde_json::json!({ "title": title }),
        link: format!("/activities/{activity_id}"),
    };
    notifications::notify(conn, user_ids, &note).await
}

/// Notifies everyone holding a seat or waiting that a published activity's time or place
/// changed, comparing the activity before and after an edit. Returns the number notified.
pub async fn notify_changed(db: &Db, before: &super::Activity, after: &super::Activity) -> Result<usize, DbError> {
    let moved = before.starts_at != after.starts_at
        || before.ends_at != after.ends_at
        || before.place_school_id != after.place_school_id
        || before.place_address != after.place_address
        || before.meeting_url != after.meeting_url;
    if !moved || after.status != "published" {
        return Ok(0);
    }
    let registrants = active_user_ids(db, after.id).await?;
    let mut tx = db.begin().await?;
    notify(&mut tx, &registrants, after.id, &after.title, "act-notify-changed").await?;
    tx.commit().await?;
    tracing::info!(activity.id = after.id, notified = registrants.len(), "activity time or place changed");
    Ok(registrants.len())
}

/// Ids of the people holding an active registration, for a cancellation notice.
pub async fn active_user_ids(db: &Db, activity_id: i64) -> Result<Vec<i64>, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT user_id FROM activity_registrations WHERE activity_id = $1 AND status <> 'cancelled' ORDER BY user_id",
    )
    .bind(activity_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Cancels an activity with a reason and notifies everyone holding a seat or waiting,
/// in one transaction. Calendars then show it cancelled, as [`super::cancel`] does.
pub async fn cancel_activity(db: &Db, activity_id: i64, reason: &str) -> Result<(), DbError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let title: Option<String> = sqlx::query_scalar(
        "UPDATE activities SET status = 'cancelled', cancelled_at = $1, cancel_reason = $2, sequence = sequence + 1, \
         updated_at = $1 WHERE id = $3 AND status <> 'cancelled' RETURNING title",
    )
    .bind(now)
    .bind(caunoi_core::text::normalize(reason.trim()))
    .bind(activity_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(title) = title else {
        return Err(DbError::Invalid(format!("activity {activity_id} is already cancelled or missing")));
    };
    let registrants: Vec<i64> = sqlx::query_scalar(
        "SELECT user_id FROM activity_registrations WHERE activity_id = $1 AND status <> 'cancelled' ORDER BY user_id",
    )
    .bind(activity_id)
    .fetch_all(&mut *tx)
    .await?;
    notify(&mut tx, &registrants, activity_id, &title, "act-notify-cancelled").await?;
    tx.commit().await?;
    tracing::info!(activity.id = activity_id, notified = registrants.len(), "activity cancelled");
    Ok(())
}
