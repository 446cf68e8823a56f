//! Step 3 and step 4: the analysis forms (one per observer, a comment per criterion
//! and a rating where the criteria define a scale), the criteria the organiser's side
//! may change, and the summary: conclusions and the lessons to apply.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::lesson_study::analysis::{Answer, Summary, comment_field, criteria_text, parse_answers, parse_criteria, parse_summary, rating_field};
use caunoi_db::lesson_study::analysis::{self as repo, AnalysisError, AnalysisForm};
use caunoi_db::lesson_study::{self as studies, LessonStudy, criteria};
use serde::Deserialize;
use tracing::instrument;

use super::{FormErrors, FormMap, Lesson, field, load, messages, parse_id};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale};
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

/// One criterion with the viewer's answer and everyone's comments.
pub(crate) struct CriterionView {
    pub key: String,
    pub group: Option<String>,
    pub text: String,
    pub source: String,
    pub comment_key: String,
    pub rating_key: String,
    /// Each rating of the scale and whether the viewer chose it.
    pub ratings: Vec<(i64, bool)>,
    pub my_comment: String,
    pub error: Option<String>,
    /// Author, comment and rating of every saved form.
    pub comments: Vec<(String, String, Option<i64>)>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct TypedSummary {
    pub conclusions: String,
    pub lessons_to_apply: String,
    pub secretary: String,
    pub criteria: String,
}

#[derive(Template)]
#[template(path = "lesson_study/analysis.html")]
struct AnalysisPage {
    nav: Nav,
    activity_id: i64,
    title: String,
    criteria: Vec<CriterionView>,
    form_count: usize,
    my_form_saved: bool,
    closed: Option<String>,
    summary: Summary,
    summary_line: Option<String>,
    typed: TypedSummary,
    custom_criteria: bool,
    form_errors: FormErrors,
    summary_errors: FormErrors,
    criteria_errors: FormErrors,
    can_edit: bool,
    can_lead: bool,
    notice: Option<String>,
}

/// Labels each criterion's group on the first criterion of the group.
fn criterion_views(locale: Locale, study: &LessonStudy, forms: &[AnalysisForm], mine: Option<&[Answer]>, errors: &FormErrors) -> Vec<CriterionView> {
    let mut previous: Option<&str> = None;
    study
        .criteria
        .iter()
        .map(|criterion| {
            let group = (previous != Some(criterion.group.as_str()) && !criterion.group.is_empty()).then(|| localized(locale, &criterion.group, &criterion.group_en));
            previous = Some(criterion.group.as_str());
            let answer = mine.and_then(|answers| answers.iter().find(|a| a.criterion == criterion.key));
            let comments = forms
                .iter()
                .filter_map(|form| {
                    let answer = form.answers.iter().find(|a| a.criterion == criterion.key)?;
                    (!answer.comment.is_empty() || answer.rating.is_some()).then(|| (form.author_name.clone(), answer.comment.clone(), answer.rating))
                })
                .collect();
            CriterionView {
                key: criterion.key.clone(),
                group,
                text: localized(locale, &criterion.text, &criterion.text_en),
                source: if criterion.source.is_empty() { locale.t("ls-criterion-own") } else { criterion.source.clone() },
                comment_key: comment_field(&criterion.key),
                rating_key: rating_field(&criterion.key),
                ratings: criterion.rating_max.map(|max| (1..=max).map(|value| (value, answer.and_then(|a| a.rating) == Some(value))).collect()).unwrap_or_default(),
                my_comment: answer.map(|a| a.comment.clone()).unwrap_or_default(),
                error: errors.get(&comment_field(&criterion.key)).or_else(|| errors.get(&rating_field(&criterion.key))).map(str::to_owned),
                comments,
            }
        })
        .collect()
}

/// Picks the English text in English when the source gives one.
fn localized(locale: Locale, vietnamese: &str, english: &str) -> String {
    if locale == Locale::En && !english.is_empty() { english.to_owned() } else { vietnamese.to_owned() }
}

/// Values and messages shown again after a rejected form.
#[derive(Default)]
struct Rejected {
    answers: Option<Vec<Answer>>,
    typed: Option<TypedSummary>,
    form_errors: FormErrors,
    summary_errors: FormErrors,
    criteria_errors: FormErrors,
}

async fn render_page(state: &AppState, locale: Locale, user: &CurrentUser, uri: &Uri, lesson: &Lesson, rejected: Rejected, notice: Option<String>) -> AppResult<Response> {
    let study = studies::get(&state.db, lesson.activity.id).await?;
    let forms = repo::forms(&state.db, lesson.activity.id).await?;
    let saved_mine = forms.iter().find(|f| f.author_id == user.id).map(|f| f.answers.clone());
    let mine = rejected.answers.clone().or(saved_mine.clone());
    let failed = !(rejected.form_errors.is_empty() && rejected.summary_errors.is_empty() && rejected.criteria_errors.is_empty());
    let typed = rejected.typed.unwrap_or_else(|| TypedSummary {
        conclusions: study.summary.conclusions.clone(),
        lessons_to_apply: study.summary.lessons_to_apply.clone(),
        secretary: study.summary.secretary.clone(),
        criteria: criteria_text(&study.criteria),
    });
    let summary_line = study.summary_at.map(|at| locale.t1("ls-summary-saved-at", "when", &i18n::datetime(at)));
    let page = AnalysisPage {
        nav: Nav::new(locale, user, Some(&lesson.activity.province_code), "activities", uri),
        activity_id: lesson.activity.id,
        title: lesson.activity.title.clone(),
        criteria: criterion_views(locale, &study, &forms, mine.as_deref(), &rejected.form_errors),
        form_count: forms.len(),
        my_form_saved: saved_mine.is_some(),
        closed: study.closed_at.map(|at| locale.t1("ls-closed-at", "when", &i18n::datetime(at))),
        summary: study.summary.clone(),
        summary_line,
        typed,
        custom_criteria: study.custom_criteria,
        form_errors: rejected.form_errors,
        summary_errors: rejected.summary_errors,
        criteria_errors: rejected.criteria_errors,
        can_edit: lesson.can_contribute && study.closed_at.is_none(),
        can_lead: lesson.can_lead && study.closed_at.is_none(),
        notice,
    };
    let status = if failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, render(&page)?).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnalysisQuery {
    pub done: Option<String>,
}

/// Shows the criteria, the viewer's form, everyone's comments and the summary.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn show(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Query(query): Query<AnalysisQuery>) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    let notice = query.done.as_deref().filter(|done| matches!(*done, "form" | "criteria" | "summary" | "closed")).map(|done| locale.tp("ls-done", done));
    render_page(&state, locale, &user, &uri, &lesson, Rejected::default(), notice).await
}

