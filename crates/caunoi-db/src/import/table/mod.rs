//! Reading an uploaded spreadsheet (.xlsx or delimited text) into rows of text cells.
//!
//! Cells come back as normalised text (legacy Vietnamese encodings repaired, NFC,
//! whitespace collapsed). Numbers are written without a trailing `.0`, so code columns
//! can restore their leading zeros later.

mod delimited;
mod workbook;

use caunoi_core::text::legacy;
use caunoi_core::text::normalize;

use super::problem::{Problem, ids};
use super::{MAX_FILE_BYTES, MAX_ROWS};

/// Rows above the header that the reader keeps on top of the data-row limit, for
/// titles and multi-row headers.
pub(crate) const MAX_LEADING_ROWS: usize = 20;

/// Columns beyond this index are ignored; school lists have a dozen columns.
pub(crate) const MAX_COLUMNS: usize = 100;

/// The non-blank rows of one sheet, in sheet order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Grid {
    /// The worksheet read, `None` for delimited text.
    pub sheet: Option<String>,
    pub rows: Vec<GridRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GridRow {
    /// Row number as a spreadsheet shows it, 1-based.
    pub number: u32,
    pub cells: Vec<String>,
}

impl GridRow {
    /// Returns the trimmed cell at `column`, empty when the row is shorter.
    pub fn cell(&self, column: usize) -> &str {
        self.cells.get(column).map(|c| c.trim()).unwrap_or("")
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// The size limits of one kind of import, which bound memory use and parsing time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_rows: usize,
}

impl Limits {
    /// The limits of school lists.
    pub const SCHOOLS: Limits = Limits {
        max_bytes: MAX_FILE_BYTES,
        max_rows: MAX_ROWS,
    };
}

enum Format {
    Workbook,
    Delimited,
}

/// Reads `bytes` into a grid. `sheet` selects a worksheet by name; without it the first
/// visible worksheet with content is read.
pub(crate) fn read_grid(
    bytes: &[u8],
    file_name: &str,
    sheet: Option<&str>,
    limits: Limits,
) -> Result<Grid, Problem> {
    if bytes.len() > limits.max_bytes {
        return Err(Problem::error(ids::FILE_TOO_LARGE)
            .with_arg("size_mb", megabytes(bytes.len()))
            .with_arg("max_mb", megabytes(limits.max_bytes)));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Problem::error(ids::FILE_EMPTY));
    }
    let mut grid = match detect_format(bytes, file_name)? {
        Format::Workbook => workbook::read(bytes, file_name, sheet, limits.max_rows)?,
        Format::Delimited => Grid {
            sheet: None,
            rows: delimited::read(bytes, limits.max_rows)?,
        },
    };
    repair_text(&mut grid.rows);
    grid.rows.retain(|row| !row.is_blank());
    if grid.rows.is_empty() {
        return Err(Problem::error(ids::FILE_EMPTY));
    }
    Ok(grid)
}

/// Decides the format from the content, because uploaded files are often renamed:
/// a ZIP container is a workbook, an OLE2 container is the old binary .xls format
/// (not supported), anything else is read as delimited text.
fn detect_format(bytes: &[u8], file_name: &str) -> Result<Format, Problem> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(ZIP) {
        return Ok(Format::Workbook);
    }
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let binary_extension = matches!(
        extension.as_str(),
        "xls" | "xlsx" | "xlsm" | "xlsb" | "ods" | "pdf" | "doc" | "docx"
    );
    if bytes.starts_with(OLE2) || binary_extension {
        return Err(Problem::error(ids::FILE_UNSUPPORTED_TYPE));
    }
    Ok(Format::Delimited)
}

/// Repairs legacy Vietnamese encodings (TCVN3, VNI) found in cells and normalises
/// every cell. The legacy encoding is detected over the whole file, because a short
/// cell alone ("QuËn 1") is too little evidence.
fn repair_text(rows: &mut [GridRow]) {
    let cells = rows
        .iter()
        .flat_map(|row| row.cells.iter().map(String::as_str));
    let detected = legacy::detect_many(cells);
    for cell in rows.iter_mut().flat_map(|row| row.cells.iter_mut()) {
        if !cell.is_empty() {
            *cell = normalize(&legacy::convert(cell, detected));
        }
    }
}

/// Rejects a file with more rows than the data limit plus room for titles and headers.
/// The exact data-row count is checked again once the header is known.
pub(crate) fn check_row_count(rows: usize, max_rows: usize) -> Result<(), Problem> {
    if rows > max_rows + MAX_LEADING_ROWS {
        return Err(too_many_rows(rows, max_rows));
    }
    Ok(())
}

pub(crate) fn too_many_rows(rows: usize, max_rows: usize) -> Problem {
    Problem::error(ids::FILE_TOO_MANY_ROWS)
        .with_arg("rows", rows)
        .with_arg("max", max_rows)
}

fn megabytes(bytes: usize) -> f64 {
    (bytes as f64 / (1024.0 * 1024.0) * 10.0).round() / 10.0
}
