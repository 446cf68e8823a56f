//! Parsing the data rows of a staff list into staff rows and their problems.

use std::collections::HashMap;

use caunoi_core::org::SchoolLevel;
use caunoi_core::staffing::Subject;
use caunoi_core::staffing::competence::{self, StandardRating};
use caunoi_core::staffing::record::{self, Duty, Gender, Position, Qualification};
use caunoi_core::text::fold;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::directory::SchoolDirectory;
use super::fields::StaffField;
use crate::import::header::{Header, is_numbering_row};
use crate::import::schools::RowCells;
use crate::import::{Problem, Severity};
use crate::import::table::{Grid, too_many_rows};

/// One person as read from a row, with every value parsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffRow {
    pub row_number: u32,
    /// The school the row belongs to; `None` only in rows with an error.
    pub school_id: Option<i64>,
    pub import_key: String,
    pub full_name: String,
    pub staff_code: Option<String>,
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    pub position: Position,
    pub qualification: Option<Qualification>,
    pub trained_major: Option<String>,
    pub subjects_taught: String,
    pub periods_per_week: Option<f64>,
    pub duties: Vec<Duty>,
    pub core_teacher: bool,
    #[serde(default)]
    pub on_probation: bool,
    #[serde(default)]
    pub standard_rating: Option<StandardRating>,
    #[serde(default)]
    pub teaching_level: Option<SchoolLevel>,
    pub identity_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Subjects of the trained major, stored with `source = 'major'`.
    pub major_subjects: Vec<Subject>,
    /// Subjects of certificates, stored with `source = 'certificate'` unless the major
    /// covers them.
    #[serde(default)]
    pub certificate_subjects: Vec<Subject>,
    /// Subjects taught, stored with `source = 'declared'` unless the major or a
    /// certificate covers them.
    pub declared_subjects: Vec<Subject>,
    pub problems: Vec<Problem>,
}

impl StaffRow {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }
}

type Cells<'a> = RowCells<'a, StaffField>;

/// Parses an optional cell, recording an error when the value is invalid.
fn parse_cell<T>(
    cells: &Cells,
    field: StaffField,
    problems: &mut Vec<Problem>,
    parse: impl FnOnce(&str) -> Result<T, record::Invalid>,
) -> Option<T> {
    let text = cells.value(field)?;
    match parse(text) {
        Ok(value) => Some(value),
        Err(message_id) => {
            problems.push(cells.problem(Severity::Error, message_id, field));
            None
        }
    }
}

/// The destination of a file's rows: the school of the page or command, and the
/// province's schools that a school column may name.
pub struct Target<'a> {
    pub default_school: Option<i64>,
    pub directory: &'a SchoolDirectory,
    pub today: NaiveDate,
    pub max_rows: usize,
}

/// Parses the rows below the header.
pub(crate) fn parse_rows(grid: &Grid, header: &Header<StaffField>, target: &Target) -> Result<Vec<StaffRow>, Problem> {
    let mut data_rows: Vec<Cells> = grid.rows[header.last_row + 1..]
        .iter()
        .map(|row| RowCells::new(row, header))
        .filter(|cells| !cells.is_blank())
        .collect();
    if data_rows.first().is_some_and(|cells| is_numbering_row(cells.row)) {
        data_rows.remove(0);
    }
    if data_rows.len() > target.max_rows {
        return Err(too_many_rows(data_rows.len(), target.max_rows));
    }
    let mut memo = SubjectMemo::default();
    let mut rows: Vec<StaffRow> = data_rows.iter().map(|cells| parse_row(cells, target, &mut memo)).collect();
    mark_duplicates(&mut rows);
    Ok(rows)
}

/// Subjects parsed per distinct cell text. A list repeats a few dozen majors and
/// subject sets, and each parse folds every subject name.
#[derive(Default)]
struct SubjectMemo {
    majors: HashMap<String, Vec<Subject>>,
    taught: HashMap<String, (Vec<Subject>, Vec<String>)>,
}

