//! An activity's recordings, and the upload form that works without JavaScript: the
//! whole file in one form post, streamed into parts as it arrives.

use askama::Template;
use axum::extract::multipart::{Field, Multipart};
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::activity::recording::MAX_TITLE;
use caunoi_core::policy::Action;
use caunoi_core::text::normalize;
use caunoi_db::activities::Activity;
use caunoi_db::recordings::retention::{self, DeletionReason};
use caunoi_db::recordings::upload::{self, PartWriter, UploadError};
use caunoi_db::recordings::{self, NewRecording, Recording};
use tracing::instrument;

use super::PART_BYTES;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::activities::load_visible as load_activity;
use crate::pages::attachments::size_text;
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

/// One recording as the list shows it.
pub(crate) struct Row {
    pub id: i64,
    pub title: String,
    pub uploader: String,
    pub uploaded: String,
    pub size: String,
    pub consent: String,
    pub ready: bool,
    /// Share of the bytes received, for an unfinished upload.
    pub percent: i64,
}

#[derive(Template)]
#[template(path = "recordings/list.html")]
struct ListPage {
    nav: Nav,
    activity: Activity,
    rows: Vec<Row>,
    can_upload: bool,
    max_mb: i64,
    part_bytes: u64,
    /// Progress, retry and resume texts for the script, with `{name}` placeholders.
    js_progress: String,
    js_retry: String,
    js_resumed: String,
    typed_title: String,
    error: Option<String>,
}

/// Renders a message with each argument replaced by `{name}`, for the script to fill.
fn script_text(locale: Locale, id: &str, names: &[&'static str]) -> String {
    let args: Vec<(&str, FluentArg)> = names.iter().map(|name| (*name, FluentArg::Text(format!("{{{name}}}")))).collect();
    locale.t_args(id, &args)
}

fn row(locale: Locale, recording: &Recording) -> Row {
    let percent = if recording.size_bytes > 0 { recording.received_bytes * 100 / recording.size_bytes } else { 0 };
    Row {
        id: recording.id,
        title: recording.title.clone(),
        uploader: recording.uploader_name.clone(),
        uploaded: i18n::datetime(recording.created_at),
        size: size_text(locale, if recording.is_ready() { recording.size_bytes } else { recording.received_bytes }),
        consent: locale.tp("rec-consent", recording.consent().as_str()),
        ready: recording.is_ready(),
        percent,
    }
}

async fn render_list(state: &AppState, nav: Nav, user: &CurrentUser, raw_id: &str, typed_title: String, error: Option<String>) -> AppResult<Response> {
    let (facts, activity) = load_activity(&state.db, user, raw_id).await?;
    let in_group = recordings::in_group(&state.db, activity.id, user.id).await?;
    let can_upload = user.allows(Action::UploadRecording { activity: &facts, actor_in_group: in_group });
    let mut rows = Vec::new();
    for recording in recordings::list_for_activity(&state.db, activity.id).await? {
        let recording_facts = recordings::facts(&state.db, &recording, user.id).await?;
        let visible = user.allows(Action::ViewRecording { recording: &recording_facts });
        // An unfinished upload is shown to the person resuming it and the organisers.
        let unfinished_visible = recording.is_ready() || recording.uploaded_by == user.id || user.allows(Action::ManageRecording { recording: &recording_facts });
        if visible && unfinished_visible {
            rows.push(row(nav.locale, &recording));
        }
    }
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let max_mb = (state.config.max_video_bytes / (1024 * 1024)) as i64;
    let locale = nav.locale;
    let page = ListPage {
        nav,
        activity,
        rows,
        can_upload,
        max_mb,
        part_bytes: PART_BYTES,
        js_progress: script_text(locale, "rec-js-progress", &["percent", "sent", "total"]),
        js_retry: script_text(locale, "rec-js-retry", &["seconds"]),
        js_resumed: script_text(locale, "rec-js-resumed", &["percent"]),
        typed_title,
        error,
    };
    Ok((status, render(&page)?).into_response())
}

/// Lists the recordings of an activity that the user may watch.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn list(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (_, activity) = load_activity(&state.db, &user, &raw_id).await?;
    let nav = Nav::new(locale, &user, Some(&activity.province_code), "activities", &uri);
    render_list(&state, nav, &user, &raw_id, String::new(), None).await
}

