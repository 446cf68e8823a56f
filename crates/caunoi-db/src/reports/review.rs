//! Review of submissions: the cluster board checks and forwards a department request's
//! submissions, the sender accepts or returns them for correction with a comment.
//!
//! The caller authorises the step with the policy; this module checks that the step
//! follows from the current status (`SubmissionStatus::review_allows`) under the row
//! lock, keeps the history, takes a returned submission out of the roll-ups and
//! raises the live revision, all in one transaction.

use caunoi_core::report::SubmissionStatus;
use serde::Serialize;

use super::submissions::{self, COLUMNS, Submission, add_event, lock_row, request_line};
use crate::notifications::{self, NewNotification, NotificationKind};
use crate::{Db, DbError};

/// Longest review comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 4_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewAction {
    Forward,
    Return,
    Accept,
}

impl ReviewAction {
    pub const ALL: [ReviewAction; 3] = [ReviewAction::Forward, ReviewAction::Return, ReviewAction::Accept];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewAction::Forward => "forward",
            ReviewAction::Return => "return",
            ReviewAction::Accept => "accept",
        }
    }

    pub fn parse(raw: &str) -> Option<ReviewAction> {
        ReviewAction::ALL.into_iter().find(|action| action.as_str() == raw.trim())
    }

    pub fn target(self) -> SubmissionStatus {
        match self {
            ReviewAction::Forward => SubmissionStatus::Forwarded,
            ReviewAction::Return => SubmissionStatus::Returned,
            ReviewAction::Accept => SubmissionStatus::Accepted,
        }
    }
}

#[derive(Debug)]
pub enum ReviewError {
    /// The current status does not allow the step (nothing submitted yet, already
    /// accepted, or a step of the other stage).
    NotAllowed(Option<SubmissionStatus>),
    /// A return needs a comment telling the school what to correct.
    CommentRequired,
    CommentTooLong,
    Db(DbError),
}

impl From<DbError> for ReviewError {
    fn from(error: DbError) -> Self {
        ReviewError::Db(error)
    }
}

impl From<sqlx::Error> for ReviewError {
    fn from(error: sqlx::Error) -> Self {
        ReviewError::Db(error.into())
    }
}

/// Takes one review step on a school's submission, which the reviewer saw in status
/// `seen`: if another reviewer changed it meanwhile, the step is refused, so that a
/// decision is never taken on a status that no longer holds.
#[allow(clippy::too_many_arguments)]
pub async fn review(
    db: &Db,
    request_id: i64,
    school_id: i64,
    action: ReviewAction,
    seen: SubmissionStatus,
    comment: &str,
    user_id: i64,
    now: i64,
) -> Result<Submission, ReviewError> {
    let comment = caunoi_core::text::normalize(comment);
    let comment = comment.trim();
    if action == ReviewAction::Return && comment.is_empty() {
        return Err(ReviewError::CommentRequired);
    }
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(ReviewError::CommentTooLong);
    }
    let mut tx = db.begin().await?;
    let exists: Option<i64> = sqlx::query_scalar(
        "UPDATE report_submissions SET updated_at = updated_at WHERE request_id = $1 AND school_id = $2 RETURNING id",
    )
    .bind(request_id)
    .bind(school_id)
    .fetch_optional(&mut *tx)
    .await?;
    if exists.is_none() {
        return Err(ReviewError::NotAllowed(None));
    }
    let (current, _) = lock_row(&mut tx, request_id, school_id, now).await?;
    let request = request_line(&mut tx, request_id).await?;
    let school_cluster: i64 =
        sqlx::query_scalar("SELECT cluster_id FROM report_recipients WHERE request_id = $1 AND school_id = $2")
            .bind(request_id)
            .bind(school_id)
            .fetch_one(&mut *tx)
            .await?;
    let two_stage = SubmissionStatus::two_stage(request.cluster_id, school_cluster);
    let status = current.status();
    if status != seen || !status.review_allows(action.target(), two_stage) {
        return Err(ReviewError::NotAllowed(Some(status)));
    }
    let sql = format!("UPDATE report_submissions SET status = $1, updated_at = $2 WHERE id = $3 RETURNING {COLUMNS}");
    let saved: Submission = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(action.target().as_str())
        .bind(now)
        .bind(current.id)
        .fetch_one(&mut *tx)
        .await?;
    add_event(&mut tx, current.id, action.as_str(), comment, None, user_id, now).await?;
    if action == ReviewAction::Return {
        super::rollups::replace(&mut tx, current.id, None).await?;
    }
    super::live::touch(&mut tx, &request.province_code, now).await?;

    let school: String = sqlx::query_scalar("SELECT name FROM schools WHERE id = $1").bind(school_id).fetch_one(&mut *tx).await?;
    let link = format!("/reports/{request_id}/schools/{school_id}");
    let params = serde_json::json!({ "title": request.title, "school": school, "comment": comment });
    let (users, message_id) = match action {
        ReviewAction::Return => (submissions::school_leaders(&mut tx, school_id).await?, "rsub-notify-returned"),
        ReviewAction::Accept => (submissions::school_leaders(&mut tx, school_id).await?, "rsub-notify-accepted"),
        ReviewAction::Forward => (submissions::department(&mut tx, &request.province_code).await?, "rsub-notify-forwarded"),
    };
    let note = NewNotification { kind: NotificationKind::Report.as_str(), message_id, params, link };
    notifications::notify(&mut tx, &users, &note).await?;
    tx.commit().await?;
    tracing::info!(
        report_request.id = request_id,
        school.id = school_id,
        submission.id = saved.id,
        review.action = action.as_str(),
        "report submission reviewed"
    );
    Ok(saved)
}
