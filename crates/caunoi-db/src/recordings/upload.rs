//! Resumable uploads of recordings, one part at a time.
//!
//! The client requests how many bytes have arrived ([`super::Recording::received_bytes`]),
//! then sends the next part at exactly that offset. A part is streamed into a blob of
//! its own and counts only once its row is saved, in a statement that also checks
//! the offset. A part cut off by a dropped connection therefore leaves nothing behind,
//! and two clients racing for the same offset cannot both win. The first part's
//! leading bytes must be those of a video that browsers play.

use caunoi_core::activity::recording::{PartProblem, VideoFormat, check_part};
use thiserror::Error;

use super::{READY, Recording, UPLOADING};
use crate::storage::{BlobWriter, Storage, StorageError};
use crate::{Db, DbError, now_ms};

/// Bytes of the first part held back until the video format is known.
const SNIFF_BYTES: usize = 64;

#[derive(Debug, Error)]
pub enum UploadError {
    #[error("the part does not fit the upload: {0:?}")]
    Part(PartProblem),
    #[error("the file is not a video that browsers play")]
    NotVideo,
    #[error("another part was stored at this offset first")]
    Raced,
    #[error("the connection ended before the part was complete")]
    Interrupted,
    #[error("the file is empty")]
    Empty,
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for UploadError {
    fn from(error: sqlx::Error) -> Self {
        UploadError::Db(error.into())
    }
}

/// A part being streamed into the store.
pub struct PartWriter {
    db: Db,
    storage: Storage,
    recording_id: i64,
    offset: u64,
    /// Most bytes one part may carry.
    max_part: u64,
    /// Bytes of the file not received yet.
    remaining: u64,
    written: u64,
    key: String,
    /// Leading bytes of the first part, until the format is known.
    head: Option<Vec<u8>>,
    format: Option<VideoFormat>,
    writer: Option<BlobWriter>,
}

impl PartWriter {
    /// Starts a part at `offset`, which must be the number of bytes received so far.
    pub async fn start(db: &Db, storage: &Storage, recording: &Recording, offset: u64, max_part: u64) -> Result<PartWriter, UploadError> {
        let size = recording.size_bytes.max(0) as u64;
        let received = recording.received_bytes.max(0) as u64;
        if recording.status != UPLOADING {
            return Err(UploadError::Part(PartProblem::Complete));
        }
        // The length is known only at the end, so check with the smallest part here.
        check_part(size, received, offset, 1, max_part).map_err(UploadError::Part)?;
        let key = Storage::generate_key();
        let writer = storage.writer(&key).await?;
        Ok(PartWriter {
            db: db.clone(),
            storage: storage.clone(),
            recording_id: recording.id,
            offset,
            max_part,
            remaining: size - offset,
            written: 0,
            key,
            head: (offset == 0).then(Vec::new),
            format: VideoFormat::from_content_type(&recording.content_type),
            writer: Some(writer),
        })
    }

    /// Bytes of this part received so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Adds the next bytes of the part. On an error the part is discarded.
    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), UploadError> {
        let result = self.write_inner(bytes).await;
        if result.is_err() {
            self.discard().await;
        }
        result
    }

    async fn write_inner(&mut self, bytes: &[u8]) -> Result<(), UploadError> {
        self.written += bytes.len() as u64;
        if self.written > self.remaining {
            let size = self.offset + self.remaining;
            return Err(UploadError::Part(PartProblem::PastEnd { size }));
        }
        if self.written > self.max_part {
            return Err(UploadError::Part(PartProblem::BadLength { max: self.max_part }));
        }
        if let Some(head) = &mut self.head {
            head.extend_from_slice(bytes);
            if head.len() < SNIFF_BYTES {
                return Ok(());
            }
            return self.release_head().await;
        }
        self.writer_mut()?.write(bytes).await?;
        Ok(())
    }

    /// Checks the leading bytes and passes them on to the store.
    async fn release_head(&mut self) -> Result<(), UploadError> {
        let head = self.head.take().unwrap_or_default();
        let format = VideoFormat::sniff(&head).ok_or(UploadError::NotVideo)?;
        self.format = Some(format);
        self.writer_mut()?.write(&head).await?;
        Ok(())
    }

