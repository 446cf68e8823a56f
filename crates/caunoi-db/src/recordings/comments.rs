//! Time-stamped comments on a recording, kept to the millisecond.

use caunoi_core::activity::recording::{CommentKind, MAX_COMMENT, MAX_POSITION_MS};
use caunoi_core::text::normalize;
use serde::Serialize;
use sqlx::FromRow;

use crate::{Db, DbError, DbResult, now_ms};

#[derive(Debug, Clone, PartialEq, Serialize, FromRow)]
pub struct Comment {
    pub id: i64,
    pub recording_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub position_ms: i64,
    pub kind: String,
    pub criterion: String,
    pub body: String,
    pub created_at: i64,
}

impl Comment {
    pub fn kind(&self) -> CommentKind {
        CommentKind::parse(&self.kind).unwrap_or(CommentKind::Suggestion)
    }
}

/// Fields of a new comment. The caller has checked the criterion code.
#[derive(Debug, Clone)]
pub struct NewComment<'a> {
    pub recording_id: i64,
    pub author_id: i64,
    pub position_ms: i64,
    pub kind: CommentKind,
    pub criterion: &'a str,
    pub body: &'a str,
}

/// Adds a comment; its text is stored in NFC on one line.
pub async fn add(db: &Db, new: &NewComment<'_>) -> DbResult<i64> {
    let body = normalize(new.body);
    if body.is_empty() || body.chars().count() > MAX_COMMENT {
        return Err(DbError::Invalid(format!("comment must have 1 to {MAX_COMMENT} characters")));
    }
    if !(0..=MAX_POSITION_MS).contains(&new.position_ms) {
        return Err(DbError::Invalid(format!("comment position {} ms is outside the recording", new.position_ms)));
    }
    let id = sqlx::query_scalar(
        "INSERT INTO recording_comments (recording_id, author_id, position_ms, kind, criterion, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(new.recording_id)
    .bind(new.author_id)
    .bind(new.position_ms)
    .bind(new.kind.as_str())
    .bind(new.criterion.to_owned())
    .bind(body)
    .bind(now_ms())
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// Lists a recording's comments in the order of their moments in the video.
pub async fn list(db: &Db, recording_id: i64) -> DbResult<Vec<Comment>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.recording_id, c.author_id, u.full_name AS author_name, c.position_ms, c.kind, c.criterion, \
         c.body, c.created_at FROM recording_comments c JOIN users u ON u.id = c.author_id \
         WHERE c.recording_id = $1 ORDER BY c.position_ms, c.id",
    )
    .bind(recording_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Deletes a comment written by `author_id`. Returns false when there is none.
pub async fn delete_own(db: &Db, recording_id: i64, comment_id: i64, author_id: i64) -> DbResult<bool> {
    let deleted = sqlx::query("DELETE FROM recording_comments WHERE id = $1 AND recording_id = $2 AND author_id = $3")
        .bind(comment_id)
        .bind(recording_id)
        .bind(author_id)
        .execute(&db.pool)
        .await?
        .rows_affected();
    Ok(deleted > 0)
}

/// A criterion of lesson analysis that a comment may point to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    /// The criterion's number in the default set, such as `"5"`.
    pub code: String,
    pub text_vi: String,
    pub text_en: String,
}

/// The default criteria of lesson analysis shipped in `reference-data/rules`.
const CRITERIA_CSV: &str = include_str!("../../../../reference-data/rules/lesson_analysis_criteria.csv");

/// Returns the default lesson-analysis criteria in order. The file is part of the
/// build, so a malformed row is a build defect; such a row is skipped and logged.
pub fn criteria() -> Vec<Criterion> {
    let mut reader = csv::Reader::from_reader(CRITERIA_CSV.as_bytes());
    let mut criteria = Vec::new();
    for record in reader.records() {
        match record {
            Ok(row) => criteria.push(Criterion {
                code: row.get(3).unwrap_or_default().to_owned(),
                text_vi: row.get(4).unwrap_or_default().to_owned(),
                text_en: row.get(5).unwrap_or_default().to_owned(),
            }),
            Err(error) => tracing::error!(%error, "skipping a malformed lesson-analysis criterion"),
        }
    }
    criteria
}
