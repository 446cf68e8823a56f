//! Office Open XML workbooks (.xlsx, .xlsm), read with calamine.
//!
//! The sheet is streamed cell by cell rather than loaded as a dense range, so that a
//! stray value in a far-away cell cannot make the reader allocate the whole rectangle.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{DataRef, Dimensions, Reader, SheetType, SheetVisible, Xlsx};
use tracing::warn;

use super::{Grid, GridRow, MAX_COLUMNS, check_row_count};
use crate::import::problem::{Problem, ids};

/// Merged regions larger than this are not expanded; a header or a district name
/// merged over a few hundred rows is far smaller.
const MAX_MERGED_CELLS: u64 = 100_000;

type Workbook<'a> = Xlsx<Cursor<&'a [u8]>>;

pub(super) fn read(
    bytes: &[u8],
    file_name: &str,
    sheet: Option<&str>,
    max_rows: usize,
) -> Result<Grid, Problem> {
    match crate::xlsx::check_expansion(bytes) {
        Ok(()) => {}
        Err(crate::xlsx::Expansion::TooLarge { limit }) => {
            warn!(import.file = file_name, import.limit = limit, "workbook expands beyond the limit");
            return Err(Problem::error(ids::FILE_TOO_EXPANDED).with_arg("max_mb", limit / (1024 * 1024)));
        }
        Err(crate::xlsx::Expansion::Unreadable) => {
            warn!(import.file = file_name, "workbook is not a readable zip container");
            return Err(Problem::error(ids::FILE_UNREADABLE));
        }
    }
    let mut book: Workbook = Xlsx::new(Cursor::new(bytes)).map_err(|error| {
        warn!(import.file = file_name, %error, "workbook cannot be opened");
        Problem::error(ids::FILE_UNREADABLE)
    })?;
    let names = match sheet {
        Some(name) => vec![find_sheet(&book, name)?],
        None => visible_worksheets(&book),
    };
    for name in names {
        let rows = read_sheet(&mut book, &name, file_name, max_rows)?;
        if !rows.is_empty() || sheet.is_some() {
            return Ok(Grid {
                sheet: Some(name),
                rows,
            });
        }
    }
    Err(Problem::error(ids::FILE_EMPTY))
}

fn find_sheet(book: &Workbook, name: &str) -> Result<String, Problem> {
    book.sheet_names()
        .into_iter()
        .find(|candidate| candidate.trim() == name.trim())
        .ok_or_else(|| Problem::error(ids::FILE_SHEET_NOT_FOUND).with_arg("sheet", name))
}

fn visible_worksheets(book: &Workbook) -> Vec<String> {
    book.sheets_metadata()
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet && sheet.visible == SheetVisible::Visible)
        .map(|sheet| sheet.name.clone())
        .collect()
}

fn read_sheet(
    book: &mut Workbook,
    name: &str,
    file_name: &str,
    max_rows: usize,
) -> Result<Vec<GridRow>, Problem> {
    let unreadable = |error: calamine::XlsxError| {
        warn!(import.file = file_name, import.sheet = name, %error, "worksheet cannot be read");
        Problem::error(ids::FILE_UNREADABLE)
    };
    let merged = book.merge_cells_by_sheet_name(name).map_err(unreadable)?;
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut cells = book.worksheet_cells_reader(name).map_err(unreadable)?;
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        let column = column as usize;
        let text = cell_text(cell.get_value());
        if column >= MAX_COLUMNS || text.trim().is_empty() {
            // Formatted but empty cells and far-right columns never create a row.
            continue;
        }
        let cells = rows.entry(row).or_default();
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        cells[column] = text;
        check_row_count(rows.len(), max_rows)?;
    }
    fill_merged(&mut rows, &merged);
    Ok(rows
        .into_iter()
        .map(|(row, cells)| GridRow {
            number: row + 1,
            cells,
        })
        .collect())
}

/// Copies the value of each merged region's top-left cell into the other cells of the
/// region, in rows that have content of their own. A district name merged down the
/// rows of its schools then reaches every school, and a header merged over two rows
/// is seen in both.
fn fill_merged(rows: &mut BTreeMap<u32, Vec<String>>, merged: &[Dimensions]) {
    for region in merged {
        if region.len() > MAX_MERGED_CELLS {
            continue;
        }
        let (top, left) = (region.start.0, region.start.1 as usize);
        let Some(value) = rows.get(&top).and_then(|cells| cells.get(left)).cloned() else {
            continue;
        };
        let last_column = (region.end.1 as usize).min(MAX_COLUMNS - 1);
        for (_, cells) in rows.range_mut(top..=region.end.0) {
            if cells.len() <= last_column {
                cells.resize(last_column + 1, String::new());
            }
            for cell in &mut cells[left..=last_column] {
                if cell.is_empty() {
                    cell.clone_from(&value);
                }
            }
        }
    }
}

/// Writes a cell as text. Whole numbers lose their `.0`, so a code typed as a number
/// (`1` for `001`) reaches the column rules as `1`.
fn cell_text(value: &DataRef) -> String {
    match value {
        DataRef::String(text) => text.clone(),
        DataRef::SharedString(text) => (*text).to_owned(),
        DataRef::Int(number) => number.to_string(),
        DataRef::Float(number) => number_text(*number),
        DataRef::Bool(flag) => flag.to_string(),
        DataRef::DateTime(date) => number_text(date.as_f64()),
        DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => text.clone(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

fn number_text(number: f64) -> String {
    const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0;
    if number.fract() == 0.0 && number.abs() < EXACT_INTEGER_LIMIT {
        format!("{}", number as i64)
    } else {
        number.to_string()
    }
}
