//! Cluster activity plans through the API: a cluster's plans, one plan with its items,
//! the items' create, update and delete, and the province overview. Items go through
//! the same parsing as the screens, so the API rejects what the form rejects, with
//! the same messages.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use caunoi_core::activity::plan::Semester;
use caunoi_core::policy::{Action, ClusterFacts};
use caunoi_core::school_year::SchoolYear;
use caunoi_db::activities::plans::{self, Plan, PlanItem, StatusCounts};
use caunoi_db::clusters;
use serde::{Deserialize, Serialize};
use tracing::{info, instrument};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::directives::ApiJson;
use super::error::invalid_fields;
use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, bad_parameter, parse_id, parse_province, parse_year, present, school_year};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, rfc3339 as instant};
use crate::pages::activity_plans::{ItemText, parse_item};
use crate::state::AppState;

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, put};
    axum::Router::new()
        .route("/clusters/{id}/activity-plans", get(cluster_plans).post(start_plan))
        .route("/activity-plans/{id}", get(plan_detail))
        .route("/activity-plans/{id}/items", axum::routing::post(create_item))
        .route("/activity-plans/{id}/items/{item}", put(update_item).delete(delete_item))
        .route("/provinces/{code}/activity-plans", get(province_overview))
}

/// The paths of this area, merged into the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(cluster_plans, start_plan, plan_detail, create_item, update_item, delete_item, province_overview),
    tags((name = "activity-plans", description = "Clusters' activity plans per semester, their items, and the province overview"))
)]
pub struct Doc;

/// Item counts of a plan by status, and the share done.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountsBody {
    pub planned: i64,
    pub done: i64,
    pub cancelled: i64,
    /// Done items over the items not cancelled, in percent; `null` when there are none.
    pub done_percent: Option<f64>,
}

impl From<StatusCounts> for CountsBody {
    fn from(counts: StatusCounts) -> CountsBody {
        CountsBody { planned: counts.planned, done: counts.done, cancelled: counts.cancelled, done_percent: counts.done_percent() }
    }
}

/// A plan without its items.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanSummary {
    pub id: i64,
    pub cluster_id: i64,
    #[schema(example = "2026-2027")]
    pub school_year: String,
    /// 1 or 2.
    pub semester: i64,
    pub notes: String,
    pub updated_at: String,
}

impl From<&Plan> for PlanSummary {
    fn from(plan: &Plan) -> PlanSummary {
        PlanSummary {
            id: plan.id,
            cluster_id: plan.cluster_id,
            school_year: plan.school_year.clone(),
            semester: plan.semester,
            notes: plan.notes.clone(),
            updated_at: instant(plan.updated_at),
        }
    }
}

/// The activity that carries out an item.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkedActivity {
    pub id: i64,
    pub title: String,
    /// `draft`, `published` or `cancelled`.
    pub status: String,
    pub starts_at: String,
    pub ends_at: String,
}

/// A planned activity.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemBody {
    pub id: i64,
    pub plan_id: i64,
    pub title: String,
    #[schema(example = "thematic_workshop")]
    pub kind: String,
    pub subjects: Vec<String>,
    #[schema(example = "2026-10")]
    pub month: String,
    /// `planned`, `done` or `cancelled`.
    pub status: String,
    pub note: String,
    pub activity: Option<LinkedActivity>,
}

impl From<&PlanItem> for ItemBody {
    fn from(item: &PlanItem) -> ItemBody {
        let activity = match (item.activity_id, &item.activity_title, &item.activity_status, item.activity_starts_at, item.activity_ends_at) {
            (Some(id), Some(title), Some(status), Some(starts_at), Some(ends_at)) => Some(LinkedActivity {
                id,
                title: title.clone(),
                status: status.clone(),
                starts_at: instant(starts_at),
                ends_at: instant(ends_at),
            }),
            _ => None,
        };
        ItemBody {
            id: item.id,
            plan_id: item.plan_id,
            title: item.title.clone(),
            kind: item.kind.clone(),
            subjects: item.subjects(),
            month: item.planned_month.clone(),
            status: item.status.clone(),
            note: item.note.clone(),
            activity,
        }
    }
}

