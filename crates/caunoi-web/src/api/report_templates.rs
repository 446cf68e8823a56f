//! Report templates and report requests through the API, on the sender's side. Input
//! goes through the same parsing as the screens: the designer's definition checks and
//! the request form's period, deadline and audience checks.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use caunoi_core::directive::Audience;
use caunoi_core::org::{self, Ownership, SchoolLevel};
use caunoi_core::policy::Action;
use caunoi_core::report::TemplateDefinition;
use caunoi_db::reports::requests::{self, ReportRequest, RequestFilter, RequestSummary};
use caunoi_db::reports::templates::{self, NewTemplate, Template, TemplateFilter, TemplateSummary};
use caunoi_db::{DbError, clusters, now_ms};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::directives::{ApiJson, AudienceBody};
use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, List, PageQuery, bad_parameter, parse_id, present, visible_province};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorInfo};
use crate::i18n::{FluentArg, rfc3339 as instant};
use crate::pages::directives::FormContext;
use crate::pages::directives::input::{self, Problem, Problems};
use crate::pages::report_templates::design::DesignError;
use crate::pages::report_templates::request_form::{self, PERIOD_KINDS, RequestForm, split_instant};
use crate::state::AppState;

/// Routes of this area under `/api/v1`.
pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post, put};
    axum::Router::new()
        .route("/report-templates", get(list_templates).post(create_template))
        .route("/report-templates/{id}", get(template_detail))
        .route("/report-templates/{id}/definition", put(save_definition))
        .route("/report-requests", get(list_requests).post(create_request))
        .route("/report-requests/{id}", get(request_detail))
        .route("/report-requests/{id}/publish", post(publish_request))
        .route("/report-requests/{id}/close", post(close_request))
}

/// The paths of this area, merged into the OpenAPI document.
#[derive(OpenApi)]
#[openapi(paths(
    list_templates,
    create_template,
    template_detail,
    save_definition,
    list_requests,
    create_request,
    request_detail,
    publish_request,
    close_request
))]
pub struct Doc;

/// Builds the 422 of a definition that cannot be saved, with the Vietnamese message.
fn unprocessable(error: DesignError) -> Response {
    let mut response = StatusCode::UNPROCESSABLE_ENTITY.into_response();
    response.extensions_mut().insert(ErrorInfo { code: "unprocessable_entity", message_id: error.message_id, args: error.args, next: None });
    response
}

/// Reads a definition from JSON and checks it as the designer would.
fn parse_definition(value: serde_json::Value) -> Result<TemplateDefinition, DesignError> {
    let bytes = serde_json::to_vec(&value).map_err(|e| DesignError::new("rtpl-error-json").with("line", e.line().to_string()).with("column", e.column().to_string()))?;
    crate::pages::report_templates::parse_definition(&bytes)
}

/// One version of a template.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateVersionItem {
    pub id: i64,
    pub version: i64,
    pub change_note: String,
    pub created_at: String,
    /// Set once a request used the version; it then never changes.
    pub frozen_at: Option<String>,
    /// Requests made with this version.
    pub requests: i64,
}

/// A template in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateItem {
    pub id: i64,
    #[schema(example = "79")]
    pub province_code: String,
    /// The owning cluster board; null for the department.
    pub cluster_id: Option<i64>,
    pub name: String,
    pub description: String,
    pub current_version: i64,
    pub archived: bool,
    pub updated_at: String,
    pub requests: i64,
}

impl From<TemplateSummary> for TemplateItem {
    fn from(item: TemplateSummary) -> TemplateItem {
        TemplateItem {
            id: item.id,
            province_code: item.province_code,
            cluster_id: item.cluster_id,
            name: item.name,
            description: item.description,
            current_version: item.current_version,
            archived: item.archived != 0,
            updated_at: instant(item.updated_at),
            requests: item.requests,
        }
    }
}

/// A template with its versions and the definition of the current one.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateDetail {
    pub id: i64,
    #[schema(example = "79")]
    pub province_code: String,
    pub cluster_id: Option<i64>,
    pub name: String,
    pub description: String,
    pub archived: bool,
    pub current_version: i64,
    /// The current version's definition: `sections` of typed `fields` (`type`:
    /// `integer`, `decimal`, `percent`, `text`, `choice`, `multi_choice`, `date`,
    /// `yes_no`, `file` or `table`), cross-field `rules` and derived `indicators`.
    #[schema(value_type = Object)]
    pub definition: serde_json::Value,
    /// Newest first.
    pub versions: Vec<TemplateVersionItem>,
    pub created_at: String,
    pub updated_at: String,
}