/// Takes a whole video from the form without JavaScript. The title must come before
/// the file in the form, so that a bad title is reported before any byte is stored.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn upload(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, mut multipart: Multipart) -> AppResult<Response> {
    let (facts, activity) = load_activity(&state.db, &user, &raw_id).await?;
    let in_group = recordings::in_group(&state.db, activity.id, user.id).await?;
    user.require(Action::UploadRecording { activity: &facts, actor_in_group: in_group })?;
    let nav = Nav::new(locale, &user, Some(&activity.province_code), "activities", &uri);

    let mut title = String::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return render_list(&state, nav, &user, &raw_id, title, Some(locale.t("rec-error-interrupted"))).await,
        };
        match field.name() {
            Some("title") => match read_title(field).await {
                Some(text) => title = text,
                None => {
                    let message = locale.t("rec-error-title-long");
                    return render_list(&state, nav, &user, &raw_id, String::new(), Some(message)).await;
                }
            },
            Some("video") => {
                if let Err(message_id) = check_title(&title) {
                    return render_list(&state, nav, &user, &raw_id, title, Some(locale.t(message_id))).await;
                }
                let file_name = normalize(field.file_name().unwrap_or_default());
                if file_name.is_empty() {
                    return render_list(&state, nav, &user, &raw_id, title, Some(locale.t("rec-error-no-file"))).await;
                }
                let new = NewRecording { activity_id: activity.id, title: &title, file_name: &file_name, size_bytes: state.config.max_video_bytes, uploaded_by: user.id };
                let id = recordings::create(&state.db, &new).await?;
                return match receive(&state, id, field).await {
                    Ok(()) => Ok(Redirect::to(&format!("/recordings/{id}?done=uploaded")).into_response()),
                    Err(error) => {
                        retention::delete(&state.db, &state.storage, id, Some(user.id), DeletionReason::Abandoned).await?;
                        let message = upload_message(locale, &state, &error, &file_name)?;
                        render_list(&state, nav, &user, &raw_id, title, Some(message)).await
                    }
                };
            }
            _ => {}
        }
    }
    render_list(&state, nav, &user, &raw_id, title, Some(locale.t("rec-error-no-file"))).await
}

/// Reads the title field, stopping at four bytes a character over the maximum so a
/// huge field cannot fill the memory. Returns `None` for a title over that size.
async fn read_title(mut field: Field<'_>) -> Option<String> {
    let limit = MAX_TITLE * 4;
    let mut bytes = Vec::new();
    while let Ok(Some(chunk)) = field.chunk().await {
        if bytes.len() + chunk.len() > limit {
            return None;
        }
        bytes.extend_from_slice(&chunk);
    }
    Some(normalize(&String::from_utf8_lossy(&bytes)))
}

/// Checks a recording's title; returns the message id of the problem.
pub(crate) fn check_title(title: &str) -> Result<(), &'static str> {
    if title.is_empty() {
        return Err("rec-error-title-missing");
    }
    if title.chars().count() > MAX_TITLE {
        return Err("rec-error-title-long");
    }
    Ok(())
}

/// Streams a file field into parts of [`PART_BYTES`], then closes the upload.
async fn receive(state: &AppState, id: i64, mut field: Field<'_>) -> Result<(), UploadError> {
    let mut part: Option<PartWriter> = None;
    let mut offset = 0u64;
    loop {
        let chunk = match field.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(_) => {
                if let Some(mut open) = part.take() {
                    open.discard().await;
                }
                return Err(UploadError::Interrupted);
            }
        };
        let mut rest: &[u8] = &chunk;
        while !rest.is_empty() {
            if part.is_none() {
                let recording = recordings::get(&state.db, id).await?;
                part = Some(PartWriter::start(&state.db, &state.storage, &recording, offset, PART_BYTES).await?);
            }
            let Some(open) = part.as_mut() else { break };
            let room = (PART_BYTES - open.written()) as usize;
            let (now, later) = rest.split_at(room.min(rest.len()));
            open.write(now).await?;
            rest = later;
            if open.written() == PART_BYTES
                && let Some(full) = part.take()
            {
                offset = full.finish().await?;
            }
        }
    }
    if let Some(last) = part.take() {
        last.finish().await?;
    } else if offset == 0 {
        return Err(UploadError::Empty);
    }
    upload::close_unsized(&state.db, id).await?;
    Ok(())
}

/// Puts an upload error into words, naming the file; a store or database failure
/// is the server's fault and ends in a 500.
pub(crate) fn upload_message(locale: Locale, state: &AppState, error: &UploadError, file_name: &str) -> AppResult<String> {
    use caunoi_core::activity::recording::PartProblem;
    let name = ("name", FluentArg::Text(file_name.to_owned()));
    Ok(match error {
        UploadError::NotVideo => locale.t_args("rec-error-not-video", &[name]),
        UploadError::Part(PartProblem::PastEnd { .. }) => locale.t_args(
            "rec-error-too-large-file",
            &[name, ("max", FluentArg::Number((state.config.max_video_bytes / (1024 * 1024)) as i64))],
        ),
        UploadError::Interrupted => locale.t("rec-error-interrupted"),
        UploadError::Empty => locale.t("rec-error-empty"),
        UploadError::Part(_) | UploadError::Raced => locale.t("rec-error-interrupted"),
        UploadError::Storage(cause) => return Err(AppError::internal(cause)),
        UploadError::Db(cause) => return Err(AppError::internal(cause)),
    })
}
