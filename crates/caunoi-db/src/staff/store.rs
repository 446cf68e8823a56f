//! Writing the rows of a parsed staff list, all in one transaction.

use std::collections::{BTreeSet, HashMap, HashSet};

use caunoi_core::text::{collate, fold};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

use super::parse::StaffRow;
use crate::sql::SqlBuilder;
use crate::{DbResult, now_ms};

/// Rows per INSERT statement, at 22 parameters each. sqlx 0.9's SQLite driver looks up
/// every `$N` parameter by name among all of a statement's parameters, so binding costs
/// grow with the square of the parameter count: measured with perf, 10,000-parameter
/// statements spent 69% of an import in `sqlite3_bind_parameter_name`.
const ROWS_PER_STATEMENT: usize = 40;

/// Competency and duty rows per INSERT statement, at 2 or 3 parameters each.
const ENTRIES_PER_STATEMENT: usize = 250;

/// The optional columns present in the file. A column the file lacks leaves the stored
/// values alone, so a short list never erases what a longer one saved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Present {
    pub trained_major: bool,
    pub subjects_taught: bool,
    pub roles: bool,
    #[serde(default)]
    pub certificates: bool,
}

/// Upserts every row and replaces its competencies and duties. The caller has checked
/// that no row has an error and commits the transaction.
pub(crate) async fn write_rows(tx: &mut Transaction<'static, Any>, rows: &[StaffRow], present: Present) -> DbResult<()> {
    let now = now_ms();
    let rows = match_identity_numbers(tx, rows).await?;
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let ids = upsert_members(tx, chunk, now, present).await?;
        let staff_ids: Vec<i64> = chunk.iter().filter_map(|row| ids.get(&key_of(row)).copied()).collect();
        replace_subjects(tx, chunk, &ids, &staff_ids, present).await?;
        if present.roles {
            replace_duties(tx, chunk, &ids, &staff_ids).await?;
        }
    }
    Ok(())
}

/// School ids per statement when reading the schools' identity numbers.
const SCHOOLS_PER_STATEMENT: usize = 500;

/// Gives each row the import key of the record of its school with the same identity
/// number, which names a person more surely than a staff code. A list made before a
/// staff code changed then updates the person instead of adding them a second time.
/// Reads the identity numbers of the list's schools once for the whole list.
async fn match_identity_numbers(tx: &mut Transaction<'static, Any>, rows: &[StaffRow]) -> DbResult<Vec<StaffRow>> {
    let mut rows = rows.to_vec();
    let schools: BTreeSet<i64> = rows.iter().filter(|row| row.identity_number.is_some()).filter_map(|row| row.school_id).collect();
    let schools: Vec<i64> = schools.into_iter().collect();
    let mut keys: HashMap<(i64, String), String> = HashMap::new();
    for part in schools.chunks(SCHOOLS_PER_STATEMENT) {
        let mut query = SqlBuilder::new(
            "SELECT school_id, identity_number, import_key FROM staff_members WHERE identity_number IS NOT NULL AND school_id IN (",
        );
        let mut list = query.separated(", ");
        for school in part {
            list.push_bind(*school);
        }
        query.push(")");
        let found: Vec<(i64, String, String)> = query.build_query_as().fetch_all(&mut **tx).await?;
        keys.extend(found.into_iter().map(|(school, number, key)| ((school, number), key)));
    }
    if keys.is_empty() {
        return Ok(rows);
    }

    let mut claimed: HashSet<(i64, String)> = rows.iter().map(key_of).collect();
    for row in &mut rows {
        let (Some(school), Some(number)) = (row.school_id, row.identity_number.clone()) else { continue };
        let Some(key) = keys.get(&(school, number)) else { continue };
        // A record that another row of the list already writes keeps that row, so no
        // statement writes a record twice.
        if claimed.insert((school, key.clone())) {
            row.import_key = key.clone();
        }
    }
    Ok(rows)
}

fn key_of(row: &StaffRow) -> (i64, String) {
    (row.school_id.unwrap_or_default(), row.import_key.clone())
}

