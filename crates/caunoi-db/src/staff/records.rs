//! Staff records: lists without personal data, one record, the audited read of its
//! personal data, and edits.

use caunoi_core::policy::StaffFacts;
use caunoi_core::staffing::record::{Duty, Gender, Position, Qualification};
use caunoi_core::text::{collate, fold, tokens};
use chrono::NaiveDate;
use serde::Serialize;
use sqlx::{Any, FromRow, Transaction};
use tracing::info;

use crate::audit::{self, AuditEntry};
use crate::sql::SqlBuilder;
use crate::{Db, DbResult, Page, now_ms, schools};

/// Columns of a record that every reader allowed to open it gets.
const PUBLIC_COLUMNS: &str = "id, school_id, staff_code, full_name, gender, position, qualification, trained_major, \
     subjects_taught, periods_per_week, is_core_teacher, standard_rating, on_probation, available, user_id";

/// A staff record without its protected personal data. Lists and every reader who may
/// open the record get this.
#[derive(Debug, Clone, PartialEq, Serialize, FromRow)]
pub struct StaffRecord {
    pub id: i64,
    pub school_id: i64,
    pub staff_code: Option<String>,
    pub full_name: String,
    pub gender: Option<String>,
    pub position: String,
    pub qualification: Option<String>,
    pub trained_major: Option<String>,
    pub subjects_taught: String,
    pub periods_per_week: Option<f64>,
    pub is_core_teacher: i64,
    pub standard_rating: Option<String>,
    pub on_probation: i64,
    pub available: i64,
    pub user_id: Option<i64>,
}

/// The protected personal data of a record. Read it only through [`read_personal`] or
/// [`read_personal_of_school`], which write the audit record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, FromRow)]
pub struct PersonalData {
    pub birth_date: Option<String>,
    pub identity_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A subject a person is qualified for, and why (`major`, `certificate` or `declared`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct Competency {
    pub subject: String,
    pub source: String,
}

/// Counts the records of some schools, inside an import's transaction.
pub(crate) async fn count_in(tx: &mut Transaction<'static, Any>, schools: &[i64]) -> DbResult<i64> {
    if schools.is_empty() {
        return Ok(0);
    }
    let mut query = SqlBuilder::new("SELECT COUNT(*) FROM staff_members WHERE school_id IN (");
    let mut list = query.separated(", ");
    for id in schools {
        list.push_bind(*id);
    }
    query.push(")");
    Ok(query.build_query_scalar().fetch_one(&mut **tx).await?)
}

/// Lists a school's staff by given name, then the rest, in Vietnamese order. `search`
/// keeps the records where every folded word of it starts a word of the folded name,
/// as the province-wide search does.
pub async fn list(db: &Db, school_id: i64, search: Option<&str>, page: Page) -> DbResult<(Vec<StaffRecord>, i64)> {
    let words: Vec<String> = search.map(fold).map(|text| tokens(&text).map(str::to_owned).collect()).unwrap_or_default();
    let filter = |query: &mut SqlBuilder| {
        query.push(" FROM staff_members WHERE school_id = ").push_bind(school_id);
        for word in &words {
            let word = escape_like(word);
            query.push(" AND (name_folded LIKE ").push_bind(format!("{word}%")).push(" ESCAPE '\\'");
            query.push(" OR name_folded LIKE ").push_bind(format!("% {word}%")).push(" ESCAPE '\\')");
        }
    };
    let mut count = SqlBuilder::new("SELECT COUNT(*)");
    filter(&mut count);
    let total: i64 = count.build_query_scalar().fetch_one(&db.pool).await?;

    let mut query = SqlBuilder::new(format!("SELECT {PUBLIC_COLUMNS}"));
    filter(&mut query);
    query.push(" ORDER BY sort_key, id LIMIT ").push_bind(page.size).push(" OFFSET ").push_bind(page.offset());
    Ok((query.build_query_as().fetch_all(&db.pool).await?, total))
}

fn escape_like(word: &str) -> String {
    word.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// Lists every record of a school in list order, for the export.
pub async fn all_of_school(db: &Db, school_id: i64) -> DbResult<Vec<StaffRecord>> {
    let statement = format!("SELECT {PUBLIC_COLUMNS} FROM staff_members WHERE school_id = $1 ORDER BY sort_key, id");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(statement)).bind(school_id).fetch_all(&db.pool).await?)
}

pub async fn get(db: &Db, id: i64) -> DbResult<StaffRecord> {
    let statement = format!("SELECT {PUBLIC_COLUMNS} FROM staff_members WHERE id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(statement)).bind(id).fetch_one(&db.pool).await?)
}

/// Loads what the policy needs to know about a record.
pub async fn facts(db: &Db, id: i64) -> DbResult<StaffFacts> {
    let (school_id, user_id): (i64, Option<i64>) = sqlx::query_as("SELECT school_id, user_id FROM staff_members WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    Ok(StaffFacts { id, school: schools::facts(db, school_id).await?, user_id })
}

/// Finds the record linked to an account, for "my record".
pub async fn id_of_user(db: &Db, user_id: i64) -> DbResult<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM staff_members WHERE user_id = $1 ORDER BY id LIMIT 1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?)
}

/// Links a record to the account of its person, so they can see and correct it.
pub async fn link_user(db: &Db, id: i64, user_id: Option<i64>) -> DbResult<()> {
    let done = sqlx::query("UPDATE staff_members SET user_id = $1, updated_at = $2 WHERE id = $3")
        .bind(user_id)
        .bind(now_ms())
        .bind(id)
        .execute(&db.pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(crate::DbError::NotFound);
    }
    Ok(())
}

pub async fn competencies(db: &Db, id: i64) -> DbResult<Vec<Competency>> {
    Ok(sqlx::query_as("SELECT subject, source FROM staff_subjects WHERE staff_id = $1 ORDER BY subject")
        .bind(id)
        .fetch_all(&db.pool)
        .await?)
}

pub async fn duties(db: &Db, id: i64) -> DbResult<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT duty FROM staff_duties WHERE staff_id = $1 ORDER BY duty")
        .bind(id)
        .fetch_all(&db.pool)
        .await?)
}

