//! Professional clusters of a province per school year, with their members and board.

use axum::Json;
use axum::extract::State;
use caunoi_core::policy::Action;
use caunoi_db::clusters::{self, BoardMember, Cluster};
use caunoi_db::schools;
use serde::{Deserialize, Serialize};
use tracing::instrument;
use utoipa::{IntoParams, ToSchema};

use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, List, PageQuery, parse_id, parse_year, school_year, visible_province};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;

/// A cluster of one school year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClusterItem {
    pub id: i64,
    #[schema(example = "79")]
    pub province_code: String,
    #[schema(example = "2025-2026")]
    pub school_year: String,
    pub name: String,
    /// Order of the cluster in its province's list.
    pub position: i64,
    pub commune_count: i64,
    pub school_count: i64,
}

impl From<Cluster> for ClusterItem {
    fn from(cluster: Cluster) -> ClusterItem {
        ClusterItem {
            id: cluster.id,
            province_code: cluster.province_code,
            school_year: cluster.school_year,
            name: cluster.name,
            position: cluster.position,
            commune_count: cluster.commune_count,
            school_count: cluster.school_count,
        }
    }
}

/// A cluster with its communes, schools and coordinating board.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClusterDetail {
    #[serde(flatten)]
    pub cluster: ClusterItem,
    pub communes: Vec<MemberCommuneItem>,
    pub schools: Vec<MemberSchoolItem>,
    pub board: Vec<BoardMemberItem>,
}

/// A commune-level unit of a cluster.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberCommuneItem {
    #[schema(example = "26743")]
    pub code: String,
    pub name: String,
}

/// A school of a cluster in the cluster's school year.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberSchoolItem {
    pub id: i64,
    pub name: String,
    #[schema(example = "upper_secondary")]
    pub level: String,
    /// Demo data generated from population figures, not a real school.
    pub is_generated: bool,
}

/// A member of a cluster's coordinating board.
#[derive(Debug, Serialize, ToSchema)]
pub struct BoardMemberItem {
    pub user_id: i64,
    pub username: String,
    pub full_name: String,
    /// `coordinator`, `level_head` or `member`.
    #[schema(example = "coordinator")]
    pub board_role: String,
    /// School level a level head is responsible for.
    pub level: Option<String>,
    /// `department`, `commune` or `school`.
    #[schema(example = "school")]
    pub affiliation: String,
}

impl From<BoardMember> for BoardMemberItem {
    fn from(member: BoardMember) -> BoardMemberItem {
        BoardMemberItem {
            user_id: member.user_id,
            username: member.username,
            full_name: member.full_name,
            board_role: member.board_role,
            level: member.level,
            affiliation: member.affiliation,
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClusterQuery {
    /// Province code; defaults to the caller's only province.
    #[param(example = "79")]
    pub province: Option<String>,
    /// School year such as `2025-2026`; defaults to the year the screens show.
    #[param(example = "2025-2026")]
    pub year: Option<String>,
}

/// List a province's clusters of one school year, in their order.
#[utoipa::path(
    get,
    path = "/api/v1/clusters",
    operation_id = "list_clusters",
    tag = "clusters",
    params(ClusterQuery, PageQuery),
    responses(
        (status = 200, description = "One page of clusters", body = List<ClusterItem>),
        (status = 400, description = "Invalid parameter, or `province` needed", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<ClusterQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<List<ClusterItem>>> {
    let page = paging.parse()?;
    let year = parse_year(&query.year)?;
    let province = visible_province(&state.db, &user, &query.province).await?;
    let year = school_year(&state.db, &province, year).await?;

    let all = clusters::list(&state.db, &province, &year).await?;

    Ok(Json(List::page_of(all.into_iter().map(ClusterItem::from).collect(), page)))
}

/// Show one cluster with its communes, schools and coordinating board.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{id}",
    operation_id = "get_cluster",
    tag = "clusters",
    params(("id" = i64, Path, description = "Cluster id")),
    responses(
        (status = 200, description = "The cluster", body = ClusterDetail),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such cluster, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn detail(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
) -> AppResult<Json<ClusterDetail>> {
    let id = parse_id("id", &raw_id)?;

    let facts = clusters::facts(&state.db, id).await?;
    user.require(Action::ViewCluster { cluster: &facts })?;

    let cluster = clusters::get(&state.db, id).await?;
    let communes = clusters::member_communes(&state.db, id).await?;
    let schools = schools::in_cluster(&state.db, id).await?;
    let board = clusters::board(&state.db, id).await?;

    Ok(Json(ClusterDetail {
        cluster: cluster.into(),
        communes: communes.into_iter().map(|c| MemberCommuneItem { code: c.code, name: c.name }).collect(),
        schools: schools
            .into_iter()
            .map(|s| MemberSchoolItem { id: s.id, name: s.name, level: s.level, is_generated: s.is_generated == 1 })
            .collect(),
        board: board.into_iter().map(BoardMemberItem::from).collect(),
    }))
}
