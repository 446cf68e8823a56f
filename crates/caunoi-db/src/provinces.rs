//! Provinces and the departments this deployment hosts.

use serde::Serialize;
use sqlx::FromRow;

use crate::{Db, DbError, DbResult, now_ms};

#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Province {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// 1 when this deployment hosts the province's department.
    pub hosted: i64,
    pub commune_count: i64,
}

const SELECT: &str = "SELECT p.code, p.name, p.short_name, p.lat, p.lon, \
    (CASE WHEN d.id IS NULL THEN 0 ELSE 1 END) AS hosted, \
    (SELECT COUNT(*) FROM communes c WHERE c.province_code = p.code) AS commune_count \
    FROM provinces p LEFT JOIN departments d ON d.province_code = p.code";

/// Lists every province of the national list, hosted ones first.
pub async fn list(db: &Db) -> DbResult<Vec<Province>> {
    let sql = format!("{SELECT} ORDER BY hosted DESC, p.name_folded");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(&db.pool).await?)
}

pub async fn get(db: &Db, code: &str) -> DbResult<Province> {
    let sql = format!("{SELECT} WHERE p.code = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(code).fetch_one(&db.pool).await?)
}

#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Department {
    pub id: i64,
    pub province_code: String,
    pub name: String,
    pub created_at: i64,
}

/// Adds the department of a province from the reference list. The department's name
/// follows the official form "Sở Giáo dục và Đào tạo <province>".
pub async fn add_department(db: &Db, province_code: &str) -> DbResult<Department> {
    let province = get(db, province_code).await?;
    let name = format!("Sở Giáo dục và Đào tạo {}", province.name);
    let department = sqlx::query_as(
        "INSERT INTO departments (province_code, name, created_at) VALUES ($1, $2, $3) \
         RETURNING id, province_code, name, created_at",
    )
    .bind(province_code)
    .bind(name)
    .bind(now_ms())
    .fetch_one(&db.pool)
    .await?;
    Ok(department)
}

pub async fn department(db: &Db, province_code: &str) -> DbResult<Department> {
    sqlx::query_as("SELECT id, province_code, name, created_at FROM departments WHERE province_code = $1")
        .bind(province_code)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(DbError::NotFound)
}

pub async fn departments(db: &Db) -> DbResult<Vec<Department>> {
    Ok(sqlx::query_as("SELECT id, province_code, name, created_at FROM departments ORDER BY province_code")
        .fetch_all(&db.pool)
        .await?)
}
