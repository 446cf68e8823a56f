//! Publication: the audience is resolved into recipient rows, the first version is
//! recorded and the schools' people are notified, all in one transaction.

use caunoi_core::directive::Audience;
use sqlx::Row;

use super::audience::{AudienceScope, push_from_where};
use crate::attachments::{self, OwnerKind};
use crate::audit::{self, AuditEntry};
use crate::sql::SqlBuilder;
use crate::{Db, DbError, DbResult, now_ms};

/// Counts of a publication: schools reached and people notified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishSummary {
    pub recipients: u64,
    pub notified: u64,
}

/// Publishes a draft to the schools its audience selects in `school_year`.
///
/// Fails with [`DbError::Invalid`] when the directive is not a draft, so a second click
/// publishes nothing twice. It also fails when the audience selects no school. Nothing
/// is written in either case.
pub async fn publish(db: &Db, id: i64, user_id: i64, school_year: &str) -> DbResult<PublishSummary> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "UPDATE directives SET status = 'published', version = 1, published_at = $1, updated_at = $1 \
         WHERE id = $2 AND status = 'draft' \
         RETURNING province_code, cluster_id, audience, number_symbol, title",
    )
    .bind(now)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| DbError::Invalid(format!("directive {id} is not a draft")))?;
    let province: String = row.try_get("province_code")?;
    let cluster: Option<i64> = row.try_get("cluster_id")?;
    let audience: Audience = serde_json::from_str(&row.try_get::<String, _>("audience")?).unwrap_or_default();
    let number: String = row.try_get("number_symbol")?;
    let title: String = row.try_get("title")?;

    let scope = AudienceScope { province: &province, school_year, cluster };
    let mut insert = SqlBuilder::new(
        "INSERT INTO directive_recipients (directive_id, school_id, cluster_id, commune_code) SELECT ",
    );
    insert.push_bind(id).push(", s.id, COALESCE(o.cluster_id, cc.cluster_id), s.commune_code");
    push_from_where(&mut insert, &scope, &audience);
    let recipients = insert.build().execute(&mut *tx).await?.rows_affected();
    if recipients == 0 {
        return Err(DbError::Invalid(format!("the audience of directive {id} selects no school")));
    }

    sqlx::query(
        "INSERT INTO directive_versions (directive_id, version, kind, number_symbol, issuing_body, signer, \
         issued_on, title, summary, body, ack_deadline, change_note, published_by, published_at) \
         SELECT id, 1, kind, number_symbol, issuing_body, signer, issued_on, title, summary, body, \
         ack_deadline, '', $1, $2 FROM directives WHERE id = $3",
    )
    .bind(user_id)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;

    // The draft's files become those of the first version.
    attachments::assign_part(&mut *tx, OwnerKind::Directive, id, 1).await?;

    let params = serde_json::json!({ "number": number, "title": title }).to_string();
    let notified = notify_recipients(&mut tx, id, &audience, "notify-directive-published", &params, now).await?;

    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(user_id),
            province: Some(&province),
            action: "directive.publish",
            entity: "directive",
            entity_id: id.to_string(),
            details: serde_json::json!({ "recipients": recipients, "notified": notified }),
        },
    )
    .await?;
    crate::reports::live::touch(&mut tx, &province, now).await?;
    tx.commit().await?;
    tracing::info!(directive.id = id, recipients, notified, "directive published");
    Ok(PublishSummary { recipients, notified })
}

/// Notifies, in one statement, everyone who sees a directive in its receiving schools:
/// the leaders and the holders of the audience's roles, and queues the emails they
/// asked for. Returns how many were notified.
pub async fn notify_recipients(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    audience: &Audience,
    message_id: &str,
    params: &str,
    now: i64,
) -> DbResult<u64> {
    let mut query = SqlBuilder::new(
        "INSERT INTO notifications (user_id, kind, message_id, params, link, created_at) \
         SELECT DISTINCT g.user_id, 'directive', ",
    );
    query
        .push_bind(message_id.to_owned())
        .push(", ")
        .push_bind(params.to_owned())
        .push(", ")
        .push_bind(format!("/directives/{id}/view"))
        .push(", ")
        .push_bind(now)
        .push(" FROM role_grants g JOIN directive_recipients r ON r.school_id = g.school_id WHERE r.directive_id = ")
        .push_bind(id)
        .push(" AND g.role IN (");
    let mut roles = query.separated(", ");
    for role in audience.school_roles() {
        roles.push_bind(role.as_str());
    }
    query.push(") RETURNING id");
    let ids: Vec<i64> = query.build_query_scalar().fetch_all(&mut *conn).await?;
    // Emails are queued in the same transaction, so none is lost if the app stops.
    crate::notifications::queue_emails(conn, &ids).await?;
    Ok(ids.len() as u64)
}
