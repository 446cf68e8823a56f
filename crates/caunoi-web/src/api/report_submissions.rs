//! Report submissions: the schools of a request with their standing, one school's
//! values (read, save as draft, submit), .xlsx workbook download and upload, review,
//! and completeness counts.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use caunoi_core::policy::{Action, StaffVisibility, report_visibility};
use caunoi_core::report::{Problem, Values};
use caunoi_db::now_ms;
use caunoi_db::reports::completeness::{self, Counts, SchoolFilter};
use caunoi_db::reports::requests;
use caunoi_db::reports::review::{self, ReviewAction};
use caunoi_db::reports::submissions::{self, SaveError, Source, Submission};
use caunoi_db::reports::workbook::{self, UploadError};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use utoipa::{OpenApi, ToSchema};

use super::error::ErrorBody;
use super::params::{ApiQuery, List, PageQuery, bad_parameter, parse_id};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{FluentArg, Locale, rfc3339 as instant};
use crate::pages::report_submissions::{Context, context, problem_message, submitter_context};
use crate::pages::report_submissions::actions::{cell_messages, parse_workbook, read_upload, review_message, upload_message, workbook_bytes, xlsx_response};
use crate::state::AppState;

/// Routes of this area under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/report-requests/{id}/submissions", get(list))
        .route("/report-requests/{id}/completeness", get(counts))
        .route("/report-requests/{id}/schools/{school}/submission", get(detail).put(put))
        .route(
            "/report-requests/{id}/schools/{school}/submission.xlsx",
            post(upload).layer(crate::uploads::body_limit()),
        )
        .route("/report-requests/{id}/schools/{school}/workbook.xlsx", get(workbook_file))
        .route("/report-requests/{id}/schools/{school}/review", post(review_step))
}

/// The paths of this area, merged into the OpenAPI document.
#[derive(OpenApi)]
#[openapi(paths(list, counts, detail, put, upload, workbook_file, review_step))]
pub struct Doc;

/// A school of a request with its standing.
#[derive(Debug, Serialize, ToSchema)]
pub struct SchoolSubmission {
    pub school_id: i64,
    pub school_name: String,
    #[schema(example = "upper_secondary")]
    pub level: String,
    /// 0 when the school is in no cluster.
    pub cluster_id: i64,
    pub commune_code: String,
    /// `draft`, `submitted`, `forwarded`, `returned` or `accepted`; null before anything was saved.
    pub status: Option<String>,
    /// `not_started`, `draft`, `on_time`, `late`, `returned` or `accepted`.
    #[schema(example = "on_time")]
    pub standing: String,
    pub first_submitted_at: Option<String>,
    pub submitted_at: Option<String>,
}

/// One school's submission.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionDetail {
    pub request_id: i64,
    pub school_id: i64,
    pub status: Option<String>,
    #[schema(example = "late")]
    pub standing: String,
    /// The values by field key (JSON `Values`: `{"students": {"t": "integer", "v": 420}}`).
    #[schema(value_type = Object)]
    pub values: Values,
    /// `form`, `xlsx` or `api`.
    pub source: Option<String>,
    pub revision: i64,
    pub first_submitted_at: Option<String>,
    pub submitted_at: Option<String>,
    /// Download path of the signed scan, if any.
    pub scan_url: Option<String>,
    pub deadline_at: String,
}

/// Values to save; `submit: true` submits them, otherwise they are kept as a draft.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SubmissionInput {
    #[schema(value_type = Object)]
    pub values: Values,
    #[serde(default)]
    pub submit: bool,
}

/// A problem of the values, at its item.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemItem {
    /// The item: a field key, or `field.row.column` for a table cell.
    #[schema(example = "grades.g6.girls")]
    pub path: String,
    #[schema(example = "at_most")]
    pub code: String,
    /// Sheet and cell of an .xlsx upload.
    pub sheet: Option<String>,
    pub cell: Option<String>,
    /// The problem in Vietnamese, naming the value and the fix.
    pub message: String,
}

/// The 422 body: every problem; nothing was saved.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemsBody {
    pub message: String,
    pub problems: Vec<ProblemItem>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewInput {
    /// `forward`, `return` or `accept`.
    #[schema(example = "return")]
    pub action: String,
    /// Required to return.
    #[serde(default)]
    pub comment: String,
}

/// Counts of schools per standing.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountsItem {
    pub not_started: i64,
    pub draft: i64,
    pub on_time: i64,
    pub late: i64,
    pub returned: i64,
    pub accepted: i64,
    pub total: i64,
}

