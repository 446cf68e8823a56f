//! Requests schools raise (kiến nghị, phản ánh): lists, raising one, its thread, and the
//! handler's and school's steps; the published answers to frequent questions.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use caunoi_core::policy::{Action, RequestFacts, RequestLevel};
use caunoi_core::request_status::{self, FIRST_ANSWER_WORKING_DAYS, RequestStatus, Side};
use caunoi_db::attachments::{self, Attachment, OwnerKind};
use caunoi_db::requests::{
    self, AnswerFilter, HandleError, Message, NewReply, NewRequest, PublishedAnswer, Request, RequestCategory,
    RequestFilter, RequestItem,
};
use caunoi_db::{clusters, now_ms, schools};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tracing::instrument;
use utoipa::{IntoParams, ToSchema};

use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, List, PageQuery, bad_parameter, parse_id, present, visible_province};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, rfc3339 as instant};
use crate::pages::requests::input::{self, Field, MAX_BODY_CHARS, MAX_NOTE_CHARS, MAX_TITLE_CHARS};
use crate::pages::requests::{category_search_label, handle_error_id, queue_facts, received_directive, side};
use crate::state::AppState;

/// Routes of this area under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/requests", get(list).post(create))
        .route("/requests/{id}", get(detail))
        .route("/requests/{id}/replies", post(reply))
        .route("/requests/{id}/status", post(status))
        .route("/requests/{id}/escalate", post(escalate))
        .route("/requests/{id}/owner", post(assign))
        .route("/answers", get(answers))
}


/// Parses a JSON body after the caller is authorised, so that a stranger learns
/// nothing from a malformed body.
fn parse_body<T: DeserializeOwned>(body: &Bytes) -> AppResult<T> {
    serde_json::from_slice(body).map_err(|_| AppError::bad_request("requests-api-error-json"))
}

/// A request in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestSummary {
    pub id: i64,
    pub school_id: i64,
    pub school_name: String,
    /// The cluster whose board received the request; null when it went straight to
    /// the department.
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    /// `curriculum`, `teaching_methods`, `assessment`, `personnel`, `facilities`,
    /// `digital`, `administration` or `other`.
    #[schema(example = "facilities")]
    pub category: String,
    pub title: String,
    /// `open`, `in_progress`, `answered` or `closed`.
    #[schema(example = "open")]
    pub status: String,
    /// Current handler: `cluster` (its board) or `department`.
    #[schema(example = "cluster")]
    pub handler_level: String,
    pub owner_name: Option<String>,
    /// RFC 3339 in Vietnam time (UTC+7).
    #[schema(example = "2026-12-07T02:00:00Z")]
    pub created_at: String,
    /// When the first answer is due: three working days after `created_at`.
    pub first_answer_due: String,
    pub first_answered_at: Option<String>,
    /// No answer yet, not closed, and `first_answer_due` has passed.
    pub overdue: bool,
    pub message_count: i64,
}

impl RequestSummary {
    fn new(item: RequestItem, now: i64) -> RequestSummary {
        RequestSummary {
            overdue: item.is_overdue(now),
            id: item.id,
            school_id: item.school_id,
            school_name: item.school_name,
            cluster_id: item.cluster_id,
            cluster_name: item.cluster_name,
            category: item.category,
            title: item.title,
            status: item.status,
            handler_level: item.handler_level,
            owner_name: item.owner_name,
            created_at: instant(item.created_at),
            first_answer_due: instant(item.first_answer_due),
            first_answered_at: item.first_answered_at.map(instant),
            message_count: item.message_count,
        }
    }
}

/// The directive a request is about.
#[derive(Debug, Serialize, ToSchema)]
pub struct DirectiveLink {
    pub id: i64,
    #[schema(example = "1581/SGDĐT-GDTrH")]
    pub number_symbol: Option<String>,
    pub title: Option<String>,
}

