//! The seating chart and the observers' notes, with their photos (attachments of kind
//! `lesson_note`, owned by the note).

use caunoi_core::lesson_study::observation::{NoteInput, NoteTarget, NoteTime, SeatingChart};
use serde::Serialize;
use sqlx::FromRow;

use crate::attachments::{self, Attachment, NewAttachment, OwnerKind};
use crate::{Db, DbResult, now_ms};

/// Saves the seating chart.
pub async fn save_seating(db: &Db, activity_id: i64, chart: &SeatingChart) -> DbResult<()> {
    let mut tx = db.begin().await?;
    super::ensure(&mut tx, activity_id).await?;
    sqlx::query("UPDATE lesson_studies SET seating = $1, updated_at = $2 WHERE activity_id = $3")
        .bind(serde_json::to_string(chart).unwrap_or_default())
        .bind(now_ms())
        .bind(activity_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// One observation note.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Note {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub time_kind: String,
    pub time_seconds: i64,
    pub seat_row: Option<i64>,
    pub seat_column: Option<i64>,
    pub group_name: String,
    pub body: String,
    pub created_at: i64,
}

impl Note {
    pub fn time(&self) -> NoteTime {
        NoteTime::from_columns(&self.time_kind, self.time_seconds)
    }

    pub fn target(&self) -> NoteTarget {
        match (self.seat_row, self.seat_column) {
            (Some(row), Some(column)) => NoteTarget::Seat { row, column },
            _ => NoteTarget::Group { name: self.group_name.clone() },
        }
    }
}

/// Stores a note and its photos in one transaction and returns the note's id. The
/// photos' `owner_id` is set to the new note.
pub async fn add_note(db: &Db, activity_id: i64, author_id: i64, note: &NoteInput, photos: &[NewAttachment]) -> DbResult<i64> {
    let (row, column, group) = match &note.target {
        NoteTarget::Seat { row, column } => (Some(*row), Some(*column), String::new()),
        NoteTarget::Group { name } => (None, None, name.clone()),
    };
    let mut tx = db.begin().await?;
    super::ensure(&mut tx, activity_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO lesson_observation_notes (activity_id, author_id, time_kind, time_seconds, seat_row, seat_column, \
         group_name, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(activity_id)
    .bind(author_id)
    .bind(note.time.kind_str())
    .bind(note.time.seconds())
    .bind(row)
    .bind(column)
    .bind(group)
    .bind(note.body.clone())
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    for photo in photos {
        let photo = NewAttachment { owner_kind: OwnerKind::LessonNote, owner_id: id, owner_part: Some(activity_id), ..photo.clone() };
        attachments::insert(&mut *tx, &photo).await?;
    }
    tx.commit().await?;
    tracing::info!(activity.id = activity_id, note.id = id, note.photos = photos.len(), "observation note saved");
    Ok(id)
}

/// Lists the notes of every observer: clock times first, then minutes of the lesson,
/// each in time order.
pub async fn notes(db: &Db, activity_id: i64) -> DbResult<Vec<Note>> {
    Ok(sqlx::query_as(
        "SELECT n.id, n.author_id, u.full_name AS author_name, n.time_kind, n.time_seconds, n.seat_row, n.seat_column, \
         n.group_name, n.body, n.created_at FROM lesson_observation_notes n JOIN users u ON u.id = n.author_id \
         WHERE n.activity_id = $1 ORDER BY n.time_kind, n.time_seconds, n.id",
    )
    .bind(activity_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Lists the photos of every note of an activity, in upload order.
pub async fn photos(db: &Db, activity_id: i64) -> DbResult<Vec<Attachment>> {
    Ok(sqlx::query_as(
        "SELECT id, province_code, owner_kind, owner_id, owner_part, file_name, content_type, size_bytes, sha256, \
         storage_key, uploaded_by, uploaded_at FROM attachments WHERE owner_kind = $1 AND owner_part = $2 ORDER BY id",
    )
    .bind(OwnerKind::LessonNote.as_str())
    .bind(activity_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Returns the activity a note belongs to.
pub async fn activity_of_note(db: &Db, note_id: i64) -> DbResult<i64> {
    Ok(sqlx::query_scalar("SELECT activity_id FROM lesson_observation_notes WHERE id = $1").bind(note_id).fetch_one(&db.pool).await?)
}
