//! Edits of one staff record: the fields a person corrects about themself, and the
//! fields about their work that only the school's leaders and the department edit.
//! Every save is audited with the names of the fields that changed, never their values.

use caunoi_core::org::SchoolLevel;
use caunoi_core::staffing::Subject;
use caunoi_core::staffing::competence::StandardRating;
use caunoi_core::staffing::record::{Duty, Gender, Position, Qualification, major_subjects};
use caunoi_core::text::{collate, fold};
use chrono::NaiveDate;
use sqlx::{Any, FromRow, Transaction};
use tracing::info;

use super::parse::import_key;
use super::records::Reader;
use crate::audit::{self, AuditEntry};
use crate::{Db, DbError, DbResult, now_ms};

/// The fields about the person themself, which they may correct on their own record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonalFields {
    pub full_name: String,
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    pub identity_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// The fields about the work at the school, which only leaders and the department
/// edit. The qualification and trained major are here because they decide the
/// subjects a person counts for in the shortage figures.
#[derive(Debug, Clone, PartialEq)]
pub struct EmploymentFields {
    pub staff_code: Option<String>,
    pub position: Position,
    pub qualification: Option<Qualification>,
    pub trained_major: Option<String>,
    pub subjects_taught: String,
    pub declared_subjects: Vec<Subject>,
    pub certificate_subjects: Vec<Subject>,
    pub periods_per_week: Option<f64>,
    pub duties: Vec<Duty>,
    pub core_teacher: bool,
    pub on_probation: bool,
    pub standard_rating: Option<StandardRating>,
    pub teaching_level: Option<SchoolLevel>,
    /// False while the person is away (leave, study, secondment): their periods leave
    /// the school's available periods.
    pub available: bool,
}

/// The reason an edit was not saved.
#[derive(Debug)]
pub enum UpdateError {
    Db(DbError),
    /// Another record of the same school has the staff code; its holder's full name.
    DuplicateCode { holder: String },
}

impl From<DbError> for UpdateError {
    fn from(error: DbError) -> Self {
        UpdateError::Db(error)
    }
}

impl From<sqlx::Error> for UpdateError {
    fn from(error: sqlx::Error) -> Self {
        UpdateError::Db(error.into())
    }
}

/// The stored values an edit is compared with, to audit which fields changed.
#[derive(Debug, FromRow)]
struct Stored {
    school_id: i64,
    full_name: String,
    gender: Option<String>,
    birth_date: Option<String>,
    identity_number: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    staff_code: Option<String>,
    position: String,
    qualification: Option<String>,
    trained_major: Option<String>,
    subjects_taught: String,
    periods_per_week: Option<f64>,
    is_core_teacher: i64,
    on_probation: i64,
    standard_rating: Option<String>,
    teaching_level: Option<String>,
    available: i64,
}

