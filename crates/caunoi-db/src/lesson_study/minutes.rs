//! Minutes sent to cluster boards: the .docx is stored as an attachment of kind
//! `lesson_minutes` (owned by the activity), each receiving cluster is recorded, and
//! its board is notified in the same transaction.

use caunoi_core::org::Role;
use serde::Serialize;
use sqlx::FromRow;

use crate::attachments::{self, NewAttachment, OwnerKind};
use crate::notifications::{self, NewNotification, NotificationKind};
use crate::sql::SqlBuilder;
use crate::{Db, DbResult, now_ms};

/// One sending of the minutes to one cluster.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Sent {
    pub attachment_id: i64,
    pub cluster_id: i64,
    pub cluster_name: String,
    pub sent_by_name: String,
    pub sent_at: i64,
}

/// Stores the minutes file, records the clusters and notifies their boards (their
/// coordinators and members), all in one transaction. Returns the attachment id.
pub async fn send(db: &Db, activity_id: i64, file: &NewAttachment, clusters: &[i64], title: &str, sent_by: i64) -> DbResult<i64> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let file = NewAttachment { owner_kind: OwnerKind::LessonMinutes, owner_id: activity_id, owner_part: None, ..file.clone() };
    let attachment_id = attachments::insert(&mut *tx, &file).await?;
    for cluster in clusters {
        sqlx::query("INSERT INTO lesson_minutes_sent (activity_id, attachment_id, cluster_id, sent_by, sent_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(activity_id)
            .bind(attachment_id)
            .bind(*cluster)
            .bind(sent_by)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    let mut query = SqlBuilder::new("SELECT DISTINCT user_id FROM role_grants WHERE role IN (");
    query.push_bind(Role::ClusterCoordinator.as_str()).push(", ").push_bind(Role::BoardMember.as_str()).push(") AND cluster_id IN (");
    let mut ids = query.separated(", ");
    for cluster in clusters {
        ids.push_bind(*cluster);
    }
    query.push(")");
    let board: Vec<i64> = query.build_query_scalar().fetch_all(&mut *tx).await?;
    let note = NewNotification {
        kind: NotificationKind::Activity.as_str(),
        message_id: "notification-lesson-minutes",
        params: serde_json::json!({ "title": title }),
        link: format!("/attachments/{attachment_id}"),
    };
    notifications::notify(&mut tx, &board, &note).await?;
    tx.commit().await?;
    tracing::info!(activity.id = activity_id, attachment.id = attachment_id, clusters = clusters.len(), notified = board.len(), "lesson minutes sent");
    Ok(attachment_id)
}

/// Lists the sendings of an activity's minutes, newest first.
pub async fn sent(db: &Db, activity_id: i64) -> DbResult<Vec<Sent>> {
    Ok(sqlx::query_as(
        "SELECT s.attachment_id, s.cluster_id, c.name AS cluster_name, u.full_name AS sent_by_name, s.sent_at \
         FROM lesson_minutes_sent s JOIN clusters c ON c.id = s.cluster_id JOIN users u ON u.id = s.sent_by \
         WHERE s.activity_id = $1 ORDER BY s.sent_at DESC, s.id DESC",
    )
    .bind(activity_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Returns the clusters a minutes file was sent to.
pub async fn clusters_of(db: &Db, attachment_id: i64) -> DbResult<Vec<i64>> {
    Ok(sqlx::query_scalar("SELECT cluster_id FROM lesson_minutes_sent WHERE attachment_id = $1").bind(attachment_id).fetch_all(&db.pool).await?)
}
