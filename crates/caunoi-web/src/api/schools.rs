//! Schools of a province, one school, and a school's staff.

use axum::Json;
use axum::extract::State;
use caunoi_core::org::SchoolLevel;
use caunoi_core::policy::Action;
use caunoi_core::text::fold;
use caunoi_db::schools::{self, School, SchoolFilter, StaffMember};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use utoipa::{IntoParams, ToSchema};

use super::error::ErrorBody;
use super::params::{
    ApiPath, ApiQuery, List, PageQuery, bad_parameter, parse_commune, parse_id, parse_year, present, school_year,
    visible_province,
};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;

/// A school and its cluster in one school year.
#[derive(Debug, Serialize, ToSchema)]
pub struct SchoolItem {
    pub id: i64,
    pub name: String,
    /// `preschool`, `primary`, `lower_secondary`, `upper_secondary`, `multi_level` or
    /// `continuing_education`.
    #[schema(example = "upper_secondary")]
    pub level: String,
    /// `public` or `private`.
    #[schema(example = "public")]
    pub ownership: String,
    #[schema(example = "79")]
    pub province_code: String,
    /// Commune-level unit; null until someone confirms it after an import.
    #[schema(example = "26743")]
    pub commune_code: Option<String>,
    pub commune_name: Option<String>,
    /// School year of `cluster_id`.
    #[schema(example = "2025-2026")]
    pub school_year: String,
    /// Cluster in `school_year`: the school's override, else its commune's cluster.
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    /// MOET code with MOET's province prefix, such as `02-001`.
    pub moet_code: Option<String>,
    /// District before the July 2025 reorganisation, as imported.
    pub former_district: Option<String>,
    /// Demo data generated from population figures, not a real school.
    pub is_generated: bool,
}

impl SchoolItem {
    fn new(school: School, school_year: &str) -> SchoolItem {
        SchoolItem {
            id: school.id,
            name: school.name,
            level: school.level,
            ownership: school.ownership,
            province_code: school.province_code,
            commune_code: school.commune_code,
            commune_name: school.commune_name,
            school_year: school_year.to_owned(),
            cluster_id: school.cluster_id,
            cluster_name: school.cluster_name,
            moet_code: school.moet_code,
            former_district: school.former_district,
            is_generated: school.is_generated == 1,
        }
    }
}

/// A person working at a school, with the roles they hold there.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffItem {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    /// Roles held on this school, such as `school_leader`.
    #[schema(example = json!(["core_teacher", "teacher"]))]
    pub roles: Vec<String>,
}

impl From<StaffMember> for StaffItem {
    fn from(member: StaffMember) -> StaffItem {
        StaffItem {
            id: member.user_id,
            username: member.username,
            full_name: member.full_name,
            roles: split_roles(&member.roles),
        }
    }
}

/// Splits the comma-separated role list of the repositories.
pub(super) fn split_roles(roles: &str) -> Vec<String> {
    roles.split(',').filter(|role| !role.is_empty()).map(str::to_owned).collect()
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SchoolQuery {
    /// Province code; defaults to the caller's only province.
    #[param(example = "79")]
    pub province: Option<String>,
    /// Education level, such as `upper_secondary`.
    #[param(example = "upper_secondary")]
    pub level: Option<String>,
    /// Cluster id: schools of that cluster in `year`.
    #[param(value_type = Option<i64>)]
    pub cluster: Option<String>,
    /// Commune code, leading zeros optional.
    #[param(example = "26743")]
    pub commune: Option<String>,
    /// School year of the clusters, such as `2025-2026`; defaults to the year the
    /// screens show.
    #[param(example = "2025-2026")]
    pub year: Option<String>,
    /// Search in names, ignoring case and tone marks.
    pub q: Option<String>,
}

/// List a province's schools by name.
#[utoipa::path(
    get,
    path = "/api/v1/schools",
    operation_id = "list_schools",
    tag = "schools",
    params(SchoolQuery, PageQuery),
    responses(
        (status = 200, description = "One page of schools", body = List<SchoolItem>),
        (status = 400, description = "Invalid parameter, or `province` needed", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<SchoolQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<List<SchoolItem>>> {
    let page = paging.parse()?;
    let level = present(&query.level)
        .map(|raw| SchoolLevel::parse(raw).ok_or_else(|| bad_parameter("api-error-level", "level", raw)))
        .transpose()?;
    let cluster_id = present(&query.cluster).map(|raw| parse_id("cluster", raw)).transpose()?;
    let commune = present(&query.commune).map(|raw| parse_commune("commune", raw)).transpose()?;
    let year = parse_year(&query.year)?;
    let province = visible_province(&state.db, &user, &query.province).await?;
    let year = school_year(&state.db, &province, year).await?;
    let filter = SchoolFilter {
        province,
        school_year: year.clone(),
        cluster_id,
        commune,
        level: level.map(|level| level.as_str().to_owned()),
        query: present(&query.q).map(fold),
    };

    let (items, total) = schools::list(&state.db, &filter, page).await?;

    Ok(Json(List { items: items.into_iter().map(|school| SchoolItem::new(school, &year)).collect(), total }))
}

/// Show one school and its cluster in the current school year.
#[utoipa::path(
    get,
    path = "/api/v1/schools/{id}",
    operation_id = "get_school",
    tag = "schools",
    params(("id" = i64, Path, description = "School id")),
    responses(
        (status = 200, description = "The school", body = SchoolItem),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such school, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn detail(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
) -> AppResult<Json<SchoolItem>> {
    let id = parse_id("id", &raw_id)?;

    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::ViewSchool { school: &facts })?;

    let year = school_year(&state.db, &facts.province, None).await?;
    let school = schools::get(&state.db, id, &year).await?;

    Ok(Json(SchoolItem::new(school, &year)))
}

/// List a school's staff in Vietnamese name order, with the roles they hold there.
///
/// Only people whose roles reach the school see it: its department, its cluster's
/// coordinators and board, its commune's officers and its own staff.
#[utoipa::path(
    get,
    path = "/api/v1/schools/{id}/people",
    operation_id = "list_school_people",
    tag = "schools",
    params(("id" = i64, Path, description = "School id"), PageQuery),
    responses(
        (status = 200, description = "One page of the school's staff", body = List<StaffItem>),
        (status = 400, description = "Invalid id or paging parameter", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such school, or its staff are outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn people(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<List<StaffItem>>> {
    let id = parse_id("id", &raw_id)?;
    let page = paging.parse()?;

    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::ViewSchoolStaff { school: &facts })?;

    let staff = schools::staff(&state.db, id).await?;

    Ok(Json(List::page_of(staff.into_iter().map(StaffItem::from).collect(), page)))
}