    fn writer_mut(&mut self) -> Result<&mut BlobWriter, UploadError> {
        self.writer.as_mut().ok_or(UploadError::Part(PartProblem::Complete))
    }

    /// Stores the part and counts its bytes. Returns the recording's bytes received.
    pub async fn finish(mut self) -> Result<u64, UploadError> {
        if self.written == 0 {
            self.discard().await;
            return Err(UploadError::Part(PartProblem::BadLength { max: self.max_part }));
        }
        if self.head.is_some()
            && let Err(error) = self.release_head().await
        {
            self.discard().await;
            return Err(error);
        }
        let Some(writer) = self.writer.take() else {
            return Err(UploadError::Part(PartProblem::Complete));
        };
        writer.finish().await?;
        let stored = StoredPartRow {
            recording_id: self.recording_id,
            offset: self.offset,
            written: self.written,
            key: self.key.clone(),
            format: self.format,
        };
        match save(&self.db, &stored).await {
            Ok(received) => Ok(received),
            Err(error) => {
                if let Err(cleanup) = self.storage.delete(&self.key).await {
                    tracing::warn!(recording.id = self.recording_id, error = %cleanup, "could not delete a rejected part");
                }
                Err(error)
            }
        }
    }

    /// Drops what was written of the part.
    pub async fn discard(&mut self) {
        if let Some(writer) = self.writer.take()
            && let Err(error) = writer.abort().await
        {
            tracing::warn!(recording.id = self.recording_id, %error, "could not discard an upload part");
        }
    }
}

/// A finished part, ready to be counted.
struct StoredPartRow {
    recording_id: i64,
    offset: u64,
    written: u64,
    key: String,
    format: Option<VideoFormat>,
}

/// Saves the part's row and moves the counter, only if no other part got there first.
async fn save(db: &Db, part: &StoredPartRow) -> Result<u64, UploadError> {
    let mut tx = db.begin().await?;
    let now = now_ms();
    let offset = part.offset as i64;
    let written = part.written as i64;
    let content_type = part.format.map(VideoFormat::content_type).unwrap_or_default();
    let moved = sqlx::query(
        "UPDATE recordings SET received_bytes = received_bytes + $1, updated_at = $2, \
         content_type = CASE WHEN content_type = '' THEN $3 ELSE content_type END, \
         status = CASE WHEN received_bytes + $1 = size_bytes THEN $4 ELSE status END, \
         completed_at = CASE WHEN received_bytes + $1 = size_bytes THEN $2 ELSE completed_at END \
         WHERE id = $5 AND received_bytes = $6 AND status = $7",
    )
    .bind(written)
    .bind(now)
    .bind(content_type)
    .bind(READY)
    .bind(part.recording_id)
    .bind(offset)
    .bind(UPLOADING)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Err(UploadError::Raced);
    }
    sqlx::query(
        "INSERT INTO recording_parts (recording_id, part_no, offset_bytes, size_bytes, storage_key, created_at) \
         VALUES ($1, (SELECT COUNT(*) FROM recording_parts WHERE recording_id = $1), $2, $3, $4, $5)",
    )
    .bind(part.recording_id)
    .bind(offset)
    .bind(written)
    .bind(part.key.clone())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let received = part.offset + part.written;
    tracing::debug!(recording.id = part.recording_id, received_bytes = received, "recording part stored");
    Ok(received)
}

/// Ends an upload whose size was not known when it started, because a form sent the
/// whole file in one body: the bytes received become its size.
pub async fn close_unsized(db: &Db, recording_id: i64) -> Result<u64, UploadError> {
    let now = now_ms();
    let closed = sqlx::query(
        "UPDATE recordings SET size_bytes = received_bytes, status = $1, completed_at = $2, updated_at = $2 \
         WHERE id = $3 AND status = $4 AND received_bytes > 0",
    )
    .bind(READY)
    .bind(now)
    .bind(recording_id)
    .bind(UPLOADING)
    .execute(&db.pool)
    .await?
    .rows_affected();
    if closed == 0 {
        return Err(UploadError::Part(PartProblem::Complete));
    }
    let received: i64 = sqlx::query_scalar("SELECT received_bytes FROM recordings WHERE id = $1")
        .bind(recording_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(received.max(0) as u64)
}
