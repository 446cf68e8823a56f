//! Screens of feedback surveys (phiếu khảo sát): attaching a survey to an activity,
//! answering and editing answers, the organiser's counts and reminders, one survey's
//! results, results grouped by activity, presenter, topic, cluster or semester,
//! templates, and the boards' action items.
//!
//! A person who may not see the activity gets 404. A person who sees it but may not take
//! a step (a participant asking for results, an organiser answering) gets 403.

mod action_items;
mod answer;
mod attach;
mod groups;
pub(crate) mod input;
mod manage;
mod results;
mod show;
mod templates;

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use caunoi_core::policy::{Action, SurveyFacts};
use caunoi_db::Db;
use caunoi_db::activities::{self, Activity};
use caunoi_db::surveys::{self, Survey};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::pages::schools::parse_id;
use crate::state::AppState;

pub(crate) use action_items::{ActionForm, ActionItemRow, action_item_rows, parse_action};
pub(crate) use attach::date_time_inputs as input_date_time;
pub(crate) use groups::{Grouping, group_cells};
pub(crate) use templates::{may_manage as may_manage_templates, refusal as template_refusal};

/// Messages of a form's invalid fields, by field name.
pub(crate) type FieldMessages = Vec<(&'static str, String)>;

/// Returns the message of one invalid field, for a template's `error(field)`.
pub(crate) fn field_error<'a>(errors: &'a [(&'static str, String)], field: &str) -> Option<&'a str> {
    errors.iter().find(|(name, _)| *name == field).map(|(_, message)| message.as_str())
}

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/activities/{id}/survey", get(attach::entry).post(attach::create))
        .route("/surveys/{id}", get(show::page))
        .route("/surveys/{id}/answers", post(answer::submit))
        .route("/surveys/{id}/settings", post(manage::settings))
        .route("/surveys/{id}/remind", post(manage::remind))
        .route("/surveys/{id}/results", get(results::page))
        .route("/surveys/{id}/action-items", post(action_items::create))
        .route("/survey-action-items/{id}/convert", post(action_items::convert))
        .route("/p/{province}/survey-results", get(groups::province))
        .route("/clusters/{id}/survey-results", get(groups::cluster))
        .route("/p/{province}/survey-templates", get(templates::list).post(templates::create))
        .route("/survey-templates/{id}", get(templates::edit_form).post(templates::update))
}

/// A survey with its activity and facts, loaded for a person who may see the activity.
pub(crate) struct Loaded {
    pub survey: Survey,
    pub activity: Activity,
    pub facts: SurveyFacts,
}

/// Loads a survey whose activity the user may see; anything else is a 404.
pub(crate) async fn load_visible(db: &Db, user: &CurrentUser, raw_id: &str) -> AppResult<Loaded> {
    let id = parse_id(raw_id)?;
    let survey = surveys::get(db, id).await?;
    let facts = surveys::facts(db, &survey, user.id).await?;
    user.require(Action::ViewActivity { activity: &facts.activity })?;
    let activity = activities::get(db, survey.activity_id).await?;
    Ok(Loaded { survey, activity, facts })
}

/// Refuses with 403 and `message_id` unless the policy allows `action`; used once the
/// user is known to see the target.
pub(crate) fn forbid_unless(user: &CurrentUser, action: Action<'_>, message_id: &'static str) -> AppResult<()> {
    if user.allows(action) { Ok(()) } else { Err(AppError::Forbidden { message_id }) }
}

/// Name of the cookie holding the edit key of one survey's answers.
pub(crate) fn key_cookie(survey_id: i64) -> String {
    format!("survey_key_{survey_id}")
}

/// Reads the edit key of a survey from the request's cookies: 64 hex digits or nothing.
pub(crate) fn edit_key(headers: &HeaderMap, survey_id: i64) -> Option<String> {
    let name = key_cookie(survey_id);
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.to_owned())
        .filter(|value| value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Builds the `Set-Cookie` value that gives the respondent's browser its edit key until
/// the survey closes. Only this survey's pages receive it.
pub(crate) fn key_cookie_header(survey_id: i64, key: &str, closes_at: i64, now: i64, secure: bool) -> String {
    let max_age = ((closes_at - now) / 1000).max(0);
    let secure = if secure { "; Secure" } else { "" };
    format!("{}={key}; Path=/surveys/{survey_id}; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}", key_cookie(survey_id))
}

/// Returns the date in Vietnam of an instant in Unix ms.
pub(crate) fn vietnam_date(ms: i64) -> chrono::NaiveDate {
    use chrono::TimeZone;
    crate::i18n::vietnam_offset().timestamp_millis_opt(ms).single().map(|instant| instant.date_naive()).unwrap_or_default()
}
