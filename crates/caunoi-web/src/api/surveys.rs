//! Feedback surveys through the API: an activity's survey, attaching one, its settings,
//! answering and editing with the edit key, results under the small-group rule,
//! reminders, grouped results, and the boards' action items. Input goes through the
//! same parsing as the screens, with the same messages.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use caunoi_core::activity::ActivityKind;
use caunoi_core::activity::plan::{self, PlanItemStatus, Semester};
use caunoi_core::policy::Action;
use caunoi_core::school_year::SchoolYear;
use caunoi_core::survey::suppression::{Tally, is_publishable};
use caunoi_core::survey::{self, Phase, QuestionKind};
use caunoi_db::activities::plans::{self, ItemInput};
use caunoi_db::surveys::action_items::{self, ActionItem, NewActionItem};
use caunoi_db::surveys::{self as repo, SurveySettings, UpdateError, answers, reminders, results, templates};
use caunoi_db::{DbError, clusters, now_ms};
use serde::{Deserialize, Serialize};
use tracing::{info, instrument};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::directives::ApiJson;
use super::error::invalid_fields;
use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, bad_parameter, parse_id, parse_province, present};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, rfc3339 as instant};
use crate::pages::directives::input::Problems;
use crate::pages::surveys::input::{SettingsForm, answer_message, parse_settings};
use crate::pages::surveys::{FieldMessages, Grouping, forbid_unless, load_visible};
use crate::state::AppState;

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/activities/{id}/survey", get(activity_survey).post(attach))
        .route("/surveys/{id}", axum::routing::put(update_settings))
        .route("/surveys/{id}/responses", post(answer).put(edit))
        .route("/surveys/{id}/results", get(survey_results))
        .route("/surveys/{id}/reminders", post(remind))
        .route("/provinces/{code}/survey-results", get(province_results))
        .route("/clusters/{id}/survey-results", get(cluster_results))
        .route("/provinces/{code}/survey-templates", get(province_templates).post(create_template))
        .route("/survey-templates/{id}", axum::routing::put(update_template))
        .route("/clusters/{id}/survey-action-items", get(cluster_action_items).post(create_action_item))
        .route("/survey-action-items/{id}/plan-item", post(convert_action_item))
}

/// The paths of this area, merged into the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        activity_survey, attach, update_settings, answer, edit, survey_results, remind, province_results, cluster_results,
        province_templates, create_template, update_template, cluster_action_items, create_action_item, convert_action_item
    ),
    tags((name = "surveys", description = "Feedback surveys of activities, their anonymous answers, results under the small-group rule, and action items"))
)]
pub struct Doc;

/// One question of a survey or template.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionBody {
    /// `rating` (1 to 5, required) or `open` (free text, optional).
    pub kind: String,
    pub text: String,
    /// The labels of points 1 to 5 of a rating; empty for an open question.
    pub labels: Vec<String>,
}

fn question_bodies(questions: &[survey::Question]) -> Vec<QuestionBody> {
    questions
        .iter()
        .map(|question| QuestionBody { kind: question.kind.as_str().into(), text: question.text.clone(), labels: question.labels.clone() })
        .collect()
}

/// A survey as the caller sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyBody {
    pub id: i64,
    pub activity_id: i64,
    pub anonymous: bool,
    pub opens_at: String,
    pub closes_at: String,
    /// `not_open`, `open` or `closed`.
    pub phase: String,
    pub questions: Vec<QuestionBody>,
    /// The caller may answer.
    pub participant: bool,
    /// The caller has answered.
    pub answered: bool,
    /// Respondents and participants: for the organiser's side only, `null` otherwise.
    pub respondents: Option<i64>,
    pub participants: Option<i64>,
}

/// The body that attaches a survey. Blank fields take the defaults: the department's
/// default template, open for 7 days from the activity's end, anonymous.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AttachBody {
    pub template_id: Option<i64>,
    /// RFC 3339, such as `2026-12-20T17:00:00+07:00`.
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub anonymous: Option<bool>,
}

/// The body that changes a survey's window and anonymity.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SettingsBody {
    /// RFC 3339.
    pub opens_at: String,
    pub closes_at: String,
    pub anonymous: bool,
}

/// Answers, one per question in the survey's order: a number 1 to 5 (or its text) for
/// a rating, text or `null` for an open question.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AnswersBody {
    #[schema(value_type = Vec<Object>)]
    pub answers: Vec<serde_json::Value>,
    /// The key returned by the first answer; required to edit an anonymous survey.
    pub edit_key: String,
}

/// The key that lets the respondent edit their answers until the survey closes. It is
/// stored nowhere else: keep it.
#[derive(Debug, Serialize, ToSchema)]
pub struct EditKeyBody {
    pub edit_key: String,
}

