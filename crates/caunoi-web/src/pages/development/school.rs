//! `/schools/{id}/development`: the records of a school's staff, for its leaders and
//! the department of its province.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::policy::{Action, SchoolFacts};
use caunoi_core::school_year::SchoolYear;
use caunoi_db::activities::record;
use caunoi_db::schools;
use tracing::instrument;

use super::person::RecordPage;
use super::{YearQuery, entry_rows, hours, parse_year, record_sheet, totals_sheet, xlsx_response, year_choices};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::pages::render;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::view::Nav;

/// One person of the school with their totals.
struct TotalRow {
    user_id: i64,
    name: String,
    activities: String,
    hours: String,
}

#[derive(Template)]
#[template(path = "development/school.html")]
struct SchoolPage {
    nav: Nav,
    school_id: i64,
    school: String,
    /// Target path of the year picker.
    action: String,
    year: SchoolYear,
    years: Vec<(String, bool)>,
    people: Vec<TotalRow>,
    total_hours: String,
}

/// Loads the school's facts and checks that the user may read its staff's records.
async fn authorise(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<SchoolFacts> {
    let id = parse_id(raw_id)?;
    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::ViewDevelopmentRecords { school: &facts })?;
    Ok(facts)
}

/// Shows each person of the school with their activities and hours in a school year.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn totals(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    let facts = authorise(&state, &user, &raw_id).await?;
    let year = parse_year(&query)?;

    let school = schools::get(&state.db, facts.id, &year.to_string()).await?;
    let totals = record::school_totals(&state.db, facts.id, year).await?;

    let page = SchoolPage {
        nav: Nav::new(locale, &user, Some(&facts.province), "development", &uri),
        school_id: facts.id,
        school: school.name,
        action: format!("/schools/{}/development", facts.id),
        years: year_choices(year),
        total_hours: hours(locale, totals.iter().map(|person| person.minutes).sum()),
        people: totals
            .into_iter()
            .map(|person| TotalRow {
                user_id: person.user_id,
                name: person.full_name,
                activities: locale.int(person.activities),
                hours: hours(locale, person.minutes),
            })
            .collect(),
        year,
    };
    render(&page)
}

/// Downloads the school's totals as `.xlsx`.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn totals_xlsx(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    let facts = authorise(&state, &user, &raw_id).await?;
    let year = parse_year(&query)?;

    let school = schools::get(&state.db, facts.id, &year.to_string()).await?;
    let totals = record::school_totals(&state.db, facts.id, year).await?;

    let sheet = totals_sheet(locale, &school.name, year, &totals);
    xlsx_response(sheet, format!("boi-duong-truong-{}-{year}.xlsx", facts.id)).await
}

/// Shows the record of one person of the school.
#[instrument(skip_all, fields(school.id = %raw_id, person.id = %raw_user))]
pub async fn member(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path((raw_id, raw_user)): Path<(String, String)>,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    let facts = authorise(&state, &user, &raw_id).await?;
    let person_id = parse_id(&raw_user)?;
    let year = parse_year(&query)?;

    let name = record::staff_name(&state.db, facts.id, person_id).await?.ok_or(AppError::NotFound)?;
    let school = schools::get(&state.db, facts.id, &year.to_string()).await?;
    let entries = record::person_record(&state.db, person_id, year).await?;

    let base = format!("/schools/{}/development", facts.id);
    let page = RecordPage {
        nav: Nav::new(locale, &user, Some(&facts.province), "development", &uri),
        person: Some(name),
        years: year_choices(year),
        action: format!("{base}/{person_id}"),
        export: format!("{base}/{person_id}/record.xlsx?year={year}"),
        back: Some((format!("{base}?year={year}"), school.name)),
        total_hours: hours(locale, record::total_minutes(&entries)),
        entries: entry_rows(locale, &entries),
        year,
    };
    render(&page)
}

/// Downloads the record of one person of the school as `.xlsx`.
#[instrument(skip_all, fields(school.id = %raw_id, person.id = %raw_user))]
pub async fn member_xlsx(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path((raw_id, raw_user)): Path<(String, String)>,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    let facts = authorise(&state, &user, &raw_id).await?;
    let person_id = parse_id(&raw_user)?;
    let year = parse_year(&query)?;

    let name = record::staff_name(&state.db, facts.id, person_id).await?.ok_or(AppError::NotFound)?;
    let entries = record::person_record(&state.db, person_id, year).await?;

    let sheet = record_sheet(locale, &name, year, &entries);
    xlsx_response(sheet, format!("ho-so-boi-duong-{person_id}-{year}.xlsx")).await
}
