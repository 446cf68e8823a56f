//! Inter-school teaching assignments as an .xlsx workbook for the department's files.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::Assignment;
use crate::xlsx::write_text;
use crate::{DbError, DbResult};

/// Headers, sheet name and value labels of the export, in the reader's language.
pub struct ExportLabels<'a> {
    pub sheet: String,
    /// Lines above the table that name the run: its scope, school year,
    /// subjects and dates.
    pub title: Vec<String>,
    /// Teacher, from school, to school, subject, periods per week, distance (km), status, note.
    pub headers: [String; 8],
    pub subject: &'a dyn Fn(&str) -> String,
    pub status: &'a dyn Fn(&str) -> String,
}

fn xlsx_error(error: XlsxError) -> DbError {
    DbError::Invalid(format!("spreadsheet: {error}"))
}

/// Writes the title lines, then assignments as one row each, in the order given, with
/// numbers as numbers.
pub fn assignments_xlsx(assignments: &[Assignment], labels: &ExportLabels<'_>) -> DbResult<Vec<u8>> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(&labels.sheet).map_err(xlsx_error)?;
    let bold = Format::new().set_bold().set_text_wrap();
    for (line, text) in labels.title.iter().enumerate() {
        let format = if line == 0 { Some(Format::new().set_bold()) } else { None };
        write_text(sheet, line as u32, 0, text, format.as_ref()).map_err(xlsx_error)?;
    }
    // A blank row between the title and the table, when there is a title.
    let header_row = if labels.title.is_empty() { 0 } else { labels.title.len() as u32 + 1 };
    for (col, header) in labels.headers.iter().enumerate() {
        write_text(sheet, header_row, col as u16, header, Some(&bold)).map_err(xlsx_error)?;
    }
    for (col, width) in [28.0, 36.0, 36.0, 22.0, 10.0, 10.0, 14.0, 32.0].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width).map_err(xlsx_error)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0).map_err(xlsx_error)?;
    let distance = Format::new().set_num_format("0.0");
    for (index, assignment) in assignments.iter().enumerate() {
        let row = header_row + index as u32 + 1;
        write_text(sheet, row, 0, &assignment.staff_name, None).map_err(xlsx_error)?;
        write_text(sheet, row, 1, &assignment.from_school, None).map_err(xlsx_error)?;
        write_text(sheet, row, 2, &assignment.to_school, None).map_err(xlsx_error)?;
        write_text(sheet, row, 3, &(labels.subject)(&assignment.subject), None).map_err(xlsx_error)?;
        sheet.write_number(row, 4, assignment.periods_per_week as f64).map_err(xlsx_error)?;
        sheet.write_number_with_format(row, 5, assignment.distance_km, &distance).map_err(xlsx_error)?;
        write_text(sheet, row, 6, &(labels.status)(&assignment.status), None).map_err(xlsx_error)?;
        write_text(sheet, row, 7, &assignment.note, None).map_err(xlsx_error)?;
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}
