//! Full recompute of the roll-ups from the stored values of counted submissions.
//!
//! Roll-ups are kept current incrementally ([`super::rollups::replace`]); a recompute
//! rebuilds them from `report_values` in one statement per request, to repair them
//! after a fault or to check the incremental path. It runs in one transaction, so a
//! dashboard never reads a half-built set.

use sqlx::AnyConnection;

use crate::{Db, DbResult};

/// The rows a recompute writes: one per item and grouping cell of counted schools.
const INSERT: &str = "INSERT INTO report_rollups (request_id, item, cluster_id, commune_code, level, district, \
     total, weighted, weight, schools) \
     SELECT s.request_id, v.item, r.cluster_id, r.commune_code, r.level, r.district, \
     SUM(v.value), SUM(v.value * COALESCE(v.weight, 1.0)), SUM(COALESCE(v.weight, 1.0)), COUNT(*) \
     FROM report_submissions s \
     JOIN report_recipients r ON r.request_id = s.request_id AND r.school_id = s.school_id \
     JOIN report_values v ON v.submission_id = s.id \
     WHERE s.request_id = $1 AND s.counted = 1 \
     GROUP BY s.request_id, v.item, r.cluster_id, r.commune_code, r.level, r.district";

/// Rebuilds the roll-ups of one request inside the caller's transaction. Returns the
/// number of roll-up rows written.
pub async fn request_in(conn: &mut AnyConnection, request_id: i64) -> DbResult<u64> {
    sqlx::query("DELETE FROM report_rollups WHERE request_id = $1").bind(request_id).execute(&mut *conn).await?;
    let written = sqlx::query(INSERT).bind(request_id).execute(&mut *conn).await?.rows_affected();
    Ok(written)
}

/// Rebuilds the roll-ups of one request in a transaction of its own.
pub async fn request(db: &Db, request_id: i64) -> DbResult<u64> {
    let mut tx = db.pool.begin().await?;
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
