//! Recorded lessons: resumable uploads in parts, the recording's state, and its
//! time-stamped comments.
//!
//! An upload starts with `POST /activities/{id}/recordings` and the file's size. The
//! client then sends parts with `PUT /recordings/{id}/content` and an `Upload-Offset`
//! header equal to the bytes received so far, which `GET /recordings/{id}` returns.
//! After a dropped connection the client requests that number again and continues. The video is
//! played from `/recordings/{id}/video` on the screens, with range requests.

use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use caunoi_core::activity::recording::PartProblem;
use caunoi_core::policy::{Action, RecordingFacts};
use caunoi_db::recordings::comments::{self, NewComment};
use caunoi_db::recordings::upload::{PartWriter, UploadError};
use caunoi_db::recordings::{self, NewRecording, Recording};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use tracing::instrument;
use utoipa::{OpenApi, ToSchema};

use super::directives::ApiJson;
use super::error::ErrorBody;
use super::params::ApiPath;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{FluentArg, Locale, rfc3339 as instant};
use crate::pages::activities::load_visible as load_activity;
use crate::pages::recordings::{CommentForm, CommentProblem, MAX_PART_BYTES, PART_BYTES, check_comment, check_title, checked_size, load_ready, load_visible};
use crate::state::AppState;

/// Maximum wait for the next bytes of a part before it is dropped as stalled.
const PART_IDLE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Header carrying a part's offset in the file, and the bytes received in replies.
pub const UPLOAD_OFFSET: &str = "upload-offset";

/// Routes of this area under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/activities/{id}/recordings", get(list).post(create))
        .route("/recordings/{id}", get(detail))
        .route("/recordings/{id}/content", put(upload_part).layer(axum::extract::DefaultBodyLimit::disable()))
        .route("/recordings/{id}/comments", get(comments_list).post(comment))
}

/// The paths of this area, merged into the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(list, create, detail, upload_part, comments_list, comment),
    tags((name = "recordings", description = "Recorded lessons: resumable uploads, consent-limited viewing and time-stamped comments"))
)]
pub struct Doc;

/// A recording and how much of it has arrived.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordingOut {
    pub id: i64,
    pub activity_id: i64,
    pub title: String,
    pub file_name: String,
    /// `video/mp4`, `video/webm` or `video/quicktime`; empty until the first part arrives.
    pub content_type: String,
    pub size_bytes: i64,
    /// Bytes stored so far: the offset of the next part.
    pub received_bytes: i64,
    /// `uploading` or `ready`.
    pub status: String,
    /// `pending` (lesson-study group only), `cluster` or `province`.
    pub consent: String,
    pub uploaded_by: i64,
    pub created_at: String,
    /// URL to send parts to, with `PUT` and an `Upload-Offset` header.
    pub upload_url: String,
    /// URL of the video for a browser, once ready.
    pub video_url: String,
    /// Suggested size of each part, in bytes.
    pub part_bytes: u64,
}

impl RecordingOut {
    fn from(recording: Recording) -> RecordingOut {
        RecordingOut {
            upload_url: format!("/api/v1/recordings/{}/content", recording.id),
            video_url: format!("/recordings/{}/video", recording.id),
            part_bytes: PART_BYTES,
            created_at: instant(recording.created_at),
            id: recording.id,
            activity_id: recording.activity_id,
            title: recording.title,
            file_name: recording.file_name,
            content_type: recording.content_type,
            size_bytes: recording.size_bytes,
            received_bytes: recording.received_bytes,
            status: recording.status,
            consent: recording.consent,
            uploaded_by: recording.uploaded_by,
        }
    }
}

/// Fields that start an upload.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRecordingBody {
    #[schema(example = "Tiết 12 – Toán 6 – dạy minh hoạ")]
    pub title: String,
    #[schema(example = "tiet-12-toan-6.mp4")]
    pub file_name: String,
    /// Size of the whole file, in bytes.
    pub size_bytes: u64,
}

/// The state of an upload after a part.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartReceipt {
    pub received_bytes: u64,
    /// `uploading` or `ready`.
    pub status: String,
}