fn parse_row(cells: &Cells, target: &Target, memo: &mut SubjectMemo) -> StaffRow {
    let mut problems = Vec::new();
    let full_name = match record::parse_full_name(cells.value(StaffField::FullName).unwrap_or_default()) {
        Ok(name) => name,
        Err(message_id) => {
            problems.push(cells.problem(Severity::Error, message_id, StaffField::FullName));
            String::new()
        }
    };
    let birth_date = parse_cell(cells, StaffField::BirthDate, &mut problems, |text| record::parse_birth_date(text, target.today));
    let roles = match cells.value(StaffField::Roles).map(record::parse_roles) {
        Some(Ok(roles)) => roles,
        Some(Err((message_id, part))) => {
            problems.push(cells.problem(Severity::Error, message_id, StaffField::Roles).with_arg("part", part));
            record::Roles::default()
        }
        None => record::Roles::default(),
    };
    let trained_major = cells.value(StaffField::TrainedMajor).map(str::to_owned);
    let major_subjects = match trained_major.as_deref() {
        Some(major) => memo.majors.entry(major.to_owned()).or_insert_with(|| record::major_subjects(major)).clone(),
        None => Vec::new(),
    };
    let certificate_subjects = certificates(cells, &major_subjects, &mut problems);
    let subjects_taught = cells.value(StaffField::SubjectsTaught).unwrap_or_default().to_owned();
    let parsed = memo.taught.entry(subjects_taught.clone()).or_insert_with(|| Subject::parse_list(&subjects_taught)).clone();
    let qualified: Vec<Subject> = major_subjects.iter().chain(&certificate_subjects).copied().collect();
    let declared_subjects = declared_subjects(cells, parsed, &qualified, &mut problems);
    let staff_code = cells.value(StaffField::StaffCode).map(record::clean_staff_code);
    let school_id = school_of(cells, target, &mut problems);
    let import_key = import_key(staff_code.as_deref(), &full_name, birth_date);
    StaffRow {
        row_number: cells.number(),
        school_id,
        import_key,
        full_name,
        staff_code,
        gender: parse_cell(cells, StaffField::Gender, &mut problems, Gender::parse),
        birth_date,
        position: parse_cell(cells, StaffField::Position, &mut problems, Position::parse).unwrap_or(Position::Teacher),
        qualification: parse_cell(cells, StaffField::Qualification, &mut problems, Qualification::parse),
        trained_major,
        subjects_taught,
        periods_per_week: parse_cell(cells, StaffField::PeriodsPerWeek, &mut problems, record::parse_periods),
        duties: roles.duties,
        core_teacher: roles.core_teacher,
        on_probation: roles.on_probation,
        standard_rating: parse_cell(cells, StaffField::StandardRating, &mut problems, StandardRating::parse),
        teaching_level: parse_cell(cells, StaffField::TeachingLevel, &mut problems, competence::parse_teaching_level),
        identity_number: parse_cell(cells, StaffField::IdentityNumber, &mut problems, record::parse_identity_number),
        phone: parse_cell(cells, StaffField::Phone, &mut problems, record::parse_phone),
        email: parse_cell(cells, StaffField::Email, &mut problems, record::parse_email),
        major_subjects,
        certificate_subjects,
        declared_subjects,
        problems,
    }
}

/// Reads the subjects of the certificates cell, leaving out those the major covers.
fn certificates(cells: &Cells, major: &[Subject], problems: &mut Vec<Problem>) -> Vec<Subject> {
    let Some(text) = cells.value(StaffField::Certificates) else {
        return Vec::new();
    };
    match competence::certificate_subjects(text) {
        Ok(subjects) => subjects.into_iter().filter(|subject| !major.contains(subject)).collect(),
        Err((message_id, part)) => {
            problems.push(cells.problem(Severity::Error, message_id, StaffField::Certificates).with_arg("part", part));
            Vec::new()
        }
    }
}

/// Reads the subjects taught. A part that names no subject is an error, because the
/// shortage counts would silently miss the periods.
fn declared_subjects(cells: &Cells, parsed: (Vec<Subject>, Vec<String>), qualified: &[Subject], problems: &mut Vec<Problem>) -> Vec<Subject> {
    let (subjects, unknown) = parsed;
    for part in unknown {
        problems.push(cells.problem(Severity::Error, "staff-invalid-subject", StaffField::SubjectsTaught).with_arg("part", part));
    }
    subjects.into_iter().filter(|subject| !qualified.contains(subject)).collect()
}

fn school_of(cells: &Cells, target: &Target, problems: &mut Vec<Problem>) -> Option<i64> {
    let Some(text) = cells.value(StaffField::School) else {
        if target.default_school.is_none() {
            problems.push(cells.problem(Severity::Error, "staff-missing-school", StaffField::School));
        }
        return target.default_school;
    };
    match target.directory.resolve(text) {
        Ok(id) => Some(id),
        Err(message_id) => {
            problems.push(cells.problem(Severity::Error, message_id, StaffField::School));
            None
        }
    }
}

/// Builds the key that makes a repeated import update the same record: the staff code
/// when the list has one, else the folded name with the date of birth. A numeric code
/// loses its leading zeros in the key, because a spreadsheet may drop them in one list
/// and not in the next.
pub(crate) fn import_key(staff_code: Option<&str>, full_name: &str, birth_date: Option<NaiveDate>) -> String {
    match (staff_code, birth_date) {
        (Some(code), _) if !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()) => {
            let digits = code.trim_start_matches('0');
            format!("c:{}", if digits.is_empty() { "0" } else { digits })
        }
        (Some(code), _) => format!("c:{code}"),
        (None, Some(date)) => format!("n:{}|{date}", fold(full_name)),
        (None, None) => format!("n:{}", fold(full_name)),
    }
}

/// Marks the later of two rows with the same school and import key as an error, naming
/// the first row, because both would write the same record.
fn mark_duplicates(rows: &mut [StaffRow]) {
    let mut first_rows: HashMap<(Option<i64>, String), u32> = HashMap::with_capacity(rows.len());
    for row in rows.iter_mut() {
        if row.full_name.is_empty() {
            continue;
        }
        let key = (row.school_id, row.import_key.clone());
        match first_rows.get(&key) {
            Some(first) => row.problems.push(
                Problem::error("staff-duplicate-row")
                    .with_value(StaffField::FullName.as_str(), &row.full_name)
                    .with_arg("row", row.row_number)
                    .with_arg("first_row", *first),
            ),
            None => {
                first_rows.insert(key, row.row_number);
            }
        }
    }
}
