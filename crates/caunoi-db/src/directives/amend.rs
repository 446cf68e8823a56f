//! Changes to a directive after it is saved: its attached files, amendment into a new
//! version, withdrawal, deletion of a draft, and the history of versions.

use caunoi_core::directive::Audience;
use caunoi_core::org::Role;
use serde::Serialize;
use sqlx::{AnyConnection, FromRow, Row};

use super::{DirectiveInput, directive_search_text};
use crate::search_text;
use crate::attachments::{self, NewAttachment, OwnerKind};
use crate::audit::{self, AuditEntry};
use crate::notifications::{self, NewNotification};
use crate::sql::SqlBuilder;
use crate::{Db, DbError, DbResult, now_ms};

/// Outcome of an amendment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmendSummary {
    /// The new version number.
    pub version: i64,
    /// Receiving schools whose read and acknowledgement were reset.
    pub recipients: u64,
    pub notified: usize,
}

/// Replaces the content of a published directive with a new version.
///
/// Everything happens in one transaction. The directive row takes the new content and
/// version, and a `directive_versions` row keeps it with `change_note`. Every receiving
/// school's read and acknowledgement are cleared, while the events stay in
/// `directive_receipts`. The leaders of the receiving schools are notified to
/// acknowledge again. The audience stays as published: `input.audience` is ignored,
/// because schools that received the directive keep their history of it.
///
/// Fails with [`DbError::Invalid`] when the directive is not published.
pub async fn amend(db: &Db, id: i64, input: &DirectiveInput, change_note: &str, user_id: i64) -> DbResult<AmendSummary> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let file_names = attachment_names(&mut tx, id).await?;
    let row = sqlx::query(
        "UPDATE directives SET kind = $1, number_symbol = $2, issuing_body = $3, signer = $4, issued_on = $5, \
         title = $6, summary = $7, body = $8, ack_deadline = $9, remind_before_min = $10, search_text = $11, \
         version = version + 1, updated_at = $12 WHERE id = $13 AND status = 'published' \
         RETURNING CAST(version AS BIGINT) AS version, province_code",
    )
    .bind(input.kind.as_str())
    .bind(&input.number_symbol)
    .bind(&input.issuing_body)
    .bind(&input.signer)
    .bind(input.issued_on.map(|date| date.to_string()))
    .bind(&input.title)
    .bind(&input.summary)
    .bind(&input.body)
    .bind(input.ack_deadline)
    .bind(input.remind_before_min)
    .bind(directive_search_text(input, &file_names))
    .bind(now)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| DbError::Invalid(format!("directive {id} is not published, so it cannot be amended")))?;
    let version: i64 = row.try_get("version")?;
    let province: String = row.try_get("province_code")?;

    sqlx::query(
        "INSERT INTO directive_versions (directive_id, version, kind, number_symbol, issuing_body, signer, \
         issued_on, title, summary, body, ack_deadline, change_note, published_by, published_at) \
         SELECT id, version, kind, number_symbol, issuing_body, signer, issued_on, title, summary, body, \
         ack_deadline, $1, $2, $3 FROM directives WHERE id = $4",
    )
    .bind(change_note)
    .bind(user_id)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;

    let recipients = sqlx::query(
        "UPDATE directive_recipients SET read_at = NULL, read_by = NULL, acknowledged_at = NULL, \
         acknowledged_by = NULL, ack_note = NULL WHERE directive_id = $1",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();

    let leaders = recipient_users(&mut tx, id, &[Role::SchoolLeader], false).await?;
    let note = NewNotification {
        kind: "directive",
        message_id: "notify-directive-amended",
        params: serde_json::json!({ "number": input.number_symbol, "title": input.title, "version": version }),
        link: format!("/directives/{id}/view"),
    };
    notifications::notify(&mut tx, &leaders, &note).await?;

    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(user_id),
            province: Some(&province),
            action: "directive.amend",
            entity: "directive",
            entity_id: id.to_string(),
            details: serde_json::json!({ "version": version, "recipients": recipients, "notified": leaders.len() }),
        },
    )
    .await?;
    crate::reports::live::touch(&mut tx, &province, now).await?;
    tx.commit().await?;
    tracing::info!(directive.id = id, directive.version = version, recipients, "directive amended");
    Ok(AmendSummary { version, recipients, notified: leaders.len() })
}