/// A time-stamped comment.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentOut {
    pub id: i64,
    /// Moment in the video, in milliseconds.
    pub position_ms: i64,
    /// `strength`, `question` or `suggestion`.
    pub kind: String,
    /// Number of a lesson-analysis criterion, or empty.
    pub criterion: String,
    pub body: String,
    pub author_id: i64,
    pub author_name: String,
    pub created_at: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CommentBody {
    /// Moment in the video, in milliseconds.
    pub position_ms: i64,
    /// `strength`, `question` or `suggestion`.
    pub kind: String,
    #[serde(default)]
    pub criterion: String,
    pub body: String,
}

/// Tells whether the user may see an unfinished upload: its uploader and the organisers may.
fn sees_unfinished(user: &CurrentUser, facts: &RecordingFacts, recording: &Recording) -> bool {
    recording.is_ready() || recording.uploaded_by == user.id || user.allows(Action::ManageRecording { recording: facts })
}

#[utoipa::path(
    get,
    path = "/api/v1/activities/{id}/recordings",
    operation_id = "list_recordings",
    tag = "recordings",
    params(("id" = i64, Path, description = "Activity id")),
    responses(
        (status = 200, description = "The recordings the caller may watch", body = Vec<RecordingOut>),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such activity, or outside the caller's reach", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn list(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<Vec<RecordingOut>>> {
    let (_, activity) = load_activity(&state.db, &user, &raw_id).await?;
    let mut out = Vec::new();
    for recording in recordings::list_for_activity(&state.db, activity.id).await? {
        let facts = recordings::facts(&state.db, &recording, user.id).await?;
        if user.allows(Action::ViewRecording { recording: &facts }) && sees_unfinished(&user, &facts, &recording) {
            out.push(RecordingOut::from(recording));
        }
    }
    Ok(Json(out))
}

#[utoipa::path(
    post,
    path = "/api/v1/activities/{id}/recordings",
    operation_id = "create_recording",
    tag = "recordings",
    params(("id" = i64, Path, description = "Activity id")),
    request_body = NewRecordingBody,
    responses(
        (status = 201, description = "The upload, waiting for its first part", body = RecordingOut),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 400, description = "A missing title or a size of 0 or over the limit", body = ErrorBody),
        (status = 404, description = "The caller is not in the activity's lesson-study group", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn create(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath, ApiJson(body): ApiJson<NewRecordingBody>) -> AppResult<(StatusCode, Json<RecordingOut>)> {
    let (facts, activity) = load_activity(&state.db, &user, &raw_id).await?;
    let in_group = recordings::in_group(&state.db, activity.id, user.id).await?;
    user.require(Action::UploadRecording { activity: &facts, actor_in_group: in_group })?;
    let title = caunoi_core::text::normalize(&body.title);
    check_title(&title).map_err(AppError::bad_request)?;
    let size = checked_size(&state, body.size_bytes)?;
    let file_name = caunoi_core::text::normalize(&body.file_name);
    let new = NewRecording { activity_id: activity.id, title: &title, file_name: &file_name, size_bytes: size, uploaded_by: user.id };
    let id = recordings::create(&state.db, &new).await?;
    Ok((StatusCode::CREATED, Json(RecordingOut::from(recordings::get(&state.db, id).await?))))
}

#[utoipa::path(
    get,
    path = "/api/v1/recordings/{id}",
    operation_id = "get_recording",
    tag = "recordings",
    params(("id" = i64, Path, description = "Recording id")),
    responses(
        (status = 200, description = "The recording; `received_bytes` is the offset of the next part", body = RecordingOut),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such recording, or the caller may not watch it", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn detail(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Response> {
    let (facts, recording) = load_visible(&state, &user, &raw_id).await?;
    if !sees_unfinished(&user, &facts, &recording) {
        return Err(AppError::NotFound);
    }
    let offset = HeaderValue::from(recording.received_bytes);
    let mut response = Json(RecordingOut::from(recording)).into_response();
    response.headers_mut().insert(UPLOAD_OFFSET, offset);
    Ok(response)
}

#[utoipa::path(
    put,
    path = "/api/v1/recordings/{id}/content",
    operation_id = "upload_recording_part",
    tag = "recordings",
    params(
        ("id" = i64, Path, description = "Recording id"),
        ("Upload-Offset" = u64, Header, description = "Offset of this part in the file: the bytes received so far"),
    ),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The next bytes of the file, at most 64 MiB"),
    responses(
        (status = 200, description = "The part is stored", body = PartReceipt),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 400, description = "Not a video, an empty or oversized part, or past the announced size", body = ErrorBody),
        (status = 404, description = "No such upload, or the caller did not start it", body = ErrorBody),
        (status = 409, description = "Wrong offset; the `Upload-Offset` header of the reply gives the right one", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(recording.id = %raw_id))]
