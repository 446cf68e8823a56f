//! `/me/development`: the signed-in person's own record.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::school_year::SchoolYear;
use caunoi_db::activities::record;
use tracing::instrument;

use super::{EntryRow, YearQuery, entry_rows, hours, parse_year, record_sheet, xlsx_response, year_choices};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::Locale;
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

#[derive(Template)]
#[template(path = "development/record.html")]
pub(crate) struct RecordPage {
    pub nav: Nav,
    /// Whose record: `None` on one's own page.
    pub person: Option<String>,
    pub year: SchoolYear,
    pub years: Vec<(String, bool)>,
    /// Target path of the year picker, and the export link.
    pub action: String,
    pub export: String,
    pub back: Option<(String, String)>,
    pub entries: Vec<EntryRow>,
    pub total_hours: String,
}

/// Shows the person's own record for a school year.
#[instrument(skip_all, fields(user.id = user.id))]
pub async fn mine(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    let year = parse_year(&query)?;

    let entries = record::person_record(&state.db, user.id, year).await?;

    let page = RecordPage {
        nav: Nav::new(locale, &user, None, "development", &uri),
        person: None,
        years: year_choices(year),
        action: "/me/development".into(),
        export: format!("/me/development.xlsx?year={year}"),
        back: None,
        total_hours: hours(locale, record::total_minutes(&entries)),
        entries: entry_rows(locale, &entries),
        year,
    };
    render(&page)
}

/// Downloads the person's own record as `.xlsx`.
#[instrument(skip_all, fields(user.id = user.id))]
pub async fn mine_xlsx(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    let year = parse_year(&query)?;

    let entries = record::person_record(&state.db, user.id, year).await?;

    let sheet = record_sheet(locale, &user.full_name, year, &entries);
    xlsx_response(sheet, format!("ho-so-boi-duong-{year}.xlsx")).await
}
