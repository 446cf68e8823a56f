//! Inter-school teaching recommendations through the API: run one for a cluster or a
//! province (optionally with what-if changes), read a run with its assignments, and
//! decide on an assignment. Runs go through the same checks as the screens.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use caunoi_core::policy::Action;
use caunoi_db::recommendations::{self, Assignment, Decision, Refusal, Run};
use caunoi_db::clusters;
use serde::{Deserialize, Serialize};
use tracing::{info, instrument};
use utoipa::{OpenApi, ToSchema};

use super::directives::ApiJson;
use super::error::invalid_fields;
use super::error::ErrorBody;
use super::params::{ApiPath, parse_id, parse_province};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale, rfc3339 as instant};
use crate::pages::recommendations::review::refused_text;
use crate::pages::recommendations::what_if::{TypedClassChange, check_changes};
use crate::pages::recommendations::{RunForm, format_km, parse_run_form, require_view, run_and_save};
use crate::state::AppState;

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/provinces/{code}/recommendations", post(create_run))
        .route("/recommendations/{id}", get(run_detail))
        .route("/teaching-assignments/{id}/decision", post(decide))
}

/// The paths of this area, merged into the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(create_run, run_detail, decide),
    tags((name = "recommendations", description = "Inter-school teaching recommendations and the department's decisions on them"))
)]
pub struct Doc;

/// The question a client sends for a run.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RunBody {
    /// A cluster of the current school year; `null` for the whole province.
    pub cluster_id: Option<i64>,
    /// Subject keys such as `english` or `informatics`.
    #[schema(example = json!(["english", "informatics"]))]
    pub subjects: Vec<String>,
    /// Farthest trip in km, 0 to 300; 15 when left out.
    pub max_distance_km: Option<f64>,
    pub same_cluster_only: bool,
    /// Extra km per period for teaching in another cluster; 5 when left out.
    pub cluster_penalty_km: Option<f64>,
    /// Lets teachers teach at schools of another level than the one they teach
    /// (their record's level, else their school's); false when left out.
    pub other_levels: bool,
    /// Changes to assume instead of the recorded data; the run is then never accepted.
    pub what_if: Option<WhatIfBody>,
}

/// What-if changes of a run.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct WhatIfBody {
    /// Classes per grade that replace the recorded ones.
    pub classes: Vec<ClassChange>,
    /// Staff ids taken out of the available periods.
    pub unavailable: Vec<i64>,
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
pub struct ClassChange {
    pub school_id: i64,
    pub grade: i32,
    pub classes: i64,
}

/// One proposed or decided assignment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentBody {
    pub id: i64,
    pub staff_id: i64,
    pub staff_name: String,
    pub from_school_id: i64,
    pub from_school: String,
    pub to_school_id: i64,
    pub to_school: String,
    pub subject: String,
    pub periods_per_week: i64,
    pub distance_km: f64,
    /// The teacher's spare periods per week when the run was made.
    pub teacher_spare: i64,
    /// `proposed`, `accepted`, `rejected` or `ended`.
    pub status: String,
}

impl From<&Assignment> for AssignmentBody {
    fn from(a: &Assignment) -> AssignmentBody {
        AssignmentBody {
            id: a.id,
            staff_id: a.staff_id,
            staff_name: a.staff_name.clone(),
            from_school_id: a.from_school_id,
            from_school: a.from_school.clone(),
            to_school_id: a.to_school_id,
            to_school: a.to_school.clone(),
            subject: a.subject.clone(),
            periods_per_week: a.periods_per_week,
            distance_km: a.distance_km,
            teacher_spare: a.teacher_spare,
            status: a.status.clone(),
        }
    }
}

/// A run with its totals and assignments.
#[derive(Debug, Serialize, ToSchema)]
pub struct RunDetail {
    pub id: i64,
    pub province: String,
    pub school_year: String,
    pub cluster_id: Option<i64>,
    pub subjects: Vec<String>,
    pub max_distance_km: f64,
    pub same_cluster_only: bool,
    pub other_levels: bool,
    pub what_if: bool,
    pub shortage_periods: i64,
    pub covered_periods: i64,
    pub total_distance_km: f64,
    pub solve_ms: i64,
    pub created_at: String,
    pub assignments: Vec<AssignmentBody>,
}

