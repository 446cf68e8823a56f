//! Answering a survey from its page, and editing the answers while it is open.
//!
//! The first answer gives the browser an edit key in a cookie limited to this survey's
//! pages. On an anonymous survey that key is the only link to the person's answers, so
//! they can edit from this browser only.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::policy::Action;
use caunoi_core::survey::{self, Phase};
use caunoi_db::now_ms;
use caunoi_db::surveys::{self, answers};
use tracing::{info, instrument};

use super::input::{answer_message, answers_of_form};
use super::show::{Typed, render_page};
use super::{edit_key, forbid_unless, key_cookie_header, load_visible};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale};
use crate::state::AppState;
use crate::view::Nav;

/// Returns the message of an answer refused for the survey's state.
pub(crate) fn refusal_message(locale: Locale, error: &answers::AnswerError, opens_at: i64, closes_at: i64) -> Option<String> {
    Some(match error {
        answers::AnswerError::NotOpen(Phase::NotOpen) => locale.t1("survey-error-not-open", "opens", &i18n::datetime(opens_at)),
        answers::AnswerError::NotOpen(_) => locale.t1("survey-error-closed", "closes", &i18n::datetime(closes_at)),
        answers::AnswerError::AlreadyAnswered => locale.t("survey-error-already-answered"),
        answers::AnswerError::NotAnswered => locale.t("survey-error-not-answered"),
        answers::AnswerError::WrongKey => locale.t("survey-error-wrong-key"),
        answers::AnswerError::Db(_) => return None,
    })
}

/// Saves a participant's answers: a first answer, or an edit of their own.
#[instrument(skip_all, fields(survey.id = %raw_id))]
pub async fn submit(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    headers: HeaderMap,
    Path(raw_id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let loaded = load_visible(&state.db, &user, &raw_id).await?;
    forbid_unless(&user, Action::AnswerSurvey { survey: &loaded.facts }, "survey-error-not-participant")?;
    let nav = Nav::new(locale, &user, Some(&loaded.activity.province_code), "activities", &uri);
    let key = edit_key(&headers, loaded.survey.id);

    let questions = loaded.survey.questions();
    let raw = answers_of_form(&fields, &questions);
    let parsed = match survey::parse_answers(&questions, &raw) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let typed = Typed {
                answers: raw,
                errors: errors.iter().map(|error| (error.position() - 1, answer_message(locale, error))).collect(),
                ..Typed::default()
            };
            return render_page(&state, nav, &user, loaded, key.as_deref(), None, typed, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };

    let survey_id = loaded.survey.id;
    let now = now_ms();
    let answered = surveys::has_answered(&state.db, survey_id, user.id).await?;
    let outcome = if answered {
        answers::edit(&state.db, survey_id, user.id, key.as_deref().unwrap_or(""), &parsed, now).await.map(|()| None)
    } else {
        answers::answer(&state.db, survey_id, user.id, &parsed, now).await.map(Some)
    };
    match outcome {
        Ok(new_key) => {
            // No user id in the log line: on an anonymous survey it would tie a person
            // to the moment of an answer.
            info!(survey.id = survey_id, edit = answered, "survey answer saved");
            let done = if answered { "edited" } else { "answered" };
            let mut response = Redirect::to(&format!("/surveys/{survey_id}?done={done}")).into_response();
            if let Some(new_key) = new_key {
                let cookie = key_cookie_header(survey_id, &new_key, loaded.survey.closes_at, now, state.config.secure_cookies);
                response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(AppError::internal)?);
            }
            Ok(response)
        }
        Err(answers::AnswerError::Db(error)) => Err(error.into()),
        Err(error) => {
            let message = refusal_message(locale, &error, loaded.survey.opens_at, loaded.survey.closes_at).unwrap_or_default();
            let typed = Typed { answers: raw, form_error: Some(message), ..Typed::default() };
            render_page(&state, nav, &user, loaded, key.as_deref(), None, typed, StatusCode::CONFLICT).await
        }
    }
}