/// A file attached to a request or to one of its messages.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileItem {
    pub id: i64,
    pub file_name: String,
    #[schema(example = "application/pdf")]
    pub content_type: String,
    pub size_bytes: i64,
    /// Download path, read with the same credentials.
    #[schema(example = "/attachments/12")]
    pub url: String,
    /// The message it came with; null for the request's own files.
    pub message_id: Option<i64>,
}

impl From<Attachment> for FileItem {
    fn from(file: Attachment) -> FileItem {
        FileItem {
            url: format!("/attachments/{}", file.id),
            id: file.id,
            file_name: file.file_name,
            content_type: file.content_type,
            size_bytes: file.size_bytes,
            message_id: file.owner_part,
        }
    }
}

/// One step of a request's thread.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageItem {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    /// The author has a role at the request's school.
    pub from_school: bool,
    /// `reply`, `status`, `escalate` or `assign`. For `assign`, `body` is the new
    /// owner's name.
    #[schema(example = "reply")]
    pub kind: String,
    pub body: String,
    /// The change of status this step made, when it made one.
    pub status_from: Option<String>,
    pub status_to: Option<String>,
    pub created_at: String,
}

impl From<Message> for MessageItem {
    fn from(message: Message) -> MessageItem {
        MessageItem {
            id: message.id,
            author_id: message.author_id,
            author_name: message.author_name,
            from_school: message.from_school == 1,
            kind: message.kind,
            body: message.body,
            status_from: message.status_from,
            status_to: message.status_to,
            created_at: instant(message.created_at),
        }
    }
}

/// A request with its text, its whole thread, and what the caller may do next.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestDetail {
    pub id: i64,
    pub school_id: i64,
    pub school_name: String,
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    pub directive: Option<DirectiveLink>,
    #[schema(example = "facilities")]
    pub category: String,
    pub title: String,
    pub body: String,
    #[schema(example = "open")]
    pub status: String,
    #[schema(example = "cluster")]
    pub handler_level: String,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub created_by: i64,
    pub created_by_name: String,
    pub created_at: String,
    pub first_answer_due: String,
    pub first_answered_at: Option<String>,
    pub closed_at: Option<String>,
    pub overdue: bool,
    pub messages: Vec<MessageItem>,
    /// Files of the request and of its messages, in upload order. Files are attached
    /// through the screens' forms.
    pub files: Vec<FileItem>,
    /// `school` or `handler` when the caller may reply; null for readers.
    pub caller_side: Option<String>,
    /// Statuses the caller may set with `POST /requests/{id}/status`.
    pub allowed_statuses: Vec<String>,
    /// Whether the caller may pass the request to the department.
    pub can_escalate: bool,
}

impl RequestDetail {
    fn new(request: Request, messages: Vec<Message>, files: Vec<Attachment>, caller: Option<Side>) -> RequestDetail {
        let status = request.status();
        let allowed = caller.map(|side| request_status::targets(status, side)).unwrap_or_default();
        RequestDetail {
            overdue: request.is_overdue(now_ms()),
            can_escalate: caller == Some(Side::Handler)
                && status != RequestStatus::Closed
                && request.level() == RequestLevel::Cluster,
            caller_side: caller.map(|side| match side {
                Side::School => "school".to_owned(),
                Side::Handler => "handler".to_owned(),
            }),
            allowed_statuses: allowed.into_iter().map(|s| s.as_str().to_owned()).collect(),
            messages: messages.into_iter().map(MessageItem::from).collect(),
            files: files.into_iter().map(FileItem::from).collect(),
            directive: request.directive_id.map(|id| DirectiveLink {
                id,
                number_symbol: request.directive_number.clone(),
                title: request.directive_title.clone(),
            }),
            id: request.id,
            school_id: request.school_id,
            school_name: request.school_name,
            cluster_id: request.cluster_id,
            cluster_name: request.cluster_name,
            category: request.category,
            title: request.title,
            body: request.body,
            status: request.status,
            handler_level: request.handler_level,
            owner_id: request.owner_id,
            owner_name: request.owner_name,
            created_by: request.created_by,
            created_by_name: request.created_by_name,
            created_at: instant(request.created_at),
            first_answer_due: instant(request.first_answer_due),
            first_answered_at: request.first_answered_at.map(instant),
            closed_at: request.closed_at.map(instant),
        }
    }
}

