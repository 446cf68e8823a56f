//! A staged row: the school read from one line of the file, stored as JSON in
//! `import_rows.data`, and the status derived from it.

use caunoi_core::org::{Ownership, SchoolLevel};
use caunoi_core::school_name::NonSchoolKind;
use serde::{Deserialize, Serialize};

use super::conversions::CommuneRef;
use super::problem::Problem;

/// Status of a staged row, as stored in `import_rows.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// Will be imported.
    Ready,
    /// Needs a person to choose the commune among the candidates.
    Review,
    /// Cannot be imported until the file is fixed; a person may exclude it.
    Error,
    /// Not imported unless a person includes it: not a school, or excluded by a person.
    Excluded,
    /// Repeats an earlier row of the file with the same import key.
    Duplicate,
}

impl RowStatus {
    pub const ALL: [RowStatus; 5] = [
        RowStatus::Ready,
        RowStatus::Review,
        RowStatus::Error,
        RowStatus::Excluded,
        RowStatus::Duplicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Ready => "ready",
            RowStatus::Review => "review",
            RowStatus::Error => "error",
            RowStatus::Excluded => "excluded",
            RowStatus::Duplicate => "duplicate",
        }
    }

    pub fn parse(text: &str) -> Option<RowStatus> {
        RowStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

/// Origin of a row's commune.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommuneSource {
    /// The file's commune column (name or code).
    Column,
    /// The only new commune formed from the old district (or old commune).
    District,
    /// The commune of the same school already in the database, set by an earlier import.
    Existing,
    /// Chosen by a person among the candidates.
    Decision,
}

/// Reason a row is excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", content = "kind", rename_all = "snake_case")]
pub enum Exclusion {
    /// The name is a university, college or other non-school institution.
    NotASchool(NonSchoolKind),
    Person,
}

/// Effect that applying the row would have on the `schools` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    New,
    Updated,
    Unchanged,
}

/// The school already stored under the row's import key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingSchool {
    pub id: i64,
    pub name: String,
    pub level: String,
    pub ownership: String,
    pub commune_code: Option<String>,
    pub commune_name: Option<String>,
    pub moet_code: Option<String>,
    pub former_district: Option<String>,
}

/// The school read from one row, as stored in `import_rows.data`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SchoolRow {
    pub name: String,
    pub level: Option<SchoolLevel>,
    pub ownership: Option<Ownership>,
    /// MOET's province code, two digits.
    pub moet_province_code: Option<String>,
    /// MOET's school code, three digits, unique within a MOET province.
    pub school_code: Option<String>,
    pub old_province: Option<String>,
    pub old_district: Option<String>,
    pub old_commune: Option<String>,
    pub commune_code: Option<String>,
    pub commune_name: Option<String>,
    pub commune_source: Option<CommuneSource>,
    /// Today's communes the school may be in, when the file does not say which.
    pub candidates: Vec<CommuneRef>,
    /// Deduplicates rows and repeated imports; `None` when the name is missing.
    pub import_key: Option<String>,
    pub exclusion: Option<Exclusion>,
    /// Spreadsheet row number of the earlier row with the same import key.
    pub duplicate_of: Option<u32>,
    pub existing: Option<ExistingSchool>,
    pub change: Option<Change>,
}

impl SchoolRow {
    /// Returns MOET's full code with its province prefix ("02-001"), the form stored in
    /// `schools.moet_code`, because codes repeat across the old provinces that merged.
    pub fn moet_code(&self) -> Option<String> {
        Some(format!(
            "{}-{}",
            self.moet_province_code.as_deref()?,
            self.school_code.as_deref()?
        ))
    }

    pub fn set_commune(&mut self, commune: &CommuneRef, source: CommuneSource) {
        self.commune_code = Some(commune.code.clone());
        self.commune_name = Some(commune.name.clone());
        self.commune_source = Some(source);
    }

    /// Compares the row with the existing school and records the change applying it
    /// would make.
    pub fn update_change(&mut self) {
        self.change = Some(match &self.existing {
            None => Change::New,
            Some(existing) if existing_matches(existing, self) => Change::Unchanged,
            Some(_) => Change::Updated,
        });
    }
}

fn existing_matches(existing: &ExistingSchool, row: &SchoolRow) -> bool {
    existing.name == row.name
        && Some(existing.level.as_str()) == row.level.map(SchoolLevel::as_str)
        && Some(existing.ownership.as_str()) == row.ownership.map(Ownership::as_str)
        && existing.commune_code == row.commune_code
        && existing.moet_code == row.moet_code()
        && existing.former_district == row.old_district
}

/// Derives a row's status from its data and problems. Every change to a row goes
/// through here, so the status always follows the same precedence: duplicate, then
/// excluded, then error, then review (no commune chosen), then ready.
pub fn derive_status(data: &SchoolRow, problems: &[Problem]) -> RowStatus {
    if data.duplicate_of.is_some() {
        RowStatus::Duplicate
    } else if data.exclusion.is_some() {
        RowStatus::Excluded
    } else if problems.iter().any(Problem::is_error) || data.level.is_none() {
        RowStatus::Error
    } else if data.commune_code.is_none() {
        RowStatus::Review
    } else {
        RowStatus::Ready
    }
}

/// A parsed row of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRow {
    /// Row number as the spreadsheet shows it, 1-based.
    pub row_number: u32,
    pub status: RowStatus,
    pub data: SchoolRow,
    pub problems: Vec<Problem>,
}

impl ParsedRow {
    pub fn refresh_status(&mut self) {
        self.status = derive_status(&self.data, &self.problems);
    }
}
