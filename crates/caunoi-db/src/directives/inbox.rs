//! The receiving side of directives: a school's inbox, the directives that reach one
//! person, and what a school does with a directive (read, acknowledge, forward).

use caunoi_core::directive::ReceiptStatus;
use caunoi_core::org::Role;
use serde::Serialize;
use sqlx::FromRow;

use crate::audit::{self, AuditEntry};
use crate::notifications::{self, NewNotification};
use crate::sql::SqlBuilder;
use crate::{Db, DbError, DbResult, Page, SearchTable, now_ms};

/// One directive in a receiving school's inbox, with that school's state.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct InboxItem {
    pub directive_id: i64,
    pub school_id: i64,
    pub school_name: String,
    pub kind: String,
    pub number_symbol: String,
    pub title: String,
    pub issuing_body: String,
    /// 'published' or 'withdrawn'.
    pub status: String,
    /// 1 at first publication. Each amendment adds one and requires a new acknowledgement.
    pub version: i64,
    pub ack_deadline: Option<i64>,
    pub published_at: Option<i64>,
    pub withdrawn_at: Option<i64>,
    pub read_at: Option<i64>,
    pub acknowledged_at: Option<i64>,
    /// 1 for a generated demo directive.
    pub is_generated: i64,
}

impl InboxItem {
    /// Computes the school's status at instant `now` (Unix ms).
    pub fn receipt_status(&self, now: i64) -> ReceiptStatus {
        ReceiptStatus::of(self.read_at, self.acknowledged_at, self.ack_deadline, now)
    }

    pub fn is_withdrawn(&self) -> bool {
        self.status == "withdrawn"
    }

    /// Returns whether the directive was amended since first publication.
    pub fn is_amended(&self) -> bool {
        self.version > 1
    }
}

/// Whose directives a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InboxOwner {
    /// Everything a school received.
    School(i64),
    /// The directives that reach a person through the schools where they hold a role:
    /// every directive of the schools they lead, those whose audience names one of
    /// their other roles there, and those forwarded to them.
    Person(i64),
}

#[derive(Debug, Clone)]
pub struct InboxFilter {
    pub owner: InboxOwner,
    /// Search text as typed, matched against number, title, summary and file names.
    pub text: Option<String>,
    pub status: Option<ReceiptStatus>,
}

/// Returns the `LIKE` pattern matching an audience JSON whose `roles` list contains
/// `role`. `roles` is the last field [`caunoi_core::directive::Audience`] serialises,
/// so anything after `"roles":[` belongs to that list, and a quoted role name cannot
/// be part of another value.
pub fn audience_role_pattern(role: Role) -> String {
    format!("%\"roles\":[%\"{}\"%", role.as_str())
}

const INBOX_FROM: &str = " FROM directive_recipients r JOIN directives d ON d.id = r.directive_id \
     JOIN schools s ON s.id = r.school_id WHERE d.status IN ('published', 'withdrawn')";

fn push_owner(query: &mut SqlBuilder, owner: InboxOwner) {
    match owner {
        InboxOwner::School(school) => {
            query.push(" AND r.school_id = ").push_bind(school);
        }
        InboxOwner::Person(user) => {
            // The first condition lets the database read only the person's schools
            // through the recipients' school index; forwards stay inside those schools.
            // The role pattern is built in SQL from the grant's role, the same text as
            // `audience_role_pattern` builds in Rust.
            query
                .push(" AND r.school_id IN (SELECT w.school_id FROM role_grants w WHERE w.user_id = ")
                .push_bind(user)
                .push(" AND w.school_id IS NOT NULL)")
                .push(
                    " AND (EXISTS (SELECT 1 FROM role_grants g WHERE g.school_id = r.school_id AND g.user_id = ",
                )
                .push_bind(user)
                .push(
                    " AND (g.role = 'school_leader' OR d.audience LIKE '%\"roles\":[%\"' || g.role || '\"%')) \
                     OR EXISTS (SELECT 1 FROM directive_forwards f WHERE f.directive_id = r.directive_id \
                     AND f.school_id = r.school_id AND f.user_id = ",
                )
                .push_bind(user)
                .push("))");
        }
    }
}

/// Appends the condition of a receipt status, the rule of [`ReceiptStatus::of`] in SQL.
fn push_status(query: &mut SqlBuilder, status: ReceiptStatus, now: i64) {
    match status {
        ReceiptStatus::Acknowledged => {
            query.push(" AND r.acknowledged_at IS NOT NULL");
        }
        ReceiptStatus::Overdue => {
            query.push(" AND r.acknowledged_at IS NULL AND d.ack_deadline < ").push_bind(now);
        }
        ReceiptStatus::Read => {
            query
                .push(" AND r.acknowledged_at IS NULL AND r.read_at IS NOT NULL AND (d.ack_deadline IS NULL OR d.ack_deadline >= ")
                .push_bind(now)
                .push(")");
        }
        ReceiptStatus::NotOpened => {
            query
                .push(" AND r.acknowledged_at IS NULL AND r.read_at IS NULL AND (d.ack_deadline IS NULL OR d.ack_deadline >= ")
                .push_bind(now)
                .push(")");
        }
    }
}

