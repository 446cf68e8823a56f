//! Staff records of the personnel map: the import of staff lists, the records and
//! their competencies and duties.
//!
//! An import reads a staff list with the school import's table readers and header
//! finder (`crate::import`), parses every row with the value parsers of
//! `caunoi_core::staffing::record`, and writes all rows in one transaction, or none
//! when any row has an error. A repeated import updates the records with the same
//! `import_key` (the staff code, else the folded name and date of birth).

mod directory;
mod fields;
mod parse;
pub mod records;
mod staging;
mod store;
mod update;

use serde::Serialize;
use tracing::info;

use crate::audit::{self, AuditEntry};
use crate::import::header::{Column, find_header};
use crate::import::Problem;
use crate::import::table::{self, Limits};
use crate::import::{ImportError, ImportResult};
use crate::Db;

pub use directory::SchoolDirectory;
pub use fields::StaffField;
pub use parse::{StaffRow, Target};
pub use staging::{StagedImport, discard_staged, apply_staged, stage, staged};
pub use store::Present;

/// Limits of a staff list: a province's whole staff fits in one file.
pub const LIMITS: Limits = Limits { max_bytes: 64 * 1024 * 1024, max_rows: 150_000 };

/// Most rows of one school's list. The largest schools have a few hundred staff, so a
/// longer list is a wrong file, and it would distort the province's figures.
pub const MAX_SCHOOL_ROWS: usize = 1_000;

/// A staff list read and parsed, not yet stored.
#[derive(Debug, Clone)]
pub struct ParsedStaff {
    pub file_name: String,
    /// Spreadsheet row number of the (last) header row.
    pub header_row: u32,
    pub columns: Vec<Column<StaffField>>,
    pub rows: Vec<StaffRow>,
    pub present: Present,
}

impl ParsedStaff {
    /// Counts the rows with at least one error.
    pub fn error_rows(&self) -> usize {
        self.rows.iter().filter(|row| row.has_errors()).count()
    }
}

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub rows: usize,
    pub created: i64,
    pub updated: i64,
    pub schools: usize,
}

/// Reads and parses a staff list. Rejects the file as a whole (too large, unreadable,
/// no header with a name column, no rows); problems of single rows stay on the rows.
pub fn parse_staff_file(bytes: &[u8], file_name: &str, target: &Target) -> ImportResult<ParsedStaff> {
    read_and_parse(bytes, file_name, target).map_err(|problem| ImportError::Rejected(problem.with_arg("file", file_name)))
}

fn read_and_parse(bytes: &[u8], file_name: &str, target: &Target) -> Result<ParsedStaff, Problem> {
    let grid = table::read_grid(bytes, file_name, None, LIMITS)?;
    let header = find_header::<StaffField>(&grid).ok_or_else(|| Problem::error("staff-file-no-header"))?;
    let rows = parse::parse_rows(&grid, &header, target)?;
    if rows.is_empty() {
        return Err(Problem::error("staff-file-no-data-rows"));
    }
    let present = Present {
        trained_major: header.has(StaffField::TrainedMajor),
        subjects_taught: header.has(StaffField::SubjectsTaught),
        roles: header.has(StaffField::Roles),
        certificates: header.has(StaffField::Certificates),
    };
    Ok(ParsedStaff {
        file_name: file_name.to_owned(),
        header_row: grid.rows[header.last_row].number,
        columns: header.columns.values().filter(|c| c.field != StaffField::Ignored).cloned().collect(),
        rows,
        present,
    })
}

/// Writes every row of a parsed list in one transaction and audits the import.
/// Rejects the whole list, writing nothing, when any row has an error.
pub async fn import_parsed(db: &Db, parsed: &ParsedStaff, province: &str, user_id: Option<i64>) -> ImportResult<ImportSummary> {
    let errors = parsed.error_rows();
    if errors > 0 {
        return Err(ImportError::Rejected(
            Problem::error("staff-import-has-errors").with_arg("errors", errors).with_arg("file", parsed.file_name.clone()),
        ));
    }
    let mut schools: Vec<i64> = parsed.rows.iter().filter_map(|row| row.school_id).collect();
    schools.sort_unstable();
    schools.dedup();

    let mut tx = db.begin().await?;
    let before = records::count_in(&mut tx, &schools).await?;
    store::write_rows(&mut tx, &parsed.rows, parsed.present).await?;
    let after = records::count_in(&mut tx, &schools).await?;
    let summary = ImportSummary {
        rows: parsed.rows.len(),
        created: after - before,
        updated: parsed.rows.len() as i64 - (after - before),
        schools: schools.len(),
    };
    let entry = AuditEntry {
        user_id,
        province: Some(province),
        action: "staff.import",
        entity: "staff_list",
        entity_id: schools.first().map(i64::to_string).unwrap_or_default(),
        details: serde_json::json!({ "rows": summary.rows, "created": summary.created, "schools": schools }),
    };
    audit::record(&mut *tx, &entry).await?;
    tx.commit().await?;
    info!(staff.rows = summary.rows, staff.created = summary.created, import.schools = summary.schools, "staff list imported");
    Ok(summary)
}
