//! Step 1: the lesson plan, edited by the group in versions. The form carries the
//! version it was based on. A save based on an older version is rejected, and the form
//! shows the typed text again with the fields the other saves changed.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::lesson_study::plan::{ACTIVITY_KEYS, LessonPlan, MAX_NOTE, activity_field};
use caunoi_core::lesson_study::{FieldProblem, checked_text};
use caunoi_db::lesson_study::plan::{self as repo, PlanVersion, SaveError};
use serde::Deserialize;
use tracing::instrument;

use super::{FormErrors, FormMap, Lesson, field, field_label, load, messages, parse_id};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

/// One field of the plan as a form or a page shows it.
pub(crate) struct FieldView {
    pub key: String,
    pub label: String,
    pub value: String,
    pub multiline: bool,
    pub error: Option<String>,
}

/// A titled part of the plan: the header, I, II, or one activity of III.
pub(crate) struct SectionView {
    pub heading: String,
    pub fields: Vec<FieldView>,
}

/// Lays the plan out in the sections of the 5512 frame.
pub(crate) fn sections(locale: Locale, plan: &LessonPlan, errors: &FormErrors) -> Vec<SectionView> {
    let view = |key: &str, multiline: bool| FieldView {
        key: key.to_owned(),
        label: field_label(locale, key, &[]),
        value: plan.value(key).unwrap_or_default(),
        multiline,
        error: errors.get(key).map(str::to_owned),
    };
    let mut sections = vec![
        SectionView {
            heading: locale.t("ls-plan-header"),
            fields: ["school", "subject_group", "teacher", "title", "subject", "grade", "periods"].iter().map(|key| view(key, false)).collect(),
        },
        SectionView { heading: locale.t("ls-plan-objectives"), fields: ["knowledge", "competences", "qualities"].iter().map(|key| view(key, true)).collect() },
        SectionView { heading: locale.t("ls-plan-equipment"), fields: vec![view("equipment", true)] },
    ];
    for (index, activity) in ACTIVITY_KEYS.iter().enumerate() {
        let fields = super::activity_fields(index)
            .iter()
            .map(|key| {
                let mut field = view(key, key != &activity_field(index, "name"));
                field.label = locale.tp("ls-part", key.split_once('_').map(|(_, part)| part).unwrap_or(key));
                field
            })
            .collect();
        sections.push(SectionView { heading: locale.t1("ls-plan-activity-heading", "name", &locale.tp("ls-activity", activity)), fields });
    }
    sections
}

#[derive(Template)]
#[template(path = "lesson_study/plan_form.html")]
struct PlanForm {
    nav: Nav,
    activity_id: i64,
    title: String,
    based_on: i64,
    latest: Option<String>,
    note: String,
    sections: Vec<SectionView>,
    errors: FormErrors,
    /// Set when the save was based on an older version.
    stale: Option<String>,
    can_edit: bool,
    notice: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PlanQuery {
    pub done: Option<String>,
}

/// Shows the latest version in the editing form (read-only once the activity is
/// cancelled).
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn edit(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Query(query): Query<PlanQuery>) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    let latest = repo::latest(&state.db, lesson.activity.id).await?;
    let notice = (query.done.as_deref() == Some("saved")).then(|| locale.t("ls-plan-saved"));
    let plan = latest.as_ref().map(|v| v.plan.clone()).unwrap_or_default();
    let form = PlanForm {
        based_on: latest.as_ref().map_or(0, |v| v.version),
        latest: latest.as_ref().map(|v| version_line(locale, v)),
        note: String::new(),
        sections: sections(locale, &plan, &FormErrors::default()),
        errors: FormErrors::default(),
        stale: None,
        can_edit: lesson.can_contribute,
        notice,
        activity_id: lesson.activity.id,
        title: lesson.activity.title.clone(),
        nav: Nav::new(locale, &user, Some(&lesson.activity.province_code), "activities", &uri),
    };
    render(&form)
}

/// Describes a version in one line: number, author, date and time, note.
pub(crate) fn version_line(locale: Locale, version: &PlanVersion) -> String {
    locale.t_args(
        "ls-version-line",
        &[
            ("version", FluentArg::Number(version.version)),
            ("author", FluentArg::Text(version.author_name.clone())),
            ("when", FluentArg::Text(i18n::datetime(version.created_at))),
        ],
    )
}