/// Results of one question.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionResultBody {
    pub text: String,
    pub kind: String,
    /// Counts of points 1 to 5; empty for an open question.
    pub counts: Vec<i64>,
    pub mean: Option<f64>,
    /// Open answers in random order.
    pub answers: Vec<String>,
}

/// One survey's results. `questions` is empty unless `shown`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsBody {
    pub respondents: i64,
    pub shown: bool,
    /// `open` (results wait for the close) or `too_few` (fewer than 5 respondents); `null` when shown.
    pub hidden_reason: Option<String>,
    pub questions: Vec<QuestionResultBody>,
}

/// One group of grouped results. Counts and mean are `null` for a hidden group.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupBody {
    pub label: String,
    pub shown: bool,
    /// Surveys counted: closed with at least 5 respondents.
    pub surveys: usize,
    pub respondents: Option<i64>,
    pub mean: Option<f64>,
    pub counts: Option<Vec<i64>>,
    /// Surveys of the group left out: open, or with 1 to 4 respondents.
    pub left_out: usize,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GroupQuery {
    /// `activity` (default), `presenter`, `topic`, `cluster` or `semester`.
    pub by: Option<String>,
}

/// A survey template.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateBody {
    pub id: i64,
    pub name: String,
    /// `null` for the department's templates.
    pub cluster_id: Option<i64>,
    pub is_default: bool,
    pub questions: Vec<QuestionBody>,
}

/// One question as a client sends it.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct QuestionInput {
    /// `rating` or `open`.
    pub kind: String,
    pub text: String,
    /// Five labels for a rating, or none for the default labels.
    pub labels: Vec<String>,
}

/// The body that creates or replaces a template.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct TemplateInput {
    /// The owning cluster when creating a cluster's template; `null` for the department's.
    /// Ignored when replacing.
    pub cluster_id: Option<i64>,
    pub name: String,
    pub questions: Vec<QuestionInput>,
}

/// An action item.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionItemBody {
    pub id: i64,
    pub cluster_id: i64,
    pub survey_id: Option<i64>,
    pub text: String,
    pub owner: String,
    pub target_year: String,
    pub target_semester: i64,
    pub plan_item_id: Option<i64>,
}

impl From<&ActionItem> for ActionItemBody {
    fn from(item: &ActionItem) -> ActionItemBody {
        ActionItemBody {
            id: item.id,
            cluster_id: item.cluster_id,
            survey_id: item.survey_id,
            text: item.action_text.clone(),
            owner: item.owner.clone(),
            target_year: item.target_year.clone(),
            target_semester: item.target_semester,
            plan_item_id: item.plan_item_id,
        }
    }
}

/// The body that adds an action item.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ActionItemInput {
    pub survey_id: Option<i64>,
    pub text: String,
    pub owner: String,
    #[schema(example = "2026-2027")]
    pub target_year: String,
    /// 1 or 2.
    pub target_semester: i64,
}

/// The body that converts an action item into a planned item.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ConvertBody {
    /// The cluster whose plan shows the item (next year's cluster for semester I of the next year).
    pub cluster_id: i64,
    #[schema(example = "seminar")]
    pub kind: String,
    #[schema(example = "2027-03")]
    pub month: String,
}


fn problems_response(locale: Locale, problems: &Problems) -> Response {
    invalid_fields(problems.0.iter().map(|problem| (problem.field, problem.message(locale))))
}

/// Converts an RFC 3339 instant into the screens' date and time inputs, so that both
/// go through one parser. An unreadable instant is passed through as the date, whose
/// message then names it.
fn form_inputs(raw: &str) -> (String, String) {
    match chrono::DateTime::parse_from_rfc3339(raw.trim()) {
        Ok(parsed) => crate::pages::surveys::input_date_time(parsed.timestamp_millis()),
        Err(_) => (raw.trim().to_owned(), String::new()),
    }
}

fn settings_form(opens_at: &str, closes_at: &str, anonymous: bool) -> SettingsForm {
    let (opens_date, opens_time) = form_inputs(opens_at);
    let (closes_date, closes_time) = form_inputs(closes_at);
    SettingsForm { template: String::new(), opens_date, opens_time, closes_date, closes_time, anonymous: anonymous.then(|| "on".into()) }
}

async fn survey_body(state: &AppState, user: &CurrentUser, loaded: &crate::pages::surveys::Loaded) -> AppResult<SurveyBody> {
    let survey = &loaded.survey;
    let participant = user.allows(Action::AnswerSurvey { survey: &loaded.facts });
    let manage = user.allows(Action::ManageSurvey { activity: &loaded.facts.activity });
    let (respondents, participants) = if manage {
        (Some(repo::respondent_count(&state.db, survey.id).await?), Some(repo::participant_count(&state.db, survey.activity_id).await?))
    } else {
        (None, None)
    };
    Ok(SurveyBody {
        id: survey.id,
        activity_id: survey.activity_id,
        anonymous: survey.anonymous(),
        opens_at: instant(survey.opens_at),
        closes_at: instant(survey.closes_at),
        phase: survey.phase(now_ms()).as_str().into(),
        questions: question_bodies(&survey.questions()),
        participant,
        answered: participant && repo::has_answered(&state.db, survey.id, user.id).await?,
        respondents,
        participants,
    })
}

