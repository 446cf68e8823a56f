//! Playback of a recording by HTTP range requests, which is how browsers seek in a
//! video: Chrome probes with `bytes=0-1` or `bytes=0-`, Safari with `bytes=0-1`, and
//! suffix ranges (`bytes=-500`) read the end of an MP4. The requested bytes are read
//! from the stored parts in order, from local disk or an S3-compatible store alike.

use std::ops::Range;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use caunoi_core::activity::recording::reads_for;
use caunoi_db::recordings::{self, StoredPart};
use caunoi_db::storage::Storage;
use futures_util::{StreamExt, TryStreamExt};
use tracing::instrument;

use super::load_ready;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::pages::attachments::{conditional_range, content_disposition_inline, header_value};
use crate::state::AppState;

/// Sends the video, whole or one byte range of it, to those who may watch it.
#[instrument(skip_all, fields(recording.id = %raw_id))]
pub async fn play(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>, headers: HeaderMap) -> AppResult<Response> {
    let (_, recording) = load_ready(&state, &user, &raw_id).await?;
    let size = u64::try_from(recording.size_bytes).map_err(AppError::internal)?;
    // A recording never changes once complete, so its id and size identify its bytes.
    let etag = format!("\"rec-{}-{}\"", recording.id, size);
    let range = match conditional_range(&headers, &etag, size) {
        Ok(range) => range,
        Err(response) => return Ok(response),
    };
    let parts = recordings::parts(&state.db, recording.id).await?;
    let bytes = range.clone().unwrap_or(0..size);
    let mut response = Response::new(stream_parts(state.storage.clone(), parts, bytes.clone()));
    if range.is_some() {
        *response.status_mut() = StatusCode::PARTIAL_CONTENT;
        let content_range = format!("bytes {}-{}/{}", bytes.start, bytes.end - 1, size);
        response.headers_mut().insert(header::CONTENT_RANGE, header_value(&content_range)?);
    }
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, header_value(&recording.content_type)?);
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.end - bytes.start));
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(header::ETAG, header_value(&etag)?);
    headers.insert(header::CONTENT_DISPOSITION, header_value(&content_disposition_inline(&recording.file_name))?);
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    Ok(response)
}

/// Streams the bytes `range` of a video stored in `parts`, opening each part only
/// when the previous one is sent, so memory stays at one buffer whatever the size.
fn stream_parts(storage: Storage, parts: Vec<StoredPart>, range: Range<u64>) -> Body {
    let spans: Vec<_> = parts.iter().map(|part| part.span).collect();
    let reads = reads_for(&spans, range);
    let keys: Vec<String> = parts.into_iter().map(|part| part.storage_key).collect();
    let stream = futures_util::stream::iter(reads)
        .then(move |read| {
            let storage = storage.clone();
            let key = keys[read.part].clone();
            async move {
                let blob = storage.get(&key, Some(read.bytes)).await.map_err(std::io::Error::other)?;
                Ok::<_, std::io::Error>(blob.body.into_stream().map_err(std::io::Error::other))
            }
        })
        .try_flatten();
    Body::from_stream(stream)
}
