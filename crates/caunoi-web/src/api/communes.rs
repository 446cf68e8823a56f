//! Commune-level units (xã, phường, đặc khu) of a province.

use axum::Json;
use axum::extract::State;
use caunoi_core::policy::Action;
use caunoi_core::text::fold;
use caunoi_db::clusters;
use caunoi_db::communes::{self, Commune, CommuneFilter};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use utoipa::{IntoParams, ToSchema};

use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, List, PageQuery, parse_commune, present, school_year, visible_province};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;

/// A commune-level unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommuneItem {
    /// Five-digit official code.
    #[schema(example = "26743")]
    pub code: String,
    #[schema(example = "79")]
    pub province_code: String,
    pub name: String,
    pub short_name: String,
    /// `commune` (xã), `ward` (phường) or `special_zone` (đặc khu).
    #[schema(example = "ward")]
    pub kind: String,
    pub lat: f64,
    pub lon: f64,
    pub area_km2: Option<f64>,
    /// Population in 2025, when published.
    pub population: Option<i64>,
    pub school_count: i64,
}

impl From<Commune> for CommuneItem {
    fn from(commune: Commune) -> CommuneItem {
        CommuneItem {
            code: commune.code,
            province_code: commune.province_code,
            name: commune.name,
            short_name: commune.short_name,
            kind: commune.kind,
            lat: commune.lat,
            lon: commune.lon,
            area_km2: commune.area_km2,
            population: commune.population,
            school_count: commune.school_count,
        }
    }
}

/// A commune-level unit with its cluster in the current school year.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommuneDetail {
    #[serde(flatten)]
    pub commune: CommuneItem,
    #[schema(example = "2025-2026")]
    pub school_year: String,
    /// Cluster of the unit in `school_year`, when the layout places it in one.
    pub cluster_id: Option<i64>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommuneQuery {
    /// Province code; defaults to the caller's only province.
    #[param(example = "79")]
    pub province: Option<String>,
    /// Search in names, ignoring case and tone marks.
    pub q: Option<String>,
}

/// List a province's communes and wards by name.
#[utoipa::path(
    get,
    path = "/api/v1/communes",
    operation_id = "list_communes",
    tag = "communes",
    params(CommuneQuery, PageQuery),
    responses(
        (status = 200, description = "One page of units", body = List<CommuneItem>),
        (status = 400, description = "Invalid parameter, or `province` needed", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<CommuneQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<List<CommuneItem>>> {
    let page = paging.parse()?;
    let province = visible_province(&state.db, &user, &query.province).await?;
    let filter = CommuneFilter { province, query: present(&query.q).map(fold) };

    let (items, total) = communes::list(&state.db, &filter, page).await?;

    Ok(Json(List { items: items.into_iter().map(CommuneItem::from).collect(), total }))
}

/// Show one commune-level unit and its cluster in the current school year.
#[utoipa::path(
    get,
    path = "/api/v1/communes/{code}",
    operation_id = "get_commune",
    tag = "communes",
    params(("code" = String, Path, description = "Official five-digit code, leading zeros optional", example = "26743")),
    responses(
        (status = 200, description = "The unit", body = CommuneDetail),
        (status = 400, description = "The code is not a commune code", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such unit, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(commune.code = %raw_code))]
pub async fn detail(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_code): ApiPath,
) -> AppResult<Json<CommuneDetail>> {
    let code = parse_commune("code", &raw_code)?;

    let commune = communes::get(&state.db, &code).await?;
    user.require(Action::ViewProvince { province: &commune.province_code })?;

    let year = school_year(&state.db, &commune.province_code, None).await?;
    let layout = clusters::layout(&state.db, &commune.province_code, &year).await?;
    let cluster_id = layout.into_iter().find(|(member, _)| *member == code).map(|(_, cluster)| cluster);

    Ok(Json(CommuneDetail { commune: commune.into(), school_year: year, cluster_id }))
}
