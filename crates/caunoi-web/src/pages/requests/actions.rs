//! The steps taken on a request's page: reply, change of status, owner assignment and
//! escalation. A rejected step shows the page again with the message at its form.

use axum::extract::{Path, Request, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use caunoi_core::policy::{Action, RequestFacts};
use caunoi_core::request_status::{self, Side, TransitionError};
use caunoi_db::requests::{self, HandleError, NewReply};
use tracing::instrument;

use super::form;
use super::input::{self, Field, MAX_BODY_CHARS, MAX_NOTE_CHARS};
use super::show::{AssignForm, EscalateForm, Forms, ReplyForm, StatusForm, render_detail};
use super::{handle_error_message, side, transition_message};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::view::Nav;

/// A step in the making: who takes it, on which request, from which side.
struct Step<'a> {
    state: &'a AppState,
    locale: Locale,
    user: &'a CurrentUser,
    uri: &'a Uri,
    facts: RequestFacts,
    side: Side,
}

impl<'a> Step<'a> {
    /// Loads a request the user may act on, and the side they act on. Readers who may
    /// not act (a commune officer, a board after escalation) get the same 404 as
    /// strangers.
    async fn load(state: &'a AppState, locale: Locale, user: &'a CurrentUser, uri: &'a Uri, raw_id: &str) -> AppResult<Step<'a>> {
        let id = parse_id(raw_id)?;
        let facts = requests::facts(&state.db, id).await?;
        user.require(Action::ViewRequest { request: &facts })?;
        let side = side(user, &facts).ok_or(AppError::NotFound)?;
        Ok(Step { state, locale, user, uri, facts, side })
    }

    /// Shows the request page again with the forms' values and messages.
    async fn reject(&self, forms: Forms) -> AppResult<Response> {
        let nav = Nav::new(self.locale, self.user, Some(&self.facts.school.province), "requests", self.uri);
        render_detail(self.state, nav, self.user, &self.facts, forms).await
    }

    /// Redirects to the request after a saved step, or shows the step's message at `field`.
    async fn finish(&self, outcome: Result<(), HandleError>, mut forms: Forms, field: &'static str) -> AppResult<Response> {
        match outcome {
            Ok(()) => Ok(Redirect::to(&format!("/requests/{}", self.facts.id)).into_response()),
            Err(error) => {
                forms.errors.add(field, handle_error_message(error, self.locale)?);
                self.reject(forms).await
            }
        }
    }
}

/// Adds a reply with its files. A handler may mark it as the answer.
#[instrument(skip_all, fields(request.id = %raw_id))]
pub async fn reply(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    request: Request,
) -> AppResult<Response> {
    let step = Step::load(&state, locale, &user, &uri, &raw_id).await?;

    let submitted = form::read(&state, locale, request).await?;
    let typed = ReplyForm { body: submitted.text("body"), answer: submitted.text("answer") };
    let parsed = match (&submitted.file_error, input::paragraphs(&typed.body, MAX_BODY_CHARS, true)) {
        (Some(message), _) => Err(message.clone()),
        (None, Err(problem)) => Err(problem.message(Field::Body, locale)),
        (None, Ok(body)) => Ok(body),
    };
    let body = match parsed {
        Ok(body) => body,
        Err(message) => {
            submitted.discard(&state).await;
            let mut forms = Forms { reply: typed, ..Forms::default() };
            forms.errors.add("reply", message);
            return step.reject(forms).await;
        }
    };
    let marks_answer = step.side == Side::Handler && input::flag(&typed.answer);

    let files = submitted.files();
    let new = NewReply { author: user.id, side: step.side, body: &body, marks_answer, files: &files };
    let outcome = requests::reply(&state.db, step.facts.id, &new).await;
    if outcome.is_err() {
        submitted.discard(&state).await;
    }
    let forms = Forms { reply: typed, ..Forms::default() };
    step.finish(outcome, forms, "reply").await
}

/// Changes the status, as the user's side may.
#[instrument(skip_all, fields(request.id = %raw_id))]
pub async fn status(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let step = Step::load(&state, locale, &user, &uri, &raw_id).await?;

    let parsed = input::status(&form.status).map_err(|rejection| rejection.message(locale)).and_then(|to| {
        let note = input::paragraphs(&form.note, MAX_NOTE_CHARS, false).map_err(|p| p.message(Field::Note, locale))?;
        Ok((to, note))
    });
    let (to, note) = match parsed {
        Ok(parsed) => parsed,
        Err(message) => {
            let mut forms = Forms { status: form, ..Forms::default() };
            forms.errors.add("status", message);
            return step.reject(forms).await;
        }
    };
    // Named message for a change this side may not make; the repository checks again
    // inside its transaction.
    let from = requests::get(&state.db, step.facts.id).await?.status();
    if request_status::check_transition(from, to, step.side) == Err(TransitionError::NotAllowed) {
        let mut forms = Forms { status: form, ..Forms::default() };
        forms.errors.add("status", transition_message(locale, from, to));
        return step.reject(forms).await;
    }

    let outcome = requests::set_status(&state.db, step.facts.id, user.id, step.side, to, &note).await;
    let forms = Forms { status: form, ..Forms::default() };
    step.finish(outcome, forms, "status").await
}

/// Makes a person of the handling board or department the request's owner.
#[instrument(skip_all, fields(request.id = %raw_id))]
pub async fn assign(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<AssignForm>,
) -> AppResult<Response> {
    let step = Step::load(&state, locale, &user, &uri, &raw_id).await?;
    if step.side != Side::Handler {
        return Err(AppError::NotFound);
    }

    let raw = form.owner.trim();
    let Some(owner) = raw.parse::<i64>().ok().filter(|id| *id > 0) else {
        let mut forms = Forms::default();
        let message = if raw.is_empty() { locale.t("requests-error-owner-missing") } else { locale.t1("requests-error-owner-value", "value", raw) };
        forms.errors.add("assign", message);
        return step.reject(forms).await;
    };

    let outcome = requests::assign(&state.db, step.facts.id, user.id, owner).await;
    step.finish(outcome, Forms::default(), "assign").await
}

/// Passes the request from the cluster board to the department, with the board's reason.
#[instrument(skip_all, fields(request.id = %raw_id))]
pub async fn escalate(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<EscalateForm>,
) -> AppResult<Response> {
    let step = Step::load(&state, locale, &user, &uri, &raw_id).await?;
    if step.side != Side::Handler {
        return Err(AppError::NotFound);
    }

    let note = match input::paragraphs(&form.note, MAX_NOTE_CHARS, true) {
        Ok(note) => note,
        Err(problem) => {
            let mut forms = Forms { escalate: form, ..Forms::default() };
            let message = match problem {
                input::TextProblem::Missing => locale.t("requests-error-escalate-missing"),
                other => other.message(Field::Note, locale),
            };
            forms.errors.add("escalate", message);
            return step.reject(forms).await;
        }
    };

    let outcome = requests::escalate(&state.db, step.facts.id, user.id, &note).await;
    let forms = Forms { escalate: form, ..Forms::default() };
    step.finish(outcome, forms, "escalate").await
}