fn detail(run: &Run, assignments: &[Assignment]) -> RunDetail {
    RunDetail {
        id: run.id,
        province: run.province_code.clone(),
        school_year: run.school_year.clone(),
        cluster_id: run.cluster_id,
        subjects: run.subject_list().iter().map(|s| s.key().to_owned()).collect(),
        max_distance_km: run.max_distance_km,
        same_cluster_only: run.same_cluster_only == 1,
        other_levels: run.other_levels == 1,
        what_if: run.is_what_if(),
        shortage_periods: run.shortage_periods,
        covered_periods: run.covered_periods,
        total_distance_km: run.total_distance_km,
        solve_ms: run.solve_ms,
        created_at: instant(run.created_at),
        assignments: assignments.iter().map(AssignmentBody::from).collect(),
    }
}


/// Run a recommendation for a cluster or the whole province.
#[utoipa::path(
    post,
    path = "/api/v1/provinces/{code}/recommendations",
    operation_id = "create_recommendation",
    tag = "recommendations",
    params(("code" = String, Path, description = "Province code, such as 79")),
    request_body = RunBody,
    responses(
        (status = 201, description = "The run with its proposed assignments", body = RunDetail),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province, or the caller is not its department", body = ErrorBody),
        (status = 422, description = "Invalid fields: `error.fields` names each one with its message", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(province.code = %raw_code))]
pub async fn create_run(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_code): ApiPath,
    ApiJson(body): ApiJson<RunBody>,
) -> AppResult<Response> {
    let code = parse_province("code", &raw_code)?;
    user.require(Action::RecommendTeaching { province: &code })?;
    let year = clusters::current_year(&state.db, &code, i18n::today()).await?;
    let form = RunForm {
        scope: body.cluster_id.map(|id| id.to_string()).unwrap_or_else(|| "province".into()),
        subjects: body.subjects.clone(),
        max_distance_km: body.max_distance_km.map(format_km).unwrap_or_default(),
        same_cluster_only: body.same_cluster_only.then(|| "1".into()),
        cluster_penalty_km: body.cluster_penalty_km.map(format_km).unwrap_or_default(),
        other_levels: body.other_levels.then(|| "1".into()),
    };
    let mut question = match parse_run_form(&state, &code, &year, &form, locale).await? {
        Ok(question) => question,
        Err(errors) => return Ok(invalid_fields(errors.iter().map(|(field, message)| (*field, message.clone())))),
    };
    if let Some(what_if) = &body.what_if {
        let changes: Vec<TypedClassChange> = what_if
            .classes
            .iter()
            .map(|c| TypedClassChange { school: c.school_id, grade: c.grade.to_string(), classes: c.classes.to_string() })
            .collect();
        match check_changes(&state, &code, &year, locale, &changes, what_if.unavailable.clone()).await? {
            Ok(checked) => question.what_if = checked,
            Err(message) => return Ok(invalid_fields([("what_if", message)])),
        }
    }
    let id = run_and_save(&state, &question, user.id).await?;
    info!(run.id = id, "recommendation run through the API");
    let run = recommendations::run(&state.db, id).await?;
    let assignments = recommendations::assignments_of_run(&state.db, id).await?;
    Ok((StatusCode::CREATED, Json(detail(&run, &assignments))).into_response())
}

/// Read a run with its assignments.
#[utoipa::path(
    get,
    path = "/api/v1/recommendations/{id}",
    operation_id = "get_recommendation",
    tag = "recommendations",
    params(("id" = i64, Path, description = "Run id")),
    responses(
        (status = 200, description = "The run", body = RunDetail),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such run, or the caller may not read its scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(run.id = %raw_id))]