/// Saves an edit: the personal fields always, the employment fields when given, with
/// the subjects of the trained major, the certificates and those declared. Rejects a
/// staff code that another record of the school already has.
pub async fn update(db: &Db, id: i64, personal: &PersonalFields, employment: Option<&EmploymentFields>, editor: Reader<'_>) -> Result<(), UpdateError> {
    let mut tx = db.begin().await?;
    let stored: Stored = sqlx::query_as(
        "SELECT school_id, full_name, gender, birth_date, identity_number, phone, email, staff_code, position, qualification, \
         trained_major, subjects_taught, periods_per_week, is_core_teacher, on_probation, standard_rating, teaching_level, \
         available FROM staff_members WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(DbError::NotFound)?;
    // A new staff code becomes the record's import key too, so that the next list
    // with that code updates this record and no other.
    let new_key = match employment.and_then(|fields| fields.staff_code.as_deref()) {
        Some(code) if stored.staff_code.as_deref() != Some(code) => Some(import_key(Some(code), "", None)),
        _ => None,
    };
    if let (Some(code), Some(key)) = (employment.and_then(|fields| fields.staff_code.as_deref()), &new_key) {
        check_code(&mut tx, stored.school_id, id, code, key).await?;
    }

    sqlx::query(
        "UPDATE staff_members SET full_name = $1, name_folded = $2, sort_key = $3, gender = $4, birth_date = $5, \
         identity_number = $6, phone = $7, email = $8, updated_at = $9 WHERE id = $10",
    )
    .bind(personal.full_name.clone())
    .bind(fold(&personal.full_name))
    .bind(collate::person_sort_key(&personal.full_name))
    .bind(personal.gender.map(|g| g.as_str()))
    .bind(personal.birth_date.map(|d| d.to_string()))
    .bind(personal.identity_number.clone())
    .bind(personal.phone.clone())
    .bind(personal.email.clone())
    .bind(now_ms())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if let Some(employment) = employment {
        update_employment(&mut tx, id, employment).await?;
    }
    if let Some(key) = &new_key {
        sqlx::query("UPDATE staff_members SET import_key = $1 WHERE id = $2").bind(key.clone()).bind(id).execute(&mut *tx).await?;
    }

    let changed = changed_fields(&stored, personal, employment);
    let details = serde_json::json!({ "via": editor.via, "employment": employment.is_some(), "changed": changed });
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
    info!(staff.id = id, user.id = editor.user_id, fields.changed = changed.len(), "staff record updated");
    Ok(())
}

/// Rejects a staff code that another record of the same school has, also written with
/// other leading zeros (the same import key).
async fn check_code(tx: &mut Transaction<'static, Any>, school_id: i64, id: i64, code: &str, key: &str) -> Result<(), UpdateError> {
    let holder: Option<String> = sqlx::query_scalar(
        "SELECT full_name FROM staff_members WHERE school_id = $1 AND (staff_code = $2 OR import_key = $3) AND id <> $4 LIMIT 1",
    )
    .bind(school_id)
    .bind(code.to_owned())
    .bind(key.to_owned())
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    match holder {
        Some(holder) => Err(UpdateError::DuplicateCode { holder }),
        None => Ok(()),
    }
}

/// Names the fields whose values the edit changes.
fn changed_fields(stored: &Stored, personal: &PersonalFields, employment: Option<&EmploymentFields>) -> Vec<&'static str> {
    let mut changed = Vec::new();
    let mut compare = |name: &'static str, differs: bool| {
        if differs {
            changed.push(name);
        }
    };
    compare("full_name", stored.full_name != personal.full_name);
    compare("gender", stored.gender.as_deref() != personal.gender.map(|g| g.as_str()));
    compare("birth_date", stored.birth_date != personal.birth_date.map(|d| d.to_string()));
    compare("identity_number", stored.identity_number != personal.identity_number);
    compare("phone", stored.phone != personal.phone);
    compare("email", stored.email != personal.email);
    if let Some(fields) = employment {
        compare("staff_code", stored.staff_code != fields.staff_code);
        compare("position", stored.position != fields.position.as_str());
        compare("qualification", stored.qualification.as_deref() != fields.qualification.map(|q| q.as_str()));
        compare("trained_major", stored.trained_major != fields.trained_major);
        compare("subjects_taught", stored.subjects_taught != fields.subjects_taught);
        compare("periods_per_week", stored.periods_per_week != fields.periods_per_week);
        compare("core_teacher", (stored.is_core_teacher == 1) != fields.core_teacher);
        compare("on_probation", (stored.on_probation == 1) != fields.on_probation);
        compare("standard_rating", stored.standard_rating.as_deref() != fields.standard_rating.map(|r| r.as_str()));
        compare("teaching_level", stored.teaching_level.as_deref() != fields.teaching_level.map(|l| l.as_str()));
        compare("available", (stored.available == 1) != fields.available);
    }
    changed
}

async fn update_employment(tx: &mut Transaction<'static, Any>, id: i64, fields: &EmploymentFields) -> DbResult<()> {
    sqlx::query(
        "UPDATE staff_members SET staff_code = $1, position = $2, subjects_taught = $3, periods_per_week = $4, \
         is_core_teacher = $5, on_probation = $6, standard_rating = $7, teaching_level = $8, available = $9, \
         qualification = $10, trained_major = $11 WHERE id = $12",
    )
    .bind(fields.staff_code.clone())
    .bind(fields.position.as_str())
    .bind(fields.subjects_taught.clone())
    .bind(fields.periods_per_week)
    .bind(i64::from(fields.core_teacher))
    .bind(i64::from(fields.on_probation))
    .bind(fields.standard_rating.map(|r| r.as_str()))
    .bind(fields.teaching_level.map(|l| l.as_str()))
    .bind(i64::from(fields.available))
    .bind(fields.qualification.map(|q| q.as_str()))
    .bind(fields.trained_major.clone())
    .bind(id)
    .execute(&mut **tx)
    .await?;

    // A subject moves between sources when an edit changes why the person qualifies,
    // so every source is cleared before any is written, the major first.
    sqlx::query("DELETE FROM staff_subjects WHERE staff_id = $1").bind(id).execute(&mut **tx).await?;
    let major = fields.trained_major.as_deref().map(major_subjects).unwrap_or_default();
    let certificates: Vec<Subject> = fields.certificate_subjects.iter().copied().filter(|s| !major.contains(s)).collect();
    let declared: Vec<Subject> = fields.declared_subjects.iter().copied().filter(|s| !major.contains(s) && !certificates.contains(s)).collect();
    for (source, subjects) in [("major", &major), ("certificate", &certificates), ("declared", &declared)] {
        insert_subjects(tx, id, source, subjects).await?;
    }

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

async fn insert_subjects(tx: &mut Transaction<'static, Any>, id: i64, source: &str, subjects: &[Subject]) -> DbResult<()> {
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
