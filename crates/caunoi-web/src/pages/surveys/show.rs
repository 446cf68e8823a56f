//! A survey's page with its window and anonymity. Participants get the answer form, or
//! the edit form while it is open. The organiser gets the count of answers (never who),
//! the reminder button and the settings form.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use caunoi_core::policy::Action;
use caunoi_core::survey::{AnswerValue, Phase, QuestionKind};
use caunoi_db::activities::Activity;
use caunoi_db::now_ms;
use caunoi_db::surveys::{self, answers, reminders};
use serde::Deserialize;
use tracing::instrument;

use super::attach::date_time_inputs;
use super::input::SettingsForm;
use super::{Loaded, edit_key, load_visible};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

/// One point of a rating question's scale.
pub(crate) struct ScalePoint {
    pub point: i64,
    pub label: String,
    pub checked: bool,
}

/// A question as the answer form shows it.
pub(crate) struct QuestionView {
    pub index: usize,
    pub text: String,
    pub rating: bool,
    pub points: Vec<ScalePoint>,
    pub typed: String,
    pub error: Option<String>,
}

/// Values the respondent typed, and the messages of a rejected submission.
#[derive(Debug, Default)]
pub(crate) struct Typed {
    /// One raw text per question.
    pub answers: Vec<String>,
    /// Message per question index.
    pub errors: Vec<(usize, String)>,
    /// A message about the whole form, such as a closed survey.
    pub form_error: Option<String>,
    /// Messages of the settings form, by field.
    pub settings_errors: Vec<(&'static str, String)>,
    pub settings: Option<SettingsForm>,
}

#[derive(Template)]
#[template(path = "surveys/show.html")]
struct SurveyPage {
    nav: Nav,
    activity: Activity,
    survey_id: i64,
    window: String,
    phase: String,
    anonymous: bool,
    notice: Option<String>,
    /// The viewer may answer: a participant.
    participant: bool,
    /// The form is shown: open, and either not answered or editable.
    show_form: bool,
    editing: bool,
    /// Reason an answered participant cannot edit here, or no form is shown.
    form_note: Option<String>,
    questions: Vec<QuestionView>,
    answer_error: Option<String>,
    can_manage: bool,
    can_view_results: bool,
    counts: String,
    reminders: String,
    can_remind: bool,
    form: SettingsForm,
    settings_errors: Vec<(&'static str, String)>,
    anonymity_fixed: bool,
}

impl SurveyPage {
    fn form_error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.settings_errors, field)
    }
}

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    done: Option<String>,
}

/// Shows a survey to anyone who may see its activity.
#[instrument(skip_all, fields(survey.id = %raw_id))]
pub async fn page(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    headers: HeaderMap,
    Path(raw_id): Path<String>,
    Query(query): Query<PageQuery>,
) -> AppResult<Response> {
    let loaded = load_visible(&state.db, &user, &raw_id).await?;
    let notice = query.done.as_deref().and_then(|done| match done {
        "attached" | "answered" | "edited" | "saved" | "reminded" => Some(locale.tp("survey-done", done)),
        _ => None,
    });
    let nav = Nav::new(locale, &user, Some(&loaded.activity.province_code), "activities", &uri);
    let key = edit_key(&headers, loaded.survey.id);
    render_page(&state, nav, &user, loaded, key.as_deref(), notice, Typed::default(), StatusCode::OK).await
}