/// A plan with its items by month and their counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanDetail {
    #[serde(flatten)]
    pub plan: PlanSummary,
    pub counts: CountsBody,
    pub items: Vec<ItemBody>,
}

/// A plan with its counts, in a cluster's list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanListItem {
    #[serde(flatten)]
    pub plan: PlanSummary,
    pub counts: CountsBody,
}

/// The fields a client sends to create or replace an item.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ItemInputBody {
    pub title: String,
    /// One of the activity kinds, such as `thematic_workshop` or `lesson_study`.
    #[schema(example = "lesson_study")]
    pub kind: String,
    pub subjects: Vec<String>,
    /// A month of the plan's semester, `YYYY-MM`.
    #[schema(example = "2026-11")]
    pub month: String,
    /// `planned` (the default), `done` or `cancelled`.
    pub status: String,
    pub note: String,
}

/// The body that starts a cluster's plan.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct StartPlanBody {
    /// 1 or 2.
    pub semester: i64,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OverviewQuery {
    /// School year such as `2026-2027`; defaults to the year the screens show.
    pub year: Option<String>,
    /// 1 or 2; defaults to semester I.
    pub semester: Option<String>,
}

/// A cluster in the province overview.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverviewItem {
    pub cluster_id: i64,
    pub cluster_name: String,
    /// `null` when the cluster has not started a plan for the semester.
    pub plan_id: Option<i64>,
    pub counts: CountsBody,
}

/// The overview of a province for one semester.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverviewBody {
    pub school_year: String,
    pub semester: i64,
    pub clusters: Vec<OverviewItem>,
    pub total: CountsBody,
}


fn plan_year(plan: &Plan) -> AppResult<SchoolYear> {
    SchoolYear::parse(&plan.school_year).ok_or_else(|| AppError::internal("plan without a school year"))
}

/// Loads a plan whose cluster the caller may see; with `edit`, one the caller may edit.
async fn visible_plan(state: &AppState, user: &CurrentUser, raw_id: &str, edit: bool) -> AppResult<(Plan, ClusterFacts)> {
    let id = parse_id("id", raw_id)?;
    let plan = plans::get(&state.db, id).await?;
    let facts = clusters::facts(&state.db, plan.cluster_id).await?;
    user.require(Action::ViewCluster { cluster: &facts })?;
    if edit {
        user.require(Action::PlanActivities { cluster: &facts })?;
    }
    Ok((plan, facts))
}

fn item_text(body: &ItemInputBody) -> ItemText<'_> {
    ItemText {
        title: &body.title,
        kind: &body.kind,
        subjects: body.subjects.clone(),
        month: &body.month,
        status: &body.status,
        note: &body.note,
    }
}

/// List a cluster's plans, newest semester first, with their counts.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{id}/activity-plans",
    operation_id = "list_cluster_activity_plans",
    tag = "activity-plans",
    params(("id" = i64, Path, description = "Cluster id")),
    responses(
        (status = 200, description = "The cluster's plans", body = Vec<PlanListItem>),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such cluster, or outside the caller's province", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn cluster_plans(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<Vec<PlanListItem>>> {
    let id = parse_id("id", &raw_id)?;
    let facts = clusters::facts(&state.db, id).await?;
    user.require(Action::ViewCluster { cluster: &facts })?;

    let cluster_plans = plans::for_cluster(&state.db, id).await?;
    let counts = plans::counts_by_plan(&state.db, id).await?;

    let list = cluster_plans
        .iter()
        .map(|plan| {
            let counts = counts.iter().find(|(plan_id, _)| *plan_id == plan.id).map(|(_, counts)| *counts).unwrap_or_default();
            PlanListItem { plan: plan.into(), counts: counts.into() }
        })
        .collect();
    Ok(Json(list))
}

