//! A school's classes per grade in a school year, edited by its leaders and the
//! department. The counts drive the required periods of every subject.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use caunoi_core::org::SchoolLevel;
use caunoi_core::policy::{Action, SchoolFacts};
use caunoi_core::school_year::SchoolYear;
use caunoi_core::staffing::curriculum::{ClassCountError, MAX_CLASSES_PER_GRADE, check_class_count, grades_of};
use caunoi_db::{clusters, schools};
use caunoi_db::staffing::classes;
use serde::Deserialize;
use tracing::instrument;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale};
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

/// One grade's field: the text as entered, and its error.
struct GradeField {
    grade: i32,
    value: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "personnel/classes.html")]
struct ClassesPage {
    nav: Nav,
    school_id: i64,
    school_name: String,
    province: String,
    school_year: String,
    fields: Vec<GradeField>,
    saved: bool,
}

/// Loads the school, checks that the user may edit its class counts, and returns its
/// facts, name and level.
async fn authorised_school(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<(SchoolFacts, String, SchoolLevel)> {
    let id = raw_id.trim().parse::<i64>().ok().filter(|id| *id > 0).ok_or(AppError::NotFound)?;
    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::EditClassCounts { school: &facts })?;
    // The school year only names the cluster column, which this form does not show.
    let school = schools::get(&state.db, id, "").await?;
    Ok((facts, school.name, SchoolLevel::parse(&school.level).unwrap_or(SchoolLevel::Preschool)))
}

async fn year_of(state: &AppState, province: &str, raw: Option<&str>) -> AppResult<String> {
    match raw.map(str::trim).filter(|raw| !raw.is_empty()) {
        Some(raw) => Ok(SchoolYear::parse(raw).ok_or_else(|| AppError::bad_value("personnel-error-year", raw))?.to_string()),
        None => Ok(clusters::current_year(&state.db, province, i18n::today()).await?),
    }
}

/// Shows the class counts form of a school for a school year.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn form(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    let (facts, school_name, level) = authorised_school(&state, &user, &raw_id).await?;
    let school_year = year_of(&state, &facts.province, query.year.as_deref()).await?;

    let counts = classes::get(&state.db, facts.id, &school_year).await?;
    let fields = grades_of(level)
        .map(|grade| GradeField { grade, value: counts.get(&grade).map(i64::to_string).unwrap_or_default(), error: None })
        .collect();
    let saved = uri.query().is_some_and(|q| q.contains("saved=1"));
    let page = ClassesPage { nav: Nav::new(locale, &user, Some(&facts.province), "personnel", &uri), school_id: facts.id, school_name, province: facts.province, school_year, fields, saved };
    render(&page)
}

/// Saves the class counts of a school. Any invalid count re-renders the form with a
/// message per field and saves nothing.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn save(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(input): Form<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let (facts, school_name, level) = authorised_school(&state, &user, &raw_id).await?;
    let school_year = year_of(&state, &facts.province, input.get("year").map(String::as_str)).await?;

    let mut fields = Vec::new();
    let mut counts = BTreeMap::new();
    for grade in grades_of(level) {
        let value = input.get(&format!("grade_{grade}")).map(|v| v.trim().to_owned()).unwrap_or_default();
        let error = match parse_count(level, grade, &value) {
            Ok(Some(count)) => {
                counts.insert(grade, count);
                None
            }
            Ok(None) => None,
            Err(message) => Some(message_of(locale, &value, message)),
        };
        fields.push(GradeField { grade, value, error });
    }
    if fields.iter().any(|field| field.error.is_some()) {
        let page = ClassesPage { nav: Nav::new(locale, &user, Some(&facts.province), "personnel", &uri), school_id: facts.id, school_name, province: facts.province, school_year, fields, saved: false };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }

    classes::replace(&state.db, facts.id, &school_year, &counts, user.id).await?;
    Ok(Redirect::to(&format!("/schools/{}/classes?year={school_year}&saved=1", facts.id)).into_response())
}

/// Why a field was rejected: not a whole number, or a count the level cannot have.
enum CountProblem {
    NotANumber,
    Rejected(ClassCountError),
}

/// Reads one field; an empty field means the grade has no classes.
fn parse_count(level: SchoolLevel, grade: i32, value: &str) -> Result<Option<i64>, CountProblem> {
    if value.is_empty() {
        return Ok(None);
    }
    let count = value.parse::<i64>().map_err(|_| CountProblem::NotANumber)?;
    check_class_count(level, grade, count).map_err(CountProblem::Rejected)?;
    Ok(Some(count))
}

fn message_of(locale: Locale, value: &str, problem: CountProblem) -> String {
    match problem {
        CountProblem::NotANumber => locale.t1("personnel-classes-error-number", "value", value),
        CountProblem::Rejected(ClassCountError::OutOfRange { .. }) => {
            locale.t_args("personnel-classes-error-range", &[("value", i18n::FluentArg::Text(value.to_owned())), ("max", i18n::FluentArg::Text(MAX_CLASSES_PER_GRADE.to_string()))])
        }
        CountProblem::Rejected(ClassCountError::GradeOutsideLevel { .. }) => locale.t1("personnel-classes-error-grade", "value", value),
    }
}
