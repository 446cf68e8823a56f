//! Attaching a feedback survey to an activity: the organiser picks a template, the
//! open and close times in Vietnam time, and whether answers are anonymous (the
//! default). The survey keeps a copy of the template's questions.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::activity::ActivityStatus;
use caunoi_core::policy::Action;
use caunoi_core::survey;
use caunoi_db::DbError;
use caunoi_db::activities::Activity;
use caunoi_db::surveys::{self, templates};
use chrono::TimeZone;
use tracing::{info, instrument};

use super::forbid_unless;
use super::input::{SettingsForm, parse_settings};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{Locale, vietnam_offset};
use crate::pages::activities::load_visible as load_activity;
use crate::pages::directives::input::Problems;
use crate::pages::render;
use crate::pages::schools::Choice;
use crate::state::AppState;
use crate::view::Nav;

#[derive(Template)]
#[template(path = "surveys/attach.html")]
struct AttachPage {
    nav: Nav,
    activity: Activity,
    form: SettingsForm,
    templates: Vec<Choice>,
    errors: Vec<(&'static str, String)>,
}

impl AttachPage {
    fn form_error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }
}

/// Splits Unix ms into the date and time inputs, in Vietnam time.
pub(crate) fn date_time_inputs(ms: i64) -> (String, String) {
    let local = vietnam_offset().timestamp_millis_opt(ms).single().unwrap_or_default();
    (local.format("%Y-%m-%d").to_string(), local.format("%H:%M").to_string())
}

/// Returns the form as first shown: the shipped default template, open for a week from the end
/// of the activity, anonymous.
fn default_form(activity: &Activity) -> SettingsForm {
    let (opens_at, closes_at) = survey::default_window(activity.ends_at);
    let (opens_date, opens_time) = date_time_inputs(opens_at);
    let (closes_date, closes_time) = date_time_inputs(closes_at);
    SettingsForm { template: String::new(), opens_date, opens_time, closes_date, closes_time, anonymous: Some("on".into()) }
}

async fn render_form(state: &AppState, nav: Nav, activity: Activity, form: SettingsForm, problems: &Problems) -> AppResult<Response> {
    let clusters: Vec<i64> = activity.cluster_id.into_iter().collect();
    let choices = templates::usable(&state.db, &activity.province_code, &clusters)
        .await?
        .into_iter()
        .map(|template| Choice { selected: template.id.to_string() == form.template.trim(), value: template.id.to_string(), label: template.name })
        .collect();
    let errors: Vec<(&'static str, String)> = problems.0.iter().map(|problem| (problem.field, problem.message(nav.locale))).collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = AttachPage { nav, activity, form, templates: choices, errors };
    Ok((status, render(&page)?).into_response())
}

/// Opens an activity's survey, or the form that attaches one for its organiser.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn entry(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (facts, activity) = load_activity(&state.db, &user, &raw_id).await?;
    if let Some(survey) = surveys::of_activity(&state.db, activity.id).await? {
        return Ok(Redirect::to(&format!("/surveys/{}", survey.id)).into_response());
    }
    forbid_unless(&user, Action::ManageSurvey { activity: &facts }, "survey-error-not-attached")?;

    let nav = Nav::new(locale, &user, Some(&activity.province_code), "activities", &uri);
    let form = default_form(&activity);
    render_form(&state, nav, activity, form, &Problems::default()).await
}

/// Attaches a survey from the chosen template.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn create(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<SettingsForm>,
) -> AppResult<Response> {
    let (facts, activity) = load_activity(&state.db, &user, &raw_id).await?;
    forbid_unless(&user, Action::ManageSurvey { activity: &facts }, "survey-error-manage-forbidden")?;
    let nav = Nav::new(locale, &user, Some(&activity.province_code), "activities", &uri);

    let mut problems = Problems::default();
    if activity.status() != ActivityStatus::Published {
        problems.push(crate::pages::directives::input::Problem::new("template", "survey-error-activity-not-published"));
    }
    let clusters: Vec<i64> = activity.cluster_id.into_iter().collect();
    let usable = templates::usable(&state.db, &activity.province_code, &clusters).await?;
    let template = match form.template.trim() {
        "" => usable.first().cloned(),
        raw => usable.iter().find(|t| t.id.to_string() == raw).cloned(),
    };
    if template.is_none() {
        problems.push(crate::pages::directives::input::Problem::new("template", "survey-error-template").with("value", form.template.trim()));
    }
    let settings = match parse_settings(&form, activity.starts_at) {
        Ok(settings) if problems.is_empty() => settings,
        Ok(_) => return render_form(&state, nav, activity, form, &problems).await,
        Err(more) => {
            problems.0.extend(more.0);
            return render_form(&state, nav, activity, form, &problems).await;
        }
    };
    let Some(template) = template else { return render_form(&state, nav, activity, form, &problems).await };

    match surveys::attach(&state.db, activity.id, Some(template.id), &template.questions(), &settings, user.id).await {
        Ok(id) => {
            info!(activity.id = activity.id, survey.id = id, survey.template_id = template.id, "survey attached");
            Ok(Redirect::to(&format!("/surveys/{id}?done=attached")).into_response())
        }
        Err(DbError::Conflict(_)) => {
            let existing = surveys::of_activity(&state.db, activity.id).await?.map(|s| s.id).unwrap_or_default();
            Ok(Redirect::to(&format!("/surveys/{existing}")).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