pub async fn upload_part(State(state): State<AppState>, locale: Locale, user: CurrentUser, ApiPath(raw_id): ApiPath, headers: HeaderMap, body: Body) -> AppResult<Response> {
    let (_, recording) = load_visible(&state, &user, &raw_id).await?;
    if recording.uploaded_by != user.id {
        return Err(AppError::NotFound);
    }
    let raw_offset = headers.get(UPLOAD_OFFSET).map(|value| String::from_utf8_lossy(value.as_bytes()).trim().to_owned()).unwrap_or_default();
    let offset: u64 = raw_offset.parse().map_err(|_| AppError::bad_value("rec-error-offset-header", raw_offset.clone()))?;

    let mut part = match PartWriter::start(&state.db, &state.storage, &recording, offset, MAX_PART_BYTES).await {
        Ok(part) => part,
        Err(error) => return part_error(locale, &recording, offset, error),
    };
    let mut stream = body.into_data_stream();
    loop {
        let chunk = match tokio::time::timeout(PART_IDLE_TIMEOUT, stream.next()).await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(_) => {
                part.discard().await;
                tracing::info!(recording.id = recording.id, offset, "recording part stalled");
                return part_error(locale, &recording, offset, UploadError::Interrupted);
            }
        };
        let Ok(chunk) = chunk else {
            part.discard().await;
            tracing::info!(recording.id = recording.id, offset, "recording part interrupted");
            return part_error(locale, &recording, offset, UploadError::Interrupted);
        };
        if let Err(error) = part.write(&chunk).await {
            return part_error(locale, &recording, offset, error);
        }
    }
    match part.finish().await {
        Ok(received) => {
            let status = if received == recording.size_bytes.max(0) as u64 { recordings::READY } else { recordings::UPLOADING };
            let mut response = Json(PartReceipt { received_bytes: received, status: status.to_owned() }).into_response();
            response.headers_mut().insert(UPLOAD_OFFSET, HeaderValue::from(received));
            Ok(response)
        }
        Err(error) => {
            // A racing part may have moved the offset, so the reply carries the current one.
            let current = recordings::get(&state.db, recording.id).await?;
            part_error(locale, &current, offset, error)
        }
    }
}

/// Builds the reply to a rejected part: 409 with the expected offset when the client is out of
/// step, 400 for an unfit part, 500 for a failed store.
fn part_error(locale: Locale, recording: &Recording, offset: u64, error: UploadError) -> AppResult<Response> {
    // The client continues from what the server holds, which a racing part may have moved.
    let expected = match error {
        UploadError::Part(PartProblem::WrongOffset { expected }) => expected,
        _ => recording.received_bytes.max(0) as u64,
    };
    let (status, message_id, args): (StatusCode, &'static str, Vec<(&'static str, FluentArg)>) = match error {
        UploadError::Part(PartProblem::WrongOffset { expected }) => (
            StatusCode::CONFLICT,
            "rec-error-offset",
            vec![("value", FluentArg::Text(offset.to_string())), ("expected", FluentArg::Text(expected.to_string()))],
        ),
        UploadError::Raced | UploadError::Interrupted => (StatusCode::CONFLICT, "rec-error-raced", Vec::new()),
        UploadError::Empty => (StatusCode::BAD_REQUEST, "rec-error-empty", Vec::new()),
        UploadError::Part(PartProblem::Complete) => (StatusCode::CONFLICT, "rec-error-complete", Vec::new()),
        UploadError::Part(PartProblem::BadLength { max }) => {
            (StatusCode::BAD_REQUEST, "rec-error-part-length", vec![("max", FluentArg::Text(max.to_string()))])
        }
        UploadError::Part(PartProblem::PastEnd { size }) => {
            (StatusCode::BAD_REQUEST, "rec-error-past-end", vec![("size", FluentArg::Text(size.to_string()))])
        }
        UploadError::NotVideo => {
            (StatusCode::BAD_REQUEST, "rec-error-not-video", vec![("name", FluentArg::Text(recording.file_name.clone()))])
        }
        UploadError::Storage(cause) => return Err(AppError::internal(cause)),
        UploadError::Db(cause) => return Err(AppError::internal(cause)),
    };
    let code = if status == StatusCode::CONFLICT { "conflict" } else { "bad_request" };
    let body = serde_json::json!({ "error": { "code": code, "message": locale.t_args(message_id, &args) } });
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(UPLOAD_OFFSET, HeaderValue::from(expected));
    Ok(response)
}

