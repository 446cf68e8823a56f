//! The in-app notification centre: one row per person and event, written inside the
//! transaction of the change it reports, so that no notification is lost. The same
//! transaction queues one `send_email` job per notification whose reader wants it by
//! email, so a restart loses no email either.

use serde::Serialize;
use sqlx::{AnyConnection, FromRow};

use crate::audit::{self, AuditEntry};
use crate::sql::SqlBuilder;
use crate::{Db, DbError, DbResult, Page, jobs, now_ms};

/// Rows per statement when a statement lists ids: far below the bind limits of SQLite
/// (32,766) and PostgreSQL (65,535).
const CHUNK: usize = 1000;

/// The subject of a notification. Each kind has its own email setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotificationKind {
    /// A directive was published, amended, withdrawn or forwarded to the reader.
    Directive,
    /// An acknowledgement deadline is near or past.
    Reminder,
    /// A school raised a request the reader handles.
    RequestNew,
    /// Someone replied to a request the reader follows.
    RequestReply,
    /// A request the reader follows changed status, owner or level.
    RequestStatus,
    /// A report was requested from the reader's school, returned or reviewed.
    Report,
    /// A professional-development activity: a nomination, a seat freed from the
    /// waiting list, a removal or a cancellation.
    Activity,
}

impl NotificationKind {
    /// Every kind, in the order the settings page lists them.
    pub const ALL: [NotificationKind; 7] = [
        NotificationKind::Directive,
        NotificationKind::Reminder,
        NotificationKind::RequestNew,
        NotificationKind::RequestReply,
        NotificationKind::RequestStatus,
        NotificationKind::Report,
        NotificationKind::Activity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Directive => "directive",
            NotificationKind::Reminder => "reminder",
            NotificationKind::RequestNew => "request_new",
            NotificationKind::RequestReply => "request_reply",
            NotificationKind::RequestStatus => "request_status",
            NotificationKind::Report => "report",
            NotificationKind::Activity => "activity",
        }
    }

    pub fn parse(raw: &str) -> Option<NotificationKind> {
        NotificationKind::ALL.into_iter().find(|kind| kind.as_str() == raw)
    }

    /// Returns whether a person who never changed their settings gets this kind by email.
    /// Directives, reminders, new requests and replies ask the reader to act, often by
    /// a deadline, so they are emailed. Status changes are not: every change worth
    /// acting on also comes with a reply, and an email per step would be noise.
    pub fn email_by_default(self) -> bool {
        !matches!(self, NotificationKind::RequestStatus)
    }
}

/// A notification to create for several people at once.
#[derive(Debug, Clone)]
pub struct NewNotification<'a> {
    /// 'directive', 'reminder', 'request_new', 'request_reply' or 'request_status'.
    pub kind: &'a str,
    /// Fluent message id of the line the centre shows.
    pub message_id: &'a str,
    /// Fluent arguments of that line, as a JSON object. A number whose name ends in
    /// `_ms` is an instant and is shown as a date and time.
    pub params: serde_json::Value,
    /// Path inside the app the notification opens.
    pub link: String,
}

/// Notifies each of `user_ids` once, inside the caller's transaction, and queues the
/// emails of those who want this kind by email (see [`queue_emails`]). Ids repeated in
/// `user_ids` get one notification; ids of no user get none.
pub async fn notify(conn: &mut AnyConnection, user_ids: &[i64], note: &NewNotification<'_>) -> DbResult<()> {
    if user_ids.is_empty() {
        return Ok(());
    }
    let params = note.params.to_string();
    let now = now_ms();
    let mut inserted = Vec::with_capacity(user_ids.len());
    for chunk in user_ids.chunks(CHUNK) {
        let mut query = SqlBuilder::new(
            "INSERT INTO notifications (user_id, kind, message_id, params, link, created_at) SELECT u.id, ",
        );
        query
            .push_bind(note.kind.to_owned())
            .push(", ")
            .push_bind(note.message_id.to_owned())
            .push(", ")
            .push_bind(params.clone())
            .push(", ")
            .push_bind(note.link.clone())
            .push(", ")
            .push_bind(now)
            .push(" FROM users u WHERE u.id IN (");
        let mut ids = query.separated(", ");
        for id in chunk {
            ids.push_bind(*id);
        }
        query.push(") RETURNING id");
        inserted.extend(query.build_query_scalar::<i64>().fetch_all(&mut *conn).await?);
    }
    queue_emails(conn, &inserted).await?;
    Ok(())
}

