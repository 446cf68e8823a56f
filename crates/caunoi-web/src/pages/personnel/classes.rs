//! A school's classes per grade in a school year, edited by its leaders and the
//! department, with the classes of each upper-secondary grade that take each elective
//! subject. The counts drive the required periods of every subject.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use caunoi_core::org::SchoolLevel;
use caunoi_core::policy::{Action, SchoolFacts};
use caunoi_core::school_year::SchoolYear;
use caunoi_core::staffing::Subject;
use caunoi_core::staffing::curriculum::{ClassCountError, MAX_CLASSES_PER_GRADE, check_class_count, grades_of};
use caunoi_db::{clusters, schools};
use caunoi_db::staffing::{classes, rule_sets};
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

/// One elective subject's row: a field per grade that teaches it as an elective.
struct ElectiveRow {
    subject: String,
    fields: Vec<ElectiveField>,
}

struct ElectiveField {
    name: String,
    grade: i32,
    value: String,
    error: Option<String>,
}

/// Lists the elective subjects of the school's grades, each with the grades that offer it.
fn electives_by_subject(rules: &caunoi_core::staffing::rules::CurriculumRules, level: SchoolLevel) -> Vec<(Subject, Vec<i32>)> {
    let mut rows: Vec<(Subject, Vec<i32>)> = Vec::new();
    for grade in grades_of(level) {
        for subject in rules.electives_of_grade(grade) {
            match rows.iter_mut().find(|(s, _)| *s == subject) {
                Some((_, grades)) => grades.push(grade),
                None => rows.push((subject, vec![grade])),
            }
        }
    }
    rows
}

fn elective_name(grade: i32, subject: Subject) -> String {
    format!("elective_{grade}_{}", subject.key())
}

fn subject_label(locale: Locale, subject: Subject) -> String {
    match locale {
        Locale::Vi => subject.name_vi().to_owned(),
        Locale::En => subject.name_en().to_owned(),
    }
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
    /// Grades that offer electives, as the columns of the electives table.
    elective_grades: Vec<i32>,
    electives: Vec<ElectiveRow>,
    saved: bool,
}

impl ClassesPage {
    /// Returns the field of `grade` in a row, when that grade offers the subject.
    fn cell<'a>(&self, row: &'a ElectiveRow, grade: &i32) -> Option<&'a ElectiveField> {
        row.fields.iter().find(|field| field.grade == *grade)
    }
}

/// Collects the grades that appear in any elective row, in order.
fn elective_grades(rows: &[(Subject, Vec<i32>)]) -> Vec<i32> {
    let mut grades: Vec<i32> = rows.iter().flat_map(|(_, grades)| grades.iter().copied()).collect();
    grades.sort_unstable();
    grades.dedup();
    grades
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
    let recorded = classes::electives(&state.db, facts.id, &school_year).await?;
    let fields = grades_of(level)
        .map(|grade| GradeField { grade, value: counts.get(&grade).map(i64::to_string).unwrap_or_default(), error: None })
        .collect();
    let rules = rule_sets::active(&state.db, &facts.province).await?;
    let offered = electives_by_subject(&rules.curriculum, level);
    let electives = offered
        .iter()
        .map(|(subject, grades)| ElectiveRow {
            subject: subject_label(locale, *subject),
            fields: grades
                .iter()
                .map(|&grade| ElectiveField {
                    name: elective_name(grade, *subject),
                    grade,
                    value: recorded.get(&(grade, *subject)).map(i64::to_string).unwrap_or_default(),
                    error: None,
                })
                .collect(),
        })
        .collect();
    let saved = uri.query().is_some_and(|q| q.contains("saved=1"));
    let school = SchoolParts { facts, name: school_name, year: school_year };
    render(&ClassesPage::new(locale, &user, &uri, school, fields, &offered, electives, saved))
}

/// The school a class-count page is about.
struct SchoolParts {
    facts: SchoolFacts,
    name: String,
    year: String,
}

impl ClassesPage {
    #[expect(clippy::too_many_arguments, reason = "the page's parts, each used once")]
    fn new(
        locale: Locale,
        user: &CurrentUser,
        uri: &Uri,
        school: SchoolParts,
        fields: Vec<GradeField>,
        offered: &[(Subject, Vec<i32>)],
        electives: Vec<ElectiveRow>,
        saved: bool,
    ) -> ClassesPage {
        ClassesPage {
            nav: Nav::new(locale, user, Some(&school.facts.province), "personnel", uri),
            school_id: school.facts.id,
            school_name: school.name,
            province: school.facts.province,
            school_year: school.year,
            fields,
            elective_grades: elective_grades(offered),
            electives,
            saved,
        }
    }
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
    let rules = rule_sets::active(&state.db, &facts.province).await?;
    let offered = electives_by_subject(&rules.curriculum, level);
    let mut electives = Vec::new();
    let mut elective_counts = BTreeMap::new();
    for (subject, grades) in &offered {
        let mut row = ElectiveRow { subject: subject_label(locale, *subject), fields: Vec::new() };
        for &grade in grades {
            let name = elective_name(grade, *subject);
            let value = input.get(&name).map(|v| v.trim().to_owned()).unwrap_or_default();
            let classes_of_grade = counts.get(&grade).copied().unwrap_or(0);
            let error = match parse_elective(&value, classes_of_grade) {
                Ok(Some(count)) => {
                    elective_counts.insert((grade, *subject), count);
                    None
                }
                Ok(None) => None,
                Err(problem) => Some(elective_message(locale, &value, grade, classes_of_grade, problem)),
            };
            row.fields.push(ElectiveField { name, grade, value, error });
        }
        electives.push(row);
    }

    let invalid = fields.iter().any(|field| field.error.is_some()) || electives.iter().flat_map(|row| &row.fields).any(|field| field.error.is_some());
    if invalid {
        let school = SchoolParts { facts, name: school_name, year: school_year };
        let page = ClassesPage::new(locale, &user, &uri, school, fields, &offered, electives, false);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }

    classes::replace(&state.db, facts.id, &school_year, &counts, &elective_counts, user.id).await?;
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

/// The reason an elective count was rejected.
enum ElectiveProblem {
    NotANumber,
    MoreThanClasses,
}

/// Reads the classes of a grade that take an elective: a whole number from 0 to the
/// grade's classes. An empty field means none recorded.
fn parse_elective(value: &str, classes_of_grade: i64) -> Result<Option<i64>, ElectiveProblem> {
    if value.is_empty() {
        return Ok(None);
    }
    let count = value.parse::<i64>().map_err(|_| ElectiveProblem::NotANumber)?;
    if count < 0 {
        return Err(ElectiveProblem::NotANumber);
    }
    if count > classes_of_grade {
        return Err(ElectiveProblem::MoreThanClasses);
    }
    Ok(Some(count))
}

fn elective_message(locale: Locale, value: &str, grade: i32, classes_of_grade: i64, problem: ElectiveProblem) -> String {
    match problem {
        ElectiveProblem::NotANumber => locale.t1("personnel-classes-error-number", "value", value),
        ElectiveProblem::MoreThanClasses => locale.t_args(
            "personnel-electives-error-more",
            &[
                ("value", i18n::FluentArg::Text(value.to_owned())),
                ("grade", i18n::FluentArg::Text(grade.to_string())),
                ("classes", i18n::FluentArg::Text(classes_of_grade.to_string())),
            ],
        ),
    }
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