#[utoipa::path(
    get,
    path = "/api/v1/recordings/{id}/comments",
    operation_id = "list_recording_comments",
    tag = "recordings",
    params(("id" = i64, Path, description = "Recording id")),
    responses(
        (status = 200, description = "Comments in the order of their moments", body = Vec<CommentOut>),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such recording, or the caller may not watch it", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn comments_list(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<Vec<CommentOut>>> {
    let (_, recording) = load_ready(&state, &user, &raw_id).await?;
    let out = comments::list(&state.db, recording.id)
        .await?
        .into_iter()
        .map(|comment| CommentOut {
            id: comment.id,
            position_ms: comment.position_ms,
            kind: comment.kind,
            criterion: comment.criterion,
            body: comment.body,
            author_id: comment.author_id,
            author_name: comment.author_name,
            created_at: instant(comment.created_at),
        })
        .collect();
    Ok(Json(out))
}

#[utoipa::path(
    post,
    path = "/api/v1/recordings/{id}/comments",
    operation_id = "add_recording_comment",
    tag = "recordings",
    params(("id" = i64, Path, description = "Recording id")),
    request_body = CommentBody,
    responses(
        (status = 201, description = "The comment's id", body = i64),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 400, description = "A bad moment, kind, criterion or text; the message names it", body = ErrorBody),
        (status = 404, description = "No such recording, or the caller may not watch it", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn comment(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath, ApiJson(body): ApiJson<CommentBody>) -> AppResult<(StatusCode, Json<i64>)> {
    let (_, recording) = load_ready(&state, &user, &raw_id).await?;
    let form = CommentForm {
        position: format!("{}.{:03}", body.position_ms.max(0) / 1000, body.position_ms.max(0) % 1000),
        kind: body.kind.clone(),
        criterion: body.criterion.clone(),
        body: body.body.clone(),
    };
    if !(0..=caunoi_core::activity::recording::MAX_POSITION_MS).contains(&body.position_ms) {
        return Err(AppError::bad_value("rec-error-position-ms", body.position_ms.to_string()));
    }
    let (position_ms, kind) = check_comment(&form).map_err(|problem| match problem {
        CommentProblem::Position | CommentProblem::PositionMissing => AppError::bad_value("rec-error-position-ms", body.position_ms.to_string()),
        CommentProblem::Kind => AppError::bad_value("rec-error-kind-value", body.kind.clone()),
        CommentProblem::Criterion => AppError::bad_value("rec-error-criterion", body.criterion.clone()),
        CommentProblem::BodyMissing => AppError::bad_request("rec-error-body-missing"),
        CommentProblem::BodyLong => AppError::BadRequest {
            message_id: "rec-error-body-long",
            args: vec![("max", FluentArg::Text(caunoi_core::activity::recording::MAX_COMMENT.to_string()))],
        },
    })?;
    let text = caunoi_core::text::normalize(&body.body);
    let new = NewComment { recording_id: recording.id, author_id: user.id, position_ms, kind, criterion: body.criterion.trim(), body: &text };
    let id = comments::add(&state.db, &new).await?;
    Ok((StatusCode::CREATED, Json(id)))
}