/// Notifies each `(user, link)` of `targets` with the same message, each with its own
/// link (`note.link` is not used), in multi-row inserts inside the caller's
/// transaction, and queues the emails as [`notify`] does. The users must exist.
pub async fn notify_each(conn: &mut AnyConnection, targets: &[(i64, String)], note: &NewNotification<'_>) -> DbResult<()> {
    let params = note.params.to_string();
    let now = now_ms();
    let mut inserted = Vec::with_capacity(targets.len());
    for chunk in targets.chunks(CHUNK / 2) {
        let mut query =
            SqlBuilder::new("INSERT INTO notifications (user_id, kind, message_id, params, link, created_at) ");
        query.push_values(chunk, |mut row, (user_id, link)| {
            row.push_bind(*user_id)
                .push_bind(note.kind.to_owned())
                .push_bind(note.message_id.to_owned())
                .push_bind(params.clone())
                .push_bind(link.clone())
                .push_bind(now);
        });
        query.push(" RETURNING id");
        inserted.extend(query.build_query_scalar::<i64>().fetch_all(&mut *conn).await?);
    }
    queue_emails(conn, &inserted).await?;
    Ok(())
}

/// Decides the email of each of the given new notifications, inside the caller's
/// transaction: one `send_email` job for each whose reader is active, has an email
/// address and wants its kind by email (their setting, else the kind's default), and
/// `email_state` 'queued' or 'skipped' on every one. Returns how many were queued.
///
/// [`notify`] calls it; code that inserts notifications with its own set-based
/// statement calls it with the ids that statement returned.
///
/// The ids of one `INSERT` are consecutive, so the statements select by id range
/// rather than binding thousands of ids. Every notification in a range that is still
/// undecided is decided. Rows other transactions have not committed are invisible,
/// and rows committed through this module were decided before their commit, so both
/// are left alone.
pub async fn queue_emails(conn: &mut AnyConnection, notification_ids: &[i64]) -> DbResult<u64> {
    let now = now_ms();
    let mut queued = 0;
    for (first, last) in consecutive_ranges(notification_ids) {
        let decide = format!(
            "UPDATE notifications SET email_state = CASE WHEN EXISTS (SELECT 1 FROM users u \
             LEFT JOIN notification_settings s ON s.user_id = u.id AND s.kind = notifications.kind \
             WHERE u.id = notifications.user_id AND u.is_active = 1 AND u.email IS NOT NULL AND u.email <> '' \
             AND COALESCE(s.email, {}) = 1) THEN 'queued' ELSE 'skipped' END \
             WHERE id BETWEEN $1 AND $2 AND email_state IS NULL",
            default_email_sql("notifications.kind")
        );
        sqlx::query(sqlx::AssertSqlSafe(decide)).bind(first).bind(last).execute(&mut *conn).await?;

        // The payload names only the notification: the job reads the address when it
        // sends, so a changed address or setting is honoured and no address is copied.
        // A row queued earlier already has its job, which the dedupe key keeps single.
        let enqueued = sqlx::query(
            "INSERT INTO jobs (kind, payload, status, run_at, dedupe_key, created_at) \
             SELECT $1, '{\"notification_id\":' || id || '}', 'queued', $2, 'email:notification:' || id, $2 \
             FROM notifications WHERE id BETWEEN $3 AND $4 AND email_state = 'queued' \
             ON CONFLICT (dedupe_key) DO NOTHING",
        )
        .bind(jobs::SEND_EMAIL)
        .bind(now)
        .bind(first)
        .bind(last)
        .execute(&mut *conn)
        .await?;
        queued += enqueued.rows_affected();
    }
    Ok(queued)
}