impl From<&Counts> for CountsItem {
    fn from(c: &Counts) -> CountsItem {
        CountsItem {
            not_started: c.not_started,
            draft: c.draft,
            on_time: c.on_time,
            late: c.late,
            returned: c.returned,
            accepted: c.accepted,
            total: c.total(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupItem {
    /// Cluster id (`0` for none) or commune code.
    pub key: String,
    pub name: String,
    pub counts: CountsItem,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompletenessBody {
    pub overall: CountsItem,
    pub clusters: Vec<GroupItem>,
    pub communes: Vec<GroupItem>,
}

fn path_text(problem: &Problem) -> String {
    let path = &problem.path;
    match (&path.row, &path.column) {
        (Some(row), Some(column)) => format!("{}.{row}.{column}", path.field),
        (Some(row), None) => format!("{}.{row}", path.field),
        _ => path.field.clone(),
    }
}

fn code_text(problem: &Problem) -> String {
    serde_json::to_value(problem.code).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn problems_response(problems: Vec<ProblemItem>) -> Response {
    let message = Locale::Vi.t_args("rsub-api-error-problems", &[("count", FluentArg::Number(problems.len() as i64))]);
    (StatusCode::UNPROCESSABLE_ENTITY, Json(ProblemsBody { message, problems })).into_response()
}

/// Loads the request and the schools the caller may follow.
async fn followed(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<(requests::ReportRequest, StaffVisibility)> {
    let id = parse_id("id", raw_id)?;
    let facts = requests::facts(&state.db, id, user.id).await?;
    user.require(Action::ViewReport { report: &facts })?;
    let visibility = report_visibility(&user.actor, &facts);
    if visibility.is_empty() || !facts.published {
        return Err(AppError::NotFound);
    }
    Ok((requests::get(&state.db, id).await?, visibility))
}

/// List the schools of a report request the caller follows, with their standing.
#[utoipa::path(
    get,
    path = "/api/v1/report-requests/{id}/submissions",
    operation_id = "list_report_submissions",
    tag = "reports",
    params(("id" = i64, Path, description = "Report request id"), PageQuery),
    responses(
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 200, description = "One page of schools", body = List<SchoolSubmission>),
        (status = 404, description = "No such request, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<List<SchoolSubmission>>> {
    let (request, visibility) = followed(&state, &user, &raw_id).await?;
    let page = paging.parse()?;
    let (rows, total) =
        completeness::schools(&state.db, request.id, request.deadline_at, &visibility, &SchoolFilter::default(), Some(page)).await?;
    let items = rows
        .into_iter()
        .map(|row| SchoolSubmission {
            standing: row.completeness(request.deadline_at).as_str().to_owned(),
            school_id: row.school_id,
            school_name: row.school_name,
            level: row.level,
            cluster_id: row.cluster_id,
            commune_code: row.commune_code,
            status: row.status,
            first_submitted_at: row.first_submitted_at.map(instant),
            submitted_at: row.submitted_at.map(instant),
        })
        .collect();
    Ok(Json(List { items, total }))
}

/// Count the schools of a report request per standing, overall, per cluster and per commune.
#[utoipa::path(
    get,
    path = "/api/v1/report-requests/{id}/completeness",
    operation_id = "report_completeness",
    tag = "reports",
    params(("id" = i64, Path, description = "Report request id")),
    responses(
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 200, description = "Counts", body = CompletenessBody),
        (status = 404, description = "No such request, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn counts(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Json<CompletenessBody>> {
    let (request, visibility) = followed(&state, &user, &raw_id).await?;
    let overview = completeness::overview(&state.db, request.id, request.deadline_at, &visibility).await?;
    let group = |g: &completeness::GroupCounts| GroupItem { key: g.key.clone(), name: g.name.clone(), counts: (&g.counts).into() };
    Ok(Json(CompletenessBody {
        overall: (&overview.overall).into(),
        clusters: overview.clusters.iter().map(group).collect(),
        communes: overview.communes.iter().map(group).collect(),
    }))
}

async fn load(state: &AppState, user: &CurrentUser, raw_id: &str, raw_school: &str) -> AppResult<Context> {
    context(state, user, parse_id("id", raw_id)?, parse_id("school", raw_school)?).await
}

async fn load_submitter(state: &AppState, user: &CurrentUser, raw_id: &str, raw_school: &str) -> AppResult<Context> {
    submitter_context(state, user, parse_id("id", raw_id)?, parse_id("school", raw_school)?).await
}

async fn detail_of(state: &AppState, ctx: &Context) -> AppResult<SubmissionDetail> {
    let submission = submissions::get(&state.db, ctx.request.id, ctx.recipient.school_id).await?;
    let standing = caunoi_core::report::Completeness::of(
        submission.as_ref().map(Submission::status),
        submission.as_ref().and_then(|s| s.first_submitted_at),
        ctx.request.deadline_at,
    );
    Ok(SubmissionDetail {
        request_id: ctx.request.id,
        school_id: ctx.recipient.school_id,
        status: submission.as_ref().map(|s| s.status.clone()),
        standing: standing.as_str().to_owned(),
        values: submission.as_ref().map(Submission::values).unwrap_or_default(),
        source: submission.as_ref().map(|s| s.source.clone()),
        revision: submission.as_ref().map_or(0, |s| s.revision),
        first_submitted_at: submission.as_ref().and_then(|s| s.first_submitted_at).map(instant),
        submitted_at: submission.as_ref().and_then(|s| s.submitted_at).map(instant),
        scan_url: submission.as_ref().and_then(|s| s.scan_attachment_id).map(|id| format!("/attachments/{id}")),
        deadline_at: instant(ctx.request.deadline_at),
    })
}

/// Read one school's submission.
#[utoipa::path(
    get,
    path = "/api/v1/report-requests/{id}/schools/{school}/submission",
    operation_id = "get_report_submission",
    tag = "reports",
    params(("id" = i64, Path, description = "Report request id"), ("school" = i64, Path, description = "School id")),
    responses(
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 200, description = "The submission", body = SubmissionDetail),
        (status = 404, description = "No such request or school, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn detail(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((raw_id, raw_school)): Path<(String, String)>,
) -> AppResult<Json<SubmissionDetail>> {
    let ctx = load(&state, &user, &raw_id, &raw_school).await?;
    Ok(Json(detail_of(&state, &ctx).await?))
}

fn save_error(error: SaveError) -> AppResult<Response> {
    match error {
        SaveError::NotOpen => Err(AppError::conflict("rsub-api-error-closed")),
        SaveError::Locked(_) => Err(AppError::conflict("rsub-api-error-locked")),
        SaveError::AlreadySubmitted => Err(AppError::conflict("rsub-form-already-submitted")),
        SaveError::Invalid(problems) => Ok(problems_response(
            problems
                .iter()
                .map(|p| ProblemItem {
                    path: path_text(p),
                    code: code_text(p),
                    sheet: None,
                    cell: None,
                    message: problem_message(Locale::Vi, p),
                })
                .collect(),
        )),
        SaveError::Db(error) => Err(error.into()),
    }
}

/// Save a school's values as a draft, or submit them with `"submit": true`.
#[utoipa::path(
    put,
    path = "/api/v1/report-requests/{id}/schools/{school}/submission",
    operation_id = "put_report_submission",
    tag = "reports",
    params(("id" = i64, Path, description = "Report request id"), ("school" = i64, Path, description = "School id")),
    request_body = SubmissionInput,
    responses(
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 200, description = "Saved", body = SubmissionDetail),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 404, description = "Not a leader of a receiving school", body = ErrorBody),
        (status = 409, description = "Closed, or already forwarded or accepted", body = ErrorBody),
        (status = 422, description = "Every problem of the values; nothing saved", body = ProblemsBody),
    )
)]
#[instrument(skip_all)]
pub async fn put(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((raw_id, raw_school)): Path<(String, String)>,
    body: Bytes,
) -> AppResult<Response> {
    let ctx = load_submitter(&state, &user, &raw_id, &raw_school).await?;
    let input: SubmissionInput = serde_json::from_slice(&body).map_err(|_| AppError::bad_request("rsub-api-error-json"))?;
    match ctx.save_values(&state, &input.values, Source::Api, input.submit, user.id).await {
        Ok(_) => Ok(Json(detail_of(&state, &ctx).await?).into_response()),
        Err(error) => save_error(error),
    }
}

/// Upload a filled .xlsx workbook (multipart field `file`; field `submit=true` submits).
#[utoipa::path(
    post,
    path = "/api/v1/report-requests/{id}/schools/{school}/submission.xlsx",
    operation_id = "upload_report_workbook",
    tag = "reports",
    params(("id" = i64, Path, description = "Report request id"), ("school" = i64, Path, description = "School id")),
    request_body(content_type = "multipart/form-data", description = "`file`: the .xlsx; `submit`: `true` to submit"),
    responses(
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 200, description = "Saved", body = SubmissionDetail),
        (status = 400, description = "Not a workbook of this request, or too large", body = ErrorBody),
        (status = 404, description = "Not a leader of a receiving school", body = ErrorBody),
        (status = 422, description = "Every problem by sheet and cell; nothing saved", body = ProblemsBody),
    )
)]
#[instrument(skip_all)]
pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((raw_id, raw_school)): Path<(String, String)>,
    multipart: Multipart,
) -> AppResult<Response> {
    let ctx = load_submitter(&state, &user, &raw_id, &raw_school).await?;
    let locale = Locale::Vi;
    let refused = |error: UploadError| AppError::BadRequest {
        message_id: "rsub-api-upload-refused",
        args: vec![("message", FluentArg::Text(upload_message(locale, &error).unwrap_or_default()))],
    };
    let (file, fields) = match read_upload(multipart, workbook::MAX_UPLOAD_BYTES).await {
        Ok(read) => read,
        Err(true) => return Err(refused(UploadError::TooLarge)),
        Err(false) => return Err(AppError::bad_request("uploads-error-malformed")),
    };
    let bytes = file.ok_or_else(|| AppError::bad_request("rsub-xlsx-missing"))?;
    let submit = fields.iter().any(|(name, value)| name == "submit" && matches!(value.trim(), "true" | "1"));
    let values = match parse_workbook(&state, &ctx, bytes).await? {
        Ok(values) => values,
        Err(UploadError::Problems(problems)) => {
            let messages = cell_messages(locale, &problems);
            return Ok(problems_response(
                problems
                    .into_iter()
                    .zip(messages)
                    .map(|(p, message)| ProblemItem {
                        path: path_text(&p.problem),
                        code: code_text(&p.problem),
                        sheet: Some(p.sheet),
                        cell: Some(p.cell).filter(|c| !c.is_empty()),
                        message,
                    })
                    .collect(),
            ));
        }
        Err(error) => return Err(refused(error)),
    };
    match ctx.save_values(&state, &values, Source::Xlsx, submit, user.id).await {
        Ok(_) => Ok(Json(detail_of(&state, &ctx).await?).into_response()),
        Err(error) => save_error(error),
    }
}

