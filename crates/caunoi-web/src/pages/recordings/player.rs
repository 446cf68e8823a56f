//! The player page of a recording: the video, its comments in the order of their
//! moments, the comment form, and the organiser's consent and deletion forms.
//!
//! A comment's link carries its moment (`?t=83456`); the page then starts the video
//! there with a media fragment (`#t=83.456`), so seeking works without JavaScript.
//! With JavaScript, a click seeks the playing video instead of reloading.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::activity::recording::{CommentKind, Consent, MAX_COMMENT, parse_position, position_text};
use caunoi_core::policy::{Action, RecordingFacts};
use caunoi_core::text::normalize;
use caunoi_db::activities;
use caunoi_db::recordings::comments::{self, NewComment};
use caunoi_db::recordings::retention::{self, DeletionReason};
use caunoi_db::recordings::{self, Recording};
use serde::Deserialize;
use tracing::instrument;

use super::{load_ready, load_visible};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale};
use crate::pages::attachments::size_text;
use crate::pages::render;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::view::Nav;

/// A comment as the player lists it.
struct CommentRow {
    id: i64,
    position_ms: i64,
    /// `83.456`, for the media fragment and the script.
    seconds: String,
    position: String,
    kind: &'static str,
    kind_label: String,
    criterion: String,
    author: String,
    body: String,
    mine: bool,
}

/// An option of the criterion list.
struct CriterionOption {
    code: String,
    label: String,
}

/// Values typed into the comment form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CommentForm {
    pub position: String,
    pub kind: String,
    pub criterion: String,
    pub body: String,
}

#[derive(Template)]
#[template(path = "recordings/show.html")]
struct PlayerPage {
    nav: Nav,
    recording: Recording,
    activity_title: String,
    uploaded: String,
    size: String,
    consent: String,
    consent_options: Vec<(&'static str, String, bool)>,
    video_src: String,
    comments: Vec<CommentRow>,
    kinds: Vec<(&'static str, String)>,
    criteria: Vec<CriterionOption>,
    can_manage: bool,
    can_delete: bool,
    notice: Option<String>,
    typed: CommentForm,
    error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PlayerQuery {
    /// Moment to start at, in milliseconds.
    pub t: Option<String>,
    pub done: Option<String>,
}

/// Shows a recording with its comments.
#[instrument(skip_all, fields(recording.id = %raw_id))]
pub async fn show(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Query(query): Query<PlayerQuery>) -> AppResult<Response> {
    let (facts, recording) = load_ready(&state, &user, &raw_id).await?;
    let start_ms = query.t.as_deref().and_then(|t| t.parse::<i64>().ok()).filter(|t| *t >= 0);
    let notice = query.done.as_deref().and_then(|done| match done {
        "uploaded" | "commented" | "consent" | "deleted-comment" => Some(locale.tp("rec-done", done)),
        _ => None,
    });
    let nav = Nav::new(locale, &user, Some(&facts.activity.province), "activities", &uri);
    render_player(&state, nav, &user, &facts, recording, start_ms, notice, CommentForm::default(), None).await
}

#[allow(clippy::too_many_arguments)]
async fn render_player(
    state: &AppState,
    nav: Nav,
    user: &CurrentUser,
    facts: &RecordingFacts,
    recording: Recording,
    start_ms: Option<i64>,
    notice: Option<String>,
    typed: CommentForm,
    error: Option<String>,
) -> AppResult<Response> {
    let locale = nav.locale;
    let activity = activities::get(&state.db, recording.activity_id).await?;
    let comments = comments::list(&state.db, recording.id).await?
        .into_iter()
        .map(|comment| {
            let kind = comment.kind().as_str();
            CommentRow {
                id: comment.id,
                position_ms: comment.position_ms,
                seconds: format!("{}.{:03}", comment.position_ms / 1000, comment.position_ms % 1000),
                position: position_text(comment.position_ms),
                kind,
                kind_label: locale.tp("rec-kind", kind),
                criterion: criterion_label(locale, &comment.criterion),
                author: comment.author_name,
                body: comment.body,
                mine: comment.author_id == user.id,
            }
        })
        .collect();
    let video_src = match start_ms {
        Some(ms) => format!("/recordings/{}/video#t={}.{:03}", recording.id, ms / 1000, ms % 1000),
        None => format!("/recordings/{}/video", recording.id),
    };
    let current = recording.consent();
    let page = PlayerPage {
        activity_title: activity.title,
        uploaded: i18n::datetime(recording.created_at),
        size: size_text(locale, recording.size_bytes),
        consent: locale.tp("rec-consent", current.as_str()),
        consent_options: Consent::ALL.iter().map(|c| (c.as_str(), locale.tp("rec-consent", c.as_str()), *c == current)).collect(),
        video_src,
        comments,
        kinds: CommentKind::ALL.iter().map(|k| (k.as_str(), locale.tp("rec-kind", k.as_str()))).collect(),
        criteria: comments::criteria()
            .into_iter()
            .map(|c| CriterionOption { label: format!("{}. {}", c.code, if locale == Locale::Vi { c.text_vi } else { c.text_en }), code: c.code })
            .collect(),
        can_manage: user.allows(Action::ManageRecording { recording: facts }),
        can_delete: user.allows(Action::DeleteRecording { recording: facts }),
        nav,
        recording,
        notice,
        typed,
        error,
    };
    let status = if page.error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, render(&page)?).into_response())
}

fn criterion_label(locale: Locale, code: &str) -> String {
    if code.is_empty() {
        return String::new();
    }
    comments::criteria()
        .into_iter()
        .find(|criterion| criterion.code == code)
        .map(|criterion| format!("{}. {}", criterion.code, if locale == Locale::Vi { criterion.text_vi } else { criterion.text_en }))
        .unwrap_or_default()
}

/// Adds a time-stamped comment. A bad moment, kind, criterion or text shows the page
/// again with the message and everything typed.
#[instrument(skip_all, fields(recording.id = %raw_id))]
pub async fn comment(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Form(form): Form<CommentForm>) -> AppResult<Response> {
    let (facts, recording) = load_ready(&state, &user, &raw_id).await?;
    match check_comment(&form) {
        Ok((position_ms, kind)) => {
            let body = normalize(&form.body);
            let new = NewComment { recording_id: recording.id, author_id: user.id, position_ms, kind, criterion: form.criterion.trim(), body: &body };
            comments::add(&state.db, &new).await?;
            Ok(Redirect::to(&format!("/recordings/{}?t={position_ms}&done=commented#comments", recording.id)).into_response())
        }
        Err(message) => {
            let nav = Nav::new(locale, &user, Some(&facts.activity.province), "activities", &uri);
            let message = match message {
                CommentProblem::PositionMissing => locale.t("rec-error-position-missing"),
                CommentProblem::Position => locale.t1("rec-error-position", "value", form.position.trim()),
                CommentProblem::Kind => locale.t("rec-error-kind"),
                CommentProblem::Criterion => locale.t1("rec-error-criterion", "value", form.criterion.trim()),
                CommentProblem::BodyMissing => locale.t("rec-error-body-missing"),
                CommentProblem::BodyLong => locale.t1("rec-error-body-long", "max", &MAX_COMMENT.to_string()),
            };
            render_player(&state, nav, &user, &facts, recording, None, None, form, Some(message)).await
        }
    }
}

/// Problem found in a typed comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CommentProblem {
    PositionMissing,
    Position,
    Kind,
    Criterion,
    BodyMissing,
    BodyLong,
}

