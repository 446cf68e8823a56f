//! Bulk writes of generated staff, class counts and school positions, for the demo
//! province and the benchmarks. Real data arrives through the staff import instead.

use std::collections::HashMap;

use caunoi_core::staffing::Subject;

use crate::sql::SqlBuilder;
use crate::{Db, DbResult, now_ms};

/// One generated staff member.
#[derive(Debug, Clone)]
pub struct GeneratedStaff {
    pub school_id: i64,
    pub staff_code: String,
    pub full_name: String,
    pub gender: &'static str,
    pub birth_date: String,
    pub identity_number: String,
    pub phone: String,
    pub position: &'static str,
    pub trained_major: String,
    pub subjects: Vec<Subject>,
    pub duties: Vec<&'static str>,
    pub is_core_teacher: bool,
    /// A key of `StandardRating`, or `None` for a teacher not rated yet.
    pub standard_rating: Option<&'static str>,
}

/// Rows per INSERT statement, well under the bind limits of both databases.
const CHUNK: usize = 200;

/// Writes generated staff with their subjects (from the trained major) and duties.
pub async fn insert_staff(db: &Db, staff: &[GeneratedStaff]) -> DbResult<u64> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    for chunk in staff.chunks(CHUNK) {
        let mut query = SqlBuilder::new(
            "INSERT INTO staff_members (school_id, staff_code, import_key, full_name, name_folded, sort_key, gender, \
             birth_date, identity_number, phone, position, qualification, trained_major, subjects_taught, \
             is_core_teacher, standard_rating, created_at, updated_at) ",
        );
        query.push_values(chunk, |mut row, member| {
            let subjects: Vec<&str> = member.subjects.iter().map(|s| s.name_vi()).collect();
            row.push_bind(member.school_id)
                .push_bind(member.staff_code.clone())
                .push_bind(format!("c:{}", member.staff_code))
                .push_bind(member.full_name.clone())
                .push_bind(caunoi_core::text::fold(&member.full_name))
                .push_bind(caunoi_core::text::collate::person_sort_key(&member.full_name))
                .push_bind(member.gender)
                .push_bind(member.birth_date.clone())
                .push_bind(member.identity_number.clone())
                .push_bind(member.phone.clone())
                .push_bind(member.position)
                .push_bind("bachelor")
                .push_bind(member.trained_major.clone())
                .push_bind(subjects.join(", "))
                .push_bind(i64::from(member.is_core_teacher))
                .push_bind(member.standard_rating)
                .push_bind(now)
                .push_bind(now);
        });
        query.build().execute(&mut *tx).await?;
    }

    let ids: HashMap<String, i64> = sqlx::query_as::<_, (String, i64)>("SELECT staff_code, id FROM staff_members WHERE staff_code IS NOT NULL")
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .collect();
    let subjects: Vec<(i64, &'static str)> =
        staff.iter().filter_map(|m| ids.get(&m.staff_code).map(|id| (id, m))).flat_map(|(id, m)| m.subjects.iter().map(move |s| (*id, s.key()))).collect();
    for chunk in subjects.chunks(CHUNK) {
        let mut query = SqlBuilder::new("INSERT INTO staff_subjects (staff_id, subject, source) ");
        query.push_values(chunk, |mut row, (id, subject)| {
            row.push_bind(*id).push_bind(*subject).push_bind("major");
        });
        query.build().execute(&mut *tx).await?;
    }
    let duties: Vec<(i64, &'static str)> =
        staff.iter().filter_map(|m| ids.get(&m.staff_code).map(|id| (id, m))).flat_map(|(id, m)| m.duties.iter().map(move |d| (*id, *d))).collect();
    for chunk in duties.chunks(CHUNK) {
        let mut query = SqlBuilder::new("INSERT INTO staff_duties (staff_id, duty) ");
        query.push_values(chunk, |mut row, (id, duty)| {
            row.push_bind(*id).push_bind(*duty);
        });
        query.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(staff.len() as u64)
}

/// Writes class counts: (school, grade, classes) of one school year.
pub async fn insert_classes(db: &Db, school_year: &str, classes: &[(i64, i32, i64)]) -> DbResult<()> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    for chunk in classes.chunks(CHUNK) {
        let mut query = SqlBuilder::new("INSERT INTO school_classes (school_id, school_year, grade, classes, updated_at) ");
        query.push_values(chunk, |mut row, (school, grade, count)| {
            row.push_bind(*school).push_bind(school_year.to_owned()).push_bind(i64::from(*grade)).push_bind(*count).push_bind(now);
        });
        query.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets the positions of schools: (school, latitude, longitude).
pub async fn set_positions(db: &Db, positions: &[(i64, f64, f64)]) -> DbResult<()> {
    let mut tx = db.begin().await?;
    for (school, lat, lon) in positions {
        sqlx::query("UPDATE schools SET lat = $1, lon = $2 WHERE id = $3").bind(*lat).bind(*lon).bind(*school).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Links a person's account to the first unlinked staff record of the school they
/// work at, under their own name, so they read and correct their own record. Returns
/// whether a record was linked.
pub async fn link_account(db: &Db, user_id: i64, full_name: &str) -> DbResult<bool> {
    let staff: Option<i64> = sqlx::query_scalar(
        "SELECT m.id FROM staff_members m JOIN role_grants g ON g.school_id = m.school_id \
         WHERE g.user_id = $1 AND m.user_id IS NULL ORDER BY m.id LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(staff) = staff else { return Ok(false) };
    // The generated record's gender belonged to its generated name; "Thị" is the
    // usual middle name of women, and other names leave the gender unknown.
    let gender = full_name.split_whitespace().any(|word| word == "Thị").then_some("female");
    sqlx::query("UPDATE staff_members SET user_id = $1, full_name = $2, name_folded = $3, sort_key = $4, gender = $5 WHERE id = $6")
        .bind(user_id)
        .bind(full_name.to_owned())
        .bind(caunoi_core::text::fold(full_name))
        .bind(caunoi_core::text::collate::person_sort_key(full_name))
        .bind(gender)
        .bind(staff)
        .execute(&db.pool)
        .await?;
    Ok(true)
}
