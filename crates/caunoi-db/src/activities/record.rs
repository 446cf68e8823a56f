//! Professional-development records: the activities a person attended in a school
//! year with the minutes credited, each school's totals per person, and the `.xlsx`
//! export of either.
//!
//! An activity counts in the school year its start falls in, measured in Vietnam time
//! (a school year runs from 1 August to 31 July, as `caunoi_core::school_year` counts
//! it). Attendance at a cancelled activity is left out: it did not take place.

use caunoi_core::report::deadline::local_instant;
use caunoi_core::school_year::SchoolYear;
use caunoi_core::text::collate::person_sort_key;
use chrono::{NaiveDate, NaiveTime};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::Serialize;
use sqlx::FromRow;

use crate::{Db, DbError, DbResult};

/// Returns the instants (Unix ms, start inclusive, end exclusive) of a school year:
/// from 1 August of its first year to 1 August of the next, at midnight in Vietnam.
pub fn year_bounds(year: SchoolYear) -> (i64, i64) {
    let first_of_august = |calendar_year: i32| {
        let date = NaiveDate::from_ymd_opt(calendar_year, 8, 1).expect("1 August exists every year");
        local_instant(date, NaiveTime::MIN)
    };
    (first_of_august(year.start_year()), first_of_august(year.start_year() + 1))
}

/// One attended activity of a person's record.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct RecordEntry {
    pub activity_id: i64,
    pub kind: String,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// 'department', 'cluster' or 'school'.
    pub organiser_kind: String,
    /// The cluster's or school's name, or the province's for the department.
    pub organiser_name: String,
    pub credited_minutes: i64,
    /// Attendance method: 'organiser' or 'code'.
    pub method: String,
}

/// Lists the activities `user_id` attended in `year`, in order of their start.
pub async fn person_record(db: &Db, user_id: i64, year: SchoolYear) -> DbResult<Vec<RecordEntry>> {
    let (from, until) = year_bounds(year);
    Ok(sqlx::query_as(
        "SELECT a.id AS activity_id, a.kind, a.title, a.starts_at, a.ends_at, a.organiser_kind, \
           COALESCE(c.name, s.name, p.name) AS organiser_name, t.credited_minutes, t.method \
         FROM activity_attendance t JOIN activities a ON a.id = t.activity_id \
         LEFT JOIN clusters c ON a.organiser_kind = 'cluster' AND c.id = a.cluster_id \
         LEFT JOIN schools s ON a.organiser_kind = 'school' AND s.id = a.school_id \
         JOIN provinces p ON p.code = a.province_code \
         WHERE t.user_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3 AND a.status <> 'cancelled' \
         ORDER BY a.starts_at, a.id",
    )
    .bind(user_id)
    .bind(from)
    .bind(until)
    .fetch_all(&db.pool)
    .await?)
}

/// Sums the minutes credited in a record.
pub fn total_minutes(entries: &[RecordEntry]) -> i64 {
    entries.iter().map(|entry| entry.credited_minutes).sum()
}

/// One person of a school with the totals of their record for a school year.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct PersonTotal {
    pub user_id: i64,
    pub full_name: String,
    pub activities: i64,
    pub minutes: i64,
}

/// Lists every active person holding a role at `school_id`, with the number of
/// activities attended in `year` and the minutes credited, sorted by given name
/// (Vietnamese order). People who attended nothing are listed with zeros.
pub async fn school_totals(db: &Db, school_id: i64, year: SchoolYear) -> DbResult<Vec<PersonTotal>> {
    let (from, until) = year_bounds(year);
    let mut totals: Vec<PersonTotal> = sqlx::query_as(
        "SELECT u.id AS user_id, u.full_name, COUNT(a.id) AS activities, \
           COALESCE(SUM(CASE WHEN a.id IS NULL THEN 0 ELSE t.credited_minutes END), 0) AS minutes \
         FROM users u \
         LEFT JOIN activity_attendance t ON t.user_id = u.id \
         LEFT JOIN activities a ON a.id = t.activity_id AND a.starts_at >= $2 AND a.starts_at < $3 \
           AND a.status <> 'cancelled' \
         WHERE u.is_active = 1 AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.school_id = $1) \
         GROUP BY u.id, u.full_name",
    )
    .bind(school_id)
    .bind(from)
    .bind(until)
    .fetch_all(&db.pool)
    .await?;
    totals.sort_by_cached_key(|person| (person_sort_key(&person.full_name), person.user_id));
    Ok(totals)
}

