//! Aggregated figures of report requests for other systems: figures by grouping from
//! the roll-ups, the raw submissions page by page, the spreadsheet exports, and one
//! figure across the periods of a template.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use caunoi_core::policy::Action;
use caunoi_db::reports::figures::{self, GroupRow, Grouping, ItemDef, ItemKind};
use caunoi_db::reports::templates;
use serde::{Deserialize, Serialize};
use tracing::instrument;
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, List, PageQuery, bad_parameter, parse_id, present};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, rfc3339 as instant};
use crate::pages::report_figures::{build_export, load, parse_kind, series_points};
use crate::state::AppState;

/// Routes of this area under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/report-requests/{id}/figures", get(figures_of_request))
        .route("/report-requests/{id}/values", get(values))
        .route("/report-requests/{id}/export.xlsx", get(export_file))
        .route("/report-templates/{id}/series", get(series))
}

/// The paths of this area, merged into the OpenAPI document.
#[derive(OpenApi)]
#[openapi(paths(figures_of_request, values, export_file, series))]
pub struct Doc;

/// One item's figures over a group of schools.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemFigure {
    /// Item key: `students`, `grades/g6/girls`, `shift=0`, or `indicator:KEY`.
    pub item: String,
    /// Field label, then row and column labels, joined by ` › `.
    pub label: String,
    /// `sum`, `percent` (weighted), `share` (of schools) or `ratio`.
    pub kind: String,
    /// The headline figure: Σ for counts, Σ value × weight / Σ weight for percentages,
    /// the share of counted schools for yes/no and options, 100 × Σ num / Σ den for ratios.
    pub figure: Option<f64>,
    /// Σ value over the schools reporting the item.
    pub total: f64,
    /// Σ value × weight, and Σ weight (1 per school without a weight).
    pub weighted: f64,
    pub weight: f64,
    /// Schools that reported the item.
    pub schools: i64,
    /// Σ / schools reporting.
    pub mean: Option<f64>,
}

/// The figures of one group.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupFigures {
    /// Cluster id (0: no cluster), commune code, level, former district, or `*`.
    pub key: String,
    /// Schools the request reaches in the group.
    pub recipients: i64,
    /// Schools whose submission is counted.
    pub counted: i64,
    pub items: Vec<ItemFigure>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RequestFigures {
    pub request_id: i64,
    pub group: String,
    pub groups: Vec<GroupFigures>,
    /// The whole set of schools the caller sees.
    pub total: GroupFigures,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FiguresQuery {
    /// `province`, `cluster` (default), `commune`, `level` or `district` (former district).
    pub group: Option<String>,
    /// A field key (all its items) or one item key; every item when absent.
    pub item: Option<String>,
    /// Only the schools of this cluster (drill-down).
    #[param(value_type = Option<i64>)]
    pub cluster: Option<String>,
    /// Only the schools of this commune (drill-down).
    pub commune: Option<String>,
}

fn kind_name(kind: &ItemKind) -> &'static str {
    match kind {
        ItemKind::Sum => "sum",
        ItemKind::Percent => "percent",
        ItemKind::Share => "share",
        ItemKind::Ratio { .. } => "ratio",
    }
}

fn group_figures(row: &GroupRow, items: &[&ItemDef]) -> GroupFigures {
    GroupFigures {
        key: row.key.clone(),
        recipients: row.recipients,
        counted: row.counted,
        items: items
            .iter()
            .map(|item| {
                let summary = row.summary(&item.key);
                ItemFigure {
                    item: item.key.clone(),
                    label: item.label(),
                    kind: kind_name(&item.kind).to_owned(),
                    figure: item.headline(row),
                    total: summary.total,
                    weighted: summary.weighted,
                    weight: summary.weight,
                    schools: summary.schools,
                    mean: summary.mean(),
                }
            })
            .collect(),
    }
}