/// Builds the page with what was typed; `status` is 422 or 409 after a rejected step.
#[expect(clippy::too_many_arguments, reason = "the page's parts come from several handlers")]
pub(crate) async fn render_page(
    state: &AppState,
    nav: Nav,
    user: &CurrentUser,
    loaded: Loaded,
    key: Option<&str>,
    notice: Option<String>,
    typed: Typed,
    status: StatusCode,
) -> AppResult<Response> {
    let locale = nav.locale;
    let db = &state.db;
    let now = now_ms();
    let Loaded { survey, activity, facts } = loaded;
    let phase = survey.phase(now);
    let questions = survey.questions();
    let participant = user.allows(Action::AnswerSurvey { survey: &facts });
    let answered = participant && surveys::has_answered(db, survey.id, user.id).await?;

    // The answers to show in the edit form: the key's holder's on an anonymous survey,
    // the person's own otherwise.
    let own = if answered && phase == Phase::Open {
        match (survey.anonymous(), key) {
            (true, Some(key)) => answers::own_answers(db, &survey, user.id, key).await?,
            (true, None) => None,
            (false, _) => answers::own_answers(db, &survey, user.id, "").await?,
        }
    } else {
        None
    };
    let editing = own.is_some();
    let show_form = participant && phase == Phase::Open && (!answered || editing);
    let form_note = if !participant {
        None
    } else {
        match phase {
            Phase::NotOpen => Some(locale.t1("survey-note-not-open", "opens", &i18n::datetime(survey.opens_at))),
            Phase::Closed => Some(locale.t(if answered { "survey-note-closed-answered" } else { "survey-note-closed" })),
            Phase::Open if answered && !editing => Some(locale.t("survey-note-answered-elsewhere")),
            Phase::Open => None,
        }
    };

    let prefill: Vec<String> = match (&own, typed.answers.is_empty()) {
        (_, false) => typed.answers.clone(),
        (Some(own), true) => own
            .iter()
            .map(|answer| match answer {
                Some(AnswerValue::Rating(point)) => point.to_string(),
                Some(AnswerValue::Open(text)) => text.clone(),
                None => String::new(),
            })
            .collect(),
        (None, true) => Vec::new(),
    };
    let question_views = questions
        .iter()
        .enumerate()
        .map(|(index, question)| {
            let typed_value = prefill.get(index).cloned().unwrap_or_default();
            QuestionView {
                index,
                text: question.text.clone(),
                rating: question.kind == QuestionKind::Rating,
                points: question
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(offset, label)| ScalePoint {
                        point: offset as i64 + 1,
                        label: label.clone(),
                        checked: typed_value.trim() == (offset + 1).to_string(),
                    })
                    .collect(),
                typed: typed_value,
                error: typed.errors.iter().find(|(i, _)| *i == index).map(|(_, message)| message.clone()),
            }
        })
        .collect();

    let can_manage = user.allows(Action::ManageSurvey { activity: &facts.activity });
    let (counts, reminders_label, anonymity_fixed) = if can_manage {
        let respondents = surveys::respondent_count(db, survey.id).await?;
        let participants = surveys::participant_count(db, activity.id).await?;
        let reminded = reminders::count(db, survey.id).await?;
        (
            locale.t_args("survey-counts", &[("answered", FluentArg::Number(respondents)), ("participants", FluentArg::Number(participants))]),
            locale.t_args("survey-reminders-sent", &[("count", FluentArg::Number(reminded))]),
            respondents > 0,
        )
    } else {
        (String::new(), String::new(), false)
    };
    let form = typed.settings.clone().unwrap_or_else(|| {
        let (opens_date, opens_time) = date_time_inputs(survey.opens_at);
        let (closes_date, closes_time) = date_time_inputs(survey.closes_at);
        SettingsForm {
            template: String::new(),
            opens_date,
            opens_time,
            closes_date,
            closes_time,
            anonymous: survey.anonymous().then(|| "on".to_owned()),
        }
    });

    let page = SurveyPage {
        window: locale.t_args(
            "survey-window",
            &[("opens", FluentArg::Text(i18n::datetime(survey.opens_at))), ("closes", FluentArg::Text(i18n::datetime(survey.closes_at)))],
        ),
        phase: locale.tp("survey-phase", phase.as_str()),
        anonymous: survey.anonymous(),
        survey_id: survey.id,
        notice,
        participant,
        show_form,
        editing,
        form_note,
        questions: question_views,
        answer_error: typed.form_error,
        can_view_results: user.allows(Action::ViewSurveyResults { activity: &facts.activity }),
        can_remind: can_manage && phase == Phase::Open,
        can_manage,
        counts,
        reminders: reminders_label,
        form,
        settings_errors: typed.settings_errors,
        anonymity_fixed,
        activity,
        nav,
    };
    Ok((status, render(&page)?).into_response())
}
