//! Classes per grade that a school runs in a school year: the base of required periods.

use std::collections::BTreeMap;

use tracing::info;

use crate::{Db, DbResult, now_ms};

/// Returns the classes per grade of a school in a school year.
pub async fn get(db: &Db, school_id: i64, school_year: &str) -> DbResult<BTreeMap<i32, i64>> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT grade, classes FROM school_classes WHERE school_id = $1 AND school_year = $2 ORDER BY grade")
            .bind(school_id)
            .bind(school_year)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().filter_map(|(grade, classes)| Some((i32::try_from(grade).ok()?, classes))).collect())
}

/// Replaces the classes per grade of a school in a school year in one transaction;
/// grades left out of `classes` are removed. Callers check the counts first
/// ([`caunoi_core::staffing::curriculum::check_class_count`]).
pub async fn replace(db: &Db, school_id: i64, school_year: &str, classes: &BTreeMap<i32, i64>, user_id: i64) -> DbResult<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM school_classes WHERE school_id = $1 AND school_year = $2")
        .bind(school_id)
        .bind(school_year)
        .execute(&mut *tx)
        .await?;
    let now = now_ms();
    for (grade, count) in classes {
        sqlx::query("INSERT INTO school_classes (school_id, school_year, grade, classes, updated_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(school_id)
            .bind(school_year)
            .bind(i64::from(*grade))
            .bind(*count)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    info!(school.id = school_id, school_year, user.id = user_id, grades = classes.len(), "class counts saved");
    Ok(())
}