/// Returns the full name of `user_id` when they hold a role at `school_id`, so that a
/// leader can open the record of their own staff only.
pub async fn staff_name(db: &Db, school_id: i64, user_id: i64) -> DbResult<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT u.full_name FROM users u WHERE u.id = $1 AND u.is_active = 1 \
           AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.school_id = $2)",
    )
    .bind(user_id)
    .bind(school_id)
    .fetch_optional(&db.pool)
    .await?)
}

/// One cell of an exported sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// Hours, written with two decimals.
    Hours(f64),
    Count(i64),
}

/// A sheet to export: its title, a heading line above the table, column headers in
/// the reader's language, and rows.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub heading: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn xlsx_error(error: XlsxError) -> DbError {
    DbError::Invalid(format!("spreadsheet: {error}"))
}

/// Writes text that can never run as a formula.
fn write_text(sheet: &mut Worksheet, row: u32, col: u16, text: &str, format: &Format) -> Result<(), XlsxError> {
    crate::xlsx::write_text(sheet, row, col, text, Some(format))
}

/// Writes `sheet` as an `.xlsx` workbook: the heading in the first row, headers in
/// the third, frozen, then the rows.
pub fn export(sheet: &Sheet) -> DbResult<Vec<u8>> {
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    let name: String = sheet.name.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')).take(31).collect();
    worksheet.set_name(if name.is_empty() { "Sheet1" } else { &name }).map_err(xlsx_error)?;

    let bold = Format::new().set_bold();
    let header = Format::new().set_bold().set_text_wrap();
    let plain = Format::new();
    let hours = Format::new().set_num_format("0.00");
    write_text(worksheet, 0, 0, &sheet.heading, &bold).map_err(xlsx_error)?;
    for (col, title) in sheet.headers.iter().enumerate() {
        let col = u16::try_from(col).map_err(|_| DbError::Invalid("too many columns".into()))?;
        write_text(worksheet, 2, col, title, &header).map_err(xlsx_error)?;
        worksheet.set_column_width(col, if col == 2 { 48 } else { 16 }).map_err(xlsx_error)?;
    }
    worksheet.set_freeze_panes(3, 0).map_err(xlsx_error)?;

    for (index, cells) in sheet.rows.iter().enumerate() {
        let row = u32::try_from(index + 3).map_err(|_| DbError::Invalid("too many rows".into()))?;
        for (col, cell) in cells.iter().enumerate() {
            let col = u16::try_from(col).map_err(|_| DbError::Invalid("too many columns".into()))?;
            match cell {
                Cell::Text(text) => write_text(worksheet, row, col, text, &plain),
                Cell::Hours(value) => worksheet.write_number_with_format(row, col, *value, &hours).map(|_| ()),
                Cell::Count(value) => worksheet.write_number(row, col, *value as f64).map(|_| ()),
            }
            .map_err(xlsx_error)?;
        }
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_runs_from_august_in_vietnam_time() {
        let (from, until) = year_bounds(SchoolYear::parse("2026-2027").unwrap());
        // 01/08/2026 00:00 in Vietnam is 31/07/2026 17:00 UTC.
        assert_eq!(from, 1_785_517_200_000);
        assert_eq!(until - from, 365 * 24 * 3_600_000);
    }

    #[test]
    fn formulas_are_recognised() {
        for text in ["=SUM(A1)", " +1", "-2", "@x", "\tx"] {
            assert!(crate::xlsx::formula_like(text), "{text:?}");
        }
        assert!(!crate::xlsx::formula_like("Nguyễn Văn An"));
    }
}