/// The items a parameter selects: a field's items, one item, or all.
fn select<'a>(all: &'a [ItemDef], raw: &Option<String>) -> AppResult<Vec<&'a ItemDef>> {
    match present(raw) {
        None => Ok(all.iter().collect()),
        Some(raw) => {
            let chosen: Vec<&ItemDef> = all.iter().filter(|item| item.field == raw || item.key == raw).collect();
            if chosen.is_empty() { Err(bad_parameter("rfig-api-error-item", "item", raw)) } else { Ok(chosen) }
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/report-requests/{id}/figures",
    operation_id = "report_request_figures",
    tag = "reports",
    params(("id" = i64, Path, description = "Report request id"), FiguresQuery),
    responses(
        (status = 200, description = "Figures by group, read from the roll-ups, with coverage", body = RequestFigures),
        (status = 400, description = "Invalid parameter", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such request, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn figures_of_request(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiQuery(query): ApiQuery<FiguresQuery>,
) -> AppResult<Json<RequestFigures>> {
    let id = parse_id("id", &raw_id)?;
    let loaded = load(&state, &user, id).await?;
    if loaded.school_only {
        return Err(AppError::NotFound);
    }
    let grouping = match present(&query.group) {
        None => Grouping::Cluster,
        Some(raw) => Grouping::parse(raw).ok_or_else(|| bad_parameter("rfig-api-error-group", "group", raw))?,
    };
    let all = figures::items(&loaded.definition, &locale.t("rfig-total-row"));
    let items = select(&all, &query.item)?;
    let mut narrowing = loaded.narrowing.clone();
    if let Some(raw) = present(&query.cluster) {
        narrowing.cluster = Some(raw.parse::<i64>().ok().filter(|id| *id >= 0).ok_or_else(|| bad_parameter("api-error-id", "cluster", raw))?);
    }
    narrowing.commune = present(&query.commune).map(str::to_owned);
    let sources = figures::sources(&items);
    let rows = figures::by_group(&state.db, id, grouping, &narrowing, Some(&sources)).await?;
    let total = figures::total(&state.db, id, &narrowing, Some(&sources)).await?;
    if (narrowing.cluster.is_some() || narrowing.commune.is_some()) && total.recipients == 0 {
        return Err(AppError::NotFound);
    }
    Ok(Json(RequestFigures {
        request_id: id,
        group: grouping.as_str().to_owned(),
        groups: rows.iter().map(|row| group_figures(row, &items)).collect(),
        total: group_figures(&total, &items),
    }))
}

/// A school's submission as stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionValues {
    pub school_id: i64,
    pub school_name: String,
    /// 0 when the school is in no cluster.
    pub cluster_id: i64,
    pub commune_code: String,
    pub level: String,
    /// Former district, before the 2025 reform.
    pub district: String,
    /// `draft`, `submitted`, `forwarded`, `returned`, `accepted`; null before the school starts.
    pub status: Option<String>,
    pub submitted_at: Option<String>,
    /// The values by field key (`{"t": "integer", "v": 120}`); null for drafts and schools
    /// that have not started.
    #[schema(value_type = Option<Object>)]
    pub values: Option<serde_json::Value>,
}

#[utoipa::path(
    get,
    path = "/api/v1/report-requests/{id}/values",
    operation_id = "report_request_values",
    tag = "reports",
    params(("id" = i64, Path, description = "Report request id"), PageQuery),
    responses(
        (status = 200, description = "One page of the receiving schools with their submitted values", body = List<SubmissionValues>),
        (status = 400, description = "Invalid parameter", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such request, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn values(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<List<SubmissionValues>>> {
    let id = parse_id("id", &raw_id)?;
    let loaded = load(&state, &user, id).await?;
    let page = paging.parse()?;
    let (rows, total) = figures::submissions_page(&state.db, id, &loaded.narrowing, page).await?;
    let items = rows
        .into_iter()
        .map(|row| SubmissionValues {
            school_id: row.school_id,
            school_name: row.school_name,
            cluster_id: row.cluster_id,
            commune_code: row.commune_code,
            level: row.level,
            district: row.district,
            status: row.status,
            submitted_at: row.submitted_at.map(instant),
            values: row.values.and_then(|values| serde_json::to_value(values).ok()),
        })
        .collect();
    Ok(Json(List { items, total }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `raw` (one row per school, the default) or `aggregated` (a sheet per grouping).
    pub kind: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/report-requests/{id}/export.xlsx",
    operation_id = "report_request_export",
    tag = "reports",
    params(("id" = i64, Path, description = "Report request id"), ExportQuery),
    responses(
        (status = 200, description = "The spreadsheet", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "Invalid parameter", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such request, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn export_file(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> AppResult<Response> {
    let id = parse_id("id", &raw_id)?;
    let loaded = load(&state, &user, id).await?;
    let kind = parse_kind(query.kind.as_deref())
        .ok_or_else(|| bad_parameter("rfig-api-error-kind", "kind", query.kind.as_deref().unwrap_or_default()))?;
    build_export(&state, locale, &loaded, &loaded.narrowing, kind).await
}

/// One period of a series.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesPoint {
    pub request_id: i64,
    pub title: String,
    pub period_label: String,
    /// First day of the period, `YYYY-MM-DD`.
    pub period_start: String,
    pub school_year: String,
    /// Template version the request used; items match by key across versions.
    pub version: i64,
    pub figures: GroupFigures,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SeriesQuery {
    /// A field key (all its items) or one item key of the template's current version.
    pub item: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/report-templates/{id}/series",
    operation_id = "report_template_series",
    tag = "reports",
    params(("id" = i64, Path, description = "Report template id"), SeriesQuery),
    responses(
        (status = 200, description = "The figures of the template's requests the caller may see, oldest period first", body = [SeriesPoint]),
        (status = 400, description = "Invalid parameter", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such template, or no request of it the caller may see", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(report_template.id = %raw_id))]
pub async fn series(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiQuery(query): ApiQuery<SeriesQuery>,
) -> AppResult<Json<Vec<SeriesPoint>>> {
    let id = parse_id("id", &raw_id)?;
    let template = templates::facts(&state.db, id).await?;
    let manages = user.allows(Action::ManageReportTemplate { template: &template });
    let version = templates::current_version(&state.db, id).await?;
    let all = figures::items(&version.definition, &locale.t("rfig-total-row"));
    let selected = select(&all, &query.item);
    let sources = match &selected {
        Ok(items) => figures::sources(items),
        Err(_) => Vec::new(),
    };
    let found = series_points(&state, &user, id, &sources).await?;
    // A stranger gets a 404 before any word about the parameter.
    if found.is_empty() && !manages {
        return Err(AppError::NotFound);
    }
    let items = selected?;
    let points = found
        .into_iter()
        .map(|(request, total)| SeriesPoint {
            request_id: request.id,
            figures: group_figures(&total, &items),
            title: request.title,
            period_label: request.period_label,
            period_start: request.period_start,
            school_year: request.school_year,
            version: request.version,
        })
        .collect();
    Ok(Json(points))
}
