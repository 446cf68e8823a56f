//! A province's overview, and what the province's map screens share: the school year
//! they show and the map of the province's communes coloured by cluster.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::policy::{Action, StaffVisibility};
use caunoi_core::org::SchoolLevel;
use caunoi_core::school_year::SchoolYear;
use caunoi_core::text::collate;
use caunoi_db::clusters::{self, Cluster};
use caunoi_db::communes::{self, Commune};
use caunoi_db::provinces::{self, Province};
use caunoi_db::users::{self, PeopleFilter};
use caunoi_db::{Db, Page, schools};
use serde::Deserialize;
use tracing::instrument;

use super::provinces::hosted_code;
use super::render;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{self, FluentArg, Locale};
use crate::map::{self, Colouring, MapLabels, MapUnit};
use crate::state::AppState;
use crate::view::Nav;

#[derive(Debug, Deserialize)]
pub struct YearQuery {
    pub year: Option<String>,
}

/// The school year a province screen shows, and the years its selector offers.
pub(crate) struct YearChoice {
    pub year: String,
    /// Years that have clusters, newest first, plus the shown year when it has none.
    pub years: Vec<String>,
}

/// Chooses the school year from the `year` parameter. A blank parameter gives the
/// default year; a value that is not a school year gives the default with a notice.
/// A valid year without clusters is shown as it is, with empty clusters.
pub(crate) async fn choose_year(
    db: &Db,
    province: &str,
    raw: Option<&str>,
    locale: Locale,
    notices: &mut Vec<String>,
) -> AppResult<YearChoice> {
    let mut years = clusters::years(db, province).await?;
    let requested = raw.map(str::trim).filter(|text| !text.is_empty());
    let year = match requested.map(|text| (text, SchoolYear::parse(text))) {
        Some((_, Some(year))) => year.to_string(),
        Some((text, None)) => {
            let default = clusters::current_year(db, province, i18n::today()).await?;
            notices.push(locale.t_args(
                "province-notice-invalid-year",
                &[("value", FluentArg::Text(text.to_owned())), ("year", FluentArg::Text(default.clone()))],
            ));
            default
        }
        None => clusters::current_year(db, province, i18n::today()).await?,
    };
    if !years.contains(&year) {
        years.push(year.clone());
        years.sort_by(|a, b| b.cmp(a));
    }
    Ok(YearChoice { year, years })
}

/// One row of the table that repeats a map's numbers.
pub(crate) struct MapRow {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    pub school_count: i64,
}

/// A rendered map with the rows of its table; `rows` is empty when the page shows the
/// same numbers in a table of its own.
pub(crate) struct MapView {
    pub svg: String,
    pub rows: Vec<MapRow>,
}

/// The colouring of a province map.
pub(crate) enum MapMode {
    /// Every cluster in its own colour.
    Clusters,
    /// One cluster in colour, the rest grey.
    Highlight(i64),
}

/// A province's communes with their cluster in one school year: the data of a map and
/// of its table.
pub(crate) struct ProvinceMap {
    pub communes: Vec<Commune>,
    /// The year's clusters in layout order; a cluster's index is its colour.
    pub clusters: Vec<Cluster>,
    cluster_of: HashMap<String, i64>,
}

impl ProvinceMap {
    pub(crate) async fn load(db: &Db, province: &str, school_year: &str) -> AppResult<ProvinceMap> {
        let mut communes = communes::all_in_province(db, province).await?;
        // Tables list units by name in Vietnamese order, ignoring the kind word.
        communes.sort_by_cached_key(|commune| (collate::sort_key(&commune.short_name), commune.code.clone()));
        let clusters = clusters::list(db, province, school_year).await?;
        let cluster_of = clusters::layout(db, province, school_year).await?.into_iter().collect();
        Ok(ProvinceMap { communes, clusters, cluster_of })
    }

    pub(crate) fn cluster_id(&self, commune: &str) -> Option<i64> {
        self.cluster_of.get(commune).copied()
    }

    fn cluster_index(&self, commune: &str) -> Option<usize> {
        let id = self.cluster_id(commune)?;
        self.clusters.iter().position(|cluster| cluster.id == id)
    }

    pub(crate) fn cluster_name(&self, commune: &str) -> Option<String> {
        let index = self.cluster_index(commune)?;
        Some(self.clusters[index].name.clone())
    }

    /// Returns the position of a cluster in the year's list, which picks its colour.
    pub(crate) fn colour_index(&self, cluster_id: i64) -> Option<usize> {
        self.clusters.iter().position(|cluster| cluster.id == cluster_id)
    }

    pub(crate) fn rows(&self) -> Vec<MapRow> {
        self.communes
            .iter()
            .map(|commune| MapRow {
                code: commune.code.clone(),
                name: commune.name.clone(),
                kind: commune.kind.clone(),
                cluster_id: self.cluster_id(&commune.code),
                cluster_name: self.cluster_name(&commune.code),
                school_count: commune.school_count,
            })
            .collect()
    }

