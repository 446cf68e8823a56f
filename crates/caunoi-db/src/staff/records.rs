//! Staff records: lists without personal data, one record, the audited read of its
//! personal data, and edits.

use caunoi_core::policy::StaffFacts;
use caunoi_core::text::{fold, tokens};
use serde::Serialize;
use sqlx::{Any, FromRow, Transaction};

pub use super::update::{EmploymentFields, PersonalFields, UpdateError, update};
use crate::audit::{self, AuditEntry};
use crate::sql::SqlBuilder;
use crate::{Db, DbResult, Page, now_ms, schools};

/// Columns of a record that every reader allowed to open it gets.
const PUBLIC_COLUMNS: &str = "id, school_id, staff_code, full_name, gender, position, qualification, trained_major, \
     subjects_taught, periods_per_week, is_core_teacher, standard_rating, teaching_level, on_probation, available, user_id";

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
    pub teaching_level: Option<String>,
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
    let mut tx = db.begin().await?;
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
    let mut tx = db.begin().await?;
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

/// Returns a school's name, for the headings of staff pages.
pub async fn school_name(db: &Db, school_id: i64) -> DbResult<String> {
    Ok(sqlx::query_scalar("SELECT name FROM schools WHERE id = $1").bind(school_id).fetch_one(&db.pool).await?)
}