pub async fn run_detail(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<RunDetail>> {
    let run = recommendations::run(&state.db, parse_id("id", &raw_id)?).await?;
    require_view(&state, &user, &run).await?;
    let assignments = recommendations::assignments_of_run(&state.db, run.id).await?;
    Ok(Json(detail(&run, &assignments)))
}

/// A decision on one assignment.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DecisionBody {
    /// `accept`, `reject`, `end` or `edit`.
    pub action: String,
    /// New periods per week: required for `edit`; with `accept`, saved before the
    /// assignment is accepted.
    pub periods_per_week: Option<i64>,
}

/// Accept, reject, end or change the periods of an assignment.
#[utoipa::path(
    post,
    path = "/api/v1/teaching-assignments/{id}/decision",
    operation_id = "decide_teaching_assignment",
    tag = "recommendations",
    params(("id" = i64, Path, description = "Assignment id")),
    request_body = DecisionBody,
    responses(
        (status = 200, description = "The assignment after the decision", body = AssignmentBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such assignment, or the caller is not the department", body = ErrorBody),
        (status = 422, description = "The decision does not fit: periods out of range, above the teacher's quota, a what-if run, or the wrong status", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(assignment.id = %raw_id))]
pub async fn decide(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
    ApiJson(body): ApiJson<DecisionBody>,
) -> AppResult<Response> {
    let id = parse_id("id", &raw_id)?;
    let assignment = recommendations::assignment(&state.db, id).await?;
    let run = recommendations::run(&state.db, assignment.run_id.ok_or(AppError::NotFound)?).await?;
    require_view(&state, &user, &run).await?;
    user.require(Action::RecommendTeaching { province: &run.province_code })?;
    let decision = match (body.action.as_str(), body.periods_per_week) {
        ("accept", _) => Decision::Accept,
        ("reject", _) => Decision::Reject,
        ("end", _) => Decision::End,
        ("edit", Some(periods)) => Decision::Edit { periods_per_week: periods },
        ("edit", None) => {
            let message = refused_text(locale, "recommend-refused-periods", Some(&assignment), "", &[("max", assignment.teacher_spare)]);
            return Ok(invalid_fields([("periods_per_week", message)]));
        }
        (other, _) => return Ok(invalid_fields([("action", locale.t1("recommend-error-action", "value", other))])),
    };
    // Periods sent with an acceptance are saved first, as the screen's accept does.
    let edit = match (&decision, body.periods_per_week) {
        (Decision::Accept, Some(periods)) if periods != assignment.periods_per_week => Some(Decision::Edit { periods_per_week: periods }),
        _ => None,
    };
    let edited = match edit {
        Some(edit) => recommendations::decide(&state.db, &run.province_code, id, &edit, user.id).await?,
        None => Ok(()),
    };
    let decided = match edited {
        Ok(()) => recommendations::decide(&state.db, &run.province_code, id, &decision, user.id).await?,
        Err(refusal) => Err(refusal),
    };
    let refusal = match decided {
        Ok(()) => return Ok(Json(AssignmentBody::from(&recommendations::assignment(&state.db, id).await?)).into_response()),
        Err(refusal) => refusal,
    };
    let text = |message_id: &str, value: &str, numbers: &[(&'static str, i64)]| refused_text(locale, message_id, Some(&assignment), value, numbers);
    let (field, message) = match refusal {
        Refusal::OverQuota { spare, taken } => ("action", text("recommend-refused-over", "", &[("taken", taken), ("spare", spare)])),
        Refusal::Periods { max } => {
            let value = body.periods_per_week.map(|p| p.to_string()).unwrap_or_default();
            ("periods_per_week", text("recommend-refused-periods", &value, &[("max", max)]))
        }
        Refusal::WrongStatus { status } => ("action", text("recommend-refused-status", &locale.tp("recommend-status", &status), &[])),
        Refusal::WhatIf => ("action", locale.t("recommend-refused-what-if")),
    };
    Ok(invalid_fields([(field, message)]))
}