/// Withdraws a published directive with the sender's reason. Schools keep seeing it,
/// marked withdrawn, and can no longer acknowledge it. Everyone with access to it in
/// the receiving schools is notified.
///
/// Fails with [`DbError::Invalid`] when the directive is not published.
pub async fn withdraw(db: &Db, id: i64, reason: &str, user_id: i64) -> DbResult<usize> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "UPDATE directives SET status = 'withdrawn', withdrawn_at = $1, withdrawn_by = $2, withdraw_reason = $3, \
         updated_at = $1 WHERE id = $4 AND status = 'published' \
         RETURNING province_code, audience, number_symbol, title",
    )
    .bind(now)
    .bind(user_id)
    .bind(reason)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| DbError::Invalid(format!("directive {id} is not published, so it cannot be withdrawn")))?;
    let province: String = row.try_get("province_code")?;
    let audience: Audience = serde_json::from_str(&row.try_get::<String, _>("audience")?).unwrap_or_default();
    let number: String = row.try_get("number_symbol")?;
    let title: String = row.try_get("title")?;

    let readers = recipient_users(&mut tx, id, &audience.school_roles(), true).await?;
    let note = NewNotification {
        kind: "directive",
        message_id: "notify-directive-withdrawn",
        params: serde_json::json!({ "number": number, "title": title, "reason": reason }),
        link: format!("/directives/{id}/view"),
    };
    notifications::notify(&mut tx, &readers, &note).await?;

    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(user_id),
            province: Some(&province),
            action: "directive.withdraw",
            entity: "directive",
            entity_id: id.to_string(),
            details: serde_json::json!({ "notified": readers.len() }),
        },
    )
    .await?;
    crate::reports::live::touch(&mut tx, &province, now).await?;
    tx.commit().await?;
    tracing::info!(directive.id = id, notified = readers.len(), "directive withdrawn");
    Ok(readers.len())
}

/// Deletes a draft and the records of its attached files. Returns the files' storage
/// keys, so the caller deletes the files once this has committed.
///
/// Fails with [`DbError::Invalid`] when the directive is published or withdrawn,
/// because schools have received it.
pub async fn delete_draft(db: &Db, id: i64, user_id: i64) -> DbResult<Vec<String>> {
    let mut tx = db.begin().await?;
    let province: Option<String> =
        sqlx::query_scalar("DELETE FROM directives WHERE id = $1 AND status = 'draft' RETURNING province_code")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let province = province.ok_or_else(|| DbError::Invalid(format!("directive {id} is not a draft")))?;
    let storage_keys: Vec<String> = sqlx::query_scalar(
        "DELETE FROM attachments WHERE owner_kind = 'directive' AND owner_id = $1 RETURNING storage_key",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(user_id),
            province: Some(&province),
            action: "directive.delete",
            entity: "directive",
            entity_id: id.to_string(),
            details: serde_json::json!({ "attachments": storage_keys.len() }),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(directive.id = id, "directive draft deleted");
    Ok(storage_keys)
}

/// Attaches stored files to a draft and adds their names to its search text. Returns
/// the new attachment ids.
///
/// Fails with [`DbError::Invalid`] when the directive is not a draft, because the
/// files of a published version are what the schools acknowledged.
pub async fn attach_files(db: &Db, id: i64, files: &[NewAttachment], user_id: i64) -> DbResult<Vec<i64>> {
    let mut tx = db.begin().await?;
    let province = draft_province(&mut tx, id).await?;
    let mut ids = Vec::with_capacity(files.len());
    for file in files {
        let file = NewAttachment { owner_kind: OwnerKind::Directive, owner_id: id, owner_part: None, ..file.clone() };
        ids.push(attachments::insert(&mut *tx, &file).await?);
    }
    refresh_search_text(&mut tx, id).await?;
    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(user_id),
            province: Some(&province),
            action: "directive.attach",
            entity: "directive",
            entity_id: id.to_string(),
            details: serde_json::json!({ "attachments": ids }),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(directive.id = id, files = ids.len(), "files attached to directive draft");
    Ok(ids)
}

/// Removes one file from a draft and its name from the search text. Returns the
/// storage key, so the caller deletes the file once this has committed.
///
/// Fails with [`DbError::NotFound`] when the file belongs to another directive, and
/// with [`DbError::Invalid`] when the directive is not a draft.
pub async fn detach_file(db: &Db, id: i64, attachment_id: i64, user_id: i64) -> DbResult<String> {
    let mut tx = db.begin().await?;
    let province = draft_province(&mut tx, id).await?;
    let owned: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM attachments WHERE id = $1 AND owner_kind = 'directive' AND owner_id = $2",
    )
    .bind(attachment_id)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if owned.is_none() {
        return Err(DbError::NotFound);
    }
    let storage_key = attachments::delete(&mut *tx, attachment_id).await?;
    refresh_search_text(&mut tx, id).await?;
    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(user_id),
            province: Some(&province),
            action: "directive.detach",
            entity: "directive",
            entity_id: id.to_string(),
            details: serde_json::json!({ "attachment": attachment_id }),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(directive.id = id, attachment.id = attachment_id, "file removed from directive draft");
    Ok(storage_key)
}

