//! Recorded lessons of an activity: the list with the upload form, the player with
//! time-stamped comments, consent and deletion, and the video itself, served by byte
//! range from its stored parts.
//!
//! With JavaScript, `static/recordings.js` uploads in parts through the API and
//! resumes after a dropped connection; without it, the form sends the whole file.

mod list;
mod player;
mod video;

use axum::Router;
use axum::routing::{get, post};
use caunoi_core::policy::{Action, RecordingFacts};
use caunoi_db::recordings::{self, Recording};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::uploads;

pub(crate) use list::check_title;
pub(crate) use player::{CommentForm, CommentProblem, check_comment};

/// Size of the parts the browser sends: small enough to resend cheaply on a phone
/// connection, large enough to keep the number of requests low.
pub const PART_BYTES: u64 = 8 * 1024 * 1024;

/// Largest part the server accepts from any client.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/activities/{id}/recordings", get(list::list).post(list::upload).layer(uploads::body_limit()))
        .route("/recordings/{id}", get(player::show))
        .route("/recordings/{id}/video", get(video::play))
        .route("/recordings/{id}/comments", post(player::comment))
        .route("/recordings/{id}/comments/{comment}/delete", post(player::delete_comment))
        .route("/recordings/{id}/consent", post(player::consent))
        .route("/recordings/{id}/delete", post(player::delete))
}

/// Loads a recording the user may watch, with its facts; anything else is a 404.
pub(crate) async fn load_visible(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<(RecordingFacts, Recording)> {
    let id = parse_id(raw_id)?;
    let recording = recordings::get(&state.db, id).await?;
    let facts = recordings::facts(&state.db, &recording, user.id).await?;
    user.require(Action::ViewRecording { recording: &facts })?;
    Ok((facts, recording))
}

/// Loads a recording whose every byte has arrived, for the player and its comments;
/// an unfinished upload is a 404 there.
pub(crate) async fn load_ready(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<(RecordingFacts, Recording)> {
    let (facts, recording) = load_visible(state, user, raw_id).await?;
    if !recording.is_ready() {
        return Err(AppError::NotFound);
    }
    Ok((facts, recording))
}

/// Reads the announced size of a new recording, checking it against the limit.
pub(crate) fn checked_size(state: &AppState, size: u64) -> AppResult<u64> {
    let max = state.config.max_video_bytes;
    if size == 0 {
        return Err(AppError::bad_request("rec-error-empty"));
    }
    if size > max {
        return Err(AppError::BadRequest {
            message_id: "rec-error-too-large",
            args: vec![("max", crate::i18n::FluentArg::Number((max / (1024 * 1024)) as i64))],
        });
    }
    Ok(size)
}
