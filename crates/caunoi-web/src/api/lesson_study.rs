//! Lesson study under `/api/v1/activities/{id}/lesson-study`: the overview, the lesson
//! plan's versions with optimistic concurrency, observation notes, analysis forms,
//! the summary and the minutes. Bodies go through the same parsers as the screens, so
//! the rules and the messages are the same. Photos of notes are uploaded from the
//! screens only.

use std::collections::BTreeMap;

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use caunoi_core::lesson_study::analysis::{comment_field, parse_answers, parse_summary, rating_field};
use caunoi_core::lesson_study::observation::{NoteFields, parse_note};
use caunoi_core::lesson_study::plan::{LessonPlan, MAX_NOTE, field_keys};
use caunoi_core::lesson_study::checked_text;
use caunoi_db::lesson_study::plan::{self as plans, PlanVersion, SaveError};
use caunoi_db::lesson_study::{self as repo, analysis, observation};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use utoipa::{OpenApi, ToSchema};

use super::directives::ApiJson;
use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, List, PageQuery, parse_id};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{FluentArg, Locale, rfc3339 as instant};
use crate::pages::lesson_study::{self as screens, Lesson, field_label};
use crate::state::AppState;

/// Routes of this area under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/activities/{id}/lesson-study", get(overview))
        .route("/activities/{id}/lesson-study/plan/versions", get(versions).post(save_version))
        .route("/activities/{id}/lesson-study/plan/versions/{version}", get(version))
        .route("/activities/{id}/lesson-study/notes", get(notes).post(add_note))
        .route("/activities/{id}/lesson-study/analysis", put(save_analysis))
        .route("/activities/{id}/lesson-study/summary", put(save_summary))
        .route("/activities/{id}/lesson-study/minutes.docx", get(minutes_docx))
        .route("/activities/{id}/lesson-study/minutes/send", post(send_minutes))
}

/// The paths of this area, merged into the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(overview, versions, save_version, version, notes, add_note, save_analysis, save_summary, minutes_docx, send_minutes),
    tags((name = "lesson-study", description = "Lesson study (nghiên cứu bài học) on an activity of kind `lesson_study`: a 404 when the caller may not see the activity, a 403 when they may see it but are not in its group (the organiser's side and the people holding a seat or marked present)"))
)]
pub struct Doc;