/// Loads a request as the caller sees it now. The facts are read again because a step
/// may have just changed who handles it.
async fn load_detail(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<RequestDetail> {
    let facts = requests::facts(&state.db, id).await?;
    let request = requests::get(&state.db, id).await?;
    let messages = requests::messages(&state.db, id).await?;
    let files = attachments::list(&state.db, OwnerKind::Request, id).await?;
    Ok(RequestDetail::new(request, messages, files, side(user, &facts)))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestQuery {
    /// A school's own requests; its leaders and the department may list them.
    #[param(value_type = Option<i64>)]
    pub school: Option<String>,
    /// The requests sent to a cluster's board; its board and the department may list them.
    #[param(value_type = Option<i64>)]
    pub cluster: Option<String>,
    /// Without `school` or `cluster`: every request of the province, for its department.
    /// Defaults to the caller's only province.
    #[param(example = "79")]
    pub province: Option<String>,
    /// `pending` (open or in progress) or one status; every status when absent.
    #[param(example = "pending")]
    pub status: Option<String>,
    #[param(example = "facilities")]
    pub category: Option<String>,
    /// `cluster` or `department`.
    pub level: Option<String>,
    /// Words searched in the title, text, category and school, ignoring tone marks.
    pub q: Option<String>,
}

/// List requests, oldest first: a school's, a cluster board's or a province's.
#[utoipa::path(
    get,
    path = "/api/v1/requests",
    operation_id = "list_requests",
    tag = "requests",
    params(RequestQuery, PageQuery),
    responses(
        (status = 200, description = "One page of requests", body = List<RequestSummary>),
        (status = 400, description = "Invalid parameter", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such school, cluster or province, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<RequestQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<List<RequestSummary>>> {
    let page = paging.parse()?;
    let statuses = match present(&query.status) {
        None => Vec::new(),
        Some("pending") => vec![RequestStatus::Open, RequestStatus::InProgress],
        Some(raw) => vec![RequestStatus::parse(raw).ok_or_else(|| bad_parameter("requests-api-error-status", "status", raw))?],
    };
    let category = present(&query.category)
        .map(|raw| RequestCategory::parse(raw).ok_or_else(|| bad_parameter("requests-api-error-category", "category", raw)))
        .transpose()?;
    let level = present(&query.level)
        .map(|raw| RequestLevel::parse(raw).ok_or_else(|| bad_parameter("requests-api-error-level", "level", raw)))
        .transpose()?;
    let school = present(&query.school).map(|raw| parse_id("school", raw)).transpose()?;
    let cluster = present(&query.cluster).map(|raw| parse_id("cluster", raw)).transpose()?;

    let (province, school_id, cluster_id) = match (school, cluster) {
        (Some(school), _) => {
            let facts = schools::facts(&state.db, school).await?;
            user.require(Action::ViewSchoolInbox { school: &facts })?;
            (facts.province, Some(school), cluster)
        }
        (None, Some(cluster)) => {
            let facts = clusters::facts(&state.db, cluster).await?;
            user.require(Action::HandleRequest { request: &queue_facts(&facts.province, Some(cluster)) })?;
            (facts.province, None, Some(cluster))
        }
        (None, None) => {
            let province = visible_province(&state.db, &user, &query.province).await?;
            user.require(Action::HandleRequest { request: &queue_facts(&province, None) })?;
            (province, None, None)
        }
    };
    let filter = RequestFilter {
        province,
        cluster_id,
        school_id,
        statuses,
        category: category.map(|c| c.as_str().to_owned()),
        level,
        school_query: None,
        text: present(&query.q).map(str::to_owned),
    };

    let (items, total) = requests::list(&state.db, &filter, page).await?;

    let now = now_ms();
    Ok(Json(List { items: items.into_iter().map(|item| RequestSummary::new(item, now)).collect(), total }))
}

/// The body of a new request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRequestBody {
    /// The school raising it; the caller must lead it.
    pub school_id: i64,
    #[schema(example = "facilities")]
    pub category: String,
    /// At most 200 characters.
    pub title: String,
    /// At most 10,000 characters; line breaks are kept.
    pub body: String,
    /// A directive the school received, when the request is about it.
    pub directive_id: Option<i64>,
}

/// Raise a request for a school. It goes to the board of the school's cluster, or to
/// the department when the school has no cluster this school year.
#[utoipa::path(
    post,
    path = "/api/v1/requests",
    operation_id = "create_request",
    tag = "requests",
    request_body = NewRequestBody,
    responses(
        (status = 201, description = "The new request", body = RequestDetail),
        (status = 400, description = "Invalid body or field, with a message naming it", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such school, or the caller does not lead it", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn create(State(state): State<AppState>, user: CurrentUser, body: Bytes) -> AppResult<(StatusCode, Json<RequestDetail>)> {
    // The school comes from the body, so it is read before the check; its other
    // fields are parsed only after it.
    #[derive(Deserialize)]
    struct SchoolOnly {
        school_id: i64,
    }
    let SchoolOnly { school_id } = parse_body(&body)?;
    let school = schools::facts(&state.db, school_id).await?;
    user.require(Action::RaiseRequest { school: &school })?;

    let input: NewRequestBody = parse_body(&body)?;
    let school_id = input.school_id;
    let category = input::category(&input.category).map_err(|rejection| rejection.to_error())?;
    let title = input::line(&input.title, MAX_TITLE_CHARS).map_err(|problem| problem.to_error(Field::Title))?;
    let text = input::paragraphs(&input.body, MAX_BODY_CHARS, true).map_err(|problem| problem.to_error(Field::Body))?;
    let directive_id = match input.directive_id {
        None => None,
        Some(id) => {
            let found = received_directive(&state, &user, id, school_id).await?;
            Some(found.ok_or_else(|| AppError::bad_value("requests-error-directive", id.to_string()))?.id)
        }
    };

    let new = NewRequest {
        school_id,
        category,
        category_label: category_search_label(category),
        title,
        body: text,
        directive_id,
        created_by: user.id,
        today: i18n::today(),
        answer_within_days: FIRST_ANSWER_WORKING_DAYS,
    };
    let id = requests::raise(&state.db, &new, &[]).await?;

    Ok((StatusCode::CREATED, Json(load_detail(&state, &user, id).await?)))
}

/// Show a request with its whole thread.
#[utoipa::path(
    get,
    path = "/api/v1/requests/{id}",
    operation_id = "get_request",
    tag = "requests",
    params(("id" = i64, Path, description = "Request id")),
    responses(
        (status = 200, description = "The request", body = RequestDetail),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such request, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(request.id = %raw_id))]
pub async fn detail(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<RequestDetail>> {
    let id = parse_id("id", &raw_id)?;

    let facts = requests::facts(&state.db, id).await?;
    user.require(Action::ViewRequest { request: &facts })?;

    Ok(Json(load_detail(&state, &user, facts.id).await?))
}

/// Loads a request the caller may act on and their side; readers who may not act get
/// the same 404 as strangers.
async fn acting(state: &AppState, user: &CurrentUser, raw_id: &str, handler_only: bool) -> AppResult<(RequestFacts, Side)> {
    let id = parse_id("id", raw_id)?;
    let facts = requests::facts(&state.db, id).await?;
    user.require(Action::ViewRequest { request: &facts })?;
    let side = side(user, &facts).ok_or(AppError::NotFound)?;
    if handler_only && side != Side::Handler {
        return Err(AppError::NotFound);
    }
    Ok((facts, side))
}

/// Maps a rejected step to its API error: 400 for a bad owner, 409 for the rest.
fn step_error(error: HandleError) -> AppError {
    let not_candidate = matches!(error, HandleError::NotCandidate);
    match handle_error_id(error) {
        Ok(id) if not_candidate => AppError::bad_request(id),
        Ok(id) => AppError::conflict(id),
        Err(error) => error,
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReplyBody {
    /// At most 10,000 characters; line breaks are kept.
    pub body: String,
    /// Handlers only: the reply answers the request, which becomes `answered`.
    #[serde(default)]
    pub answer: bool,
}

/// Reply in a request's thread, as its school or its handler.
#[utoipa::path(
    post,
    path = "/api/v1/requests/{id}/replies",
    operation_id = "reply_to_request",
    tag = "requests",
    params(("id" = i64, Path, description = "Request id")),
    request_body = ReplyBody,
    responses(
        (status = 200, description = "The request after the reply", body = RequestDetail),
        (status = 400, description = "Invalid id or body", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such request, or the caller may not reply to it", body = ErrorBody),
        (status = 409, description = "The request is closed, or changed meanwhile", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(request.id = %raw_id))]
pub async fn reply(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath, body: Bytes) -> AppResult<Json<RequestDetail>> {
    let (facts, side) = acting(&state, &user, &raw_id, false).await?;
    let input: ReplyBody = parse_body(&body)?;
    let text = input::paragraphs(&input.body, MAX_BODY_CHARS, true).map_err(|problem| problem.to_error(Field::Body))?;

    let new = NewReply { author: user.id, side, body: &text, marks_answer: side == Side::Handler && input.answer, files: &[] };
    requests::reply(&state.db, facts.id, &new).await.map_err(step_error)?;

    Ok(Json(load_detail(&state, &user, facts.id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StatusBody {
    /// One of the request's `allowed_statuses`.
    #[schema(example = "closed")]
    pub status: String,
    /// Optional, at most 2,000 characters.
    #[serde(default)]
    pub note: String,
}

/// Change a request's status. The handler may move it anywhere and reopen it; the
/// school may close it or reopen it once answered or closed.
#[utoipa::path(
    post,
    path = "/api/v1/requests/{id}/status",
    operation_id = "set_request_status",
    tag = "requests",
    params(("id" = i64, Path, description = "Request id")),
    request_body = StatusBody,
    responses(
        (status = 200, description = "The request after the change", body = RequestDetail),
        (status = 400, description = "Invalid id, body or status", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such request, or the caller may not change it", body = ErrorBody),
        (status = 409, description = "The caller's side may not make this change, or it changed meanwhile", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(request.id = %raw_id))]
pub async fn status(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath, body: Bytes) -> AppResult<Json<RequestDetail>> {
    let (facts, side) = acting(&state, &user, &raw_id, false).await?;
    let input: StatusBody = parse_body(&body)?;
    let to = input::status(&input.status).map_err(|rejection| rejection.to_error())?;
    let note = input::paragraphs(&input.note, MAX_NOTE_CHARS, false).map_err(|problem| problem.to_error(Field::Note))?;

    requests::set_status(&state.db, facts.id, user.id, side, to, &note).await.map_err(step_error)?;

    Ok(Json(load_detail(&state, &user, facts.id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EscalateBody {
    /// Reason the department should handle it, at most 2,000 characters.
    pub note: String,
}

/// Pass a request from its cluster board to the department.
#[utoipa::path(
    post,
    path = "/api/v1/requests/{id}/escalate",
    operation_id = "escalate_request",
    tag = "requests",
    params(("id" = i64, Path, description = "Request id")),
    request_body = EscalateBody,
    responses(
        (status = 200, description = "The request, now handled by the department", body = RequestDetail),
        (status = 400, description = "Invalid id or body", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such request, or the caller does not handle it", body = ErrorBody),
        (status = 409, description = "Already with the department, closed, or changed meanwhile", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(request.id = %raw_id))]
pub async fn escalate(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath, body: Bytes) -> AppResult<Json<RequestDetail>> {
    let (facts, _) = acting(&state, &user, &raw_id, true).await?;
    let input: EscalateBody = parse_body(&body)?;
    let note = match input::paragraphs(&input.note, MAX_NOTE_CHARS, true) {
        Ok(note) => note,
        Err(input::TextProblem::Missing) => return Err(AppError::bad_request("requests-error-escalate-missing")),
        Err(problem) => return Err(problem.to_error(Field::Note)),
    };

    requests::escalate(&state.db, facts.id, user.id, &note).await.map_err(step_error)?;

    Ok(Json(load_detail(&state, &user, facts.id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OwnerBody {
    /// A member of the handling cluster board, or a specialist of the department once
    /// escalated.
    pub owner_id: i64,
}

/// Make a person of the handling board or department the request's owner.
#[utoipa::path(
    post,
    path = "/api/v1/requests/{id}/owner",
    operation_id = "assign_request",
    tag = "requests",
    params(("id" = i64, Path, description = "Request id")),
    request_body = OwnerBody,
    responses(
        (status = 200, description = "The request with its new owner", body = RequestDetail),
        (status = 400, description = "Invalid id or body, or the person does not handle the request", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such request, or the caller does not handle it", body = ErrorBody),
        (status = 409, description = "Closed, already owned by this person, or changed meanwhile", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(request.id = %raw_id))]
pub async fn assign(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath, body: Bytes) -> AppResult<Json<RequestDetail>> {
    let (facts, _) = acting(&state, &user, &raw_id, true).await?;
    let input: OwnerBody = parse_body(&body)?;

    requests::assign(&state.db, facts.id, user.id, input.owner_id).await.map_err(step_error)?;

    Ok(Json(load_detail(&state, &user, facts.id).await?))
}

/// An answer to a frequent question, published for every school of a province.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerItem {
    pub id: i64,
    #[schema(example = "79")]
    pub province_code: String,
    #[schema(example = "assessment")]
    pub category: String,
    pub question: String,
    pub answer: String,
    pub published_by_name: String,
    pub published_at: String,
}

impl From<PublishedAnswer> for AnswerItem {
    fn from(answer: PublishedAnswer) -> AnswerItem {
        AnswerItem {
            id: answer.id,
            province_code: answer.province_code,
            category: answer.category,
            question: answer.question,
            answer: answer.answer,
            published_by_name: answer.published_by_name,
            published_at: instant(answer.published_at),
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnswerQuery {
    /// Province code; defaults to the caller's only province.
    #[param(example = "79")]
    pub province: Option<String>,
    #[param(example = "assessment")]
    pub category: Option<String>,
    /// Words that must all occur in the question, answer or category, ignoring tone marks.
    pub q: Option<String>,
}

/// List a province's published answers to frequent questions, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/answers",
    operation_id = "list_answers",
    tag = "requests",
    params(AnswerQuery, PageQuery),
    responses(
        (status = 200, description = "One page of published answers", body = List<AnswerItem>),
        (status = 400, description = "Invalid parameter, or `province` needed", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn answers(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<AnswerQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<List<AnswerItem>>> {
    let page = paging.parse()?;
    let category = present(&query.category)
        .map(|raw| RequestCategory::parse(raw).ok_or_else(|| bad_parameter("requests-api-error-category", "category", raw)))
        .transpose()?;
    let province = visible_province(&state.db, &user, &query.province).await?;
    let filter = AnswerFilter {
        province,
        category: category.map(|c| c.as_str().to_owned()),
        text: present(&query.q).map(str::to_owned),
    };

    let (items, total) = requests::list_answers(&state.db, &filter, page).await?;

    Ok(Json(List { items: items.into_iter().map(AnswerItem::from).collect(), total }))
}
