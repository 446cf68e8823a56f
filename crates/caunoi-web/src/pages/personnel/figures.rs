//! The shortage table and map of a province, cluster, commune or school.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::staffing::Subject;
use caunoi_db::communes;
use caunoi_db::provinces::{self, Province};
use caunoi_db::staffing::figures::{GroupRow, Grouping};
use serde::Deserialize;
use tracing::instrument;

use super::scope::{FigureRequest, authorised_figures, parse_subjects};
use crate::api::personnel::{GroupBody, group_body, grouping_key};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::map::{self, Colouring, MapLabels, MapUnit, Scale};
use crate::pages::provinces::hosted_code;
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

#[derive(Debug, Default, Deserialize)]
pub struct FigureQuery {
    year: Option<String>,
    cluster: Option<String>,
    commune: Option<String>,
    school: Option<String>,
    /// Subject keys of the table, comma-separated.
    subjects: Option<String>,
    /// The subject that colours the map.
    subject: Option<String>,
}

#[derive(Template)]
#[template(path = "personnel/figures.html")]
struct FiguresPage {
    nav: Nav,
    province: Province,
    school_year: String,
    /// The cluster, commune or school shown, for the heading; empty for the province.
    scope_name: String,
    grouping: &'static str,
    subjects: Vec<Subject>,
    subject_keys: String,
    /// The chosen subjects' names in the page's language, for the subjects field.
    subject_names: String,
    map_subject: Subject,
    total: GroupBody,
    rows: Vec<GroupBody>,
    /// Query string that narrows to one row, without the row's own key.
    drill_base: String,
    map_svg: String,
    /// Schools in scope whose elective periods are estimated, not recorded.
    estimated_electives: usize,
    /// True for the department, which imports staff lists of several schools.
    may_import: bool,
}

impl FiguresPage {
    fn is_map_subject(&self, subject: &Subject) -> bool {
        *subject == self.map_subject
    }

    fn number(&self, value: &f64) -> String {
        self.nav.locale.decimal(*value, 1)
    }
}

fn parse_id(raw: Option<&str>) -> AppResult<Option<i64>> {
    match raw.map(str::trim).filter(|raw| !raw.is_empty()) {
        None => Ok(None),
        Some(raw) => raw.parse::<i64>().ok().filter(|id| *id > 0).map(Some).ok_or(AppError::NotFound),
    }
}

/// Shows the figures of a province, or of the cluster, commune or school the query names.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn show(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Query(query): Query<FigureQuery>,
) -> AppResult<Response> {
    let code = hosted_code(&state.db, &raw_province).await?;
    let subjects = parse_subjects(query.subjects.as_deref())?;
    let map_subject = match query.subject.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(key) => parse_subjects(Some(key))?[0],
        None => subjects[0],
    };
    let school_year = match query.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        Some(raw) => caunoi_core::school_year::SchoolYear::parse(raw)
            .ok_or_else(|| AppError::bad_value("personnel-error-year", raw))?
            .to_string(),
        None => caunoi_db::clusters::current_year(&state.db, &code, crate::i18n::today()).await?,
    };
    let request = FigureRequest {
        province: code.clone(),
        school_year: school_year.clone(),
        cluster: parse_id(query.cluster.as_deref())?,
        commune: query.commune.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned),
        school: parse_id(query.school.as_deref())?,
    };

    let figures = authorised_figures(&state.db, &user, &request).await?;

    let grouping = request.grouping();
    let groups = figures.grouped(grouping);
    let scope_name = scope_name(&request, &figures.schools);
    let map_svg = match request.school.or(request.commune.as_ref().map(|_| 0)) {
        Some(_) => String::new(),
        None => commune_map(&state, locale, &code, &figures.grouped(Grouping::Commune), map_subject, &request).await?,
    };
    let province = provinces::get(&state.db, &code).await?;
    let estimated_electives = figures.schools.iter().filter(|(_, balance)| balance.electives_estimated).count();
    let subject_keys = subjects.iter().map(|s| s.key()).collect::<Vec<_>>().join(",");
    let subject_names = subjects.iter().map(|s| locale.tp("subject", s.key())).collect::<Vec<_>>().join(", ");
    let page = FiguresPage {
        nav: Nav::new(locale, &user, Some(&code), "personnel", &uri),
        drill_base: drill_base(&request, &subject_keys),
        total: group_body(String::new(), String::new(), &figures.totals(), &subjects),
        rows: groups.into_iter().map(|GroupRow { key, name, totals }| group_body(key, name, &totals, &subjects)).collect(),
        grouping: grouping_key(grouping),
        province,
        school_year,
        scope_name,
        subjects,
        subject_keys,
        subject_names,
        map_subject,
        map_svg,
        estimated_electives,
        may_import: user.allows(caunoi_core::policy::Action::ImportProvinceStaff { province: &code }),
    };
    render(&page)
}