/// Returns the province of a draft, or [`DbError::Invalid`] when it is not a draft.
async fn draft_province(conn: &mut AnyConnection, id: i64) -> DbResult<String> {
    let (province, status): (String, String) =
        sqlx::query_as("SELECT province_code, status FROM directives WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    if status != "draft" {
        return Err(DbError::Invalid(format!("directive {id} is not a draft, so its files are fixed")));
    }
    Ok(province)
}

/// Rebuilds a directive's search text from its number, title, summary and file names,
/// in the order [`directive_search_text`] uses.
async fn refresh_search_text(conn: &mut AnyConnection, id: i64) -> DbResult<()> {
    let (number, title, summary): (String, String, String) =
        sqlx::query_as("SELECT number_symbol, title, summary FROM directives WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let names = attachment_names(&mut *conn, id).await?;
    let mut parts = vec![number.as_str(), title.as_str(), summary.as_str()];
    parts.extend(names.iter().map(String::as_str));
    sqlx::query("UPDATE directives SET search_text = $1 WHERE id = $2")
        .bind(search_text(&parts))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// One published version of a directive.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct DirectiveVersion {
    pub version: i64,
    pub number_symbol: String,
    pub title: String,
    pub ack_deadline: Option<i64>,
    /// Empty for the first version.
    pub change_note: String,
    pub published_by: i64,
    pub published_by_name: String,
    pub published_at: i64,
}

/// Lists the published versions of a directive, newest first.
pub async fn versions(db: &Db, id: i64) -> DbResult<Vec<DirectiveVersion>> {
    Ok(sqlx::query_as(
        "SELECT CAST(v.version AS BIGINT) AS version, v.number_symbol, v.title, v.ack_deadline, v.change_note, \
         v.published_by, u.full_name AS published_by_name, v.published_at \
         FROM directive_versions v JOIN users u ON u.id = v.published_by \
         WHERE v.directive_id = $1 ORDER BY v.version DESC",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}

async fn attachment_names(conn: &mut AnyConnection, id: i64) -> DbResult<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT file_name FROM attachments WHERE owner_kind = 'directive' AND owner_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?)
}

/// Returns the people of the receiving schools who hold one of `roles` there, and with
/// `forwarded` also those a school leader forwarded the directive to.
async fn recipient_users(conn: &mut AnyConnection, id: i64, roles: &[Role], forwarded: bool) -> DbResult<Vec<i64>> {
    let mut query = SqlBuilder::new(
        "SELECT DISTINCT g.user_id FROM role_grants g JOIN directive_recipients r ON r.school_id = g.school_id \
         WHERE r.directive_id = ",
    );
    query.push_bind(id).push(" AND g.role IN (");
    let mut list = query.separated(", ");
    for role in roles {
        list.push_bind(role.as_str());
    }
    query.push(")");
    if forwarded {
        query.push(" UNION SELECT f.user_id FROM directive_forwards f WHERE f.directive_id = ").push_bind(id);
    }
    let mut users: Vec<i64> = query.build_query_scalar().fetch_all(&mut *conn).await?;
    users.sort_unstable();
    users.dedup();
    Ok(users)
}
