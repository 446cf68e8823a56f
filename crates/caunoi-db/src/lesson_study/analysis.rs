//! Analysis forms (one per observer), the activity's criteria and the summary. Forms
//! can be edited until the summary is closed; criteria can be changed until the first
//! form is saved, because answers refer to criteria by key.

use caunoi_core::lesson_study::analysis::{Answer, Criterion, Summary};
use serde::Serialize;
use sqlx::FromRow;

use crate::{Db, DbError, DbResult, now_ms};

/// One observer's form.
#[derive(Debug, Clone, Serialize)]
pub struct AnalysisForm {
    pub author_id: i64,
    pub author_name: String,
    pub answers: Vec<Answer>,
    pub updated_at: i64,
}

#[derive(FromRow)]
struct Row {
    author_id: i64,
    author_name: String,
    answers: String,
    updated_at: i64,
}

/// Lists the forms by author name.
pub async fn forms(db: &Db, activity_id: i64) -> DbResult<Vec<AnalysisForm>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.author_id, u.full_name AS author_name, a.answers, a.updated_at FROM lesson_analyses a \
         JOIN users u ON u.id = a.author_id WHERE a.activity_id = $1 ORDER BY u.full_name, a.author_id",
    )
    .bind(activity_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| AnalysisForm {
            author_id: row.author_id,
            author_name: row.author_name,
            answers: serde_json::from_str(&row.answers).unwrap_or_default(),
            updated_at: row.updated_at,
        })
        .collect())
}

/// Reason a change to the analysis step was not stored.
#[derive(Debug)]
pub enum AnalysisError {
    /// The summary is closed, so forms and the summary are read-only.
    Closed,
    /// Criteria cannot change once a form refers to them.
    FormsExist,
    /// Closing needs the summary written first.
    NoSummary,
    Db(DbError),
}

impl From<DbError> for AnalysisError {
    fn from(error: DbError) -> AnalysisError {
        AnalysisError::Db(error)
    }
}

impl From<sqlx::Error> for AnalysisError {
    fn from(error: sqlx::Error) -> AnalysisError {
        AnalysisError::Db(error.into())
    }
}

/// Saves (creates or replaces) one observer's form, unless the summary is closed.
pub async fn save_form(db: &Db, activity_id: i64, author_id: i64, answers: &[Answer]) -> Result<(), AnalysisError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    super::ensure(&mut tx, activity_id).await?;
    // The insert selects nothing once the summary is closed, and the conflict clause
    // turns a second save into an update.
    let saved = sqlx::query(
        "INSERT INTO lesson_analyses (activity_id, author_id, answers, created_at, updated_at) \
         SELECT $1, $2, $3, $4, $4 WHERE NOT EXISTS \
         (SELECT 1 FROM lesson_studies WHERE activity_id = $1 AND closed_at IS NOT NULL) \
         ON CONFLICT (activity_id, author_id) DO UPDATE SET answers = excluded.answers, updated_at = excluded.updated_at",
    )
    .bind(activity_id)
    .bind(author_id)
    .bind(serde_json::to_string(answers).unwrap_or_default())
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if saved == 0 {
        return Err(AnalysisError::Closed);
    }
    tx.commit().await?;
    tracing::info!(activity.id = activity_id, user.id = author_id, "analysis form saved");
    Ok(())
}

/// Replaces the activity's criteria, or goes back to the defaults with `None`. Refused
/// once any form exists.
pub async fn set_criteria(db: &Db, activity_id: i64, criteria: Option<&[Criterion]>) -> Result<(), AnalysisError> {
    let mut tx = db.begin().await?;
    super::ensure(&mut tx, activity_id).await?;
    let json = criteria.map(|list| serde_json::to_string(list).unwrap_or_default());
    let updated = sqlx::query(
        "UPDATE lesson_studies SET criteria = $1, updated_at = $2 WHERE activity_id = $3 \
         AND NOT EXISTS (SELECT 1 FROM lesson_analyses WHERE activity_id = $3)",
    )
    .bind(json)
    .bind(now_ms())
    .bind(activity_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(AnalysisError::FormsExist);
    }
    tx.commit().await?;
    Ok(())
}

/// Saves the summary, unless it is closed.
pub async fn save_summary(db: &Db, activity_id: i64, summary: &Summary, user_id: i64) -> Result<(), AnalysisError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    super::ensure(&mut tx, activity_id).await?;
    let updated = sqlx::query(
        "UPDATE lesson_studies SET conclusions = $1, lessons_to_apply = $2, secretary = $6, summary_by = $3, summary_at = $4, \
         updated_at = $4 WHERE activity_id = $5 AND closed_at IS NULL",
    )
    .bind(summary.conclusions.clone())
    .bind(summary.lessons_to_apply.clone())
    .bind(user_id)
    .bind(now)
    .bind(activity_id)
    .bind(summary.secretary.clone())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(AnalysisError::Closed);
    }
    tx.commit().await?;
    Ok(())
}

/// Closes the summary: forms and the summary become read-only. Needs a written summary.
pub async fn close(db: &Db, activity_id: i64) -> Result<(), AnalysisError> {
    let study = super::get(db, activity_id).await?;
    if study.closed_at.is_some() {
        return Err(AnalysisError::Closed);
    }
    if study.summary.conclusions.is_empty() {
        return Err(AnalysisError::NoSummary);
    }
    let now = now_ms();
    sqlx::query("UPDATE lesson_studies SET closed_at = $1, updated_at = $1 WHERE activity_id = $2 AND closed_at IS NULL")
        .bind(now)
        .bind(activity_id)
        .execute(&db.pool)
        .await?;
    tracing::info!(activity.id = activity_id, "lesson study summary closed");
    Ok(())
}