/// Show the feedback survey of an activity.
#[utoipa::path(
    get,
    path = "/api/v1/activities/{id}/survey",
    operation_id = "get_activity_survey",
    tag = "surveys",
    params(("id" = i64, Path, description = "Activity id")),
    responses(
        (status = 200, description = "The survey", body = SurveyBody),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such activity or survey, or the caller may not see the activity", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn activity_survey(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<SurveyBody>> {
    let activity_id = parse_id("id", &raw_id)?;
    let facts = caunoi_db::activities::facts(&state.db, activity_id, user.id).await?;
    user.require(Action::ViewActivity { activity: &facts })?;
    let survey = repo::of_activity(&state.db, activity_id).await?.ok_or(AppError::NotFound)?;

    let loaded = load_visible(&state.db, &user, &survey.id.to_string()).await?;
    Ok(Json(survey_body(&state, &user, &loaded).await?))
}

/// Attach a feedback survey to an activity, copying a template's questions.
#[utoipa::path(
    post,
    path = "/api/v1/activities/{id}/survey",
    operation_id = "attach_activity_survey",
    tag = "surveys",
    params(("id" = i64, Path, description = "Activity id")),
    request_body = AttachBody,
    responses(
        (status = 201, description = "The survey", body = SurveyBody),
        (status = 400, description = "The id is not a number, or the body is not JSON", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "The caller sees the activity but does not organise it", body = ErrorBody),
        (status = 404, description = "No such activity, or the caller may not see it", body = ErrorBody),
        (status = 409, description = "The activity has a survey already", body = ErrorBody),
        (status = 422, description = "Invalid fields, such as a close before the opening", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn attach(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiJson(body): ApiJson<AttachBody>,
) -> AppResult<Response> {
    let activity_id = parse_id("id", &raw_id)?;
    let facts = caunoi_db::activities::facts(&state.db, activity_id, user.id).await?;
    user.require(Action::ViewActivity { activity: &facts })?;
    forbid_unless(&user, Action::ManageSurvey { activity: &facts }, "survey-error-manage-forbidden")?;
    let activity = caunoi_db::activities::get(&state.db, activity_id).await?;
    if activity.status() != caunoi_core::activity::ActivityStatus::Published {
        return Ok(invalid_fields(vec![("template", locale.t("survey-error-activity-not-published"))]));
    }

    let clusters: Vec<i64> = activity.cluster_id.into_iter().collect();
    let usable = templates::usable(&state.db, &activity.province_code, &clusters).await?;
    let template = match body.template_id {
        None => usable.first(),
        Some(id) => usable.iter().find(|t| t.id == id),
    };
    let Some(template) = template else {
        let value = body.template_id.map(|id| id.to_string()).unwrap_or_default();
        return Ok(invalid_fields(vec![("template_id", locale.t1("survey-error-template", "value", &value))]));
    };
    let (default_opens, default_closes) = survey::default_window(activity.ends_at);
    let opens = body.opens_at.clone().unwrap_or_else(|| instant(default_opens));
    let closes = body.closes_at.clone().unwrap_or_else(|| instant(default_closes));
    let form = settings_form(&opens, &closes, body.anonymous.unwrap_or(true));
    let settings = match parse_settings(&form, activity.starts_at) {
        Ok(settings) => settings,
        Err(problems) => return Ok(problems_response(locale, &problems)),
    };

    let id = match repo::attach(&state.db, activity_id, Some(template.id), &template.questions(), &settings, user.id).await {
        Ok(id) => id,
        Err(DbError::Conflict(_)) => return Err(AppError::conflict("survey-api-error-attached")),
        Err(error) => return Err(error.into()),
    };
    info!(activity.id = activity_id, survey.id = id, "survey attached");
    let loaded = load_visible(&state.db, &user, &id.to_string()).await?;
    Ok((StatusCode::CREATED, Json(survey_body(&state, &user, &loaded).await?)).into_response())
}

/// Change a survey's window and anonymity. The anonymity is fixed once anyone has answered.
#[utoipa::path(
    put,
    path = "/api/v1/surveys/{id}",
    operation_id = "update_survey",
    tag = "surveys",
    params(("id" = i64, Path, description = "Survey id")),
    request_body = SettingsBody,
    responses(
        (status = 200, description = "The survey", body = SurveyBody),
        (status = 400, description = "The id is not a number, or the body is not JSON", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "The caller sees the activity but does not organise it", body = ErrorBody),
        (status = 404, description = "No such survey, or the caller may not see its activity", body = ErrorBody),
        (status = 409, description = "Someone has answered, so the anonymity cannot change, or the survey has closed; nothing was saved", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(survey.id = %raw_id))]
pub async fn update_settings(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiJson(body): ApiJson<SettingsBody>,
) -> AppResult<Response> {
    let loaded = load_visible(&state.db, &user, &raw_id).await?;
    forbid_unless(&user, Action::ManageSurvey { activity: &loaded.facts.activity }, "survey-error-manage-forbidden")?;
    let form = settings_form(&body.opens_at, &body.closes_at, body.anonymous);
    let settings: SurveySettings = match parse_settings(&form, loaded.activity.starts_at) {
        Ok(settings) => settings,
        Err(problems) => return Ok(problems_response(locale, &problems)),
    };

    match repo::update(&state.db, loaded.survey.id, &settings, now_ms()).await {
        Ok(()) => {}
        Err(UpdateError::AnonymityFixed) => return Err(AppError::conflict("survey-error-anonymity-fixed")),
        Err(UpdateError::Closed) => return Err(AppError::conflict("survey-error-closed-fixed")),
        Err(UpdateError::Db(error)) => return Err(error.into()),
    }
    info!(survey.id = loaded.survey.id, survey.anonymous = settings.anonymous, "survey settings saved");
    let loaded = load_visible(&state.db, &user, &raw_id).await?;
    Ok(Json(survey_body(&state, &user, &loaded).await?).into_response())
}

/// Reads the answers of a body into one raw text per question.
fn raw_answers(body: &AnswersBody) -> Vec<String> {
    body.answers
        .iter()
        .map(|value| match value {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// Parses the answers, or returns the message of each invalid one under `answers[N]`.
fn parse_body(locale: Locale, questions: &[survey::Question], body: &AnswersBody) -> Result<Vec<Option<survey::AnswerValue>>, Vec<(String, String)>> {
    survey::parse_answers(questions, &raw_answers(body)).map_err(|errors| {
        errors.iter().map(|error| (format!("answers[{}]", error.position() - 1), answer_message(locale, error))).collect()
    })
}


/// Maps a refused answer to its error: 409 for the survey's state, 400 for a wrong key.
fn refusal(error: answers::AnswerError, opens_at: i64, closes_at: i64) -> AppError {
    use crate::i18n::FluentArg;
    match error {
        answers::AnswerError::NotOpen(Phase::NotOpen) => {
            AppError::Conflict { message_id: "survey-error-not-open", args: vec![("opens", FluentArg::Text(crate::i18n::datetime(opens_at)))] }
        }
        answers::AnswerError::NotOpen(_) => {
            AppError::Conflict { message_id: "survey-error-closed", args: vec![("closes", FluentArg::Text(crate::i18n::datetime(closes_at)))] }
        }
        answers::AnswerError::AlreadyAnswered => AppError::conflict("survey-error-already-answered"),
        answers::AnswerError::NotAnswered => AppError::conflict("survey-error-not-answered"),
        answers::AnswerError::WrongKey => AppError::bad_request("survey-api-error-edit-key"),
        answers::AnswerError::Db(error) => error.into(),
    }
}

/// Answer a survey once. The response carries the edit key, stored nowhere else.
#[utoipa::path(
    post,
    path = "/api/v1/surveys/{id}/responses",
    operation_id = "answer_survey",
    tag = "surveys",
    params(("id" = i64, Path, description = "Survey id")),
    request_body = AnswersBody,
    responses(
        (status = 201, description = "Saved; keep the edit key", body = EditKeyBody),
        (status = 400, description = "The id is not a number, or the body is not JSON", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "The caller sees the activity but did not take part", body = ErrorBody),
        (status = 404, description = "No such survey, or the caller may not see its activity", body = ErrorBody),
        (status = 409, description = "Not open, or answered already", body = ErrorBody),
        (status = 422, description = "Invalid answers: `error.fields` names each as `answers[N]`", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(survey.id = %raw_id))]
pub async fn answer(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiJson(body): ApiJson<AnswersBody>,
) -> AppResult<Response> {
    let loaded = load_visible(&state.db, &user, &raw_id).await?;
    forbid_unless(&user, Action::AnswerSurvey { survey: &loaded.facts }, "survey-error-not-participant")?;
    let parsed = match parse_body(locale, &loaded.survey.questions(), &body) {
        Ok(parsed) => parsed,
        Err(messages) => return Ok(invalid_fields(messages)),
    };

    let key = answers::answer(&state.db, loaded.survey.id, user.id, &parsed, now_ms())
        .await
        .map_err(|error| refusal(error, loaded.survey.opens_at, loaded.survey.closes_at))?;
    info!(survey.id = loaded.survey.id, edit = false, "survey answer saved");
    Ok((StatusCode::CREATED, Json(EditKeyBody { edit_key: key })).into_response())
}

/// Replace one's answers while the survey is open, with the edit key of the first answer.
#[utoipa::path(
    put,
    path = "/api/v1/surveys/{id}/responses",
    operation_id = "edit_survey_answers",
    tag = "surveys",
    params(("id" = i64, Path, description = "Survey id")),
    request_body = AnswersBody,
    responses(
        (status = 204, description = "Saved"),
        (status = 400, description = "The id is not a number, the body is not JSON, or the edit key is wrong", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "The caller sees the activity but did not take part", body = ErrorBody),
        (status = 404, description = "No such survey, or the caller may not see its activity", body = ErrorBody),
        (status = 409, description = "Not open, or not answered yet", body = ErrorBody),
        (status = 422, description = "Invalid answers", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(survey.id = %raw_id))]
pub async fn edit(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiJson(body): ApiJson<AnswersBody>,
) -> AppResult<Response> {
    let loaded = load_visible(&state.db, &user, &raw_id).await?;
    forbid_unless(&user, Action::AnswerSurvey { survey: &loaded.facts }, "survey-error-not-participant")?;
    let parsed = match parse_body(locale, &loaded.survey.questions(), &body) {
        Ok(parsed) => parsed,
        Err(messages) => return Ok(invalid_fields(messages)),
    };

    answers::edit(&state.db, loaded.survey.id, user.id, body.edit_key.trim(), &parsed, now_ms())
        .await
        .map_err(|error| refusal(error, loaded.survey.opens_at, loaded.survey.closes_at))?;
    info!(survey.id = loaded.survey.id, edit = true, "survey answer saved");
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Show a survey's results: only once closed with at least 5 respondents.
#[utoipa::path(
    get,
    path = "/api/v1/surveys/{id}/results",
    operation_id = "get_survey_results",
    tag = "surveys",
    params(("id" = i64, Path, description = "Survey id")),
    responses(
        (status = 200, description = "The results, or why they are hidden", body = ResultsBody),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "The caller sees the activity but neither organises it nor works for the department", body = ErrorBody),
        (status = 404, description = "No such survey, or the caller may not see its activity", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(survey.id = %raw_id))]
pub async fn survey_results(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<ResultsBody>> {
    let loaded = load_visible(&state.db, &user, &raw_id).await?;
    forbid_unless(&user, Action::ViewSurveyResults { activity: &loaded.facts.activity }, "survey-error-results-forbidden")?;

    let survey = &loaded.survey;
    let respondents = repo::respondent_count(&state.db, survey.id).await?;
    let closed = survey.phase(now_ms()) == Phase::Closed;
    if !is_publishable(respondents, closed) {
        let reason = if closed { "too_few" } else { "open" };
        return Ok(Json(ResultsBody { respondents, shown: false, hidden_reason: Some(reason.into()), questions: Vec::new() }));
    }
    let counts = answers::rating_counts(&state.db, survey.id).await?;
    let mut questions = Vec::new();
    for (index, question) in survey.questions().into_iter().enumerate() {
        if question.kind == QuestionKind::Open {
            let texts = answers::open_answers(&state.db, survey.id, index).await?;
            questions.push(QuestionResultBody { text: question.text, kind: "open".into(), counts: Vec::new(), mean: None, answers: texts });
            continue;
        }
        let mut tally = Tally::default();
        for count in counts.iter().filter(|count| count.question == index as i64) {
            tally.add_point(count.rating, count.count);
        }
        questions.push(QuestionResultBody { text: question.text, kind: "rating".into(), counts: tally.0.to_vec(), mean: tally.mean(), answers: Vec::new() });
    }
    Ok(Json(ResultsBody { respondents, shown: true, hidden_reason: None, questions }))
}

/// The number of people reminded.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemindedBody {
    pub reminded: u64,
}

/// Remind the participants who have neither answered nor been reminded. Returns only how many.
#[utoipa::path(
    post,
    path = "/api/v1/surveys/{id}/reminders",
    operation_id = "remind_survey",
    tag = "surveys",
    params(("id" = i64, Path, description = "Survey id")),
    responses(
        (status = 200, description = "How many were reminded", body = RemindedBody),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "The caller sees the activity but does not organise it", body = ErrorBody),
        (status = 404, description = "No such survey, or the caller may not see its activity", body = ErrorBody),
        (status = 409, description = "The survey is not open", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(survey.id = %raw_id))]
pub async fn remind(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<RemindedBody>> {
    let loaded = load_visible(&state.db, &user, &raw_id).await?;
    forbid_unless(&user, Action::ManageSurvey { activity: &loaded.facts.activity }, "survey-error-manage-forbidden")?;
    let now = now_ms();
    if loaded.survey.phase(now) != Phase::Open {
        return Err(AppError::conflict("survey-error-remind-closed"));
    }

    let reminded = reminders::remind_now(&state.db, loaded.survey.id, now).await?;
    info!(survey.id = loaded.survey.id, reminders = reminded, "survey reminders sent by the organiser");
    Ok(Json(RemindedBody { reminded }))
}

fn grouping_of(query: &GroupQuery) -> AppResult<Grouping> {
    match present(&query.by) {
        None => Ok(Grouping::Activity),
        Some(raw) => Grouping::parse(raw).ok_or_else(|| bad_parameter("survey-api-error-grouping", "by", raw)),
    }
}

fn group_bodies(locale: Locale, grouping: Grouping, cells: &[results::SurveyCell]) -> Vec<GroupBody> {
    crate::pages::surveys::group_cells(locale, grouping, cells)
        .into_iter()
        .map(|group| {
            let shown = group.shown();
            GroupBody {
                label: group.key.1.clone(),
                shown,
                surveys: group.included.len(),
                respondents: shown.then_some(group.respondents),
                mean: if shown { group.tally.mean() } else { None },
                counts: shown.then(|| group.tally.0.to_vec()),
                left_out: group.left_out,
            }
        })
        .collect()
}

/// Results of a province's surveys, grouped, for its department.
#[utoipa::path(
    get,
    path = "/api/v1/provinces/{code}/survey-results",
    operation_id = "list_province_survey_results",
    tag = "surveys",
    params(("code" = String, Path, description = "Province code, such as 79"), GroupQuery),
    responses(
        (status = 200, description = "The groups; a hidden group has no counts", body = Vec<GroupBody>),
        (status = 400, description = "Invalid code or grouping", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "The caller is not department staff of the province", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(province.code = %raw_code))]
pub async fn province_results(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_code): ApiPath,
    ApiQuery(query): ApiQuery<GroupQuery>,
) -> AppResult<Json<Vec<GroupBody>>> {
    let province = parse_province("code", &raw_code)?;
    let grouping = grouping_of(&query)?;
    user.require(Action::ViewSurveyAggregates { province: &province, cluster: None })?;

    let cells = results::cells(&state.db, &province, None, now_ms()).await?;
    Ok(Json(group_bodies(locale, grouping, &cells)))
}

/// Results of a cluster's surveys, grouped, for its board and the department.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{id}/survey-results",
    operation_id = "list_cluster_survey_results",
    tag = "surveys",
    params(("id" = i64, Path, description = "Cluster id"), GroupQuery),
    responses(
        (status = 200, description = "The groups; a hidden group has no counts", body = Vec<GroupBody>),
        (status = 400, description = "Invalid id or grouping", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "The caller sees the cluster but is neither on its board nor department staff", body = ErrorBody),
        (status = 404, description = "No such cluster, or outside the caller's province", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn cluster_results(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiQuery(query): ApiQuery<GroupQuery>,
) -> AppResult<Json<Vec<GroupBody>>> {
    let id = parse_id("id", &raw_id)?;
    let grouping = grouping_of(&query)?;
    let facts = clusters::facts(&state.db, id).await?;
    user.require(Action::ViewCluster { cluster: &facts })?;
    forbid_unless(&user, Action::ViewSurveyAggregates { province: &facts.province, cluster: Some(&facts) }, "survey-error-aggregates-forbidden")?;

    let cells = results::cells(&state.db, &facts.province, Some(id), now_ms()).await?;
    Ok(Json(group_bodies(locale, grouping, &cells)))
}

/// List the survey templates of a province: the department's and its clusters'.
#[utoipa::path(
    get,
    path = "/api/v1/provinces/{code}/survey-templates",
    operation_id = "list_survey_templates",
    tag = "surveys",
    params(("code" = String, Path, description = "Province code, such as 79")),
    responses(
        (status = 200, description = "The templates, the default first", body = Vec<TemplateBody>),
        (status = 400, description = "Invalid code", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "The caller works outside the province", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(province.code = %raw_code))]
pub async fn province_templates(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_code): ApiPath) -> AppResult<Json<Vec<TemplateBody>>> {
    let province = parse_province("code", &raw_code)?;
    user.require(Action::ViewProvince { province: &province })?;

    templates::ensure_default(&state.db, &province).await?;
    let list = templates::list(&state.db, &province).await?;
    Ok(Json(list.iter().map(template_body).collect()))
}

fn template_body(template: &templates::Template) -> TemplateBody {
    TemplateBody {
        id: template.id,
        name: template.name.clone(),
        cluster_id: template.cluster_id,
        is_default: template.is_default(),
        questions: question_bodies(&template.questions()),
    }
}

/// Checks a template body's name and questions, or returns each field's message.
fn parse_template(locale: Locale, body: &TemplateInput) -> Result<(String, Vec<survey::Question>), FieldMessages> {
    let drafts: Vec<survey::QuestionDraft> = body
        .questions
        .iter()
        .map(|question| survey::QuestionDraft { kind: question.kind.clone(), text: question.text.clone(), labels: question.labels.clone() })
        .collect();
    let name = crate::pages::surveys::input::template_name(&body.name, locale);
    let questions = survey::parse_questions(&drafts).map_err(|error| crate::pages::surveys::input::question_message(locale, &error));
    match (name, questions) {
        (Ok(name), Ok(questions)) => Ok((name, questions)),
        (name, questions) => Err([("name", name.err()), ("questions", questions.err())]
            .into_iter()
            .filter_map(|(field, message)| message.map(|message| (field, message)))
            .collect()),
    }
}

/// Create a template of the department, or of a cluster whose board the caller sits on.
#[utoipa::path(
    post,
    path = "/api/v1/provinces/{code}/survey-templates",
    operation_id = "create_survey_template",
    tag = "surveys",
    params(("code" = String, Path, description = "Province code, such as 79")),
    request_body = TemplateInput,
    responses(
        (status = 201, description = "The template", body = TemplateBody),
        (status = 400, description = "Invalid code, or the body is not JSON", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "The caller sees the owner's templates but may not write them", body = ErrorBody),
        (status = 404, description = "No such cluster in the province, or the caller works outside it", body = ErrorBody),
        (status = 422, description = "Invalid name or questions", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(province.code = %raw_code))]
pub async fn create_template(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_code): ApiPath,
    ApiJson(body): ApiJson<TemplateInput>,
) -> AppResult<Response> {
    let province = parse_province("code", &raw_code)?;
    if let Some(id) = body.cluster_id
        && clusters::facts(&state.db, id).await?.province != province
    {
        return Err(AppError::NotFound);
    }
    if !crate::pages::surveys::may_manage_templates(&user, &province, body.cluster_id) {
        return Err(crate::pages::surveys::template_refusal(&user, &province, body.cluster_id));
    }
    let (name, questions) = match parse_template(locale, &body) {
        Ok(parsed) => parsed,
        Err(messages) => return Ok(invalid_fields(messages)),
    };

    let id = templates::create(&state.db, &province, body.cluster_id, &name, &questions, user.id).await?;
    info!(survey_template.id = id, province.code = %province, "survey template created");
    let template = templates::get(&state.db, id).await?;
    Ok((StatusCode::CREATED, Json(template_body(&template))).into_response())
}

/// Replace a template's name and questions. Surveys attached from it keep their copy.
#[utoipa::path(
    put,
    path = "/api/v1/survey-templates/{id}",
    operation_id = "update_survey_template",
    tag = "surveys",
    params(("id" = i64, Path, description = "Template id")),
    request_body = TemplateInput,
    responses(
        (status = 200, description = "The template", body = TemplateBody),
        (status = 400, description = "The id is not a number, or the body is not JSON", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "The caller sees the template but may not write it", body = ErrorBody),
        (status = 404, description = "No such template, or the caller may not see it", body = ErrorBody),
        (status = 422, description = "Invalid name or questions", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(survey_template.id = %raw_id))]
pub async fn update_template(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiJson(body): ApiJson<TemplateInput>,
) -> AppResult<Response> {
    let template = templates::get(&state.db, parse_id("id", &raw_id)?).await?;
    if !crate::pages::surveys::may_manage_templates(&user, &template.province_code, template.cluster_id) {
        return Err(crate::pages::surveys::template_refusal(&user, &template.province_code, template.cluster_id));
    }
    let (name, questions) = match parse_template(locale, &body) {
        Ok(parsed) => parsed,
        Err(messages) => return Ok(invalid_fields(messages)),
    };

    templates::update(&state.db, template.id, &name, &questions).await?;
    info!(survey_template.id = template.id, "survey template saved");
    let template = templates::get(&state.db, template.id).await?;
    Ok(Json(template_body(&template)).into_response())
}

/// List the action items a cluster's board wrote, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/clusters/{id}/survey-action-items",
    operation_id = "list_survey_action_items",
    tag = "surveys",
    params(("id" = i64, Path, description = "Cluster id")),
    responses(
        (status = 200, description = "The action items", body = Vec<ActionItemBody>),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such cluster, or outside the caller's province", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn cluster_action_items(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<Vec<ActionItemBody>>> {
    let id = parse_id("id", &raw_id)?;
    let facts = clusters::facts(&state.db, id).await?;
    user.require(Action::ViewCluster { cluster: &facts })?;

    let items = action_items::of_cluster(&state.db, id).await?;
    Ok(Json(items.iter().map(ActionItemBody::from).collect()))
}

/// Add an action item for a later semester of the cluster's plan.
#[utoipa::path(
    post,
    path = "/api/v1/clusters/{id}/survey-action-items",
    operation_id = "create_survey_action_item",
    tag = "surveys",
    params(("id" = i64, Path, description = "Cluster id")),
    request_body = ActionItemInput,
    responses(
        (status = 201, description = "The action item", body = ActionItemBody),
        (status = 400, description = "The id is not a number, or the body is not JSON", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "The caller sees the cluster but does not plan for it", body = ErrorBody),
        (status = 404, description = "No such cluster or survey, or outside the caller's province", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn create_action_item(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiJson(body): ApiJson<ActionItemInput>,
) -> AppResult<Response> {
    let id = parse_id("id", &raw_id)?;
    let facts = clusters::facts(&state.db, id).await?;
    user.require(Action::ViewCluster { cluster: &facts })?;
    forbid_unless(&user, Action::PlanActivities { cluster: &facts }, "survey-error-action-forbidden")?;
    if let Some(survey_id) = body.survey_id {
        let survey = repo::get(&state.db, survey_id).await?;
        let activity = caunoi_db::activities::get(&state.db, survey.activity_id).await?;
        if activity.cluster_id != Some(id) {
            return Err(AppError::NotFound);
        }
    }
    let form = crate::pages::surveys::ActionForm {
        text: body.text.clone(),
        owner: body.owner.clone(),
        target: format!("{}:{}", body.target_year.trim(), body.target_semester),
    };
    let (text, owner, (target_year, target_semester)) = match crate::pages::surveys::parse_action(locale, &form) {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(invalid_fields(errors)),
    };

    let new = NewActionItem { cluster_id: id, province: facts.province.clone(), survey_id: body.survey_id, text, owner, target_year, target_semester };
    let item_id = action_items::create(&state.db, &new, user.id).await?;
    info!(cluster.id = id, action_item.id = item_id, "survey action item added");
    let item = action_items::get(&state.db, item_id).await?;
    Ok((StatusCode::CREATED, Json(ActionItemBody::from(&item))).into_response())
}

/// Convert an action item into a planned item of the plan that shows it.
#[utoipa::path(
    post,
    path = "/api/v1/survey-action-items/{id}/plan-item",
    operation_id = "convert_survey_action_item",
    tag = "surveys",
    params(("id" = i64, Path, description = "Action item id")),
    request_body = ConvertBody,
    responses(
        (status = 201, description = "The action item, now linked to its plan item", body = ActionItemBody),
        (status = 400, description = "An id, the kind or the month is invalid, or the body is not JSON", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 403, description = "The caller sees the cluster but does not plan for it", body = ErrorBody),
        (status = 404, description = "No such action item on that cluster's plan, or outside the caller's province", body = ErrorBody),
        (status = 409, description = "The action item is already in the plan", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(action_item.id = %raw_id))]
pub async fn convert_action_item(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiJson(body): ApiJson<ConvertBody>,
) -> AppResult<Response> {
    let id = parse_id("id", &raw_id)?;
    let item = action_items::get(&state.db, id).await?;
    let facts = clusters::facts(&state.db, body.cluster_id).await?;
    user.require(Action::ViewCluster { cluster: &facts })?;
    let year = SchoolYear::parse(&item.target_year).ok_or_else(|| AppError::internal("action item without a school year"))?;
    let semester: Semester = item.target_semester();
    if !action_items::for_plan(&state.db, facts.id, year, semester).await?.iter().any(|shown| shown.id == item.id) {
        return Err(AppError::NotFound);
    }
    forbid_unless(&user, Action::PlanActivities { cluster: &facts }, "survey-error-action-forbidden")?;
    let kind = ActivityKind::parse(body.kind.trim()).ok_or_else(|| bad_parameter("survey-error-convert-kind", "kind", body.kind.trim()))?;
    let month = plan::check_month(&body.month, year, semester).map_err(|_| bad_parameter("survey-error-convert-month", "month", body.month.trim()))?;

    let plan = plans::ensure(&state.db, &facts.province, facts.id, year, semester, user.id).await?;
    let note = if item.owner.is_empty() { String::new() } else { locale.t1("survey-plan-note-owner", "owner", &item.owner) };
    let input = ItemInput { title: item.action_text.clone(), kind, subjects: Vec::new(), month, status: PlanItemStatus::Planned, note };
    let plan_item = match action_items::convert(&state.db, item.id, plan.id, &input).await {
        Ok(plan_item) => plan_item,
        Err(DbError::Invalid(_)) => return Err(AppError::conflict("survey-error-converted")),
        Err(error) => return Err(error.into()),
    };
    info!(action_item.id = item.id, plan_item.id = plan_item, "action item converted into a plan item");
    let item = action_items::get(&state.db, id).await?;
    Ok((StatusCode::CREATED, Json(ActionItemBody::from(&item))).into_response())
}
