//! The audit log: who changed what, and when.

use serde::Serialize;
use sqlx::{Any, Executor, FromRow};

use crate::{Db, DbResult, Page, now_ms};

/// One change to record. `details` must carry ids and counts, never personal data.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub user_id: Option<i64>,
    pub province: Option<&'a str>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub details: serde_json::Value,
}

/// Records a change, inside the caller's transaction when given one.
pub async fn record<'e>(executor: impl Executor<'e, Database = Any>, entry: &AuditEntry<'_>) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (occurred_at, user_id, province_code, action, entity, entity_id, details) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(now_ms())
    .bind(entry.user_id)
    .bind(entry.province.map(str::to_owned))
    .bind(entry.action.to_owned())
    .bind(entry.entity.to_owned())
    .bind(entry.entity_id.clone())
    .bind(entry.details.to_string())
    .execute(executor)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, FromRow)]
pub struct AuditRecord {
    pub id: i64,
    pub occurred_at: i64,
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub details: String,
}

/// Lists a province's audit records, newest first.
pub async fn list(db: &Db, province: &str, page: Page) -> DbResult<(Vec<AuditRecord>, i64)> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE province_code = $1")
        .bind(province)
        .fetch_one(&db.pool)
        .await?;
    let items = sqlx::query_as(
        "SELECT a.id, a.occurred_at, a.user_id, u.username, a.action, a.entity, a.entity_id, a.details \
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id WHERE a.province_code = $1 \
         ORDER BY a.occurred_at DESC, a.id DESC LIMIT $2 OFFSET $3",
    )
    .bind(province)
    .bind(page.size)
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await?;
    Ok((items, total))
}
