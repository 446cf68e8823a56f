//! Full recompute of the roll-ups from the stored values of counted submissions.
//!
//! Roll-ups are kept current incrementally ([`super::rollups::replace`]); a recompute
//! rebuilds them from `report_values` in one statement per request, to repair them
//! after a fault or to check the incremental path. It runs in one transaction, so a
//! dashboard never reads a half-built set.

use sqlx::AnyConnection;

use crate::{Db, DbResult};

/// The rows a recompute writes: one per item and grouping cell of counted schools.
///
/// Grouping a million values by item and four cell columns makes the database sort
/// wide keys, so the cells are numbered first (`m`) in the order of their columns, and
/// the values are grouped by item and cell number. The groups then come out in the
/// order of the roll-up table's key, and the cells' columns are looked up (`c`) without
/// sorting again: on SQLite, `CROSS JOIN` keeps the groups as the outer loop.
const INSERT: &str = "INSERT INTO report_rollups (request_id, item, cluster_id, commune_code, level, district, \
     total, weighted, weight, schools) \
     WITH m AS MATERIALIZED (SELECT s.id AS submission_id, r.cluster_id, r.commune_code, r.level, r.district, \
       DENSE_RANK() OVER (ORDER BY r.cluster_id, r.commune_code, r.level, r.district) AS cell \
       FROM report_submissions s JOIN report_recipients r ON r.request_id = s.request_id AND r.school_id = s.school_id \
       WHERE s.request_id = $1 AND s.counted = 1), \
     c AS (SELECT DISTINCT cell, cluster_id, commune_code, level, district FROM m), \
     a AS (SELECT v.item, m.cell, SUM(v.value) AS total, SUM(v.value * COALESCE(v.weight, 1.0)) AS weighted, \
       SUM(COALESCE(v.weight, 1.0)) AS weight, COUNT(*) AS schools \
       FROM m JOIN report_values v ON v.submission_id = m.submission_id GROUP BY v.item, m.cell) \
     SELECT $1, a.item, c.cluster_id, c.commune_code, c.level, c.district, a.total, a.weighted, a.weight, a.schools \
     FROM a CROSS JOIN c WHERE c.cell = a.cell";

/// The sums by cluster and level, from the cells just written.
const INSERT_COARSE: &str = "INSERT INTO report_cluster_rollups (request_id, item, cluster_id, level, \
     total, weighted, weight, schools) \
     SELECT request_id, item, cluster_id, level, SUM(total), SUM(weighted), SUM(weight), SUM(schools) \
     FROM report_rollups WHERE request_id = $1 GROUP BY request_id, item, cluster_id, level";

/// Rebuilds the roll-ups of one request inside the caller's transaction. Returns the
/// number of roll-up rows written for the grouping cells.
pub async fn request_in(conn: &mut AnyConnection, request_id: i64) -> DbResult<u64> {
    for table in ["report_rollups", "report_cluster_rollups"] {
        let delete = format!("DELETE FROM {table} WHERE request_id = $1");
        sqlx::query(sqlx::AssertSqlSafe(delete)).bind(request_id).execute(&mut *conn).await?;
    }
    let written = sqlx::query(INSERT).bind(request_id).execute(&mut *conn).await?.rows_affected();
    sqlx::query(INSERT_COARSE).bind(request_id).execute(&mut *conn).await?;
    Ok(written)
}

/// Rebuilds the roll-ups of one request in a transaction of its own.
pub async fn request(db: &Db, request_id: i64) -> DbResult<u64> {
    let mut tx = db.begin().await?;
    let written = request_in(&mut tx, request_id).await?;
    tx.commit().await?;
    tracing::info!(report_request.id = request_id, rows = written, "report roll-ups recomputed");
    Ok(written)
}

/// Rebuilds the roll-ups of every published request, one transaction per request so
/// a long run never holds the database. Returns `(requests, roll-up rows)`.
pub async fn all(db: &Db) -> DbResult<(u64, u64)> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM report_requests WHERE status <> 'draft' ORDER BY id")
        .fetch_all(&db.pool)
        .await?;
    let mut rows = 0;
    for id in &ids {
        rows += request(db, *id).await?;
    }
    Ok((ids.len() as u64, rows))
}