/// Parses the version a form was based on; an unreadable value is a 400 naming it.
pub(crate) fn parse_based_on(raw: &str) -> AppResult<i64> {
    raw.trim().parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| AppError::bad_value("ls-error-based-on", raw.trim()))
}

/// Saves a new version, or shows the form again with the messages and the typed text.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn save(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Form(form): Form<FormMap>) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    lesson.require_contribute()?;
    let based_on = parse_based_on(field(&form, "based_on"))?;

    let mut note_problems = Vec::new();
    let note = checked_text("note", field(&form, "note"), MAX_NOTE, false, false, &mut note_problems);
    let parsed = LessonPlan::parse(|key| field(&form, key));
    let (plan, problems) = match parsed {
        Ok(plan) if note_problems.is_empty() => {
            match repo::save(&state.db, lesson.activity.id, based_on, &plan, &note, user.id).await {
                Ok(_) => return Ok(Redirect::to(&format!("/activities/{}/lesson-study/plan?done=saved", lesson.activity.id)).into_response()),
                Err(SaveError::Stale { latest, .. }) => return stale(&state, locale, &user, &uri, &lesson, based_on, latest, plan, note).await,
                Err(SaveError::Db(error)) => return Err(error.into()),
            }
        }
        Ok(plan) => (plan, note_problems),
        Err((plan, mut problems)) => {
            problems.extend(note_problems);
            (plan, problems)
        }
    };
    rejected(&state, locale, &user, &uri, &lesson, based_on, plan, note, &problems, None).await
}

#[expect(clippy::too_many_arguments, reason = "the form's parts, passed as they were typed")]
async fn rejected(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    lesson: &Lesson,
    based_on: i64,
    plan: LessonPlan,
    note: String,
    problems: &[FieldProblem],
    stale: Option<String>,
) -> AppResult<Response> {
    let latest = repo::latest(&state.db, lesson.activity.id).await?;
    let errors = messages(locale, problems, &[]);
    let status = if stale.is_some() { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
    let form = PlanForm {
        nav: Nav::new(locale, user, Some(&lesson.activity.province_code), "activities", uri),
        activity_id: lesson.activity.id,
        title: lesson.activity.title.clone(),
        based_on,
        latest: latest.as_ref().map(|v| version_line(locale, v)),
        note,
        sections: sections(locale, &plan, &errors),
        errors,
        stale,
        can_edit: true,
        notice: None,
    };
    Ok((status, render(&form)?).into_response())
}

/// Shows the typed plan again after a stale save, based now on the latest version,
/// naming the fields the other saves changed since the typed version's base.
#[expect(clippy::too_many_arguments, reason = "the form's parts, passed as they were typed")]
async fn stale(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    lesson: &Lesson,
    based_on: i64,
    latest: i64,
    plan: LessonPlan,
    note: String,
) -> AppResult<Response> {
    let base = match based_on {
        0 => LessonPlan::default(),
        n => repo::version(&state.db, lesson.activity.id, n).await.map(|v| v.plan).unwrap_or_default(),
    };
    let newest = repo::version(&state.db, lesson.activity.id, latest).await?;
    let changed: Vec<String> = base.changed_fields(&newest.plan).iter().map(|key| field_label(locale, key, &[])).collect();
    let message = locale.t_args(
        "ls-error-stale",
        &[
            ("based_on", FluentArg::Number(based_on)),
            ("latest", FluentArg::Number(latest)),
            ("author", FluentArg::Text(newest.author_name.clone())),
            ("fields", FluentArg::Text(if changed.is_empty() { locale.t("ls-none") } else { changed.join("; ") })),
        ],
    );
    tracing::info!(activity.id = lesson.activity.id, plan.based_on = based_on, plan.latest = latest, "stale lesson plan save rejected");
    rejected(state, locale, user, uri, lesson, latest, plan, note, &[], Some(message)).await
}

#[derive(Template)]
#[template(path = "lesson_study/plan_versions.html")]
struct HistoryPage {
    nav: Nav,
    activity_id: i64,
    title: String,
    versions: Vec<(i64, String, String)>,
}

/// Lists every version with its author, time and note, and a form to compare two.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn history(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    let versions = repo::versions(&state.db, lesson.activity.id).await?;
    let page = HistoryPage {
        versions: versions.iter().map(|v| (v.version, version_line(locale, v), v.note.clone())).collect(),
        activity_id: lesson.activity.id,
        title: lesson.activity.title.clone(),
        nav: Nav::new(locale, &user, Some(&lesson.activity.province_code), "activities", &uri),
    };
    render(&page)
}