fn push_filter(db: &Db, query: &mut SqlBuilder, filter: &InboxFilter, now: i64) {
    push_owner(query, filter.owner);
    if let Some(text) = filter.text.as_deref() {
        db.dialect.push_text_match(query, SearchTable::Directives, "d", text);
    }
    if let Some(status) = filter.status {
        push_status(query, status, now);
    }
}

/// Lists received directives: the withdrawn last, unread before read, then those still
/// awaiting acknowledgement by nearest deadline, then the newest first.
pub async fn list(db: &Db, filter: &InboxFilter, now: i64, page: Page) -> DbResult<(Vec<InboxItem>, i64)> {
    let mut count = SqlBuilder::new("SELECT COUNT(*)");
    count.push(INBOX_FROM);
    push_filter(db, &mut count, filter, now);
    let total: i64 = count.build_query_scalar().fetch_one(&db.pool).await?;

    let mut query = SqlBuilder::new(
        "SELECT d.id AS directive_id, r.school_id, s.name AS school_name, d.kind, d.number_symbol, d.title, \
         d.issuing_body, d.status, CAST(d.version AS BIGINT) AS version, d.ack_deadline, d.published_at, \
         d.withdrawn_at, r.read_at, r.acknowledged_at, d.is_generated",
    );
    query.push(INBOX_FROM);
    push_filter(db, &mut query, filter, now);
    query.push(
        " ORDER BY CASE WHEN d.status = 'withdrawn' THEN 1 ELSE 0 END, \
         CASE WHEN r.read_at IS NULL THEN 0 ELSE 1 END, \
         CASE WHEN r.acknowledged_at IS NULL AND d.ack_deadline IS NOT NULL THEN 0 ELSE 1 END, \
         CASE WHEN r.acknowledged_at IS NULL AND d.ack_deadline IS NOT NULL THEN d.ack_deadline ELSE 0 END, \
         d.published_at DESC, d.id DESC, s.name_folded, r.school_id",
    );
    page.push_limit(&mut query);
    let items = query.build_query_as().fetch_all(&db.pool).await?;
    Ok((items, total))
}

/// One receiving school's state for the current version, with who read and
/// acknowledged it.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Receipt {
    pub school_id: i64,
    pub school_name: String,
    pub read_at: Option<i64>,
    pub read_by_name: Option<String>,
    pub acknowledged_at: Option<i64>,
    pub acknowledged_by_name: Option<String>,
    pub ack_note: Option<String>,
}

/// Loads a school's receipt of a directive; `None` when the school did not receive it.
pub async fn receipt(db: &Db, directive_id: i64, school_id: i64) -> DbResult<Option<Receipt>> {
    Ok(sqlx::query_as(
        "SELECT r.school_id, s.name AS school_name, r.read_at, ur.full_name AS read_by_name, r.acknowledged_at, \
         ua.full_name AS acknowledged_by_name, r.ack_note FROM directive_recipients r \
         JOIN schools s ON s.id = r.school_id LEFT JOIN users ur ON ur.id = r.read_by \
         LEFT JOIN users ua ON ua.id = r.acknowledged_by WHERE r.directive_id = $1 AND r.school_id = $2",
    )
    .bind(directive_id)
    .bind(school_id)
    .fetch_optional(&db.pool)
    .await?)
}

/// Returns the names of schools by id, for choosing among several receiving schools.
pub async fn school_names(db: &Db, school_ids: &[i64]) -> DbResult<Vec<(i64, String)>> {
    if school_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = SqlBuilder::new("SELECT id, name FROM schools WHERE id IN (");
    let mut ids = query.separated(", ");
    for id in school_ids {
        ids.push_bind(*id);
    }
    query.push(") ORDER BY name_folded, id");
    Ok(query.build_query_as().fetch_all(&db.pool).await?)
}

/// Marks a directive read for a school, the first time one of its leaders opens it.
/// Returns whether this call marked it: the conditional update lets exactly one of
/// several simultaneous openings record the read. A withdrawn directive is not marked.
pub async fn mark_read(db: &Db, directive_id: i64, school_id: i64, user_id: i64) -> DbResult<bool> {
    let mut tx = db.begin().await?;
    let now = now_ms();
    let marked = mark_read_in(&mut tx, directive_id, school_id, user_id, now).await?;
    if marked {
        let province: String = sqlx::query_scalar("SELECT province_code FROM directives WHERE id = $1")
            .bind(directive_id)
            .fetch_one(&mut *tx)
            .await?;
        crate::reports::live::touch(&mut tx, &province, now).await?;
    }
    tx.commit().await?;
    if marked {
        tracing::debug!(directive.id = directive_id, school.id = school_id, "directive read by the school");
    }
    Ok(marked)
}