fn done(id: i64, what: &str) -> Response {
    Redirect::to(&format!("/activities/{id}/lesson-study/analysis?done={what}")).into_response()
}

/// Translates a refused write of this step.
pub(crate) fn analysis_error(error: AnalysisError) -> AppError {
    match error {
        AnalysisError::Closed => AppError::conflict("ls-error-closed"),
        AnalysisError::FormsExist => AppError::conflict("ls-error-criteria-locked"),
        AnalysisError::NoSummary => AppError::conflict("ls-error-no-summary"),
        AnalysisError::Db(error) => error.into(),
    }
}

/// Saves the viewer's analysis form.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn save_form(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Form(form): Form<FormMap>) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    lesson.require_contribute()?;
    let study = studies::get(&state.db, lesson.activity.id).await?;
    match parse_answers(&study.criteria, |key| field(&form, key)) {
        Ok(answers) => {
            repo::save_form(&state.db, lesson.activity.id, user.id, &answers).await.map_err(analysis_error)?;
            Ok(done(lesson.activity.id, "form"))
        }
        Err((answers, problems)) => {
            let rejected = Rejected { answers: Some(answers), form_errors: messages(locale, &problems, &study.criteria), ..Rejected::default() };
            render_page(&state, locale, &user, &uri, &lesson, rejected, None).await
        }
    }
}

/// Replaces the criteria (`action=save`) or returns to the defaults (`action=reset`).
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn save_criteria(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Form(form): Form<FormMap>) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    lesson.require_lead()?;
    if field(&form, "action") == "reset" {
        repo::set_criteria(&state.db, lesson.activity.id, None).await.map_err(analysis_error)?;
        return Ok(done(lesson.activity.id, "criteria"));
    }
    let raw = field(&form, "criteria");
    match parse_criteria(raw, criteria::defaults()) {
        Ok(list) => {
            repo::set_criteria(&state.db, lesson.activity.id, Some(&list)).await.map_err(analysis_error)?;
            Ok(done(lesson.activity.id, "criteria"))
        }
        Err(problems) => {
            let study = studies::get(&state.db, lesson.activity.id).await?;
            let typed = TypedSummary { conclusions: study.summary.conclusions, lessons_to_apply: study.summary.lessons_to_apply, secretary: study.summary.secretary, criteria: raw.to_owned() };
            let rejected = Rejected { typed: Some(typed), criteria_errors: messages(locale, &problems, &[]), ..Rejected::default() };
            render_page(&state, locale, &user, &uri, &lesson, rejected, None).await
        }
    }
}

/// Saves the summary: conclusions and lessons to apply.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn save_summary(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Form(form): Form<FormMap>) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    lesson.require_lead()?;
    match parse_summary(field(&form, "conclusions"), field(&form, "lessons_to_apply"), field(&form, "secretary")) {
        Ok(summary) => {
            repo::save_summary(&state.db, lesson.activity.id, &summary, user.id).await.map_err(analysis_error)?;
            Ok(done(lesson.activity.id, "summary"))
        }
        Err((summary, problems)) => {
            let study = studies::get(&state.db, lesson.activity.id).await?;
            let typed = TypedSummary { conclusions: summary.conclusions, lessons_to_apply: summary.lessons_to_apply, secretary: summary.secretary, criteria: criteria_text(&study.criteria) };
            let rejected = Rejected { typed: Some(typed), summary_errors: messages(locale, &problems, &[]), ..Rejected::default() };
            render_page(&state, locale, &user, &uri, &lesson, rejected, None).await
        }
    }
}

/// Closes the summary; forms become read-only.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn close(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    lesson.require_lead()?;
    repo::close(&state.db, lesson.activity.id).await.map_err(analysis_error)?;
    Ok(done(lesson.activity.id, "closed"))
}