/// Download the .xlsx workbook of a request for one school, with its current values.
#[utoipa::path(
    get,
    path = "/api/v1/report-requests/{id}/schools/{school}/workbook.xlsx",
    operation_id = "get_report_workbook",
    tag = "reports",
    params(("id" = i64, Path, description = "Report request id"), ("school" = i64, Path, description = "School id")),
    responses(
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, description = "No such request or school, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn workbook_file(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((raw_id, raw_school)): Path<(String, String)>,
) -> AppResult<Response> {
    let ctx = load(&state, &user, &raw_id, &raw_school).await?;
    let bytes = workbook_bytes(&state, &ctx).await?;
    Ok(xlsx_response(bytes, &format!("bao-cao-{}-truong-{}.xlsx", ctx.request.id, ctx.recipient.school_id)))
}

/// Forward, return (with a comment) or accept a school's submission.
#[utoipa::path(
    post,
    path = "/api/v1/report-requests/{id}/schools/{school}/review",
    operation_id = "review_report_submission",
    tag = "reports",
    params(("id" = i64, Path, description = "Report request id"), ("school" = i64, Path, description = "School id")),
    request_body = ReviewInput,
    responses(
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 200, description = "Reviewed", body = SubmissionDetail),
        (status = 400, description = "Unknown step, or a return without comment", body = ErrorBody),
        (status = 404, description = "Not a reviewer of this school", body = ErrorBody),
        (status = 409, description = "The step does not follow from the current status", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn review_step(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((raw_id, raw_school)): Path<(String, String)>,
    body: Bytes,
) -> AppResult<Response> {
    let ctx = load(&state, &user, &raw_id, &raw_school).await?;
    if !ctx.access.forward && !ctx.access.manage {
        return Err(AppError::NotFound);
    }
    let input: ReviewInput = serde_json::from_slice(&body).map_err(|_| AppError::bad_request("rsub-api-error-json"))?;
    let action = ReviewAction::parse(&input.action).ok_or_else(|| bad_parameter("rsub-api-error-action", "action", &input.action))?;
    let current = submissions::get(&state.db, ctx.request.id, ctx.recipient.school_id).await?;
    let status = current.as_ref().map(Submission::status).unwrap_or(caunoi_core::report::SubmissionStatus::Draft);
    let conflict = |message: String| AppError::Conflict { message_id: "rsub-api-review-refused", args: vec![("message", FluentArg::Text(message))] };
    if !ctx.access.may_review(action, status) {
        let error = review::ReviewError::NotAllowed(current.as_ref().map(Submission::status));
        return Err(conflict(review_message(Locale::Vi, action, error)?));
    }
    match review::review(&state.db, ctx.request.id, ctx.recipient.school_id, action, status, &input.comment, user.id, now_ms()).await {
        Ok(_) => Ok(Json(detail_of(&state, &ctx).await?).into_response()),
        Err(error @ (review::ReviewError::CommentRequired | review::ReviewError::CommentTooLong)) => {
            Err(AppError::BadRequest { message_id: "rsub-api-review-refused", args: vec![("message", FluentArg::Text(review_message(Locale::Vi, action, error)?))] })
        }
        Err(error) => Err(conflict(review_message(Locale::Vi, action, error)?)),
    }
}
