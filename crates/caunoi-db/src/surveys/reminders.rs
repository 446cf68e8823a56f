//! Reminders to participants who have not answered a survey: once each, either when the
//! close nears ([`REMIND_BEFORE_CLOSE_MS`] before it) or earlier when the organiser asks.
//!
//! As for report reminders, the primary key of `survey_reminders` (survey, person) makes
//! each reminder happen once: the due rows are inserted with `ON CONFLICT DO NOTHING`
//! and only the inserted rows are notified, in the same transaction. The organiser
//! learns how many people were reminded, never who.

use std::collections::BTreeMap;

use sqlx::{AnyConnection, FromRow};
use tracing::info;

use super::PARTICIPANTS_OF_ALL;
use crate::notifications::{self, NewNotification, NotificationKind};
use crate::{Db, DbResult};

/// How long before the close the automatic reminder goes out.
pub const REMIND_BEFORE_CLOSE_MS: i64 = 48 * 3_600_000;

#[derive(Debug, Clone, FromRow)]
struct Taken {
    survey_id: i64,
    user_id: i64,
}

/// Takes the reminders due at `now` for every open survey and returns how many people
/// were notified.
pub async fn scan(db: &Db, now: i64) -> DbResult<u64> {
    let mut tx = db.begin().await?;
    let taken = take(&mut tx, now, Some(REMIND_BEFORE_CLOSE_MS), None).await?;
    let notified = notify(&mut tx, &taken).await?;
    tx.commit().await?;
    Ok(notified)
}

/// Reminds now the participants of one open survey who have neither answered nor been
/// reminded, and returns how many were notified.
pub async fn remind_now(db: &Db, survey_id: i64, now: i64) -> DbResult<u64> {
    let mut tx = db.begin().await?;
    let taken = take(&mut tx, now, None, Some(survey_id)).await?;
    let notified = notify(&mut tx, &taken).await?;
    tx.commit().await?;
    Ok(notified)
}

/// Counts the reminders sent for a survey.
pub async fn count(db: &Db, survey_id: i64) -> DbResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM survey_reminders WHERE survey_id = $1")
        .bind(survey_id)
        .fetch_one(&db.pool)
        .await?)
}

/// Inserts the due reminder rows of open surveys of published activities: those
/// closing within `before_close_ms` of `now` when given, and only `survey` when given.
async fn take(conn: &mut AnyConnection, now: i64, before_close_ms: Option<i64>, survey: Option<i64>) -> DbResult<Vec<Taken>> {
    let sql = format!(
        "INSERT INTO survey_reminders (survey_id, user_id) \
         SELECT s.id, p.user_id FROM surveys s JOIN activities a ON a.id = s.activity_id \
         JOIN ({PARTICIPANTS_OF_ALL}) p ON p.activity_id = s.activity_id \
         WHERE a.status = 'published' AND $1 >= s.opens_at AND $1 < s.closes_at \
         AND ($2 < 0 OR $1 >= s.closes_at - $2) AND ($3 < 0 OR s.id = $3) \
         AND NOT EXISTS (SELECT 1 FROM survey_respondents r WHERE r.survey_id = s.id AND r.user_id = p.user_id) \
         AND NOT EXISTS (SELECT 1 FROM survey_reminders m WHERE m.survey_id = s.id AND m.user_id = p.user_id) \
         ORDER BY s.id, p.user_id \
         ON CONFLICT DO NOTHING RETURNING survey_id, user_id"
    );
    Ok(sqlx::query_as::<_, Taken>(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .bind(before_close_ms.unwrap_or(-1))
        .bind(survey.unwrap_or(-1))
        .fetch_all(&mut *conn)
        .await?)
}

async fn notify(conn: &mut AnyConnection, taken: &[Taken]) -> DbResult<u64> {
    let mut by_survey: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for row in taken {
        by_survey.entry(row.survey_id).or_default().push(row.user_id);
    }
    let mut notified = 0;
    for (survey_id, users) in by_survey {
        let (title, closes_at): (String, i64) = sqlx::query_as(
            "SELECT a.title, s.closes_at FROM surveys s JOIN activities a ON a.id = s.activity_id WHERE s.id = $1",
        )
        .bind(survey_id)
        .fetch_one(&mut *conn)
        .await?;
        let note = NewNotification {
            kind: NotificationKind::Activity.as_str(),
            message_id: "survey-notify-reminder",
            params: serde_json::json!({ "title": title, "closes_ms": closes_at }),
            link: format!("/surveys/{survey_id}"),
        };
        notifications::notify(conn, &users, &note).await?;
        notified += users.len() as u64;
        info!(survey.id = survey_id, reminders = users.len(), "survey reminders sent");
    }
    Ok(notified)
}
