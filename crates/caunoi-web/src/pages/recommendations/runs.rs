//! The recommendations page of a province: the form that requests a run, and the
//! latest runs.

use askama::Template;
use axum::extract::{Path, State};
use axum_extra::extract::Form;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::policy::Action;
use caunoi_core::staffing::Subject;
use caunoi_db::clusters::{self, Cluster};
use caunoi_db::recommendations::{self, Question, RunInput, SolveError};
use tracing::instrument;

use super::{FieldErrors, RunForm, parse_run_form, subject_name};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale};
use crate::pages::provinces::hosted_code;
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

/// How many runs the page lists.
const RUNS_SHOWN: i64 = 20;

pub(crate) struct SubjectChoice {
    pub key: &'static str,
    pub name: String,
    pub checked: bool,
}

pub(crate) struct RunRow {
    pub id: i64,
    pub created: String,
    pub scope: String,
    pub subjects: String,
    pub covered: String,
    pub what_if: bool,
}

#[derive(Template)]
#[template(path = "recommendations/index.html")]
struct IndexPage {
    nav: Nav,
    province: String,
    year: String,
    clusters: Vec<Cluster>,
    form: RunForm,
    subjects: Vec<SubjectChoice>,
    errors: FieldErrors,
    runs: Vec<RunRow>,
}

impl IndexPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|(name, _)| *name == field).map(|(_, message)| message.as_str())
    }
}

async fn index(state: &AppState, locale: Locale, user: &CurrentUser, uri: &Uri, province: &str, form: RunForm, errors: FieldErrors) -> AppResult<IndexPage> {
    let year = clusters::current_year(&state.db, province, i18n::today()).await?;
    let clusters = clusters::list(&state.db, province, &year).await?;
    let subjects = Subject::ALL
        .iter()
        .map(|subject| SubjectChoice { key: subject.key(), name: subject_name(locale, subject.key()), checked: form.subjects.iter().any(|s| s == subject.key()) })
        .collect();
    let runs = recommendations::runs(&state.db, province, None, RUNS_SHOWN)
        .await?
        .into_iter()
        .map(|run| RunRow {
            id: run.id,
            created: i18n::datetime(run.created_at),
            scope: run.cluster_name.clone().unwrap_or_else(|| locale.t("recommend-scope-province")),
            subjects: run.subject_list().iter().map(|s| subject_name(locale, s.key())).collect::<Vec<_>>().join(", "),
            covered: format!("{} / {}", locale.int(run.covered_periods), locale.int(run.shortage_periods)),
            what_if: run.is_what_if(),
        })
        .collect();
    Ok(IndexPage { nav: Nav::new(locale, user, Some(province), "personnel", uri), province: province.to_owned(), year, clusters, form, subjects, errors, runs })
}

/// Shows the run form and the latest runs of a province: the department.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn page(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_province): Path<String>) -> AppResult<Response> {
    let code = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::RecommendTeaching { province: &code })?;
    render(&index(&state, locale, &user, &uri, &code, RunForm::initial(), FieldErrors::new()).await?)
}

/// Runs the recommender and stores its proposal; a bad form comes back with its messages.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn create(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Form(form): Form<RunForm>,
) -> AppResult<Response> {
    let code = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::RecommendTeaching { province: &code })?;
    let year = clusters::current_year(&state.db, &code, i18n::today()).await?;
    let question = match parse_run_form(&state, &code, &year, &form, locale).await? {
        Ok(question) => question,
        Err(errors) => {
            let page = index(&state, locale, &user, &uri, &code, form, errors).await?;
            let html = page.render().map_err(AppError::internal)?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, axum::response::Html(html)).into_response());
        }
    };
    let id = run_and_save(&state, &question, user.id).await?;
    Ok(Redirect::to(&format!("/recommendations/{id}")).into_response())
}

/// Solves `question` and stores the run; returns its id.
pub(crate) async fn run_and_save(state: &AppState, question: &Question, user_id: i64) -> AppResult<i64> {
    let answer = recommendations::solve(&state.db, question).await.map_err(|error| match error {
        SolveError::Db(error) => AppError::from(error),
        SolveError::Model(error) => AppError::internal(error),
    })?;
    let input = RunInput {
        province: question.province.clone(),
        school_year: question.school_year.clone(),
        cluster_id: question.cluster_id,
        subjects: question.subjects.clone(),
        max_distance_km: question.max_distance_km,
        same_cluster_only: question.same_cluster_only,
        other_levels: question.other_levels,
        what_if: (!question.what_if.is_empty()).then(|| serde_json::to_string(&question.what_if).unwrap_or_default()),
        shortage_periods: answer.recommendation.shortage_periods as i64,
        covered_periods: answer.recommendation.covered_periods as i64,
        total_distance_km: answer.assignments.iter().map(|a| a.distance_km).sum(),
        solve_ms: answer.solve_ms,
        created_by: user_id,
    };
    Ok(recommendations::save_run(&state.db, &input, &answer.assignments).await?)
}

/// Formats km with one decimal and the reader's separators (`2.187,8` in Vietnamese).
pub(crate) fn km_label(locale: Locale, km: f64) -> String {
    locale.decimal(km, 1)
}
