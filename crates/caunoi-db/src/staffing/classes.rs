//! Classes per grade that a school runs in a school year, and the classes of each
//! upper-secondary grade that take each elective subject: the base of required periods.

use std::collections::BTreeMap;

use caunoi_core::staffing::Subject;
use tracing::info;

use crate::audit::{self, AuditEntry};
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

/// Returns the classes per grade that take each elective subject, as recorded.
pub async fn electives(db: &Db, school_id: i64, school_year: &str) -> DbResult<BTreeMap<(i32, Subject), i64>> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT grade, subject, classes FROM school_elective_classes WHERE school_id = $1 AND school_year = $2",
    )
    .bind(school_id)
    .bind(school_year)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(grade, subject, classes)| Some(((i32::try_from(grade).ok()?, Subject::from_key(&subject)?), classes)))
        .collect())
}

/// Replaces the classes per grade of a school in a school year, and the classes that
/// take each elective subject, in one transaction. Grades and electives left out are
/// removed. Callers check the counts first
/// ([`caunoi_core::staffing::curriculum::check_class_count`]).
pub async fn replace(
    db: &Db,
    school_id: i64,
    school_year: &str,
    classes: &BTreeMap<i32, i64>,
    electives: &BTreeMap<(i32, Subject), i64>,
    user_id: i64,
) -> DbResult<()> {
    let mut tx = db.begin().await?;
    for table in ["school_classes", "school_elective_classes"] {
        let sql = format!("DELETE FROM {table} WHERE school_id = $1 AND school_year = $2");
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(school_id).bind(school_year).execute(&mut *tx).await?;
    }
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
    for ((grade, subject), count) in electives {
        sqlx::query(
            "INSERT INTO school_elective_classes (school_id, school_year, grade, subject, classes, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(school_id)
        .bind(school_year)
        .bind(i64::from(*grade))
        .bind(subject.key())
        .bind(*count)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let province: String = sqlx::query_scalar("SELECT province_code FROM schools WHERE id = $1").bind(school_id).fetch_one(&mut *tx).await?;
    let entry = AuditEntry {
        user_id: Some(user_id),
        province: Some(&province),
        action: "school_classes.replace",
        entity: "school",
        entity_id: school_id.to_string(),
        details: serde_json::json!({ "school_year": school_year, "classes": classes.values().sum::<i64>(), "electives": electives.len() }),
    };
    audit::record(&mut *tx, &entry).await?;
    tx.commit().await?;
    info!(school.id = school_id, school_year, user.id = user_id, grades = classes.len(), electives = electives.len(), "class counts saved");
    Ok(())
}