/// Checks a typed comment. The moment must lie inside the video, whose length the
/// server does not know, so it is only bounded by the ten-hour maximum.
pub(crate) fn check_comment(form: &CommentForm) -> Result<(i64, CommentKind), CommentProblem> {
    if form.position.trim().is_empty() {
        return Err(CommentProblem::PositionMissing);
    }
    let position = parse_position(&form.position).ok_or(CommentProblem::Position)?;
    let kind = CommentKind::parse(form.kind.trim()).ok_or(CommentProblem::Kind)?;
    let criterion = form.criterion.trim();
    if !criterion.is_empty() && !comments::criteria().iter().any(|c| c.code == criterion) {
        return Err(CommentProblem::Criterion);
    }
    let body = normalize(&form.body);
    if body.is_empty() {
        return Err(CommentProblem::BodyMissing);
    }
    if body.chars().count() > MAX_COMMENT {
        return Err(CommentProblem::BodyLong);
    }
    Ok((position, kind))
}

/// Deletes one's own comment.
#[instrument(skip_all, fields(recording.id = %raw_id))]
pub async fn delete_comment(State(state): State<AppState>, user: CurrentUser, Path((raw_id, raw_comment)): Path<(String, String)>) -> AppResult<Response> {
    let (_, recording) = load_visible(&state, &user, &raw_id).await?;
    let comment = parse_id(&raw_comment)?;
    if !comments::delete_own(&state.db, recording.id, comment, user.id).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&format!("/recordings/{}?done=deleted-comment#comments", recording.id)).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConsentForm {
    pub consent: String,
}

/// Sets the consent status: the organiser's side, logged in the audit log.
#[instrument(skip_all, fields(recording.id = %raw_id))]
pub async fn consent(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>, Form(form): Form<ConsentForm>) -> AppResult<Response> {
    let (facts, recording) = load_visible(&state, &user, &raw_id).await?;
    user.require(Action::ManageRecording { recording: &facts })?;
    let consent = Consent::parse(form.consent.trim()).ok_or_else(|| AppError::bad_value("rec-error-consent", form.consent.trim()))?;
    recordings::set_consent(&state.db, &recording, &facts.activity.province, consent, user.id).await?;
    Ok(Redirect::to(&format!("/recordings/{}?done=consent", recording.id)).into_response())
}

/// Deletes a recording: its uploader or the organiser's side. The deletion is logged.
#[instrument(skip_all, fields(recording.id = %raw_id))]
pub async fn delete(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let recording = recordings::get(&state.db, id).await?;
    let facts = recordings::facts(&state.db, &recording, user.id).await?;
    // Someone who may not watch it gets the same 404 as for a missing recording.
    user.require(Action::ViewRecording { recording: &facts }).or_else(|_| {
        if recording.uploaded_by == user.id { Ok(()) } else { Err(AppError::NotFound) }
    })?;
    user.require(Action::DeleteRecording { recording: &facts })?;
    retention::delete(&state.db, &state.storage, id, Some(user.id), DeletionReason::User).await?;
    Ok(Redirect::to(&format!("/activities/{}/recordings", recording.activity_id)).into_response())
}