async fn template_detail_of(state: &AppState, template: Template) -> AppResult<TemplateDetail> {
    let current = templates::current_version(&state.db, template.id).await?;
    let counts = templates::request_counts(&state.db, template.id).await?;
    let versions = templates::versions(&state.db, template.id)
        .await?
        .into_iter()
        .map(|v| TemplateVersionItem {
            requests: counts.iter().find(|(id, _)| *id == v.id).map_or(0, |(_, n)| *n),
            id: v.id,
            version: v.version,
            change_note: v.change_note,
            created_at: instant(v.created_at),
            frozen_at: v.frozen_at.map(instant),
        })
        .collect();
    Ok(TemplateDetail {
        id: template.id,
        province_code: template.province_code,
        cluster_id: template.cluster_id,
        name: template.name,
        description: template.description,
        archived: template.archived != 0,
        current_version: template.current_version,
        definition: serde_json::to_value(&current.definition).map_err(AppError::internal)?,
        versions,
        created_at: instant(template.created_at),
        updated_at: instant(template.updated_at),
    })
}

async fn managed_template(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<Template> {
    let id = parse_id("id", raw_id)?;
    let facts = templates::facts(&state.db, id).await?;
    user.require(Action::ManageReportTemplate { template: &facts })?;
    Ok(templates::get(&state.db, id).await?)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TemplateQuery {
    /// Province code; defaults to the caller's only province.
    #[param(example = "79")]
    pub province: Option<String>,
    /// Only the templates of this cluster's board.
    pub cluster_id: Option<String>,
    /// Words of the name, ignoring tone marks.
    pub q: Option<String>,
    /// `true` lists archived templates instead of those in use.
    pub archived: Option<String>,
}

/// List the report templates the caller may edit: the whole province for department
/// staff, their clusters' for a cluster board.
#[utoipa::path(
    get,
    path = "/api/v1/report-templates",
    operation_id = "list_report_templates",
    tag = "report-templates",
    params(TemplateQuery),
    responses(
        (status = 200, description = "The templates, by name (at most 500)", body = List<TemplateItem>),
        (status = 400, description = "Invalid parameter, or `province` needed", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province or cluster, or the caller designs no template there", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn list_templates(State(state): State<AppState>, user: CurrentUser, ApiQuery(query): ApiQuery<TemplateQuery>) -> AppResult<Json<List<TemplateItem>>> {
    let archived = match present(&query.archived) {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(raw) => return Err(bad_parameter("rtpl-api-error-parameter", "archived", raw)),
    };
    let (province, clusters_filter) = match present(&query.cluster_id) {
        Some(raw) => {
            let id = parse_id("cluster_id", raw)?;
            let facts = clusters::facts(&state.db, id).await?;
            user.require(Action::DesignReportTemplate { province: &facts.province, cluster: Some(&facts) })?;
            (facts.province, Some(vec![id]))
        }
        None => {
            let province = visible_province(&state.db, &user, &query.province).await?;
            if user.allows(Action::DesignReportTemplate { province: &province, cluster: None }) {
                (province, None)
            } else {
                let ids = crate::pages::report_templates::board_clusters(&user, &province);
                if ids.is_empty() {
                    return Err(AppError::NotFound);
                }
                (province, Some(ids))
            }
        }
    };
    let filter = TemplateFilter { province, clusters: clusters_filter, department_only: false, archived, query: present(&query.q).map(str::to_owned) };
    let items: Vec<TemplateItem> = templates::list(&state.db, &filter).await?.into_iter().map(TemplateItem::from).collect();
    let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
    Ok(Json(List { items, total }))
}

/// A new template.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateTemplateBody {
    /// Province of the department; defaults to the caller's only province. Not needed
    /// with `cluster_id`.
    #[schema(example = "79")]
    pub province: Option<String>,
    /// The cluster whose board owns the template; absent for the department.
    pub cluster_id: Option<i64>,
    #[schema(example = "Thống kê học kì I")]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The definition, as `GET /api/v1/report-templates/{id}` returns it; absent for
    /// an empty template.
    #[schema(value_type = Option<Object>)]
    pub definition: Option<serde_json::Value>,
}

/// Create a report template of the department, or of a cluster board for its schools.
#[utoipa::path(
    post,
    path = "/api/v1/report-templates",
    operation_id = "create_report_template",
    tag = "report-templates",
    request_body = CreateTemplateBody,
    responses(
        (status = 201, description = "The template", body = TemplateDetail),
        (status = 400, description = "The name is missing or too long, or the body is not JSON", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province or cluster, or the caller may not design there", body = ErrorBody),
        (status = 422, description = "The definition is invalid; the message names the problem", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn create_template(State(state): State<AppState>, user: CurrentUser, ApiJson(body): ApiJson<CreateTemplateBody>) -> AppResult<Response> {
    let (province, cluster) = match body.cluster_id {
        Some(id) => {
            let facts = clusters::facts(&state.db, id).await?;
            user.require(Action::DesignReportTemplate { province: &facts.province, cluster: Some(&facts) })?;
            (facts.province, Some(id))
        }
        None => {
            let province = visible_province(&state.db, &user, &body.province).await?;
            user.require(Action::DesignReportTemplate { province: &province, cluster: None })?;
            (province, None)
        }
    };
    let (name, description) = crate::pages::report_templates::parse_details(&body.name, &body.description)
        .map_err(|error| AppError::BadRequest { message_id: error.message_id, args: error.args })?;
    let definition = match body.definition {
        Some(value) => match parse_definition(value) {
            Ok(definition) => definition,
            Err(error) => return Ok(unprocessable(error)),
        },
        None => TemplateDefinition::default(),
    };
    let new = NewTemplate { province: &province, cluster, name: &name, description: &description, definition: &definition, created_by: user.id };
    let id = match templates::create(&state.db, &new).await {
        Ok((id, _)) => id,
        Err(caunoi_db::DbError::Conflict(constraint)) if constraint == templates::NAME_TAKEN => {
            return Err(AppError::Conflict { message_id: "rtpl-error-name-taken", args: vec![("name", FluentArg::Text(name))] });
        }
        Err(other) => return Err(other.into()),
    };
    let template = templates::get(&state.db, id).await?;
    Ok((StatusCode::CREATED, Json(template_detail_of(&state, template).await?)).into_response())
}

/// Show a template with its versions and current definition.
#[utoipa::path(
    get,
    path = "/api/v1/report-templates/{id}",
    operation_id = "get_report_template",
    tag = "report-templates",
    params(("id" = i64, Path, description = "Template id")),
    responses(
        (status = 200, description = "The template", body = TemplateDetail),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such template, or the caller does not manage it", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(report_template.id = %raw_id))]
pub async fn template_detail(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<TemplateDetail>> {
    let template = managed_template(&state, &user, &raw_id).await?;
    Ok(Json(template_detail_of(&state, template).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DefinitionBody {
    #[schema(value_type = Object)]
    pub definition: serde_json::Value,
    /// Description of the change, kept with the version.
    #[serde(default)]
    pub change_note: String,
}

/// Replace a template's definition. The current version changes in place while no
/// request used it; otherwise a new version starts and earlier requests keep theirs.
#[utoipa::path(
    put,
    path = "/api/v1/report-templates/{id}/definition",
    operation_id = "save_report_template_definition",
    tag = "report-templates",
    params(("id" = i64, Path, description = "Template id")),
    request_body = DefinitionBody,
    responses(
        (status = 200, description = "The template with its versions", body = TemplateDetail),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such template, or the caller does not manage it", body = ErrorBody),
        (status = 422, description = "The definition is invalid; the message names the problem", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(report_template.id = %raw_id))]
pub async fn save_definition(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath, ApiJson(body): ApiJson<DefinitionBody>) -> AppResult<Response> {
    let template = managed_template(&state, &user, &raw_id).await?;
    let definition = match parse_definition(body.definition) {
        Ok(definition) => definition,
        Err(error) => return Ok(unprocessable(error)),
    };
    let mut problems = Problems::default();
    let note = input::single_line("change_note", &body.change_note, input::MAX_NOTE, false, &mut problems);
    problems.into_result()?;
    templates::save_definition(&state.db, template.id, &definition, &note, user.id).await?;
    let template = templates::get(&state.db, template.id).await?;
    Ok(Json(template_detail_of(&state, template).await?).into_response())
}

/// A report request in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestItem {
    pub id: i64,
    /// The requesting cluster; null when the department requested it.
    pub cluster_id: Option<i64>,
    pub template_id: i64,
    pub template_version: i64,
    pub title: String,
    /// `school_year`, `semester`, `month` or `range`.
    pub period_kind: String,
    #[schema(example = "Học kì I năm học 2025-2026")]
    pub period_label: String,
    /// `draft`, `published` or `closed`.
    pub status: String,
    pub opens_at: String,
    pub deadline_at: String,
    pub published_at: Option<String>,
    pub closed_at: Option<String>,
    /// Receiving schools; 0 for a draft.
    pub recipients: i64,
}

impl From<RequestSummary> for RequestItem {
    fn from(item: RequestSummary) -> RequestItem {
        RequestItem {
            id: item.id,
            cluster_id: item.cluster_id,
            template_id: item.template_id,
            template_version: item.template_version,
            title: item.title,
            period_kind: item.period_kind,
            period_label: item.period_label,
            status: item.status,
            opens_at: instant(item.opens_at),
            deadline_at: instant(item.deadline_at),
            published_at: item.published_at.map(instant),
            closed_at: item.closed_at.map(instant),
            recipients: item.recipients,
        }
    }
}

/// A report request.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestDetail {
    pub id: i64,
    #[schema(example = "79")]
    pub province_code: String,
    pub cluster_id: Option<i64>,
    pub template_id: i64,
    /// Id of the template version the schools fill.
    pub template_version_id: i64,
    pub template_version: i64,
    pub title: String,
    pub instructions: String,
    pub period_kind: String,
    pub period_label: String,
    /// Calendar dates `YYYY-MM-DD`.
    pub period_start: String,
    pub period_end: String,
    pub school_year: String,
    pub audience: AudienceBody,
    /// `draft`, `published` or `closed`.
    pub status: String,
    pub opens_at: String,
    /// A submission is on time up to and including this minute.
    #[schema(example = "2026-01-15T17:00:00+07:00")]
    pub deadline_at: String,
    pub remind_before_hours: i64,
    pub created_at: String,
    pub published_at: Option<String>,
    pub closed_at: Option<String>,
    /// Receiving schools; 0 for a draft.
    pub recipients: i64,
}

async fn request_detail_of(state: &AppState, request: ReportRequest) -> AppResult<RequestDetail> {
    let version = templates::version(&state.db, request.template_version_id).await?;
    let recipients: i64 = requests::recipients_by_cluster(&state.db, request.id).await?.iter().map(|(_, n)| n).sum();
    Ok(RequestDetail {
        audience: AudienceBody::from(&request.audience()),
        id: request.id,
        province_code: request.province_code,
        cluster_id: request.cluster_id,
        template_id: version.template_id,
        template_version_id: request.template_version_id,
        template_version: version.version,
        title: request.title,
        instructions: request.instructions,
        period_kind: request.period_kind,
        period_label: request.period_label,
        period_start: request.period_start,
        period_end: request.period_end,
        school_year: request.school_year,
        status: request.status,
        opens_at: instant(request.opens_at),
        deadline_at: instant(request.deadline_at),
        remind_before_hours: request.remind_before_hours,
        created_at: instant(request.created_at),
        published_at: request.published_at.map(instant),
        closed_at: request.closed_at.map(instant),
        recipients,
    })
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestQuery {
    /// Province code; defaults to the caller's only province.
    #[param(example = "79")]
    pub province: Option<String>,
    /// A cluster's requests and the department's requests reaching its schools; needed
    /// by a cluster board.
    pub cluster_id: Option<String>,
    /// `draft`, `published` or `closed`.
    pub status: Option<String>,
    /// `school_year`, `semester`, `month` or `range`.
    pub period_kind: Option<String>,
    /// Words of the title, ignoring tone marks.
    pub q: Option<String>,
}

/// List report requests: every request of the province for department staff, or
/// with `cluster_id` a cluster's own requests and the department's requests reaching
/// its schools, latest deadline first.
#[utoipa::path(
    get,
    path = "/api/v1/report-requests",
    operation_id = "list_report_requests",
    tag = "report-templates",
    params(RequestQuery, PageQuery),
    responses(
        (status = 200, description = "One page of requests", body = List<RequestItem>),
        (status = 400, description = "Invalid parameter, or `province` needed", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province or cluster, or the caller requests no report there", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn list_requests(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<RequestQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<List<RequestItem>>> {
    let page = paging.parse()?;
    let status = present(&query.status)
        .map(|raw| if ["draft", "published", "closed"].contains(&raw) { Ok(raw.to_owned()) } else { Err(bad_parameter("rtpl-api-error-parameter", "status", raw)) })
        .transpose()?;
    let period_kind = present(&query.period_kind)
        .map(|raw| if PERIOD_KINDS.contains(&raw) { Ok(raw.to_owned()) } else { Err(bad_parameter("rtpl-api-error-parameter", "period_kind", raw)) })
        .transpose()?;
    let (province, cluster) = match present(&query.cluster_id) {
        Some(raw) => {
            let id = parse_id("cluster_id", raw)?;
            let facts = clusters::facts(&state.db, id).await?;
            user.require(Action::DesignReportTemplate { province: &facts.province, cluster: Some(&facts) })?;
            (facts.province, Some(id))
        }
        None => {
            let province = visible_province(&state.db, &user, &query.province).await?;
            user.require(Action::DesignReportTemplate { province: &province, cluster: None })?;
            (province, None)
        }
    };
    let filter = RequestFilter { province, cluster, status, period_kind, query: present(&query.q).map(str::to_owned) };
    let (items, total) = requests::list(&state.db, &filter, page).await?;
    Ok(Json(List { items: items.into_iter().map(RequestItem::from).collect(), total }))
}

/// A new draft request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateRequestBody {
    /// The template whose current version schools will fill.
    pub template_id: i64,
    pub title: String,
    #[serde(default)]
    pub instructions: String,
    /// `school_year`, `semester`, `month` or `range`.
    #[schema(example = "semester")]
    pub period_kind: String,
    /// Named from the kind and dates when absent, such as `Học kì I năm học 2025-2026`.
    pub period_label: Option<String>,
    #[schema(example = "2025-09-05")]
    pub period_start: String,
    #[schema(example = "2026-01-15")]
    pub period_end: String,
    /// First day schools may submit, `YYYY-MM-DD`; today when absent.
    pub opens_on: Option<String>,
    /// RFC 3339 instant of the deadline, kept to the minute.
    #[schema(example = "2026-01-20T17:00:00+07:00")]
    pub deadline: String,
    /// Hours before the deadline when reminders start, 1 to 720; 48 when absent.
    pub remind_before_hours: Option<i64>,
    #[serde(default)]
    pub audience: AudienceBody,
}

fn parse_audience_body(body: &AudienceBody, problems: &mut Problems) -> Audience {
    let mut audience = Audience { everyone: body.everyone, clusters: body.clusters.clone(), schools: body.schools.clone(), ..Audience::default() };
    for raw in &body.communes {
        match org::commune_code(raw) {
            Some(code) => audience.communes.push(code),
            None => problems.push(Problem::new("communes", "directives-error-commune").with("value", raw.as_str())),
        }
    }
    for raw in &body.levels {
        match SchoolLevel::parse(raw) {
            Some(level) => audience.levels.push(level),
            None => problems.push(Problem::new("levels", "directives-error-choice").with("value", raw.as_str())),
        }
    }
    for raw in &body.ownerships {
        match Ownership::parse(raw) {
            Some(ownership) => audience.ownerships.push(ownership),
            None => problems.push(Problem::new("ownerships", "directives-error-choice").with("value", raw.as_str())),
        }
    }
    audience
}

/// Create a draft report request from a template's current version.
#[utoipa::path(
    post,
    path = "/api/v1/report-requests",
    operation_id = "create_report_request",
    tag = "report-templates",
    request_body = CreateRequestBody,
    responses(
        (status = 201, description = "The draft", body = RequestDetail),
        (status = 400, description = "A field is invalid; the message names it and the fix", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such template, or the caller does not manage it", body = ErrorBody),
        (status = 409, description = "The template is archived, or its cluster is not of the current school year", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn create_request(State(state): State<AppState>, user: CurrentUser, ApiJson(body): ApiJson<CreateRequestBody>) -> AppResult<(StatusCode, Json<RequestDetail>)> {
    let template = managed_template(&state, &user, &body.template_id.to_string()).await?;
    if template.archived != 0 {
        return Err(AppError::conflict("rtpl-error-archived"));
    }
    let context = FormContext::load(&state.db, &template.province_code, template.cluster_id).await?;
    if let Some(id) = template.cluster_id {
        FormContext::require_current_cluster(&state.db, id, &context.sender.school_year).await?;
    }

    let mut problems = Problems::default();
    let (deadline_date, deadline_time) = match chrono::DateTime::parse_from_rfc3339(body.deadline.trim()) {
        Ok(at) => split_instant(at.timestamp_millis()),
        Err(_) => {
            problems.push(Problem::new("deadline", "directives-api-error-deadline").with("value", body.deadline.trim()));
            (String::new(), String::new())
        }
    };
    let form = RequestForm {
        title: body.title.clone(),
        period_kind: body.period_kind.clone(),
        period_label: body.period_label.clone().unwrap_or_default(),
        period_start: body.period_start.clone(),
        period_end: body.period_end.clone(),
        opens_on: body.opens_on.clone().unwrap_or_default(),
        deadline_date,
        deadline_time,
        remind_hours: body.remind_before_hours.map(|h| h.to_string()).unwrap_or_default(),
        instructions: body.instructions.clone(),
        ..RequestForm::default()
    };
    let content = if problems.is_empty() { request_form::parse_content(&form, now_ms(), &mut problems) } else { None };
    let audience = parse_audience_body(&body.audience, &mut problems);
    let audience = input::check_audience(&state.db, &context.sender, audience, &mut problems).await?;
    problems.into_result()?;
    let Some(content) = content else {
        return Err(AppError::internal("report request rejected without a problem"));
    };
    let version = templates::current_version(&state.db, template.id).await?;
    let input = requests::RequestInput { audience, template_version_id: version.id, ..content };

    let id = requests::create_draft(&state.db, &template.province_code, template.cluster_id, &context.sender.school_year, &input, user.id).await?;
    Ok((StatusCode::CREATED, Json(request_detail_of(&state, requests::get(&state.db, id).await?).await?)))
}

/// Show a report request to anyone who may open its page.
#[utoipa::path(
    get,
    path = "/api/v1/report-requests/{id}",
    operation_id = "get_report_request",
    tag = "report-templates",
    params(("id" = i64, Path, description = "Report request id")),
    responses(
        (status = 200, description = "The request", body = RequestDetail),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such request, or the caller neither sent nor follows it", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn request_detail(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<RequestDetail>> {
    let id = parse_id("id", &raw_id)?;
    let facts = requests::facts(&state.db, id, user.id).await?;
    user.require(Action::ViewReport { report: &facts })?;
    Ok(Json(request_detail_of(&state, requests::get(&state.db, id).await?).await?))
}

async fn managed_request(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<ReportRequest> {
    let id = parse_id("id", raw_id)?;
    let facts = requests::facts(&state.db, id, user.id).await?;
    user.require(Action::ManageReport { report: &facts })?;
    Ok(requests::get(&state.db, id).await?)
}

/// Publish a draft to the schools its audience selects now, notifying their leaders.
#[utoipa::path(
    post,
    path = "/api/v1/report-requests/{id}/publish",
    operation_id = "publish_report_request",
    tag = "report-templates",
    params(("id" = i64, Path, description = "Report request id")),
    responses(
        (status = 200, description = "The published request", body = RequestDetail),
        (status = 400, description = "The deadline has passed, or the audience selects no school", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such request, or the caller is not its sender", body = ErrorBody),
        (status = 409, description = "The request is already published", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn publish_request(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<RequestDetail>> {
    let request = managed_request(&state, &user, &raw_id).await?;
    if request.is_published() {
        return Err(AppError::conflict("rtpl-error-not-draft"));
    }
    if request.deadline_at <= now_ms() {
        return Err(AppError::BadRequest {
            message_id: "rtpl-error-publish-deadline",
            args: vec![("value", FluentArg::Text(crate::i18n::datetime(request.deadline_at)))],
        });
    }
    match requests::publish(&state.db, request.id, user.id).await {
        Ok(_) => {}
        Err(DbError::Invalid(_)) => {
            if requests::get(&state.db, request.id).await?.is_published() {
                return Err(AppError::conflict("rtpl-error-not-draft"));
            }
            return Err(AppError::bad_request("rtpl-error-publish-no-school"));
        }
        Err(other) => return Err(other.into()),
    }
    Ok(Json(request_detail_of(&state, requests::get(&state.db, request.id).await?).await?))
}

/// Close a published request: schools can no longer submit.
#[utoipa::path(
    post,
    path = "/api/v1/report-requests/{id}/close",
    operation_id = "close_report_request",
    tag = "report-templates",
    params(("id" = i64, Path, description = "Report request id")),
    responses(
        (status = 200, description = "The closed request", body = RequestDetail),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such request, or the caller is not its sender", body = ErrorBody),
        (status = 409, description = "The request is a draft or already closed", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn close_request(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<RequestDetail>> {
    let request = managed_request(&state, &user, &raw_id).await?;
    match requests::close(&state.db, request.id, user.id).await {
        Ok(()) => Ok(Json(request_detail_of(&state, requests::get(&state.db, request.id).await?).await?)),
        Err(DbError::Invalid(_)) => Err(AppError::conflict("rtpl-error-not-published")),
        Err(other) => Err(other.into()),
    }
}