/// Inserts or updates the members of one chunk; returns their ids by school and key.
async fn upsert_members(
    tx: &mut Transaction<'static, Any>,
    chunk: &[StaffRow],
    now: i64,
    present: Present,
) -> DbResult<HashMap<(i64, String), i64>> {
    let mut query = SqlBuilder::new(
        "INSERT INTO staff_members (school_id, staff_code, import_key, full_name, name_folded, sort_key, gender, \
         birth_date, identity_number, phone, email, position, qualification, trained_major, subjects_taught, \
         periods_per_week, is_core_teacher, on_probation, standard_rating, teaching_level, created_at, updated_at) ",
    );
    query.push_values(chunk, |mut values, row| {
        values
            .push_bind(row.school_id)
            .push_bind(row.staff_code.clone())
            .push_bind(row.import_key.clone())
            .push_bind(row.full_name.clone())
            .push_bind(fold(&row.full_name))
            .push_bind(collate::person_sort_key(&row.full_name))
            .push_bind(row.gender.map(|g| g.as_str()))
            .push_bind(row.birth_date.map(|d| d.to_string()))
            .push_bind(row.identity_number.clone())
            .push_bind(row.phone.clone())
            .push_bind(row.email.clone())
            .push_bind(row.position.as_str())
            .push_bind(row.qualification.map(|q| q.as_str()))
            .push_bind(row.trained_major.clone())
            .push_bind(row.subjects_taught.clone())
            .push_bind(row.periods_per_week)
            .push_bind(i64::from(row.core_teacher))
            .push_bind(i64::from(row.on_probation))
            .push_bind(row.standard_rating.map(|r| r.as_str()))
            .push_bind(row.teaching_level.map(|l| l.as_str()))
            .push_bind(now)
            .push_bind(now);
    });
    // Optional values the row leaves empty keep what is stored. The stored staff code
    // stays: the key matched, so the codes differ at most in leading zeros. Probation
    // is a status that ends, so a roles column without it clears it.
    let probation = if present.roles { "excluded.on_probation" } else { "staff_members.on_probation" };
    query.push(format!(
        " ON CONFLICT (school_id, import_key) DO UPDATE SET \
         staff_code = COALESCE(staff_members.staff_code, excluded.staff_code), \
         full_name = excluded.full_name, name_folded = excluded.name_folded, sort_key = excluded.sort_key, \
         gender = COALESCE(excluded.gender, staff_members.gender), \
         birth_date = COALESCE(excluded.birth_date, staff_members.birth_date), \
         identity_number = COALESCE(excluded.identity_number, staff_members.identity_number), \
         phone = COALESCE(excluded.phone, staff_members.phone), \
         email = COALESCE(excluded.email, staff_members.email), \
         position = excluded.position, \
         qualification = COALESCE(excluded.qualification, staff_members.qualification), \
         trained_major = COALESCE(excluded.trained_major, staff_members.trained_major), \
         subjects_taught = CASE WHEN excluded.subjects_taught = '' THEN staff_members.subjects_taught \
                                ELSE excluded.subjects_taught END, \
         periods_per_week = COALESCE(excluded.periods_per_week, staff_members.periods_per_week), \
         is_core_teacher = CASE WHEN excluded.is_core_teacher = 1 THEN 1 ELSE staff_members.is_core_teacher END, \
         on_probation = {probation}, \
         standard_rating = COALESCE(excluded.standard_rating, staff_members.standard_rating), \
         teaching_level = COALESCE(excluded.teaching_level, staff_members.teaching_level), \
         updated_at = excluded.updated_at \
         RETURNING id, school_id, import_key"
    ));
    let returned: Vec<(i64, i64, String)> = query.build_query_as().fetch_all(&mut **tx).await?;
    Ok(returned.into_iter().map(|(id, school, key)| ((school, key), id)).collect())
}

/// Replaces the subjects of the sources whose columns the file has: the trained
/// major, the certificates and the subjects taught. A subject already stored from
/// another source keeps that source.
async fn replace_subjects(
    tx: &mut Transaction<'static, Any>,
    chunk: &[StaffRow],
    ids: &HashMap<(i64, String), i64>,
    staff_ids: &[i64],
    present: Present,
) -> DbResult<()> {
    let mut sources = Vec::new();
    if present.trained_major {
        sources.push("'major'");
    }
    if present.subjects_taught {
        sources.push("'declared'");
    }
    if present.certificates {
        sources.push("'certificate'");
    }
    if sources.is_empty() {
        return Ok(());
    }
    delete_for(tx, &format!("DELETE FROM staff_subjects WHERE source IN ({}) AND staff_id IN ", sources.join(", ")), staff_ids).await?;
    let mut entries: BTreeSet<(i64, &str, &str)> = BTreeSet::new();
    for row in chunk {
        let Some(id) = ids.get(&key_of(row)) else { continue };
        if present.trained_major {
            entries.extend(row.major_subjects.iter().map(|s| (*id, s.key(), "major")));
        }
        if present.subjects_taught {
            entries.extend(row.declared_subjects.iter().map(|s| (*id, s.key(), "declared")));
        }
        if present.certificates {
            entries.extend(row.certificate_subjects.iter().map(|s| (*id, s.key(), "certificate")));
        }
    }
    let entries: Vec<_> = entries.into_iter().collect();
    for part in entries.chunks(ENTRIES_PER_STATEMENT) {
        let mut query = SqlBuilder::new("INSERT INTO staff_subjects (staff_id, subject, source) ");
        query.push_values(part, |mut values, (id, subject, source)| {
            values.push_bind(*id).push_bind(*subject).push_bind(*source);
        });
        query.push(" ON CONFLICT (staff_id, subject) DO NOTHING");
        query.build().execute(&mut **tx).await?;
    }
    Ok(())
}

async fn replace_duties(
    tx: &mut Transaction<'static, Any>,
    chunk: &[StaffRow],
    ids: &HashMap<(i64, String), i64>,
    staff_ids: &[i64],
) -> DbResult<()> {
    delete_for(tx, "DELETE FROM staff_duties WHERE staff_id IN ", staff_ids).await?;
    let entries: Vec<(i64, &str)> = chunk
        .iter()
        .filter_map(|row| ids.get(&key_of(row)).map(|id| (*id, row)))
        .flat_map(|(id, row)| row.duties.iter().map(move |duty| (id, duty.as_str())))
        .collect();
    for part in entries.chunks(ENTRIES_PER_STATEMENT) {
        let mut query = SqlBuilder::new("INSERT INTO staff_duties (staff_id, duty) ");
        query.push_values(part, |mut values, (id, duty)| {
            values.push_bind(*id).push_bind(*duty);
        });
        query.push(" ON CONFLICT (staff_id, duty) DO NOTHING");
        query.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Runs `statement` followed by `(id, id, …)` for the given staff ids.
async fn delete_for(tx: &mut Transaction<'static, Any>, statement: &str, staff_ids: &[i64]) -> DbResult<()> {
    if staff_ids.is_empty() {
        return Ok(());
    }
    let mut query = SqlBuilder::new(statement);
    query.push("(");
    let mut list = query.separated(", ");
    for id in staff_ids {
        list.push_bind(*id);
    }
    query.push(")");
    query.build().execute(&mut **tx).await?;
    Ok(())
}
