//! Action items: findings of the surveys that a cluster's board turns into work for a
//! later semester. They show on the cluster's plan of that semester, where the board
//! converts one into a planned item.
//!
//! Clusters are drawn again each school year, so an item targeting semester I of the
//! next year shows on the plan of the next year's cluster with the same name in the
//! same province, as `plans::previous` matches plans.

use caunoi_core::activity::plan::Semester;
use caunoi_core::school_year::SchoolYear;
use caunoi_core::text::normalize;
use serde::Serialize;
use sqlx::FromRow;

use crate::activities::plans::{self, ItemInput};
use crate::{Db, DbError, DbResult, now_ms};

/// An action item row.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct ActionItem {
    pub id: i64,
    pub province_code: String,
    pub cluster_id: i64,
    pub survey_id: Option<i64>,
    pub action_text: String,
    pub owner: String,
    pub target_year: String,
    pub target_semester: i64,
    pub plan_item_id: Option<i64>,
    pub created_at: i64,
}

impl ActionItem {
    pub fn target_semester(&self) -> Semester {
        Semester::from_number(self.target_semester).unwrap_or(Semester::First)
    }
}

const COLUMNS: &str = "i.id, i.province_code, i.cluster_id, i.survey_id, i.action_text, i.owner, i.target_year, \
     i.target_semester, i.plan_item_id, i.created_at";

/// The fields of an action item as the board types them, checked by the caller.
#[derive(Debug, Clone)]
pub struct NewActionItem {
    pub cluster_id: i64,
    pub province: String,
    pub survey_id: Option<i64>,
    pub text: String,
    pub owner: String,
    pub target_year: SchoolYear,
    pub target_semester: Semester,
}

/// Creates an action item and returns its id.
pub async fn create(db: &Db, item: &NewActionItem, user_id: i64) -> DbResult<i64> {
    let now = now_ms();
    Ok(sqlx::query_scalar(
        "INSERT INTO survey_action_items (province_code, cluster_id, survey_id, action_text, owner, target_year, \
         target_semester, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(item.province.clone())
    .bind(item.cluster_id)
    .bind(item.survey_id)
    .bind(normalize(&item.text))
    .bind(normalize(&item.owner))
    .bind(item.target_year.to_string())
    .bind(item.target_semester.number())
    .bind(user_id)
    .bind(now)
    .fetch_one(&db.pool)
    .await?)
}

pub async fn get(db: &Db, id: i64) -> DbResult<ActionItem> {
    let sql = format!("SELECT {COLUMNS} FROM survey_action_items i WHERE i.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}

/// Lists the action items a cluster's board wrote, newest first.
pub async fn of_cluster(db: &Db, cluster_id: i64) -> DbResult<Vec<ActionItem>> {
    let sql = format!("SELECT {COLUMNS} FROM survey_action_items i WHERE i.cluster_id = $1 ORDER BY i.created_at DESC, i.id DESC");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(cluster_id).fetch_all(&db.pool).await?)
}

/// Lists the action items targeting one semester of a cluster's plan: those its board
/// wrote, and those the previous year's cluster of the same name wrote for it.
pub async fn for_plan(db: &Db, cluster_id: i64, year: SchoolYear, semester: Semester) -> DbResult<Vec<ActionItem>> {
    let previous_year = SchoolYear::starting(year.start_year() - 1).map(|y| y.to_string()).unwrap_or_default();
    let sql = format!(
        "SELECT {COLUMNS} FROM survey_action_items i JOIN clusters src ON src.id = i.cluster_id \
         JOIN clusters plan_cluster ON plan_cluster.id = $1 \
         WHERE i.target_year = $2 AND i.target_semester = $3 AND (i.cluster_id = $1 OR \
           (src.province_code = plan_cluster.province_code AND src.name = plan_cluster.name AND src.school_year = $4)) \
         ORDER BY i.created_at, i.id"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(cluster_id)
        .bind(year.to_string())
        .bind(semester.number())
        .bind(previous_year)
        .fetch_all(&db.pool)
        .await?)
}

/// Converts an action item into a planned item of `plan_id`, in one transaction, and
/// returns the new item's id. An item converted before is [`DbError::Invalid`].
pub async fn convert(db: &Db, action_item_id: i64, plan_id: i64, input: &ItemInput) -> DbResult<i64> {
    let mut tx = db.begin().await?;
    let claimed = sqlx::query("UPDATE survey_action_items SET updated_at = $1 WHERE id = $2 AND plan_item_id IS NULL")
        .bind(now_ms())
        .bind(action_item_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if claimed == 0 {
        return Err(DbError::Invalid(format!("action item {action_item_id} is converted already or missing")));
    }
    let item_id = plans::insert_item(&mut tx, plan_id, input).await?;
    sqlx::query("UPDATE survey_action_items SET plan_item_id = $1 WHERE id = $2")
        .bind(item_id)
        .bind(action_item_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(item_id)
}