/// Splits ids into runs of consecutive values, as `(first, last)` pairs.
fn consecutive_ranges(ids: &[i64]) -> Vec<(i64, i64)> {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut ranges: Vec<(i64, i64)> = Vec::new();
    for id in sorted {
        match ranges.last_mut() {
            Some((_, last)) if *last + 1 == id => *last = id,
            _ => ranges.push((id, id)),
        }
    }
    ranges
}

/// Builds the default email setting of the kind in `column` as an SQL expression from
/// [`NotificationKind::email_by_default`], so that SQL and Rust agree.
fn default_email_sql(column: &str) -> String {
    let mut sql = format!("CASE {column}");
    for kind in NotificationKind::ALL {
        sql.push_str(&format!(" WHEN '{}' THEN {}", kind.as_str(), i64::from(kind.email_by_default())));
    }
    sql.push_str(" ELSE 0 END");
    sql
}

/// A notification as the centre shows it.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub message_id: String,
    /// JSON object of Fluent arguments.
    pub params: String,
    pub link: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

impl Notification {
    pub fn params_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.params).unwrap_or(serde_json::Value::Null)
    }
}

const COLUMNS: &str = "id, kind, message_id, params, link, created_at, read_at";

/// Lists a person's notifications, newest first, and counts them all; only the unread
/// ones when `unread_only`.
pub async fn list(db: &Db, user_id: i64, unread_only: bool, page: Page) -> DbResult<(Vec<Notification>, i64)> {
    let filter = if unread_only { " AND read_at IS NULL" } else { "" };
    let mut count = SqlBuilder::new("SELECT COUNT(*) FROM notifications WHERE user_id = ");
    count.push_bind(user_id).push(filter);
    let total: i64 = count.build_query_scalar().fetch_one(&db.pool).await?;

    let mut query = SqlBuilder::new(format!("SELECT {COLUMNS} FROM notifications WHERE user_id = "));
    query.push_bind(user_id).push(filter).push(" ORDER BY id DESC");
    page.push_limit(&mut query);
    let items = query.build_query_as().fetch_all(&db.pool).await?;
    Ok((items, total))
}

/// Counts a person's unread notifications, stopping at `cap` so that the navigation
/// bar of every page costs at most `cap` index entries.
pub async fn unread_count(db: &Db, user_id: i64, cap: i64) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE user_id = $1 AND read_at IS NULL LIMIT $2) unread",
    )
    .bind(user_id)
    .bind(cap)
    .fetch_one(&db.pool)
    .await?)
}

/// Returns one of a person's notifications; another person's is [`DbError::NotFound`].
pub async fn get(db: &Db, user_id: i64, id: i64) -> DbResult<Notification> {
    let sql = format!("SELECT {COLUMNS} FROM notifications WHERE id = $1 AND user_id = $2");
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(DbError::NotFound)
}

/// Marks one of a person's notifications read, keeping the first reading time, and
/// returns it. Another person's is [`DbError::NotFound`].
pub async fn mark_read(db: &Db, user_id: i64, id: i64) -> DbResult<Notification> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL")
        .bind(now_ms())
        .bind(id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    get(db, user_id, id).await
}

/// Marks read a person's notifications that link to `link`, once they have opened
/// what the notifications point to; returns how many were unread.
pub async fn mark_read_by_link(db: &Db, user_id: i64, link: &str) -> DbResult<u64> {
    let result = sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND link = $3 AND read_at IS NULL")
        .bind(now_ms())
        .bind(user_id)
        .bind(link)
        .execute(&db.pool)
        .await?;
    Ok(result.rows_affected())
}

/// Marks all of a person's notifications read; returns how many were unread.
pub async fn mark_all_read(db: &Db, user_id: i64) -> DbResult<u64> {
    let result = sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
        .bind(now_ms())
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(result.rows_affected())
}

/// Whether one kind of notification also reaches a person by email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EmailSetting {
    #[serde(serialize_with = "kind_as_str")]
    pub kind: NotificationKind,
    pub email: bool,
    /// True when the person never chose, so `email` is the kind's default.
    pub is_default: bool,
}

