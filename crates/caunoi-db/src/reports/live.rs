//! Revision counters that live pages follow. A change a dashboard shows raises its
//! province's counter in the change's own transaction; every instance polls the
//! counters, so an update made through one instance reaches pages served by another.

use sqlx::AnyConnection;

use crate::{Db, DbResult};

/// Raises the revision of a province. Call it inside the transaction of the change.
pub async fn touch(conn: &mut AnyConnection, province: &str, now: i64) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO live_revisions (province_code, revision, updated_at) VALUES ($1, 1, $2) \
         ON CONFLICT (province_code) DO UPDATE SET revision = live_revisions.revision + 1, updated_at = $2",
    )
    .bind(province.to_owned())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Every province's revision, for the poller of live pages.
pub async fn revisions(db: &Db) -> DbResult<Vec<(String, i64)>> {
    Ok(sqlx::query_as("SELECT province_code, revision FROM live_revisions ORDER BY province_code")
        .fetch_all(&db.pool)
        .await?)
}

/// One province's revision; 0 before its first change.
pub async fn revision(db: &Db, province: &str) -> DbResult<i64> {
    let revision: Option<i64> = sqlx::query_scalar("SELECT revision FROM live_revisions WHERE province_code = $1")
        .bind(province.to_owned())
        .fetch_optional(&db.pool)
        .await?;
    Ok(revision.unwrap_or(0))
}
