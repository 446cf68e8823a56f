//! Versions of the lesson plan. Every save inserts version `n + 1`, and only a save
//! based on the latest version `n` is accepted (optimistic concurrency). Two saves
//! racing from the same version meet the unique key `(activity_id, version)`, so one
//! of them gets [`SaveError::Stale`].

use caunoi_core::lesson_study::plan::{LessonPlan, SaveConflict, check_base};
use serde::Serialize;
use sqlx::FromRow;

use crate::{Db, DbError, now_ms};

/// One saved version.
#[derive(Debug, Clone, Serialize)]
pub struct PlanVersion {
    pub version: i64,
    pub plan: LessonPlan,
    pub note: String,
    pub author_id: i64,
    pub author_name: String,
    pub created_at: i64,
}

#[derive(FromRow)]
struct Row {
    version: i64,
    content: String,
    note: String,
    author_id: i64,
    author_name: String,
    created_at: i64,
}

impl From<Row> for PlanVersion {
    fn from(row: Row) -> PlanVersion {
        PlanVersion {
            version: row.version,
            plan: serde_json::from_str(&row.content).unwrap_or_default(),
            note: row.note,
            author_id: row.author_id,
            author_name: row.author_name,
            created_at: row.created_at,
        }
    }
}

const SELECT: &str = "SELECT v.version, v.content, v.note, v.author_id, u.full_name AS author_name, v.created_at \
                      FROM lesson_plan_versions v JOIN users u ON u.id = v.author_id WHERE v.activity_id = $1";

/// Lists every version, newest first.
pub async fn versions(db: &Db, activity_id: i64) -> Result<Vec<PlanVersion>, DbError> {
    let sql = format!("{SELECT} ORDER BY v.version DESC");
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(activity_id).fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(PlanVersion::from).collect())
}

/// Loads one version; [`DbError::NotFound`] when it does not exist.
pub async fn version(db: &Db, activity_id: i64, version: i64) -> Result<PlanVersion, DbError> {
    let sql = format!("{SELECT} AND v.version = $2");
    let row: Row = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(activity_id).bind(version).fetch_one(&db.pool).await?;
    Ok(row.into())
}

/// Loads the latest version, if any.
pub async fn latest(db: &Db, activity_id: i64) -> Result<Option<PlanVersion>, DbError> {
    let sql = format!("{SELECT} ORDER BY v.version DESC LIMIT 1");
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(activity_id).fetch_optional(&db.pool).await?;
    Ok(row.map(PlanVersion::from))
}

/// Reason a save was not stored.
#[derive(Debug)]
pub enum SaveError {
    /// The form was based on `based_on`, but `latest` was saved since.
    Stale { based_on: i64, latest: i64 },
    Db(DbError),
}

impl From<DbError> for SaveError {
    fn from(error: DbError) -> SaveError {
        SaveError::Db(error)
    }
}

impl From<sqlx::Error> for SaveError {
    fn from(error: sqlx::Error) -> SaveError {
        SaveError::Db(error.into())
    }
}

/// Saves a new version based on version `based_on` (0 for the first save) and returns
/// its number.
pub async fn save(db: &Db, activity_id: i64, based_on: i64, plan: &LessonPlan, note: &str, author_id: i64) -> Result<i64, SaveError> {
    let mut tx = db.begin().await?;
    super::ensure(&mut tx, activity_id).await?;
    let latest: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM lesson_plan_versions WHERE activity_id = $1")
        .bind(activity_id)
        .fetch_one(&mut *tx)
        .await?;
    if let Err(SaveConflict::Stale { based_on, latest }) = check_base(based_on, latest) {
        return Err(SaveError::Stale { based_on, latest });
    }
    let inserted = sqlx::query(
        "INSERT INTO lesson_plan_versions (activity_id, version, content, note, author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(activity_id)
    .bind(latest + 1)
    .bind(serde_json::to_string(plan).unwrap_or_default())
    .bind(note.to_owned())
    .bind(author_id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await;
    match inserted.map_err(DbError::from) {
        Ok(_) => {}
        Err(DbError::Conflict(_)) => {
            drop(tx);
            let latest = latest_number(db, activity_id).await?;
            return Err(SaveError::Stale { based_on, latest });
        }
        Err(other) => return Err(other.into()),
    }
    tx.commit().await?;
    tracing::info!(activity.id = activity_id, plan.version = latest + 1, "lesson plan version saved");
    Ok(latest + 1)
}

async fn latest_number(db: &Db, activity_id: i64) -> Result<i64, DbError> {
    Ok(sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM lesson_plan_versions WHERE activity_id = $1")
        .bind(activity_id)
        .fetch_one(&db.pool)
        .await?)
}