fn kind_as_str<S: serde::Serializer>(kind: &NotificationKind, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(kind.as_str())
}

/// Returns a person's email setting for every kind, defaults filled in.
pub async fn settings(db: &Db, user_id: i64) -> DbResult<Vec<EmailSetting>> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT kind, email FROM notification_settings WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?;
    Ok(NotificationKind::ALL
        .into_iter()
        .map(|kind| match rows.iter().find(|(stored, _)| stored == kind.as_str()) {
            Some((_, email)) => EmailSetting { kind, email: *email == 1, is_default: false },
            None => EmailSetting { kind, email: kind.email_by_default(), is_default: true },
        })
        .collect())
}

/// Stores a person's email choice for every kind: the kinds in `emailed` on, the others
/// off. Queued emails of a kind turned off are skipped when their job runs.
pub async fn set_settings(db: &Db, user_id: i64, emailed: &[NotificationKind]) -> DbResult<()> {
    let mut tx = db.begin().await?;
    let mut upsert = SqlBuilder::new("INSERT INTO notification_settings (user_id, kind, email) ");
    upsert.push_values(NotificationKind::ALL, |mut row, kind| {
        row.push_bind(user_id).push_bind(kind.as_str()).push_bind(i64::from(emailed.contains(&kind)));
    });
    upsert.push(" ON CONFLICT (user_id, kind) DO UPDATE SET email = excluded.email");
    upsert.build().execute(&mut *tx).await?;
    let on: Vec<&str> = emailed.iter().map(|kind| kind.as_str()).collect();
    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(user_id),
            province: None,
            action: "notification.settings",
            entity: "user",
            entity_id: user_id.to_string(),
            details: serde_json::json!({ "emailed_kinds": on }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A notification with its reader's address, as the `send_email` job reads it.
#[derive(Clone, FromRow)]
pub struct EmailToSend {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub message_id: String,
    pub params: String,
    pub link: String,
    pub created_at: i64,
    pub email_state: Option<String>,
    pub email: Option<String>,
    pub full_name: String,
    pub is_active: i64,
    /// 1 when the reader still wants this kind by email, by their setting or the default.
    pub wants_email: i64,
}

impl std::fmt::Debug for EmailToSend {
    /// Leaves out the address and the name, so that logging the value leaks neither.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmailToSend")
            .field("id", &self.id)
            .field("user_id", &self.user_id)
            .field("kind", &self.kind)
            .field("email_state", &self.email_state)
            .finish_non_exhaustive()
    }
}

/// Loads a notification with its reader's address and current email setting for the
/// `send_email` job.
pub async fn email_to_send(db: &Db, notification_id: i64) -> DbResult<EmailToSend> {
    let sql = format!(
        "SELECT n.id, n.user_id, n.kind, n.message_id, n.params, n.link, n.created_at, n.email_state, \
         u.email, u.full_name, u.is_active, COALESCE(s.email, {}) AS wants_email \
         FROM notifications n JOIN users u ON u.id = n.user_id \
         LEFT JOIN notification_settings s ON s.user_id = n.user_id AND s.kind = n.kind WHERE n.id = $1",
        default_email_sql("n.kind")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(notification_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(DbError::NotFound)
}

/// Records the outcome of a notification's email: 'sent', 'skipped' or 'failed'.
pub async fn set_email_state(db: &Db, notification_id: i64, state: &str) -> DbResult<()> {
    sqlx::query("UPDATE notifications SET email_state = $1 WHERE id = $2")
        .bind(state.to_owned())
        .bind(notification_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(NotificationKind::parse("other"), None);
    }

    #[test]
    fn ranges_join_consecutive_ids() {
        assert_eq!(consecutive_ranges(&[5, 3, 4, 9, 9, 11, 10]), vec![(3, 5), (9, 11)]);
        assert!(consecutive_ranges(&[]).is_empty());
    }

    #[test]
    fn default_email_sql_lists_every_kind() {
        let sql = default_email_sql("n.kind");
        assert!(sql.contains("WHEN 'directive' THEN 1"));
        assert!(sql.contains("WHEN 'request_status' THEN 0"));
    }
}