/// One field of one version, or of two versions side by side.
pub(crate) struct CompareRow {
    pub label: String,
    pub left: String,
    pub right: Option<String>,
    pub changed: bool,
}

#[derive(Template)]
#[template(path = "lesson_study/plan_view.html")]
struct ViewPage {
    nav: Nav,
    activity_id: i64,
    title: String,
    heading: String,
    left_heading: String,
    right_heading: Option<String>,
    note: String,
    changed_count: usize,
    rows: Vec<(String, Vec<CompareRow>)>,
}

fn rows(locale: Locale, left: &LessonPlan, right: Option<&LessonPlan>) -> Vec<(String, Vec<CompareRow>)> {
    let left_sections = sections(locale, left, &FormErrors::default());
    let right_sections = right.map(|plan| sections(locale, plan, &FormErrors::default()));
    left_sections
        .into_iter()
        .enumerate()
        .map(|(index, section)| {
            let rows = section
                .fields
                .into_iter()
                .enumerate()
                .map(|(position, field)| {
                    let right = right_sections.as_ref().map(|s| s[index].fields[position].value.clone());
                    CompareRow { changed: right.as_ref().is_some_and(|r| *r != field.value), label: field.label, left: field.value, right }
                })
                .collect();
            (section.heading, rows)
        })
        .collect()
}

/// Shows one version.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn view(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path((raw_id, raw_version)): Path<(String, String)>) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    let number = parse_id(&raw_version)?;
    let version = repo::version(&state.db, lesson.activity.id, number).await?;
    let page = ViewPage {
        heading: version_line(locale, &version),
        left_heading: locale.t1("ls-version-short", "version", &version.version.to_string()),
        right_heading: None,
        note: version.note.clone(),
        changed_count: 0,
        rows: rows(locale, &version.plan, None),
        activity_id: lesson.activity.id,
        title: lesson.activity.title.clone(),
        nav: Nav::new(locale, &user, Some(&lesson.activity.province_code), "activities", &uri),
    };
    render(&page)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CompareQuery {
    pub from: String,
    pub to: String,
}

/// Compares two versions field by field, marking the changed ones.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn compare(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Query(query): Query<CompareQuery>) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    let parse = |raw: &str| raw.trim().parse::<i64>().ok().filter(|n| *n >= 1).ok_or_else(|| AppError::bad_value("ls-error-version", raw.trim()));
    let (from, to) = (parse(&query.from)?, parse(&query.to)?);
    let missing = |error: caunoi_db::DbError, number: i64| match error {
        caunoi_db::DbError::NotFound => AppError::bad_value("ls-error-version-missing", number.to_string()),
        other => other.into(),
    };
    let left = repo::version(&state.db, lesson.activity.id, from).await.map_err(|e| missing(e, from))?;
    let right = repo::version(&state.db, lesson.activity.id, to).await.map_err(|e| missing(e, to))?;
    let changed_count = left.plan.changed_fields(&right.plan).len();
    let page = ViewPage {
        heading: locale.t_args("ls-compare-heading", &[("from", FluentArg::Number(from)), ("to", FluentArg::Number(to))]),
        left_heading: version_line(locale, &left),
        right_heading: Some(version_line(locale, &right)),
        note: String::new(),
        changed_count,
        rows: rows(locale, &left.plan, Some(&right.plan)),
        activity_id: lesson.activity.id,
        title: lesson.activity.title.clone(),
        nav: Nav::new(locale, &user, Some(&lesson.activity.province_code), "activities", &uri),
    };
    render(&page)
}