async fn lesson(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<Lesson> {
    screens::load(state, user, parse_id("id", raw_id)?).await
}

/// One criterion of the analysis form.
#[derive(Debug, Serialize, ToSchema)]
pub struct CriterionBody {
    /// `moet-N` for the defaults, `custom-N` for the group's own.
    #[schema(example = "moet-1")]
    pub key: String,
    pub group: String,
    pub text: String,
    /// Source of the criterion, empty for the group's own.
    pub source: String,
    /// Highest rating, or null for a comment only.
    pub rating_max: Option<i64>,
}

/// A lesson study at a glance.
#[derive(Debug, Serialize, ToSchema)]
pub struct LessonStudyBody {
    pub activity_id: i64,
    /// The latest version of the lesson plan, or null before the first save.
    pub plan_version: Option<i64>,
    pub seating_rows: i64,
    pub seating_columns: i64,
    /// Labelled seats: `{"row", "column", "student", "group"}`.
    #[schema(value_type = Vec<Object>)]
    pub seats: serde_json::Value,
    pub criteria: Vec<CriterionBody>,
    pub note_count: i64,
    pub form_count: i64,
    pub conclusions: String,
    pub lessons_to_apply: String,
    /// RFC 3339 in Vietnam time; null while forms may still change.
    pub closed_at: Option<String>,
    pub can_contribute: bool,
    pub can_lead: bool,
}

/// Get a lesson study.
#[utoipa::path(
    get,
    path = "/api/v1/activities/{id}/lesson-study",
    operation_id = "get_lesson_study",
    tag = "lesson-study",
    params(("id" = i64, Path, description = "Activity id")),
    responses(
        (status = 200, description = "The lesson study", body = LessonStudyBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "The caller sees the activity but is not in its group", body = ErrorBody),
        (status = 404, description = "No such lesson study, or outside the caller's reach", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn overview(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<LessonStudyBody>> {
    let lesson = lesson(&state, &user, &raw_id).await?;
    let id = lesson.activity.id;
    let study = repo::get(&state.db, id).await?;
    let latest = plans::latest(&state.db, id).await?;
    let note_count = i64::try_from(observation::notes(&state.db, id).await?.len()).unwrap_or(i64::MAX);
    let form_count = i64::try_from(analysis::forms(&state.db, id).await?.len()).unwrap_or(i64::MAX);
    Ok(Json(LessonStudyBody {
        activity_id: id,
        plan_version: latest.map(|v| v.version),
        seating_rows: study.seating.rows,
        seating_columns: study.seating.columns,
        seats: serde_json::to_value(&study.seating.seats).unwrap_or_default(),
        criteria: study
            .criteria
            .iter()
            .map(|c| CriterionBody { key: c.key.clone(), group: c.group.clone(), text: c.text.clone(), source: c.source.clone(), rating_max: c.rating_max })
            .collect(),
        note_count,
        form_count,
        conclusions: study.summary.conclusions,
        lessons_to_apply: study.summary.lessons_to_apply,
        closed_at: study.closed_at.map(instant),
        can_contribute: lesson.can_contribute,
        can_lead: lesson.can_lead,
    }))
}

/// One version of the lesson plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanVersionBody {
    pub version: i64,
    pub author_id: i64,
    pub author_name: String,
    pub created_at: String,
    pub note: String,
    /// Every field of the plan by its key (`title`, `knowledge`, `activity2_product` …);
    /// empty in lists.
    #[schema(example = json!({"title": "Hàm số bậc nhất", "activity1_objective": "Nhận biết hàm số"}))]
    pub fields: BTreeMap<String, String>,
}

impl PlanVersionBody {
    fn from_version(version: PlanVersion, with_fields: bool) -> PlanVersionBody {
        let fields = if with_fields { field_keys().into_iter().map(|key| (key.clone(), version.plan.value(&key).unwrap_or_default())).collect() } else { BTreeMap::new() };
        PlanVersionBody { version: version.version, author_id: version.author_id, author_name: version.author_name, created_at: instant(version.created_at), note: version.note, fields }
    }
}

/// List the versions of the lesson plan, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/activities/{id}/lesson-study/plan/versions",
    operation_id = "list_lesson_plan_versions",
    tag = "lesson-study",
    params(("id" = i64, Path, description = "Activity id"), PageQuery),
    responses(
        (status = 200, description = "Every version, without its fields", body = List<PlanVersionBody>),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "Not in the group", body = ErrorBody),
        (status = 404, description = "No such lesson study, or outside the caller's reach", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn versions(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath, ApiQuery(paging): ApiQuery<PageQuery>) -> AppResult<Json<List<PlanVersionBody>>> {
    let page = paging.parse()?;
    let lesson = lesson(&state, &user, &raw_id).await?;
    let items: Vec<PlanVersionBody> = plans::versions(&state.db, lesson.activity.id).await?.into_iter().map(|v| PlanVersionBody::from_version(v, false)).collect();
    Ok(Json(List::page_of(items, page)))
}

/// Get one version of the lesson plan with every field.
#[utoipa::path(
    get,
    path = "/api/v1/activities/{id}/lesson-study/plan/versions/{version}",
    operation_id = "get_lesson_plan_version",
    tag = "lesson-study",
    params(("id" = i64, Path, description = "Activity id"), ("version" = i64, Path, description = "Version number, from 1")),
    responses(
        (status = 200, description = "The version", body = PlanVersionBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "Not in the group", body = ErrorBody),
        (status = 404, description = "No such version, or outside the caller's reach", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn version(State(state): State<AppState>, user: CurrentUser, Path((raw_id, raw_version)): Path<(String, String)>) -> AppResult<Json<PlanVersionBody>> {
    let lesson = lesson(&state, &user, &raw_id).await?;
    let number = parse_id("version", &raw_version)?;
    Ok(Json(PlanVersionBody::from_version(plans::version(&state.db, lesson.activity.id, number).await?, true)))
}

/// A new version of the lesson plan.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NewVersionBody {
    /// The version the edit started from: 0 before the first save.
    pub based_on: i64,
    pub note: String,
    /// Fields by key, as in [`PlanVersionBody`]; a missing field is saved empty.
    pub fields: BTreeMap<String, String>,
}

/// Save a new version of the lesson plan. A save based on an older version than the
/// latest is refused with 409 and nothing is stored.
#[utoipa::path(
    post,
    path = "/api/v1/activities/{id}/lesson-study/plan/versions",
    operation_id = "create_lesson_plan_version",
    tag = "lesson-study",
    params(("id" = i64, Path, description = "Activity id")),
    request_body = NewVersionBody,
    responses(
        (status = 201, description = "The new version", body = PlanVersionBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 400, description = "A field is invalid; the message names it and the fix", body = ErrorBody),
        (status = 403, description = "Not in the group", body = ErrorBody),
        (status = 404, description = "No such lesson study, or outside the caller's reach", body = ErrorBody),
        (status = 409, description = "Another version was saved since `based_on`, or the activity is cancelled", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn save_version(State(state): State<AppState>, locale: Locale, user: CurrentUser, ApiPath(raw_id): ApiPath, ApiJson(body): ApiJson<NewVersionBody>) -> AppResult<(StatusCode, Json<PlanVersionBody>)> {
    let lesson = lesson(&state, &user, &raw_id).await?;
    lesson.require_contribute()?;
    let keys = field_keys();
    if let Some(unknown) = body.fields.keys().find(|key| !keys.contains(key)) {
        return Err(AppError::bad_value("ls-api-error-plan-field", unknown.clone()));
    }
    if body.based_on < 0 {
        return Err(AppError::bad_value("ls-error-based-on", body.based_on.to_string()));
    }
    let mut problems = Vec::new();
    let note = checked_text("note", &body.note, MAX_NOTE, false, false, &mut problems);
    let plan = match LessonPlan::parse(|key| body.fields.get(key).map(String::as_str).unwrap_or("")) {
        Ok(plan) if problems.is_empty() => plan,
        Ok(_) => return Err(screens::bad_request(locale, &problems, &[])),
        Err((_, plan_problems)) => return Err(screens::bad_request(locale, &plan_problems, &[])),
    };
    match plans::save(&state.db, lesson.activity.id, body.based_on, &plan, &note, user.id).await {
        Ok(number) => Ok((StatusCode::CREATED, Json(PlanVersionBody::from_version(plans::version(&state.db, lesson.activity.id, number).await?, true)))),
        Err(SaveError::Stale { based_on, latest }) => {
            let newest = plans::version(&state.db, lesson.activity.id, latest).await?;
            let base = if based_on == 0 { LessonPlan::default() } else { plans::version(&state.db, lesson.activity.id, based_on).await.map(|v| v.plan).unwrap_or_default() };
            let changed: Vec<String> = base.changed_fields(&newest.plan).iter().map(|key| field_label(locale, key, &[])).collect();
            Err(AppError::Conflict {
                message_id: "ls-error-stale",
                args: vec![
                    ("based_on", FluentArg::Number(based_on)),
                    ("latest", FluentArg::Number(latest)),
                    ("author", FluentArg::Text(newest.author_name)),
                    ("fields", FluentArg::Text(changed.join("; "))),
                ],
            })
        }
        Err(SaveError::Db(error)) => Err(error.into()),
    }
}

/// An observation note.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteBody {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    /// `clock` (seconds after midnight, Vietnam time) or `lesson` (seconds into the lesson).
    pub time_kind: String,
    pub time_seconds: i64,
    /// `09:15:30` for a clock time, `12:30` for a minute of the lesson.
    pub time: String,
    pub seat_row: Option<i64>,
    pub seat_column: Option<i64>,
    pub group_name: String,
    pub body: String,
    /// Attachment ids of the note's photos, downloaded at `/attachments/{id}`.
    pub photo_ids: Vec<i64>,
}

/// List the group's notes: clock times first, then minutes of the lesson, in time order.
#[utoipa::path(
    get,
    path = "/api/v1/activities/{id}/lesson-study/notes",
    operation_id = "list_lesson_notes",
    tag = "lesson-study",
    params(("id" = i64, Path, description = "Activity id"), PageQuery),
    responses(
        (status = 200, description = "Every note of the group", body = List<NoteBody>),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "Not in the group", body = ErrorBody),
        (status = 404, description = "No such lesson study, or outside the caller's reach", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn notes(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath, ApiQuery(paging): ApiQuery<PageQuery>) -> AppResult<Json<List<NoteBody>>> {
    let page = paging.parse()?;
    let lesson = lesson(&state, &user, &raw_id).await?;
    let photos = observation::photos(&state.db, lesson.activity.id).await?;
    let items: Vec<NoteBody> = observation::notes(&state.db, lesson.activity.id)
        .await?
        .into_iter()
        .map(|note| NoteBody {
            time: note.time().text(),
            photo_ids: photos.iter().filter(|p| p.owner_id == note.id).map(|p| p.id).collect(),
            id: note.id,
            author_id: note.author_id,
            author_name: note.author_name,
            time_kind: note.time_kind,
            time_seconds: note.time_seconds,
            seat_row: note.seat_row,
            seat_column: note.seat_column,
            group_name: note.group_name,
            body: note.body,
        })
        .collect();
    Ok(Json(List::page_of(items, page)))
}

/// A note as typed.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NewNoteBody {
    /// `clock` (default) or `lesson`.
    pub time_kind: String,
    /// `09:15:30` or `9:15` for a clock time (empty: now), `12` or `12:30` for a minute.
    pub time: String,
    /// `seat:ROW:COLUMN` or `group`.
    #[schema(example = "seat:2:3")]
    pub target: String,
    /// The group's name when `target` is `group`.
    pub group: String,
    pub body: String,
}

/// Add an observation note (without photos).
#[utoipa::path(
    post,
    path = "/api/v1/activities/{id}/lesson-study/notes",
    operation_id = "create_lesson_note",
    tag = "lesson-study",
    params(("id" = i64, Path, description = "Activity id")),
    request_body = NewNoteBody,
    responses(
        (status = 201, description = "The note's id", body = i64),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 400, description = "A field is invalid; the message names it and the fix", body = ErrorBody),
        (status = 403, description = "Not in the group", body = ErrorBody),
        (status = 404, description = "No such lesson study, or outside the caller's reach", body = ErrorBody),
        (status = 409, description = "The activity is cancelled", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn add_note(State(state): State<AppState>, locale: Locale, user: CurrentUser, ApiPath(raw_id): ApiPath, ApiJson(body): ApiJson<NewNoteBody>) -> AppResult<(StatusCode, Json<i64>)> {
    let lesson = lesson(&state, &user, &raw_id).await?;
    lesson.require_contribute()?;
    let study = repo::get(&state.db, lesson.activity.id).await?;
    let fields = NoteFields { time_kind: &body.time_kind, time: &body.time, target: &body.target, group: &body.group, body: &body.body };
    let now = chrono::Utc::now().with_timezone(&crate::i18n::vietnam_offset());
    let clock = i64::from(chrono::Timelike::num_seconds_from_midnight(&now));
    let note = parse_note(&fields, &study.seating, clock).map_err(|problems| screens::bad_request(locale, &problems, &[]))?;
    let id = observation::add_note(&state.db, lesson.activity.id, user.id, &note, &[]).await?;
    Ok((StatusCode::CREATED, Json(id)))
}

/// The caller's analysis form.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AnalysisBody {
    /// Comments by criterion key; at least one must be written.
    #[schema(example = json!({"moet-1": "Chuỗi hoạt động phù hợp mục tiêu."}))]
    pub comments: BTreeMap<String, String>,
    /// Ratings by criterion key, for criteria with a scale.
    pub ratings: BTreeMap<String, i64>,
}

/// Save the caller's analysis form, until the conclusions are closed.
#[utoipa::path(
    put,
    path = "/api/v1/activities/{id}/lesson-study/analysis",
    operation_id = "save_lesson_analysis",
    tag = "lesson-study",
    params(("id" = i64, Path, description = "Activity id")),
    request_body = AnalysisBody,
    responses(
        (status = 204, description = "Saved"),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 400, description = "A comment or rating is invalid", body = ErrorBody),
        (status = 403, description = "Not in the group", body = ErrorBody),
        (status = 404, description = "No such lesson study, or outside the caller's reach", body = ErrorBody),
        (status = 409, description = "The conclusions are closed, or the activity is cancelled", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn save_analysis(State(state): State<AppState>, locale: Locale, user: CurrentUser, ApiPath(raw_id): ApiPath, ApiJson(body): ApiJson<AnalysisBody>) -> AppResult<StatusCode> {
    let lesson = lesson(&state, &user, &raw_id).await?;
    lesson.require_contribute()?;
    let study = repo::get(&state.db, lesson.activity.id).await?;
    if let Some(unknown) = body.comments.keys().chain(body.ratings.keys()).find(|key| !study.criteria.iter().any(|c| &c.key == *key)) {
        return Err(AppError::bad_value("ls-api-error-criterion", unknown.clone()));
    }
    let ratings: BTreeMap<String, String> = body.ratings.iter().map(|(key, value)| (rating_field(key), value.to_string())).collect();
    let comments: BTreeMap<String, String> = body.comments.iter().map(|(key, value)| (comment_field(key), value.clone())).collect();
    let answers = parse_answers(&study.criteria, |key| comments.get(key).or_else(|| ratings.get(key)).map(String::as_str).unwrap_or(""))
        .map_err(|(_, problems)| screens::bad_request(locale, &problems, &study.criteria))?;
    analysis::save_form(&state.db, lesson.activity.id, user.id, &answers).await.map_err(screens::analysis_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The group's conclusions and lessons to apply.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SummaryBody {
    pub conclusions: String,
    pub lessons_to_apply: String,
    /// The secretary who signs the minutes; optional.
    pub secretary: String,
}

/// Save the summary (the organiser's side), until it is closed.
#[utoipa::path(
    put,
    path = "/api/v1/activities/{id}/lesson-study/summary",
    operation_id = "save_lesson_summary",
    tag = "lesson-study",
    params(("id" = i64, Path, description = "Activity id")),
    request_body = SummaryBody,
    responses(
        (status = 204, description = "Saved"),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 400, description = "A part is missing or too long", body = ErrorBody),
        (status = 403, description = "Not the organiser's side", body = ErrorBody),
        (status = 404, description = "No such lesson study, or outside the caller's reach", body = ErrorBody),
        (status = 409, description = "The summary is closed, or the activity is cancelled", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn save_summary(State(state): State<AppState>, locale: Locale, user: CurrentUser, ApiPath(raw_id): ApiPath, ApiJson(body): ApiJson<SummaryBody>) -> AppResult<StatusCode> {
    let lesson = lesson(&state, &user, &raw_id).await?;
    lesson.require_lead()?;
    let summary = parse_summary(&body.conclusions, &body.lessons_to_apply, &body.secretary).map_err(|(_, problems)| screens::bad_request(locale, &problems, &[]))?;
    analysis::save_summary(&state.db, lesson.activity.id, &summary, user.id).await.map_err(screens::analysis_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Download the minutes as .docx.
#[utoipa::path(
    get,
    path = "/api/v1/activities/{id}/lesson-study/minutes.docx",
    operation_id = "get_lesson_minutes",
    tag = "lesson-study",
    params(("id" = i64, Path, description = "Activity id")),
    responses(
        (status = 200, description = "The minutes", content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "Not in the group", body = ErrorBody),
        (status = 404, description = "No such lesson study, or outside the caller's reach", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn minutes_docx(state: State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Response> {
    screens::minutes_response(state, user, raw_id).await
}

/// The stored minutes.
#[derive(Debug, Serialize, ToSchema)]
pub struct SentBody {
    /// Download at `/attachments/{attachment_id}`.
    pub attachment_id: i64,
}

/// Send the minutes to the cluster board: they are stored as an attachment and the
/// board is notified. The conclusions must be closed first.
#[utoipa::path(
    post,
    path = "/api/v1/activities/{id}/lesson-study/minutes/send",
    operation_id = "send_lesson_minutes",
    tag = "lesson-study",
    params(("id" = i64, Path, description = "Activity id")),
    responses(
        (status = 201, description = "Sent", body = SentBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "Not the organiser's side", body = ErrorBody),
        (status = 404, description = "No such lesson study, or outside the caller's reach", body = ErrorBody),
        (status = 409, description = "The conclusions are not closed, or the activity belongs to no cluster", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn send_minutes(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Response> {
    let lesson = lesson(&state, &user, &raw_id).await?;
    let attachment_id = screens::send_minutes_of(&state, &user, &lesson).await?;
    let mut response = (StatusCode::CREATED, Json(SentBody { attachment_id })).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/attachments/{attachment_id}")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}