/// Start a cluster's plan for a semester of the cluster's school year, or return the
/// existing one.
#[utoipa::path(
    post,
    path = "/api/v1/clusters/{id}/activity-plans",
    operation_id = "start_cluster_activity_plan",
    tag = "activity-plans",
    params(("id" = i64, Path, description = "Cluster id")),
    request_body = StartPlanBody,
    responses(
        (status = 201, description = "The plan", body = PlanDetail),
        (status = 400, description = "The semester is not 1 or 2, or the body is not JSON", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such cluster, or the caller may not plan for it", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn start_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiJson(body): ApiJson<StartPlanBody>,
) -> AppResult<Response> {
    let id = parse_id("id", &raw_id)?;
    let facts = clusters::facts(&state.db, id).await?;
    user.require(Action::PlanActivities { cluster: &facts })?;
    let semester = Semester::from_number(body.semester)
        .ok_or_else(|| bad_parameter("plan-api-error-semester", "semester", &body.semester.to_string()))?;
    let cluster = clusters::get(&state.db, id).await?;
    let year = SchoolYear::parse(&cluster.school_year).ok_or_else(|| AppError::internal("cluster without a school year"))?;

    let plan = plans::ensure(&state.db, &facts.province, id, year, semester, user.id).await?;
    let items = plans::items(&state.db, plan.id).await?;

    let detail = PlanDetail { plan: (&plan).into(), counts: StatusCounts::of(&items).into(), items: items.iter().map(ItemBody::from).collect() };
    Ok((StatusCode::CREATED, Json(detail)).into_response())
}

/// Show a plan with its items, by planned month.
#[utoipa::path(
    get,
    path = "/api/v1/activity-plans/{id}",
    operation_id = "get_activity_plan",
    tag = "activity-plans",
    params(("id" = i64, Path, description = "Plan id")),
    responses(
        (status = 200, description = "The plan", body = PlanDetail),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such plan, or outside the caller's province", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(plan.id = %raw_id))]
pub async fn plan_detail(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<PlanDetail>> {
    let (plan, _) = visible_plan(&state, &user, &raw_id, false).await?;

    let items = plans::items(&state.db, plan.id).await?;

    Ok(Json(PlanDetail { plan: (&plan).into(), counts: StatusCounts::of(&items).into(), items: items.iter().map(ItemBody::from).collect() }))
}

/// Add an item to a plan.
#[utoipa::path(
    post,
    path = "/api/v1/activity-plans/{id}/items",
    operation_id = "create_activity_plan_item",
    tag = "activity-plans",
    params(("id" = i64, Path, description = "Plan id")),
    request_body = ItemInputBody,
    responses(
        (status = 201, description = "The item", body = ItemBody),
        (status = 400, description = "The id is not a number, or the body is not JSON", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such plan, or the caller may not edit it", body = ErrorBody),
        (status = 422, description = "Invalid fields: `error.fields` names each one with its message, such as a month outside the semester", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(plan.id = %raw_id))]
pub async fn create_item(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiJson(body): ApiJson<ItemInputBody>,
) -> AppResult<Response> {
    let (plan, _) = visible_plan(&state, &user, &raw_id, true).await?;

    let input = match parse_item(&item_text(&body), plan_year(&plan)?, plan.semester(), locale) {
        Ok(input) => input,
        Err(errors) => return Ok(invalid_fields(errors.messages())),
    };
    let id = plans::add_item(&state.db, plan.id, &input).await?;
    info!(plan.id = plan.id, plan_item.id = id, "plan item added");

    let item = plans::item(&state.db, id).await?;
    Ok((StatusCode::CREATED, Json(ItemBody::from(&item))).into_response())
}

/// Loads an item of a plan the caller may edit; an item of another plan is "not found".
async fn editable_item(state: &AppState, user: &CurrentUser, raw_plan: &str, raw_item: &str) -> AppResult<(Plan, PlanItem)> {
    let (plan, _) = visible_plan(state, user, raw_plan, true).await?;
    let item_id = parse_id("item", raw_item)?;
    let item = plans::item(&state.db, item_id).await?;
    if item.plan_id != plan.id {
        return Err(AppError::NotFound);
    }
    Ok((plan, item))
}

/// Replace an item's fields.
#[utoipa::path(
    put,
    path = "/api/v1/activity-plans/{id}/items/{item}",
    operation_id = "update_activity_plan_item",
    tag = "activity-plans",
    params(("id" = i64, Path, description = "Plan id"), ("item" = i64, Path, description = "Item id")),
    request_body = ItemInputBody,
    responses(
        (status = 200, description = "The item", body = ItemBody),
        (status = 400, description = "An id is not a number, or the body is not JSON", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such plan or item, or the caller may not edit it", body = ErrorBody),
        (status = 422, description = "Invalid fields: `error.fields` names each one with its message", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(plan.id = %ids.0, plan_item.id = %ids.1))]
pub async fn update_item(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(ids): Path<(String, String)>,
    ApiJson(body): ApiJson<ItemInputBody>,
) -> AppResult<Response> {
    let (plan, item) = editable_item(&state, &user, &ids.0, &ids.1).await?;

    let input = match parse_item(&item_text(&body), plan_year(&plan)?, plan.semester(), locale) {
        Ok(input) => input,
        Err(errors) => return Ok(invalid_fields(errors.messages())),
    };
    plans::update_item(&state.db, item.id, &input).await?;
    info!(plan.id = plan.id, plan_item.id = item.id, "plan item saved");

    let item = plans::item(&state.db, item.id).await?;
    Ok(Json(ItemBody::from(&item)).into_response())
}

/// Remove an item. Activities created from it keep existing and lose the link.
#[utoipa::path(
    delete,
    path = "/api/v1/activity-plans/{id}/items/{item}",
    operation_id = "delete_activity_plan_item",
    tag = "activity-plans",
    params(("id" = i64, Path, description = "Plan id"), ("item" = i64, Path, description = "Item id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "An id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such plan or item, or the caller may not edit it", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(plan.id = %ids.0, plan_item.id = %ids.1))]
pub async fn delete_item(State(state): State<AppState>, user: CurrentUser, Path(ids): Path<(String, String)>) -> AppResult<StatusCode> {
    let (plan, item) = editable_item(&state, &user, &ids.0, &ids.1).await?;

    plans::remove_item(&state.db, item.id).await?;
    info!(plan.id = plan.id, plan_item.id = item.id, "plan item removed");

    Ok(StatusCode::NO_CONTENT)
}

/// Every cluster of a province with its plan's counts for one semester, in the
/// province's cluster order.
#[utoipa::path(
    get,
    path = "/api/v1/provinces/{code}/activity-plans",
    operation_id = "get_province_activity_plans",
    tag = "activity-plans",
    params(("code" = String, Path, description = "Province code, such as `79`"), OverviewQuery),
    responses(
        (status = 200, description = "The overview", body = OverviewBody),
        (status = 400, description = "Invalid province code, year or semester", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(province.code = %raw_code))]
pub async fn province_overview(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_code): ApiPath,
    ApiQuery(query): ApiQuery<OverviewQuery>,
) -> AppResult<Json<OverviewBody>> {
    let code = parse_province("code", &raw_code)?;
    caunoi_db::provinces::get(&state.db, &code).await?;
    user.require(Action::ViewProvince { province: &code })?;
    let year = school_year(&state.db, &code, parse_year(&query.year)?).await?;
    let year = SchoolYear::parse(&year).ok_or_else(|| AppError::internal("invalid default school year"))?;
    let semester = match present(&query.semester) {
        Some(raw) => Semester::parse(raw).ok_or_else(|| bad_parameter("plan-api-error-semester", "semester", raw))?,
        None => Semester::First,
    };

    let rows = plans::overview(&state.db, &code, year, semester).await?;

    let mut total = StatusCounts::default();
    let clusters = rows
        .iter()
        .map(|row| {
            let counts = row.counts();
            total.planned += counts.planned;
            total.done += counts.done;
            total.cancelled += counts.cancelled;
            OverviewItem { cluster_id: row.cluster_id, cluster_name: row.cluster_name.clone(), plan_id: row.plan_id, counts: counts.into() }
        })
        .collect();
    Ok(Json(OverviewBody { school_year: year.to_string(), semester: semester.number(), clusters, total: total.into() }))
}
