//! Survey templates of a department and of its clusters. Each department starts with
//! a copy of the template that ships with the product, which it may edit.

use caunoi_core::survey::{DEFAULT_TEMPLATE_NAME, Question, default_questions};
use caunoi_core::text::normalize;
use serde::Serialize;
use sqlx::FromRow;

use crate::{Db, DbError, DbResult, now_ms};

/// A template row.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Template {
    pub id: i64,
    pub province_code: String,
    pub cluster_id: Option<i64>,
    pub name: String,
    pub questions: String,
    pub default_key: Option<String>,
    pub updated_at: i64,
}

impl Template {
    pub fn questions(&self) -> Vec<Question> {
        serde_json::from_str(&self.questions).unwrap_or_default()
    }

    /// Returns whether this is the department's copy of the shipped template.
    pub fn is_default(&self) -> bool {
        self.default_key.is_some()
    }
}

const COLUMNS: &str = "id, province_code, cluster_id, name, questions, default_key, updated_at";

fn questions_json(questions: &[Question]) -> DbResult<String> {
    serde_json::to_string(questions).map_err(|error| DbError::Invalid(error.to_string()))
}

/// Creates the department's copy of the shipped template unless it exists. Two
/// requests doing it at once get one row, through `survey_templates_default_key`.
pub async fn ensure_default(db: &Db, province: &str) -> DbResult<()> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO survey_templates (province_code, name, questions, default_key, created_at, updated_at) \
         VALUES ($1, $2, $3, 'default', $4, $4) ON CONFLICT (province_code, default_key) DO NOTHING",
    )
    .bind(province.to_owned())
    .bind(DEFAULT_TEMPLATE_NAME)
    .bind(questions_json(&default_questions())?)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Lists the templates an organiser in a province may use: the department's, and the
/// given clusters' own, the default first.
pub async fn usable(db: &Db, province: &str, clusters: &[i64]) -> DbResult<Vec<Template>> {
    ensure_default(db, province).await?;
    let all = list(db, province).await?;
    Ok(all.into_iter().filter(|t| t.cluster_id.is_none_or(|id| clusters.contains(&id))).collect())
}

/// Lists every template of a province: the default, the department's, then the
/// clusters', each by name.
pub async fn list(db: &Db, province: &str) -> DbResult<Vec<Template>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM survey_templates WHERE province_code = $1 \
         ORDER BY CASE WHEN default_key IS NULL THEN 1 ELSE 0 END, CASE WHEN cluster_id IS NULL THEN 0 ELSE 1 END, name, id"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(province.to_owned()).fetch_all(&db.pool).await?)
}

pub async fn get(db: &Db, id: i64) -> DbResult<Template> {
    let sql = format!("SELECT {COLUMNS} FROM survey_templates WHERE id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}

/// Creates a template of the department (`cluster: None`) or a cluster.
pub async fn create(db: &Db, province: &str, cluster: Option<i64>, name: &str, questions: &[Question], user_id: i64) -> DbResult<i64> {
    let now = now_ms();
    Ok(sqlx::query_scalar(
        "INSERT INTO survey_templates (province_code, cluster_id, name, questions, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(province.to_owned())
    .bind(cluster)
    .bind(normalize(name))
    .bind(questions_json(questions)?)
    .bind(user_id)
    .bind(now)
    .fetch_one(&db.pool)
    .await?)
}

/// Saves a template's name and questions. Surveys attached from it keep their copy.
pub async fn update(db: &Db, id: i64, name: &str, questions: &[Question]) -> DbResult<()> {
    let updated = sqlx::query("UPDATE survey_templates SET name = $1, questions = $2, updated_at = $3 WHERE id = $4")
        .bind(normalize(name))
        .bind(questions_json(questions)?)
        .bind(now_ms())
        .bind(id)
        .execute(&db.pool)
        .await?
        .rows_affected();
    if updated == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}
