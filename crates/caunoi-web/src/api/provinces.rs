//! Provinces: the national list of 34, and one province with its figures.

use axum::Json;
use axum::extract::State;
use caunoi_core::policy::Action;
use caunoi_db::provinces::{self, Province};
use caunoi_db::{DbError, clusters, schools};
use serde::Serialize;
use tracing::instrument;
use utoipa::ToSchema;

use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, List, PageQuery, parse_province, school_year};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;

/// A province of the national list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProvinceItem {
    /// Two-digit official code, such as `79` for Ho Chi Minh City.
    #[schema(example = "79")]
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Whether this deployment hosts the province's department.
    pub hosted: bool,
    /// Whether the caller may open the province's communes, clusters and schools.
    pub accessible: bool,
    pub commune_count: i64,
}

impl ProvinceItem {
    fn new(province: Province, user: &CurrentUser) -> ProvinceItem {
        let accessible = user.allows(Action::ViewProvince { province: &province.code });
        ProvinceItem {
            code: province.code,
            name: province.name,
            short_name: province.short_name,
            lat: province.lat,
            lon: province.lon,
            hosted: province.hosted == 1,
            accessible,
            commune_count: province.commune_count,
        }
    }
}

/// A province with its department and its figures for the current school year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProvinceDetail {
    #[schema(example = "79")]
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub hosted: bool,
    /// Name of the Department of Education and Training, when hosted.
    pub department_name: Option<String>,
    pub commune_count: i64,
    /// School year of `cluster_count`, such as `2025-2026`.
    #[schema(example = "2025-2026")]
    pub school_year: String,
    pub cluster_count: i64,
    pub school_count: i64,
    pub schools_by_level: Vec<LevelCount>,
}

/// Number of schools of one level.
#[derive(Debug, Serialize, ToSchema)]
pub struct LevelCount {
    #[schema(example = "upper_secondary")]
    pub level: String,
    pub count: i64,
}

/// List the 34 provinces, hosted ones first.
///
/// The national list is reference data that every signed-in person may read, and
/// `accessible` marks the provinces the caller may open.
#[utoipa::path(
    get,
    path = "/api/v1/provinces",
    operation_id = "list_provinces",
    tag = "provinces",
    params(PageQuery),
    responses(
        (status = 200, description = "One page of provinces", body = List<ProvinceItem>),
        (status = 400, description = "Invalid paging parameter", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<List<ProvinceItem>>> {
    let page = paging.parse()?;

    let all = provinces::list(&state.db).await?;

    let items = all.into_iter().map(|province| ProvinceItem::new(province, &user)).collect();
    Ok(Json(List::page_of(items, page)))
}

/// Show one province, its department and its figures for the current school year.
#[utoipa::path(
    get,
    path = "/api/v1/provinces/{code}",
    operation_id = "get_province",
    tag = "provinces",
    params(("code" = String, Path, description = "Official province code: `79`, or `1` or `01` for Hà Nội", example = "79")),
    responses(
        (status = 200, description = "The province", body = ProvinceDetail),
        (status = 400, description = "The code is not a province code", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(province.code = %raw_code))]
pub async fn detail(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_code): ApiPath,
) -> AppResult<Json<ProvinceDetail>> {
    let code = parse_province("code", &raw_code)?;

    let province = provinces::get(&state.db, &code).await?;
    user.require(Action::ViewProvince { province: &code })?;

    let department_name = match provinces::department(&state.db, &code).await {
        Ok(department) => Some(department.name),
        Err(DbError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    let year = school_year(&state.db, &code, None).await?;
    let cluster_count = clusters::list(&state.db, &code, &year).await?.len() as i64;
    let schools_by_level: Vec<LevelCount> = schools::count_by_level(&state.db, &code)
        .await?
        .into_iter()
        .map(|(level, count)| LevelCount { level, count })
        .collect();

    Ok(Json(ProvinceDetail {
        code: province.code,
        name: province.name,
        short_name: province.short_name,
        lat: province.lat,
        lon: province.lon,
        hosted: province.hosted == 1,
        department_name,
        commune_count: province.commune_count,
        school_year: year,
        cluster_count,
        school_count: schools_by_level.iter().map(|level| level.count).sum(),
        schools_by_level,
    }))
}
