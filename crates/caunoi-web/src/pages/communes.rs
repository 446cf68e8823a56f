//! Commune-level units: a province's list with search, and one unit's facts, the former
//! units merged into it, its schools and its cluster in each school year.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::policy::Action;
use caunoi_core::text::fold;
use caunoi_db::clusters;
use caunoi_db::communes::{self, Commune, CommuneFilter, FormerUnit, YearCluster};
use caunoi_db::provinces::{self, Province};
use caunoi_db::schools::{self, School, SchoolFilter};
use serde::Deserialize;
use tracing::instrument;

use super::province::ProvinceMap;
use super::provinces::hosted_code;
use super::render;
use super::schools::{last_page_if_past_end, non_blank, parse_page};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale};
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    page: Option<String>,
}

/// A unit in the list, with its cluster in the shown school year.
struct CommuneRow {
    commune: Commune,
    cluster_id: Option<i64>,
    cluster_name: Option<String>,
}

#[derive(Template)]
#[template(path = "communes/list.html")]
struct ListPage {
    nav: Nav,
    province: Province,
    school_year: String,
    q: String,
    notices: Vec<String>,
    communes: Vec<CommuneRow>,
    pager: Pager,
}

/// Lists a province's units by name with their facts and this year's cluster. The
/// search ignores case, tone marks and the stroke of `đ`.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn list(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let code = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::ViewProvince { province: &code })?;

    let mut notices = Vec::new();
    let q = non_blank(&query.q).unwrap_or_default().to_owned();
    let filter = CommuneFilter { province: code.clone(), query: Some(fold(&q)).filter(|folded| !folded.is_empty()) };
    let mut page = parse_page(query.page.as_deref(), locale, &mut notices);
    let (mut items, total) = communes::list(&state.db, &filter, page).await?;
    if let Some(last) = last_page_if_past_end(page, total, locale, &mut notices) {
        page = last;
        items = communes::list(&state.db, &filter, page).await?.0;
    }
    let province = provinces::get(&state.db, &code).await?;
    let school_year = clusters::current_year(&state.db, &code, i18n::today()).await?;
    let map_data = ProvinceMap::load(&state.db, &code, &school_year).await?;

    let communes = items
        .into_iter()
        .map(|commune| CommuneRow {
            cluster_id: map_data.cluster_id(&commune.code),
            cluster_name: map_data.cluster_name(&commune.code),
            commune,
        })
        .collect();
    let base = query_base(&format!("/p/{code}/communes"), &[("q", Some(q.clone()))]);
    let page = ListPage {
        nav: Nav::new(locale, &user, Some(&code), "communes", &uri),
        pager: Pager::new(page, total, base),
        province,
        school_year,
        q,
        notices,
        communes,
    };
    render(&page)
}

#[derive(Debug, Deserialize)]
pub struct DetailQuery {
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "communes/detail.html")]
struct DetailPage {
    nav: Nav,
    commune: Commune,
    province: Province,
    school_year: String,
    former_units: Vec<FormerUnit>,
    clusters: Vec<YearCluster>,
    notices: Vec<String>,
    schools: Vec<School>,
    pager: Pager,
}

impl DetailPage {
    /// Translates a conversion note that the table publishes in Vietnamese.
    fn note_label(&self, note: &str) -> String {
        match fold(note).as_str() {
            "nhap toan bo" => self.nav.locale.t("commune-note-whole"),
            "nhap mot phan" => self.nav.locale.t("commune-note-part"),
            "giu nguyen" => self.nav.locale.t("commune-note-unchanged"),
            _ => note.to_owned(),
        }
    }
}

/// Shows a unit: its facts, the former units merged into it on 1 July 2025, its
/// schools with their cluster of the current year, and its cluster in every year.
#[instrument(skip_all, fields(commune.code = %raw_code))]
pub async fn detail(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_code): Path<String>,
    Query(query): Query<DetailQuery>,
) -> AppResult<Response> {
    // Unit codes are five digits; anything else cannot exist.
    if raw_code.len() != 5 || !raw_code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::NotFound);
    }
    let commune = communes::get(&state.db, &raw_code).await?;
    user.require(Action::ViewProvince { province: &commune.province_code })?;

    let province = provinces::get(&state.db, &commune.province_code).await?;
    let former_units = communes::former_units(&state.db, &commune.code).await?;
    let clusters = communes::clusters_by_year(&state.db, &commune.code).await?;
    let school_year = clusters::current_year(&state.db, &commune.province_code, i18n::today()).await?;
    let mut notices = Vec::new();
    let mut page = parse_page(query.page.as_deref(), locale, &mut notices);
    let filter = SchoolFilter {
        province: commune.province_code.clone(),
        school_year: school_year.clone(),
        commune: Some(commune.code.clone()),
        ..SchoolFilter::default()
    };
    let (mut schools, total) = schools::list(&state.db, &filter, page).await?;
    if let Some(last) = last_page_if_past_end(page, total, locale, &mut notices) {
        page = last;
        schools = schools::list(&state.db, &filter, page).await?.0;
    }

    let base = query_base(&format!("/communes/{}", commune.code), &[]);
    let page = DetailPage {
        nav: Nav::new(locale, &user, Some(&commune.province_code), "communes", &uri),
        pager: Pager::new(page, total, base),
        commune,
        province,
        school_year,
        former_units,
        clusters,
        notices,
        schools,
    };
    render(&page)
}