/// The reader of personal data and the route of the read: `page`, `api`, `edit` or `export`.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    pub user_id: i64,
    pub province: &'a str,
    pub via: &'a str,
}

/// Reads one record's personal data and writes the audit record of the read. The
/// caller has checked `Action::ViewStaffPersonalData`.
pub async fn read_personal(db: &Db, id: i64, reader: Reader<'_>) -> DbResult<PersonalData> {
    let mut tx = db.pool.begin().await?;
    let data: PersonalData =
        sqlx::query_as("SELECT birth_date, identity_number, phone, email FROM staff_members WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    audit_read(&mut tx, reader, &id.to_string(), serde_json::json!({ "via": reader.via })).await?;
    tx.commit().await?;
    Ok(data)
}

/// Reads the personal data of every record of a school, by record id, and writes one
/// audit record naming the school and the count. The caller has checked the right.
pub async fn read_personal_of_school(db: &Db, school_id: i64, reader: Reader<'_>) -> DbResult<Vec<(i64, PersonalData)>> {
    let mut tx = db.pool.begin().await?;
    let rows: Vec<(i64, Option<String>, Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT id, birth_date, identity_number, phone, email FROM staff_members WHERE school_id = $1",
    )
    .bind(school_id)
    .fetch_all(&mut *tx)
    .await?;
    let details = serde_json::json!({ "via": reader.via, "school_id": school_id, "records": rows.len() });
    audit_read(&mut tx, reader, &format!("school:{school_id}"), details).await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|(id, birth_date, identity_number, phone, email)| (id, PersonalData { birth_date, identity_number, phone, email }))
        .collect())
}

async fn audit_read(tx: &mut Transaction<'static, Any>, reader: Reader<'_>, entity_id: &str, details: serde_json::Value) -> DbResult<()> {
    let entry = AuditEntry {
        user_id: Some(reader.user_id),
        province: Some(reader.province),
        action: "staff.read_personal",
        entity: "staff_member",
        entity_id: entity_id.to_owned(),
        details,
    };
    audit::record(&mut **tx, &entry).await
}

/// The fields about the person themself, which they may correct on their own record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonalFields {
    pub full_name: String,
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    pub identity_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub qualification: Option<Qualification>,
    pub trained_major: Option<String>,
}

