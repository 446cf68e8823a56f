//! API of the dashboard area: the figures of a province's or a cluster's dashboard.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use caunoi_db::dashboard::{ClusterFigures, CommuneFigures, Figures};
use serde::Serialize;
use tracing::instrument;
use utoipa::{OpenApi, ToSchema};

use super::error::ErrorBody;
use super::params::ApiPath;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::rfc3339 as instant;
use crate::pages::dashboard::DashboardTarget;
use crate::state::AppState;

/// Routes of this area under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/provinces/{code}/dashboard", get(province))
        .route("/clusters/{id}/dashboard", get(cluster))
}

/// The paths of this area, merged into the OpenAPI document.
#[derive(OpenApi)]
#[openapi(paths(province, cluster))]
pub struct Doc;

/// Acknowledgement of published, not withdrawn directives, counted per receiving school.
#[derive(Debug, Serialize, ToSchema)]
pub struct AckBody {
    pub recipients: i64,
    pub acknowledged: i64,
    /// Not acknowledged and past the directive's deadline.
    pub overdue: i64,
    /// acknowledged / recipients in percent; null without recipients.
    pub rate_percent: Option<f64>,
}

/// Standing of the receiving schools on published report requests.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompletenessBody {
    pub not_started: i64,
    pub draft: i64,
    pub on_time: i64,
    pub late: i64,
    pub returned: i64,
    pub accepted: i64,
    pub total: i64,
    /// (on_time + late + accepted) / total in percent; null without recipients.
    pub submitted_percent: Option<f64>,
}

/// School requests open or in progress, by age.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestsBody {
    pub open: i64,
    pub under_3_days: i64,
    pub from_3_to_7_days: i64,
    pub over_7_days: i64,
    /// RFC 3339 in Vietnam time; null without open requests.
    pub oldest_created_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FiguresBody {
    pub acknowledgement: AckBody,
    pub completeness: CompletenessBody,
    pub requests: RequestsBody,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClusterFiguresBody {
    /// Null for schools that were in no cluster.
    pub cluster_id: Option<i64>,
    pub name: Option<String>,
    pub figures: FiguresBody,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommuneFiguresBody {
    pub code: String,
    pub name: String,
    pub figures: FiguresBody,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineBody {
    /// `directive` (acknowledgement deadline) or `report` (submission deadline).
    #[schema(example = "report")]
    pub kind: String,
    pub id: i64,
    pub title: String,
    /// RFC 3339 in Vietnam time.
    pub deadline_at: String,
    pub recipients: i64,
    /// Schools that have not acknowledged or not submitted.
    pub owing: i64,
}

/// The figures of a dashboard, narrowed to the caller's part of the province.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardBody {
    pub province: String,
    /// The cluster of a cluster dashboard; null for the province's.
    pub cluster_id: Option<i64>,
    pub school_year: String,
    /// Revision of the province's live figures; it grows with every change.
    pub revision: i64,
    /// RFC 3339 instant the figures were computed at.
    pub computed_at: String,
    pub total: FiguresBody,
    pub clusters: Vec<ClusterFiguresBody>,
    pub communes: Vec<CommuneFiguresBody>,
    /// Acknowledgement and report deadlines of the next 14 days, soonest first.
    pub deadlines: Vec<DeadlineBody>,
}

fn figures_body(figures: &Figures) -> FiguresBody {
    let ack = &figures.acknowledgement;
    let reports = &figures.completeness;
    let requests = &figures.requests;
    FiguresBody {
        acknowledgement: AckBody {
            recipients: ack.recipients,
            acknowledged: ack.acknowledged,
            overdue: ack.overdue,
            rate_percent: ack.rate(),
        },
        completeness: CompletenessBody {
            not_started: reports.not_started,
            draft: reports.draft,
            on_time: reports.on_time,
            late: reports.late,
            returned: reports.returned,
            accepted: reports.accepted,
            total: reports.total(),
            submitted_percent: reports.rate(),
        },
        requests: RequestsBody {
            open: requests.open,
            under_3_days: requests.under_3_days,
            from_3_to_7_days: requests.from_3_to_7_days,
            over_7_days: requests.over_7_days,
            oldest_created_at: requests.oldest_created_at.map(instant),
        },
    }
}

async fn body(state: &AppState, target: &DashboardTarget) -> AppResult<DashboardBody> {
    let (revision, model) = target.model(state).await?;
    let figures = &model.figures;
    Ok(DashboardBody {
        province: target.province.clone(),
        cluster_id: target.cluster,
        school_year: model.school_year.clone(),
        revision,
        computed_at: instant(model.computed_at),
        total: figures_body(&figures.total),
        clusters: figures
            .clusters
            .iter()
            .map(|c: &ClusterFigures| ClusterFiguresBody {
                cluster_id: c.cluster_id,
                name: c.name.clone(),
                figures: figures_body(&c.figures),
            })
            .collect(),
        communes: figures
            .communes
            .iter()
            .map(|c: &CommuneFigures| CommuneFiguresBody {
                code: c.code.clone(),
                name: c.name.clone(),
                figures: figures_body(&c.figures),
            })
            .collect(),
        deadlines: figures
            .deadlines
            .iter()
            .map(|d| DeadlineBody {
                kind: d.kind.clone(),
                id: d.id,
                title: d.title.clone(),
                deadline_at: instant(d.deadline_at),
                recipients: d.recipients,
                owing: d.owing,
            })
            .collect(),
    })
}

/// Returns the figures of a province's dashboard: the whole province for the
/// department, the caller's clusters or communes for a board member or commune officer.
#[utoipa::path(
    get,
    path = "/api/v1/provinces/{code}/dashboard",
    operation_id = "get_province_dashboard",
    tag = "dashboard",
    params(("code" = String, Path, description = "Province code, such as 79")),
    responses(
        (status = 200, description = "The dashboard's figures", body = DashboardBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn province(State(state): State<AppState>, user: CurrentUser, ApiPath(code): ApiPath) -> AppResult<Json<DashboardBody>> {
    let target = DashboardTarget::for_province(&state, &user, &code).await?;
    Ok(Json(body(&state, &target).await?))
}

/// Returns the figures of a cluster's dashboard, for its board and the department.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{id}/dashboard",
    operation_id = "get_cluster_dashboard",
    tag = "dashboard",
    params(("id" = i64, Path, description = "Cluster id")),
    responses(
        (status = 200, description = "The dashboard's figures", body = DashboardBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such cluster, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn cluster(State(state): State<AppState>, user: CurrentUser, ApiPath(id): ApiPath) -> AppResult<Json<DashboardBody>> {
    let target = DashboardTarget::for_cluster(&state, &user, &id).await?;
    Ok(Json(body(&state, &target).await?))
}
