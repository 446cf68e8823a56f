//! Screens of lesson study (nghiên cứu bài học) on an activity of kind `lesson_study`:
//! the overview of the four steps, the lesson plan with its versions, the observation
//! (seating chart, notes, photos), the analysis forms and summary, and the minutes.
//!
//! Someone who may not see the activity gets 404; someone who may see it but is not
//! in the lesson-study group gets 403.

mod analysis;
pub(crate) mod docx;
mod observation;
mod overview;
mod plan;

use std::collections::HashMap;

use axum::Router;
use axum::routing::{get, post};
use caunoi_core::lesson_study::analysis::Criterion;
use caunoi_core::lesson_study::observation::seat_field;
use caunoi_core::lesson_study::plan::{PART_KEYS, activity_field};
use caunoi_core::lesson_study::{FieldProblem, Problem};
use caunoi_core::policy::{Action, LessonStudyFacts};
use caunoi_db::activities::{self, Activity};
use caunoi_db::lesson_study;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{FluentArg, Locale};
use crate::state::AppState;
use crate::uploads;

pub(crate) use analysis::analysis_error;
pub(crate) use overview::{minutes_response, send as send_minutes_of};

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/activities/{id}/lesson-study", get(overview::show))
        .route("/activities/{id}/lesson-study/plan", get(plan::edit).post(plan::save))
        .route("/activities/{id}/lesson-study/plan/versions", get(plan::history))
        .route("/activities/{id}/lesson-study/plan/versions/{version}", get(plan::view))
        .route("/activities/{id}/lesson-study/plan/compare", get(plan::compare))
        .route("/activities/{id}/lesson-study/observation", get(observation::show))
        .route("/activities/{id}/lesson-study/seating", post(observation::save_seating))
        .route("/activities/{id}/lesson-study/notes", post(observation::add_note).layer(uploads::body_limit()))
        .route("/activities/{id}/lesson-study/analysis", get(analysis::show).post(analysis::save_form))
        .route("/activities/{id}/lesson-study/criteria", post(analysis::save_criteria))
        .route("/activities/{id}/lesson-study/summary", post(analysis::save_summary))
        .route("/activities/{id}/lesson-study/close", post(analysis::close))
        .route("/activities/{id}/lesson-study/minutes.docx", get(overview::minutes_docx))
        .route("/activities/{id}/lesson-study/minutes/send", post(overview::send_minutes))
}

/// A lesson study the user may open, with what they may do in it.
pub(crate) struct Lesson {
    pub facts: LessonStudyFacts,
    pub activity: Activity,
    pub can_contribute: bool,
    pub can_lead: bool,
}

impl Lesson {
    /// Refuses a write by someone of the group who may not make it: 409 once the
    /// activity is cancelled, else 403.
    pub fn require_contribute(&self) -> AppResult<()> {
        match (self.can_contribute, self.facts.cancelled) {
            (true, _) => Ok(()),
            (false, true) => Err(AppError::conflict("ls-error-cancelled")),
            (false, false) => Err(AppError::Forbidden { message_id: "ls-error-forbidden" }),
        }
    }

    pub fn require_lead(&self) -> AppResult<()> {
        match (self.can_lead, self.facts.cancelled) {
            (true, _) => Ok(()),
            (false, true) => Err(AppError::conflict("ls-error-cancelled")),
            (false, false) => Err(AppError::Forbidden { message_id: "ls-error-lead-only" }),
        }
    }
}