/// The fields about the work at the school, which only leaders and the department edit.
#[derive(Debug, Clone, PartialEq)]
pub struct EmploymentFields {
    pub staff_code: Option<String>,
    pub position: Position,
    pub subjects_taught: String,
    pub declared_subjects: Vec<caunoi_core::staffing::Subject>,
    pub periods_per_week: Option<f64>,
    pub duties: Vec<Duty>,
    pub core_teacher: bool,
}

/// Saves an edit: the personal fields always, the employment fields when given, and the
/// subjects of the trained major and those declared. Writes an audit record listing
/// which groups of fields changed, never their values.
pub async fn update(db: &Db, id: i64, personal: &PersonalFields, employment: Option<&EmploymentFields>, editor: Reader<'_>) -> DbResult<()> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE staff_members SET full_name = $1, name_folded = $2, sort_key = $3, gender = $4, birth_date = $5, \
         identity_number = $6, phone = $7, email = $8, qualification = $9, trained_major = $10, updated_at = $11 \
         WHERE id = $12",
    )
    .bind(personal.full_name.clone())
    .bind(fold(&personal.full_name))
    .bind(collate::person_sort_key(&personal.full_name))
    .bind(personal.gender.map(|g| g.as_str()))
    .bind(personal.birth_date.map(|d| d.to_string()))
    .bind(personal.identity_number.clone())
    .bind(personal.phone.clone())
    .bind(personal.email.clone())
    .bind(personal.qualification.map(|q| q.as_str()))
    .bind(personal.trained_major.clone())
    .bind(now_ms())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(crate::DbError::NotFound);
    }
    let major = personal.trained_major.as_deref().map(caunoi_core::staffing::record::major_subjects).unwrap_or_default();
    replace_source(&mut tx, id, "major", &major).await?;
    if let Some(employment) = employment {
        update_employment(&mut tx, id, employment, &major).await?;
    }
    let details = serde_json::json!({ "via": editor.via, "employment": employment.is_some() });
    let entry = AuditEntry {
        user_id: Some(editor.user_id),
        province: Some(editor.province),
        action: "staff.update",
        entity: "staff_member",
        entity_id: id.to_string(),
        details,
    };
    audit::record(&mut *tx, &entry).await?;
    tx.commit().await?;
    info!(staff.id = id, user.id = editor.user_id, "staff record updated");
    Ok(())
}

async fn update_employment(tx: &mut Transaction<'static, Any>, id: i64, fields: &EmploymentFields, major: &[caunoi_core::staffing::Subject]) -> DbResult<()> {
    sqlx::query(
        "UPDATE staff_members SET staff_code = $1, position = $2, subjects_taught = $3, periods_per_week = $4, \
         is_core_teacher = $5 WHERE id = $6",
    )
    .bind(fields.staff_code.clone())
    .bind(fields.position.as_str())
    .bind(fields.subjects_taught.clone())
    .bind(fields.periods_per_week)
    .bind(i64::from(fields.core_teacher))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    let declared: Vec<_> = fields.declared_subjects.iter().copied().filter(|s| !major.contains(s)).collect();
    replace_source(tx, id, "declared", &declared).await?;
    sqlx::query("DELETE FROM staff_duties WHERE staff_id = $1").bind(id).execute(&mut **tx).await?;
    for duty in &fields.duties {
        sqlx::query("INSERT INTO staff_duties (staff_id, duty) VALUES ($1, $2)")
            .bind(id)
            .bind(duty.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn replace_source(tx: &mut Transaction<'static, Any>, id: i64, source: &str, subjects: &[caunoi_core::staffing::Subject]) -> DbResult<()> {
    sqlx::query("DELETE FROM staff_subjects WHERE staff_id = $1 AND source = $2")
        .bind(id)
        .bind(source.to_owned())
        .execute(&mut **tx)
        .await?;
    for subject in subjects {
        sqlx::query("INSERT INTO staff_subjects (staff_id, subject, source) VALUES ($1, $2, $3) ON CONFLICT (staff_id, subject) DO NOTHING")
            .bind(id)
            .bind(subject.key())
            .bind(source.to_owned())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Returns a school's name, for the headings of staff pages.
pub async fn school_name(db: &Db, school_id: i64) -> DbResult<String> {
    Ok(sqlx::query_scalar("SELECT name FROM schools WHERE id = $1").bind(school_id).fetch_one(&db.pool).await?)
}
