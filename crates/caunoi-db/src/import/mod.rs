//! Staged imports of school lists from spreadsheets.
//!
//! A department uploads its list of schools as .xlsx or .csv. Nothing reaches the
//! `schools` table until a person has reviewed the parsed rows:
//!
//! 1. [`parse_school_file`] reads the file, finds the header, and parses every row into
//!    a school with a status (`ready`, `review`, `error`, `excluded`, `duplicate`) and
//!    its problems. It is synchronous and CPU-bound, so async callers run it inside
//!    `spawn_blocking`; [`stage_schools`] does that itself.
//! 2. [`stage_parsed`] compares the rows with the schools already stored and writes one
//!    `import_batches` row and one `import_rows` row per data row.
//! 3. [`batch`] lists the rows for review; [`decide`] records a person's choice of
//!    commune, or includes or excludes a row.
//! 4. [`apply`] writes the ready rows to `schools` in one transaction.
//!
//! Every problem is a Fluent message id with arguments; `MESSAGES.ftl.txt` next to
//! this file lists the ids with their Vietnamese and English texts.

mod apply;
mod conversions;
pub(crate) mod header;
mod locate;
mod places;
mod problem;
mod review;
mod row;
pub(crate) mod schools;
mod staging;
pub(crate) mod table;

use std::sync::Arc;

use thiserror::Error;

use crate::{Db, DbError};

pub use apply::{ApplyOptions, ApplySummary, apply};
pub use conversions::{CommuneRef, ConversionEntry, ConversionIndex};
pub use header::{Column, Field};
pub use problem::{Problem, Severity, ids};
pub use review::{
    Batch, BatchInfo, Decision, ImportRow, RowFilter, batch, batches, decide, discard,
};
pub use row::{Change, CommuneSource, Exclusion, ExistingSchool, ParsedRow, RowStatus, SchoolRow};
pub use staging::{BatchSummary, RowCounts, stage_parsed};

/// Largest file accepted, in bytes, to bound memory use and parsing time. An .xlsx must
/// also decompress within `xlsx::expansion_limit`, checked before calamine opens it.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// Maximum number of data rows in one file, to bound memory use and parsing time.
pub const MAX_ROWS: usize = 50_000;

/// The value of `import_batches.kind` for school lists.
pub const KIND_SCHOOLS: &str = "schools";

#[derive(Debug, Error)]
pub enum ImportError {
    /// The file, decision or batch cannot be accepted; the problem names the reason.
    #[error("import rejected: {}", .0.message_id)]
    Rejected(Problem),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for ImportError {
    fn from(error: sqlx::Error) -> Self {
        ImportError::Db(DbError::from(error))
    }
}

impl From<ImportError> for DbError {
    /// Keeps the message id of a rejection, for callers that only handle [`DbError`].
    fn from(error: ImportError) -> Self {
        match error {
            ImportError::Rejected(problem) => DbError::Invalid(problem.message_id),
            ImportError::Db(error) => error,
        }
    }
}

pub type ImportResult<T> = Result<T, ImportError>;

/// A school list read and parsed, not yet stored.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub province_code: String,
    pub file_name: String,
    /// The worksheet read, `None` for delimited text.
    pub sheet: Option<String>,
    /// Spreadsheet row number of the (last) header row.
    pub header_row: u32,
    pub columns: Vec<Column>,
    pub rows: Vec<ParsedRow>,
}

/// Reads and parses a school list for the province of `conversions`, from the first
/// visible worksheet with content. See [`parse_school_sheet`].
pub fn parse_school_file(
    bytes: &[u8],
    file_name: &str,
    conversions: &ConversionIndex,
) -> ImportResult<ParsedFile> {
    parse_school_sheet(bytes, file_name, None, conversions)
}

/// Reads and parses a school list, from the worksheet named `sheet` when given.
///
/// Returns [`ImportError::Rejected`] when the file cannot be used at all: too large,
/// too many rows, not a spreadsheet, empty, or without a recognisable header.
pub fn parse_school_sheet(
    bytes: &[u8],
    file_name: &str,
    sheet: Option<&str>,
    conversions: &ConversionIndex,
) -> ImportResult<ParsedFile> {
    read_and_parse(bytes, file_name, sheet, conversions)
        .map_err(|problem| ImportError::Rejected(problem.with_arg("file", file_name)))
}

fn read_and_parse(
    bytes: &[u8],
    file_name: &str,
    sheet: Option<&str>,
    conversions: &ConversionIndex,
) -> Result<ParsedFile, Problem> {
    let grid = table::read_grid(bytes, file_name, sheet, table::Limits::SCHOOLS)?;
    let header = header::find_header::<Field>(&grid).ok_or_else(|| Problem::error(ids::FILE_NO_HEADER))?;
    let place_fields = [Field::District, Field::Commune, Field::CommuneCode];
    if !place_fields.iter().any(|field| header.has(*field)) {
        return Err(Problem::error(ids::FILE_MISSING_PLACE_COLUMN));
    }
    let rows = schools::parse_rows(&grid, &header, conversions)?;
    if rows.is_empty() {
        return Err(Problem::error(ids::FILE_NO_DATA_ROWS));
    }
    Ok(ParsedFile {
        province_code: conversions.province_code().to_owned(),
        file_name: file_name.to_owned(),
        sheet: grid.sheet.clone(),
        header_row: grid.rows[header.last_row].number,
        columns: header
            .columns
            .values()
            .filter(|c| c.field != Field::Ignored)
            .cloned()
            .collect(),
        rows,
    })
}

/// Parses a school list for `province` and stages it as a pending batch.
///
/// Loads the province's conversion index, parses on a blocking thread and writes the
/// batch. Returns [`ImportError::Rejected`], with nothing staged, when the file cannot
/// be used at all.
pub async fn stage_schools(
    db: &Db,
    province: &str,
    file_name: &str,
    bytes: &[u8],
    created_by: Option<i64>,
) -> ImportResult<BatchSummary> {
    let index = Arc::new(ConversionIndex::load(db, province).await?);
    let bytes = bytes.to_vec();
    let name = file_name.to_owned();
    let parsed = tokio::task::spawn_blocking(move || parse_school_file(&bytes, &name, &index))
        .await
        .map_err(|error| DbError::Invalid(format!("school list parser panicked: {error}")))??;
    stage_parsed(db, parsed, created_by).await
}