/// A cluster's personnel map, the cluster board's entry point.
pub async fn cluster(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let id = parse_id(Some(&raw_id))?.ok_or(AppError::NotFound)?;
    let facts = caunoi_db::clusters::facts(&state.db, id).await?;
    user.require(caunoi_core::policy::Action::ViewCluster { cluster: &facts })?;
    Ok(Redirect::to(&format!("/p/{}/personnel?cluster={id}", facts.province)).into_response())
}

fn scope_name(request: &FigureRequest, schools: &[(caunoi_db::staffing::figures::SchoolPlace, caunoi_core::staffing::shortage::SchoolBalance)]) -> String {
    let first = schools.first().map(|(place, _)| place);
    if request.school.is_some() {
        first.map(|p| p.name.clone()).unwrap_or_default()
    } else if request.commune.is_some() {
        first.and_then(|p| p.commune_name.clone()).unwrap_or_default()
    } else if request.cluster.is_some() {
        first.and_then(|p| p.cluster_name.clone()).unwrap_or_default()
    } else {
        String::new()
    }
}

/// Builds the query of the current scope. A row's link adds its own cluster, commune or school to it.
fn drill_base(request: &FigureRequest, subject_keys: &str) -> String {
    let mut query = format!("year={}&subjects={subject_keys}", request.school_year);
    if let Some(cluster) = request.cluster {
        query.push_str(&format!("&cluster={cluster}"));
    }
    if let Some(commune) = &request.commune {
        query.push_str(&format!("&commune={commune}"));
    }
    query
}

/// Draws the communes of the scope coloured by the shortage of one subject, in
/// periods per week.
async fn commune_map(
    state: &AppState,
    locale: Locale,
    province: &str,
    communes_figures: &[GroupRow],
    subject: Subject,
    request: &FigureRequest,
) -> AppResult<String> {
    let shortage: HashMap<&str, f64> = communes_figures
        .iter()
        .map(|row| (row.key.as_str(), row.totals.subjects.get(&subject).map(|s| s.shortage).unwrap_or(0.0)))
        .collect();
    let mut communes = communes::all_in_province(&state.db, province).await?;
    if request.cluster.is_some() {
        communes.retain(|commune| shortage.contains_key(commune.code.as_str()));
    }
    let subject_name = locale.tp("subject", subject.key());
    let units: Vec<MapUnit> = communes
        .iter()
        .map(|commune| {
            let value = shortage.get(commune.code.as_str()).copied();
            let hover_text = match value {
                Some(v) => locale.t1("personnel-map-shortage", "periods", &locale.decimal(v, 1)),
                None => locale.t("personnel-map-no-data"),
            };
            MapUnit {
                name: commune.name.clone(),
                short_name: commune.short_name.clone(),
                lat: commune.lat,
                lon: commune.lon,
                area_km2: commune.area_km2,
                href: format!("/p/{province}/personnel?year={}&commune={}&subject={}", request.school_year, commune.code, subject.key()),
                details: vec![hover_text],
                group: None,
                value,
            }
        })
        .collect();
    let title = locale.t1("personnel-map-title", "subject", &subject_name);
    let values: Vec<f64> = units.iter().filter_map(|u| u.value).collect();
    let scale = Scale::quantiles(title.clone(), &values, |v| locale.decimal(v, 1));
    let labels = MapLabels {
        id: "personnel-map".into(),
        title,
        description: locale.t("personnel-map-description"),
        missing: locale.t("personnel-map-no-data"),
        inset_note: locale.t("map-inset-note"),
    };
    Ok(map::commune_map(&units, &Colouring::Scale(scale), &labels))
}
