//! The `.xlsx` export of a directive's tracking list: a sheet of receiving schools and a
//! sheet of counts, with headers in the reader's language and instants as Excel dates
//! in Vietnam time (UTC+7).

use caunoi_db::directives::tracking::{GroupCounts, SchoolStatus, StatusCounts, TrackingCounts};
use caunoi_core::text::fold;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::i18n::Locale;

pub const XLSX_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Seconds from UTC to Vietnam time, which has no daylight saving.
const VIETNAM_OFFSET_SECS: i64 = 7 * 3600;

/// One school of the export, with its labels already translated.
pub struct ExportRow {
    pub school: SchoolStatus,
    pub level: String,
    pub status: String,
}

/// Everything the workbook shows; built on the request task, written on a blocking one.
pub struct Sheets {
    pub locale: Locale,
    pub directive_number: String,
    pub directive_title: String,
    /// Unix ms.
    pub generated_at: i64,
    pub rows: Vec<ExportRow>,
    pub counts: TrackingCounts,
}

/// Names the file after the directive's number and symbol, folded to ASCII letters,
/// digits and dashes, because browsers and mail clients mangle other characters:
/// `1581/SGDĐT-GDTrH` gives `theo-doi-1581-sgddt-gdtrh.xlsx`.
pub fn file_name(number_symbol: &str) -> String {
    let mut slug = String::new();
    for c in fold(number_symbol).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    if slug.is_empty() { "theo-doi.xlsx".to_owned() } else { format!("theo-doi-{slug}.xlsx") }
}

/// Writes the workbook into memory.
pub fn workbook(sheets: &Sheets) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let when = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    school_sheet(workbook.add_worksheet(), sheets, &bold, &when)?;
    counts_sheet(workbook.add_worksheet(), sheets, &bold, &when)?;
    workbook.save_to_buffer()
}

fn school_sheet(sheet: &mut Worksheet, sheets: &Sheets, bold: &Format, when: &Format) -> Result<(), XlsxError> {
    let locale = sheets.locale;
    sheet.set_name(locale.t("tracking-export-sheet-schools"))?;
    let headers = [
        "tracking-export-col-number",
        "tracking-export-col-school",
        "tracking-export-col-level",
        "tracking-export-col-cluster",
        "tracking-export-col-commune",
        "tracking-export-col-status",
        "tracking-export-col-read-at",
        "tracking-export-col-read-by",
        "tracking-export-col-acknowledged-at",
        "tracking-export-col-acknowledged-by",
        "tracking-export-col-note",
    ];
    for (column, id) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, locale.t(id), bold)?;
    }
    for (index, row) in sheets.rows.iter().enumerate() {
        let line = index as u32 + 1;
        let school = &row.school;
        sheet.write_number(line, 0, index as f64 + 1.0)?;
        sheet.write_string(line, 1, &school.school_name)?;
        sheet.write_string(line, 2, &row.level)?;
        sheet.write_string(line, 3, school.cluster_name.as_deref().unwrap_or_default())?;
        sheet.write_string(line, 4, school.commune_name.as_deref().unwrap_or_default())?;
        sheet.write_string(line, 5, &row.status)?;
        write_instant(sheet, line, 6, school.read_at, when)?;
        sheet.write_string(line, 7, school.read_by_name.as_deref().unwrap_or_default())?;
        write_instant(sheet, line, 8, school.acknowledged_at, when)?;
        sheet.write_string(line, 9, school.acknowledged_by_name.as_deref().unwrap_or_default())?;
        sheet.write_string(line, 10, school.ack_note.as_deref().unwrap_or_default())?;
    }
    let widths = [6.0, 40.0, 20.0, 16.0, 22.0, 16.0, 17.0, 24.0, 17.0, 24.0, 40.0];
    for (column, width) in widths.iter().enumerate() {
        sheet.set_column_width(column as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, sheets.rows.len() as u32, headers.len() as u16 - 1)?;
    Ok(())
}

fn counts_sheet(sheet: &mut Worksheet, sheets: &Sheets, bold: &Format, when: &Format) -> Result<(), XlsxError> {
    let locale = sheets.locale;
    sheet.set_name(locale.t("tracking-export-sheet-counts"))?;
    let headers = [
        "tracking-export-col-group",
        "tracking-export-col-name",
        "inbox-status-not_opened",
        "inbox-status-read",
        "inbox-status-acknowledged",
        "inbox-status-overdue",
        "tracking-col-total",
    ];
    for (column, id) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, locale.t(id), bold)?;
    }

    let mut line = 1;
    write_counts(sheet, line, &locale.t("tracking-export-group-all"), "", &sheets.counts.overall, bold)?;
    line += 1;
    let no_group = locale.t("tracking-no-group");
    for group in &sheets.counts.clusters {
        write_group(sheet, line, &locale.t("tracking-export-group-cluster"), group, &no_group)?;
        line += 1;
    }
    for group in &sheets.counts.communes {
        write_group(sheet, line, &locale.t("tracking-export-group-commune"), group, &no_group)?;
        line += 1;
    }

    line += 1;
    sheet.write_string_with_format(line, 0, locale.t("tracking-export-directive"), bold)?;
    sheet.write_string(line, 1, format!("{} — {}", sheets.directive_number, sheets.directive_title))?;
    sheet.write_string_with_format(line + 1, 0, locale.t("tracking-export-generated-at"), bold)?;
    write_instant(sheet, line + 1, 1, Some(sheets.generated_at), when)?;

    sheet.set_column_width(0, 16.0)?;
    sheet.set_column_width(1, 40.0)?;
    for column in 2..headers.len() as u16 {
        sheet.set_column_width(column, 14.0)?;
    }
    Ok(())
}

fn write_group<K>(sheet: &mut Worksheet, line: u32, kind: &str, group: &GroupCounts<K>, no_group: &str) -> Result<(), XlsxError> {
    let name = group.name.as_deref().unwrap_or(no_group);
    write_counts(sheet, line, kind, name, &group.counts, &Format::new())
}

fn write_counts(
    sheet: &mut Worksheet,
    line: u32,
    kind: &str,
    name: &str,
    counts: &StatusCounts,
    format: &Format,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(line, 0, kind, format)?;
    sheet.write_string_with_format(line, 1, name, format)?;
    let values = [counts.not_opened, counts.read, counts.acknowledged, counts.overdue, counts.total()];
    for (offset, value) in values.iter().enumerate() {
        sheet.write_number_with_format(line, 2 + offset as u16, *value as f64, format)?;
    }
    Ok(())
}

/// Writes an instant as an Excel date-time in Vietnam time; an empty cell for `None`.
fn write_instant(sheet: &mut Worksheet, line: u32, column: u16, at: Option<i64>, when: &Format) -> Result<(), XlsxError> {
    let Some(at) = at else { return Ok(()) };
    let local = ExcelDateTime::from_timestamp(at.div_euclid(1000) + VIETNAM_OFFSET_SECS)?;
    sheet.write_datetime_with_format(line, column, local, when)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn file_name_is_ascii() {
        assert_eq!(file_name("1581/SGDĐT-GDTrH"), "theo-doi-1581-sgddt-gdtrh.xlsx");
        assert_eq!(file_name("  //  "), "theo-doi.xlsx");
        assert_eq!(file_name("12/KH-CM 3"), "theo-doi-12-kh-cm-3.xlsx");
    }
}