async fn mark_read_in(
    conn: &mut sqlx::AnyConnection,
    directive_id: i64,
    school_id: i64,
    user_id: i64,
    now: i64,
) -> DbResult<bool> {
    let result = sqlx::query(
        "UPDATE directive_recipients SET read_at = $1, read_by = $2 \
         WHERE directive_id = $3 AND school_id = $4 AND read_at IS NULL \
         AND EXISTS (SELECT 1 FROM directives d WHERE d.id = $3 AND d.status = 'published')",
    )
    .bind(now)
    .bind(user_id)
    .bind(directive_id)
    .bind(school_id)
    .execute(&mut *conn)
    .await?;
    if result.rows_affected() == 0 {
        return Ok(false);
    }
    insert_receipt(conn, directive_id, school_id, "read", user_id, None, now).await?;
    Ok(true)
}

/// Appends to the history of reads and acknowledgements, with the current version.
async fn insert_receipt(
    conn: &mut sqlx::AnyConnection,
    directive_id: i64,
    school_id: i64,
    event: &str,
    user_id: i64,
    note: Option<&str>,
    now: i64,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO directive_receipts (directive_id, school_id, version, event, user_id, note, occurred_at) \
         SELECT d.id, $1, d.version, $2, $3, $4, $5 FROM directives d WHERE d.id = $6",
    )
    .bind(school_id)
    .bind(event)
    .bind(user_id)
    .bind(note.map(str::to_owned))
    .bind(now)
    .bind(directive_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The result of an acknowledgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckOutcome {
    /// Recorded now, at this instant (Unix ms).
    Acknowledged { at: i64 },
    /// The school had already acknowledged the current version at that instant, so
    /// nothing changed.
    AlreadyAcknowledged { at: i64 },
    /// The directive was withdrawn, so there is nothing to acknowledge.
    Withdrawn,
}

/// Records a school's acknowledgement of the current version, with an optional note,
/// and marks it read if it was not. Fails with [`DbError::NotFound`] when the school did
/// not receive the directive or the directive is still a draft.
pub async fn acknowledge(
    db: &Db,
    directive_id: i64,
    school_id: i64,
    user_id: i64,
    note: Option<&str>,
) -> DbResult<AckOutcome> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let (status, province, version): (String, String, i64) =
        sqlx::query_as("SELECT status, province_code, CAST(version AS BIGINT) FROM directives WHERE id = $1")
            .bind(directive_id)
            .fetch_one(&mut *tx)
            .await?;
    match status.as_str() {
        "published" => {}
        "withdrawn" => return Ok(AckOutcome::Withdrawn),
        _ => return Err(DbError::NotFound),
    }

    mark_read_in(&mut tx, directive_id, school_id, user_id, now).await?;
    let result = sqlx::query(
        "UPDATE directive_recipients SET acknowledged_at = $1, acknowledged_by = $2, ack_note = $3 \
         WHERE directive_id = $4 AND school_id = $5 AND acknowledged_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(note.map(str::to_owned))
    .bind(directive_id)
    .bind(school_id)
    .execute(&mut *tx)
    .await?;
    if result.rows_affected() == 0 {
        let at: Option<i64> = sqlx::query_scalar(
            "SELECT acknowledged_at FROM directive_recipients WHERE directive_id = $1 AND school_id = $2",
        )
        .bind(directive_id)
        .bind(school_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(DbError::NotFound)?;
        return Ok(AckOutcome::AlreadyAcknowledged { at: at.unwrap_or(now) });
    }
    insert_receipt(&mut tx, directive_id, school_id, "acknowledged", user_id, note, now).await?;
    crate::reports::live::touch(&mut tx, &province, now).await?;
    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(user_id),
            province: Some(&province),
            action: "directive.acknowledge",
            entity: "directive",
            entity_id: directive_id.to_string(),
            details: serde_json::json!({
                "receiving_school_id": school_id,
                "acknowledged_version": version,
                "with_note": note.is_some(),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::debug!(directive.id = directive_id, school.id = school_id, version, "directive acknowledged by the school");
    Ok(AckOutcome::Acknowledged { at: now })
}

/// A person a directive was forwarded to inside a school.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Forward {
    pub user_id: i64,
    pub full_name: String,
    pub forwarded_at: i64,
}

/// Lists the people of a school a directive was forwarded to, in name order.
pub async fn forwards(db: &Db, directive_id: i64, school_id: i64) -> DbResult<Vec<Forward>> {
    Ok(sqlx::query_as(
        "SELECT f.user_id, u.full_name, f.forwarded_at FROM directive_forwards f JOIN users u ON u.id = f.user_id \
         WHERE f.directive_id = $1 AND f.school_id = $2 ORDER BY u.sort_key, u.id",
    )
    .bind(directive_id)
    .bind(school_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Forwards a directive to people of a receiving school and notifies them, in one
/// transaction. People without a role on the school and those who already have it are
/// skipped. Returns the people it was forwarded to now.
pub async fn forward(
    db: &Db,
    directive_id: i64,
    school_id: i64,
    forwarded_by: i64,
    user_ids: &[i64],
) -> DbResult<Vec<i64>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let now = now_ms();
    let mut tx = db.begin().await?;
    let (status, province, number, title): (String, String, String, String) =
        sqlx::query_as("SELECT status, province_code, number_symbol, title FROM directives WHERE id = $1")
            .bind(directive_id)
            .fetch_one(&mut *tx)
            .await?;
    if status != "published" {
        return Err(DbError::Invalid(format!("directive {directive_id} is {status}, so it cannot be forwarded")));
    }
    let school_name: String = sqlx::query_scalar(
        "SELECT s.name FROM directive_recipients r JOIN schools s ON s.id = r.school_id \
         WHERE r.directive_id = $1 AND r.school_id = $2",
    )
    .bind(directive_id)
    .bind(school_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(DbError::NotFound)?;

    // The WHERE clause also lets SQLite parse ON CONFLICT after INSERT … SELECT.
    let mut insert = SqlBuilder::new(
        "INSERT INTO directive_forwards (directive_id, school_id, user_id, forwarded_by, forwarded_at) SELECT DISTINCT ",
    );
    insert
        .push_bind(directive_id)
        .push(", g.school_id, g.user_id, ")
        .push_bind(forwarded_by)
        .push(", ")
        .push_bind(now)
        .push(" FROM role_grants g WHERE g.school_id = ")
        .push_bind(school_id)
        .push(" AND g.user_id IN (");
    let mut ids = insert.separated(", ");
    for id in user_ids {
        ids.push_bind(*id);
    }
    insert.push(") ON CONFLICT (directive_id, user_id) DO NOTHING RETURNING user_id");
    let mut forwarded: Vec<i64> = insert.build_query_scalar().fetch_all(&mut *tx).await?;
    forwarded.sort_unstable();

    let note = NewNotification {
        kind: "directive",
        message_id: "notify-directive-forwarded",
        params: serde_json::json!({ "number": number, "title": title, "school": school_name }),
        link: format!("/directives/{directive_id}/view"),
    };
    notifications::notify(&mut tx, &forwarded, &note).await?;
    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(forwarded_by),
            province: Some(&province),
            action: "directive.forward",
            entity: "directive",
            entity_id: directive_id.to_string(),
            details: serde_json::json!({ "receiving_school_id": school_id, "forwarded_to": forwarded }),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(directive.id = directive_id, school.id = school_id, count = forwarded.len(), "directive forwarded");
    Ok(forwarded)
}

#[cfg(test)]
mod tests {
    use caunoi_core::directive::Audience;
    use caunoi_core::org::{Ownership, SchoolLevel};

    use super::*;

    /// Matches SQL `LIKE` with `%` only, enough for the patterns built here.
    fn like(text: &str, pattern: &str) -> bool {
        let parts: Vec<&str> = pattern.split('%').collect();
        let mut rest = text;
        for (index, part) in parts.iter().enumerate() {
            if index == 0 {
                let Some(stripped) = rest.strip_prefix(part) else { return false };
                rest = stripped;
            } else if let Some(position) = rest.find(part) {
                rest = &rest[position + part.len()..];
            } else {
                return false;
            }
        }
        parts.last().is_none_or(|last| last.is_empty() || text.ends_with(last))
    }

    #[test]
    fn role_pattern_matches_roles_only() {
        let targeted = Audience {
            levels: vec![SchoolLevel::LowerSecondary],
            roles: vec![Role::CoreTeacher],
            ..Audience::default()
        };
        let untargeted = Audience {
            everyone: true,
            clusters: vec![3],
            communes: vec!["26743".into()],
            levels: vec![SchoolLevel::Primary],
            ownerships: vec![Ownership::Public],
            schools: vec![7],
            roles: Vec::new(),
        };
        let targeted = serde_json::to_string(&targeted).unwrap();
        let untargeted = serde_json::to_string(&untargeted).unwrap();
        assert!(like(&targeted, &audience_role_pattern(Role::CoreTeacher)), "{targeted}");
        assert!(!like(&targeted, &audience_role_pattern(Role::Teacher)), "{targeted}");
        assert!(!like(&untargeted, &audience_role_pattern(Role::Teacher)), "{untargeted}");
        assert!(!like(&untargeted, &audience_role_pattern(Role::CoreTeacher)), "{untargeted}");
    }
}