/// Loads a lesson study for its group. Not visible, or not a lesson study: 404. Visible
/// but outside the group: 403.
pub(crate) async fn load(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<Lesson> {
    let facts = lesson_study::facts(&state.db, id, user.id).await?;
    user.require(Action::ViewActivity { activity: &facts.activity })?;
    if !facts.is_lesson_study {
        return Err(AppError::NotFound);
    }
    if !user.allows(Action::ViewLessonStudy { lesson: &facts }) {
        return Err(AppError::Forbidden { message_id: "ls-error-forbidden" });
    }
    let activity = activities::get(&state.db, id).await?;
    Ok(Lesson {
        can_contribute: user.allows(Action::ContributeLessonStudy { lesson: &facts }),
        can_lead: user.allows(Action::LeadLessonStudy { lesson: &facts }),
        facts,
        activity,
    })
}

/// Parses an activity id from a path; anything else is a 404.
pub(crate) fn parse_id(raw: &str) -> AppResult<i64> {
    crate::pages::schools::parse_id(raw)
}

/// Messages of a rejected form, by field, in form order.
#[derive(Debug, Clone, Default)]
pub(crate) struct FormErrors(pub Vec<(String, String)>);

impl FormErrors {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(name, _)| name == field).map(|(_, message)| message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Returns the label of a form field as the messages name it.
pub(crate) fn field_label(locale: Locale, field: &str, criteria: &[Criterion]) -> String {
    if let Some((number, part)) = field.strip_prefix("activity").and_then(|rest| rest.split_once('_')) {
        let index = number.parse::<usize>().unwrap_or(1).saturating_sub(1);
        let activity = caunoi_core::lesson_study::plan::ACTIVITY_KEYS.get(index).copied().unwrap_or("opening");
        return format!("{} – {}", locale.tp("ls-activity", activity), locale.tp("ls-part", part));
    }
    if let Some(rest) = field.strip_prefix("seat_") {
        let parts: Vec<&str> = rest.split('_').collect();
        if let [row, column, part] = parts.as_slice() {
            return locale.t_args(
                &format!("ls-seat-{part}-label"),
                &[("row", FluentArg::Text((*row).to_owned())), ("column", FluentArg::Text((*column).to_owned()))],
            );
        }
    }
    for prefix in ["comment_", "rating_"] {
        if let Some(key) = field.strip_prefix(prefix) {
            let text = criteria.iter().find(|c| c.key == key).map(|c| c.text.clone()).unwrap_or_else(|| key.to_owned());
            return locale.t1(&format!("ls-{}-label", prefix.trim_end_matches('_')), "criterion", &text);
        }
    }
    locale.tp("ls-field", field)
}

/// Translates problems into messages that name the field, the value and the fix.
pub(crate) fn messages(locale: Locale, problems: &[FieldProblem], criteria: &[Criterion]) -> FormErrors {
    FormErrors(problems.iter().map(|problem| (problem.field.clone(), message(locale, problem, criteria))).collect())
}

pub(crate) fn message(locale: Locale, problem: &FieldProblem, criteria: &[Criterion]) -> String {
    let (message_id, args) = message_parts(locale, problem, criteria);
    locale.t_args(message_id, &args)
}

/// Builds the API's 400 for the first problem.
pub(crate) fn bad_request(locale: Locale, problems: &[FieldProblem], criteria: &[Criterion]) -> AppError {
    match problems.first() {
        Some(problem) => {
            let (message_id, args) = message_parts(locale, problem, criteria);
            AppError::BadRequest { message_id, args }
        }
        None => AppError::internal("a form was rejected without a problem"),
    }
}

fn message_parts(locale: Locale, problem: &FieldProblem, criteria: &[Criterion]) -> (&'static str, Vec<(&'static str, FluentArg)>) {
    let field = ("field", FluentArg::Text(field_label(locale, &problem.field, criteria)));
    let number = |n: usize| FluentArg::Number(i64::try_from(n).unwrap_or(i64::MAX));
    match &problem.problem {
        Problem::Missing => ("ls-error-missing", vec![field]),
        Problem::TooLong { length, max } => ("ls-error-too-long", vec![field, ("length", number(*length)), ("max", number(*max))]),
        Problem::OutOfRange { value, min, max } => {
            ("ls-error-out-of-range", vec![field, ("value", FluentArg::Text(value.clone())), ("min", FluentArg::Number(*min)), ("max", FluentArg::Number(*max))])
        }
        Problem::Invalid { value } => {
            let hint_key = problem.field.split('_').next().unwrap_or("");
            let hint = locale.tp("ls-hint", if hint_key == "time" && problem.field == "time_kind" { "time_kind" } else { hint_key });
            ("ls-error-invalid", vec![field, ("value", FluentArg::Text(value.clone())), ("hint", FluentArg::Text(hint))])
        }
    }
}

/// Reads a form sent as `application/x-www-form-urlencoded` into a map; a key sent
/// twice keeps its last value.
pub(crate) type FormMap = HashMap<String, String>;

/// Returns a field of a [`FormMap`], or an empty string.
pub(crate) fn field<'a>(form: &'a FormMap, key: &str) -> &'a str {
    form.get(key).map(String::as_str).unwrap_or("")
}

/// Lists the form keys of one activity of the plan, for templates.
pub(crate) fn activity_fields(index: usize) -> Vec<String> {
    std::iter::once("name").chain(PART_KEYS).map(|part| activity_field(index, part)).collect()
}

/// Returns the form keys of a chart cell's student and group, for templates.
pub(crate) fn seat_keys(row: i64, column: i64) -> (String, String) {
    (seat_field(row, column, "student"), seat_field(row, column, "group"))
}