    /// Renders the map. `id` prefixes the SVG's element ids and must be unique on the page.
    pub(crate) fn render(&self, locale: Locale, mode: MapMode, id: &str, title: String, description: String) -> String {
        let units: Vec<MapUnit> = self
            .communes
            .iter()
            .map(|commune| {
                let cluster = self.cluster_name(&commune.code).unwrap_or_else(|| locale.t("map-no-cluster"));
                let schools = locale.t_args("map-school-count", &[("count", FluentArg::Number(commune.school_count))]);
                MapUnit {
                    name: commune.name.clone(),
                    short_name: commune.short_name.clone(),
                    lat: commune.lat,
                    lon: commune.lon,
                    area_km2: commune.area_km2,
                    href: format!("/communes/{}", commune.code),
                    details: vec![cluster, schools],
                    group: self.cluster_index(&commune.code),
                    value: None,
                }
            })
            .collect();
        let highlighted = match mode {
            MapMode::Highlight(cluster_id) => self.colour_index(cluster_id),
            MapMode::Clusters => None,
        };
        let colouring = match highlighted {
            Some(group) => Colouring::Highlight {
                group,
                name: self.clusters[group].name.clone(),
                others: locale.t("map-other-clusters"),
            },
            // A cluster missing from the loaded year cannot be highlighted, so every cluster shows.
            None => Colouring::Groups { names: self.clusters.iter().map(|c| c.name.clone()).collect() },
        };
        let labels = MapLabels {
            id: id.to_owned(),
            title,
            description,
            missing: locale.t("map-no-cluster"),
            inset_note: locale.t("map-inset-note"),
        };
        map::commune_map(&units, &colouring, &labels)
    }

    /// Renders the map coloured by cluster with the table of its numbers.
    pub(crate) fn cluster_view(&self, locale: Locale, province: &Province, school_year: &str) -> MapView {
        let title = locale.t_args(
            "map-title-clusters",
            &[("province", FluentArg::Text(province.name.clone())), ("year", FluentArg::Text(school_year.to_owned()))],
        );
        let description = locale.t_args(
            "map-description-clusters",
            &[
                ("communes", FluentArg::Number(self.communes.len() as i64)),
                ("clusters", FluentArg::Number(self.clusters.len() as i64)),
            ],
        );
        MapView { svg: self.render(locale, MapMode::Clusters, "province-map", title, description), rows: self.rows() }
    }
}

/// The number of units of one kind, for the overview.
struct KindCount {
    kind: &'static str,
    count: i64,
}

#[derive(Template)]
#[template(path = "province/overview.html")]
struct OverviewPage {
    nav: Nav,
    province: Province,
    department: String,
    choice: YearChoice,
    /// Target of the school-year selector.
    year_action: String,
    notices: Vec<String>,
    kinds: Vec<KindCount>,
    levels: Vec<(String, i64)>,
    school_total: i64,
    cluster_count: i64,
    people_count: i64,
    map: MapView,
}

/// Shows a province: its department, counts of units, schools, clusters and people, and
/// the map of the chosen year's clusters.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn overview(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    let code = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::ViewProvince { province: &code })?;

    let mut notices = Vec::new();
    let choice = choose_year(&state.db, &code, query.year.as_deref(), locale, &mut notices).await?;
    let province = provinces::get(&state.db, &code).await?;
    let department = provinces::department(&state.db, &code).await?;
    let mut levels = schools::count_by_level(&state.db, &code).await?;
    // From preschool up, as MOET lists the levels; unknown identifiers last.
    levels.sort_by_key(|(level, _)| SchoolLevel::parse(level).map_or(usize::MAX, |known| known as usize));
    let map_data = ProvinceMap::load(&state.db, &code, &choice.year).await?;
    let people = PeopleFilter {
        province: code.clone(),
        visibility: StaffVisibility { whole_province: true, ..StaffVisibility::default() },
        ..PeopleFilter::default()
    };
    let (_, people_count) = users::list(&state.db, &people, Page::new(Some(1), Some(1))).await?;

    let kinds = ["ward", "commune", "special_zone"]
        .into_iter()
        .map(|kind| KindCount { kind, count: map_data.communes.iter().filter(|c| c.kind == kind).count() as i64 })
        .filter(|kind| kind.count > 0)
        .collect();
    let page = OverviewPage {
        nav: Nav::new(locale, &user, Some(&code), "province", &uri),
        map: map_data.cluster_view(locale, &province, &choice.year),
        department: department.name,
        year_action: format!("/p/{code}"),
        school_total: levels.iter().map(|(_, count)| count).sum(),
        cluster_count: map_data.clusters.len() as i64,
        province,
        choice,
        notices,
        kinds,
        levels,
        people_count,
    };
    render(&page)
}
