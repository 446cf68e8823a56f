//! The organiser's steps on a survey: changing its window and anonymity, and reminding
//! the participants who have not answered. The organiser learns how many were
//! reminded, never who.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::policy::Action;
use caunoi_core::survey::Phase;
use caunoi_db::now_ms;
use caunoi_db::surveys::{self, UpdateError, reminders};
use tracing::{info, instrument};

use super::input::{SettingsForm, parse_settings};
use super::show::{Typed, render_page};
use super::{edit_key, forbid_unless, load_visible};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::state::AppState;
use crate::view::Nav;

/// Saves the window and anonymity. Changing the anonymity after the first answer, or
/// anything of a closed survey, is refused with 409 and the page shown again, nothing
/// saved.
#[instrument(skip_all, fields(survey.id = %raw_id))]
pub async fn settings(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    headers: HeaderMap,
    Path(raw_id): Path<String>,
    Form(form): Form<SettingsForm>,
) -> AppResult<Response> {
    let loaded = load_visible(&state.db, &user, &raw_id).await?;
    forbid_unless(&user, Action::ManageSurvey { activity: &loaded.facts.activity }, "survey-error-manage-forbidden")?;
    let nav = Nav::new(locale, &user, Some(&loaded.activity.province_code), "activities", &uri);
    let key = edit_key(&headers, loaded.survey.id);

    let parsed = match parse_settings(&form, loaded.activity.starts_at) {
        Ok(parsed) => parsed,
        Err(problems) => {
            let typed = Typed {
                settings_errors: problems.0.iter().map(|problem| (problem.field, problem.message(locale))).collect(),
                settings: Some(form),
                ..Typed::default()
            };
            return render_page(&state, nav, &user, loaded, key.as_deref(), None, typed, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    match surveys::update(&state.db, loaded.survey.id, &parsed, now_ms()).await {
        Ok(()) => {
            info!(survey.id = loaded.survey.id, survey.anonymous = parsed.anonymous, "survey settings saved");
            Ok(Redirect::to(&format!("/surveys/{}?done=saved", loaded.survey.id)).into_response())
        }
        Err(UpdateError::AnonymityFixed) => {
            let typed = Typed {
                settings_errors: vec![("anonymous", locale.t("survey-error-anonymity-fixed"))],
                settings: Some(form),
                ..Typed::default()
            };
            render_page(&state, nav, &user, loaded, key.as_deref(), None, typed, StatusCode::CONFLICT).await
        }
        Err(UpdateError::Closed) => {
            let typed = Typed {
                settings_errors: vec![("closes", locale.t("survey-error-closed-fixed"))],
                settings: Some(form),
                ..Typed::default()
            };
            render_page(&state, nav, &user, loaded, key.as_deref(), None, typed, StatusCode::CONFLICT).await
        }
        Err(UpdateError::Db(error)) => Err(error.into()),
    }
}

/// Reminds the participants who have neither answered nor been reminded yet.
#[instrument(skip_all, fields(survey.id = %raw_id))]
pub async fn remind(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let loaded = load_visible(&state.db, &user, &raw_id).await?;
    forbid_unless(&user, Action::ManageSurvey { activity: &loaded.facts.activity }, "survey-error-manage-forbidden")?;
    let now = now_ms();
    if loaded.survey.phase(now) != Phase::Open {
        return Err(AppError::conflict("survey-error-remind-closed"));
    }

    let notified = reminders::remind_now(&state.db, loaded.survey.id, now).await?;
    info!(survey.id = loaded.survey.id, reminders = notified, "survey reminders sent by the organiser");
    Ok(Redirect::to(&format!("/surveys/{}?done=reminded", loaded.survey.id)).into_response())
}
