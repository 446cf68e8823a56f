//! Professional-development records: the activities a person attended in a school
//! year with the hours credited. Everyone reads their own, and school leaders and the
//! department read those of a school's staff. Each page also exports as `.xlsx`.

mod person;
mod school;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use caunoi_core::school_year::SchoolYear;
use caunoi_db::activities::record::{self, Cell, PersonTotal, RecordEntry, Sheet};
use serde::Deserialize;

use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale};
use crate::pages::schools::non_blank;
use crate::state::AppState;

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/development", get(person::mine))
        .route("/me/development.xlsx", get(person::mine_xlsx))
        .route("/schools/{id}/development", get(school::totals))
        .route("/schools/{id}/development.xlsx", get(school::totals_xlsx))
        .route("/schools/{id}/development/{user}", get(school::member))
        .route("/schools/{id}/development/{user}/record.xlsx", get(school::member_xlsx))
}

const XLSX_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    pub year: Option<String>,
}

/// Reads `?year=2026-2027`; without it, the school year of today in Vietnam.
pub(crate) fn parse_year(query: &YearQuery) -> AppResult<SchoolYear> {
    match non_blank(&query.year) {
        None => Ok(SchoolYear::containing(i18n::today())),
        Some(raw) => SchoolYear::parse(raw).ok_or_else(|| AppError::bad_value("dev-error-year", raw)),
    }
}

/// Formats minutes as hours in the reader's language, with at most two decimals.
pub(crate) fn hours(locale: Locale, minutes: i64) -> String {
    let value = minutes as f64 / 60.0;
    if minutes % 60 == 0 { locale.int(minutes / 60) } else { locale.decimal(value, 2) }
}

/// Names the organiser: the department of a province, a cluster or a school.
pub(crate) fn organiser_label(locale: Locale, entry: &RecordEntry) -> String {
    match entry.organiser_kind.as_str() {
        "department" => locale.t1("dev-organiser-department", "province", &entry.organiser_name),
        _ => entry.organiser_name.clone(),
    }
}

/// One attended activity, ready to show.
pub(crate) struct EntryRow {
    pub activity_id: i64,
    pub date: String,
    pub kind: String,
    pub title: String,
    pub organiser: String,
    pub hours: String,
}

pub(crate) fn entry_rows(locale: Locale, entries: &[RecordEntry]) -> Vec<EntryRow> {
    entries
        .iter()
        .map(|entry| EntryRow {
            activity_id: entry.activity_id,
            date: i18n::date(entry.starts_at),
            kind: locale.tp("cal-kind", &entry.kind),
            title: entry.title.clone(),
            organiser: organiser_label(locale, entry),
            hours: hours(locale, entry.credited_minutes),
        })
        .collect()
}

/// Builds the sheet of one person's record: date, kind, title, organiser, hours, and
/// a total row.
pub(crate) fn record_sheet(locale: Locale, name: &str, year: SchoolYear, entries: &[RecordEntry]) -> Sheet {
    let mut rows: Vec<Vec<Cell>> = entries
        .iter()
        .map(|entry| {
            vec![
                Cell::Text(i18n::date(entry.starts_at)),
                Cell::Text(locale.tp("cal-kind", &entry.kind)),
                Cell::Text(entry.title.clone()),
                Cell::Text(organiser_label(locale, entry)),
                Cell::Hours(entry.credited_minutes as f64 / 60.0),
            ]
        })
        .collect();
    rows.push(vec![
        Cell::Text(locale.t("dev-total")),
        Cell::Text(String::new()),
        Cell::Text(String::new()),
        Cell::Text(String::new()),
        Cell::Hours(record::total_minutes(entries) as f64 / 60.0),
    ]);
    Sheet {
        name: year.to_string(),
        heading: locale.t_args(
            "dev-export-heading",
            &[("name", i18n::FluentArg::Text(name.to_owned())), ("year", i18n::FluentArg::Text(year.to_string()))],
        ),
        headers: ["dev-col-date", "dev-col-kind", "dev-col-title", "dev-col-organiser", "dev-col-hours"]
            .into_iter()
            .map(|id| locale.t(id))
            .collect(),
        rows,
    }
}

/// Builds the sheet of a school's totals: one row per person.
pub(crate) fn totals_sheet(locale: Locale, school: &str, year: SchoolYear, totals: &[PersonTotal]) -> Sheet {
    let rows = totals
        .iter()
        .enumerate()
        .map(|(index, person)| {
            vec![
                Cell::Count(index as i64 + 1),
                Cell::Text(person.full_name.clone()),
                Cell::Count(person.activities),
                Cell::Hours(person.minutes as f64 / 60.0),
            ]
        })
        .collect();
    Sheet {
        name: year.to_string(),
        heading: locale.t_args(
            "dev-school-export-heading",
            &[("school", i18n::FluentArg::Text(school.to_owned())), ("year", i18n::FluentArg::Text(year.to_string()))],
        ),
        headers: ["dev-col-number", "dev-col-person", "dev-col-activities", "dev-col-hours"]
            .into_iter()
            .map(|id| locale.t(id))
            .collect(),
        rows,
    }
}

/// Writes a sheet off the async threads and returns it as a download.
pub(crate) async fn xlsx_response(sheet: Sheet, file_name: String) -> AppResult<Response> {
    let bytes = tokio::task::spawn_blocking(move || record::export(&sheet))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")).map_err(AppError::internal)?;
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static(XLSX_CONTENT_TYPE)), (header::CONTENT_DISPOSITION, disposition)],
        bytes,
    )
        .into_response())
}

/// Lists the school years of the year picker: from three years back to next year.
pub(crate) fn year_choices(selected: SchoolYear) -> Vec<(String, bool)> {
    let current = SchoolYear::containing(i18n::today());
    let first = current.start_year() - 3;
    (first..=current.start_year() + 1)
        .rev()
        .filter_map(SchoolYear::starting)
        .map(|year| (year.to_string(), year == selected))
        .collect()
}
