//! Reminders to schools that have not acknowledged a directive: once when its deadline
//! nears and once when it has passed, per school and per version.
//!
//! The primary key of `directive_reminders` (directive, school, version, step) is what
//! makes a step happen once: a scan inserts the due steps with `ON CONFLICT DO NOTHING`
//! and notifies only for the rows it actually inserted, in the same transaction. Two
//! instances scanning at the same moment therefore split the work or find it done;
//! neither repeats a step the other took.

use std::collections::BTreeMap;

use sqlx::{AnyConnection, FromRow};
use tracing::info;

use crate::audit::{self, AuditEntry};
use crate::notifications::{self, NewNotification, NotificationKind};
use crate::sql::SqlBuilder;
use crate::{Db, DbResult, users};

/// Time after a deadline during which a school can still get its overdue reminder. A
/// scan reads only this span, so it stays cheap however many old directives remain
/// unacknowledged. The price is that reminders due while every instance was stopped
/// for longer than this are never sent.
pub const OVERDUE_CATCH_UP_MS: i64 = 7 * 24 * 3_600_000;

/// Ids per statement that lists them.
const CHUNK: usize = 1000;

/// A reminder step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// From `remind_before_min` minutes before the deadline up to the deadline.
    BeforeDeadline,
    /// After the deadline.
    Overdue,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::BeforeDeadline => "before_deadline",
            Step::Overdue => "overdue",
        }
    }

    /// Fluent message id of the notification line.
    fn message_id(self) -> &'static str {
        match self {
            Step::BeforeDeadline => "notify-reminder-before-deadline",
            Step::Overdue => "notify-reminder-overdue",
        }
    }

    /// Returns the condition on `$1` (now) under which the step is due for a directive `d`.
    fn due_sql(self) -> &'static str {
        match self {
            // Before the deadline only: a school first scanned after the deadline gets
            // the overdue reminder alone, not two at once. The cast keeps PostgreSQL from
            // overflowing a 32-bit product for windows of more than 24 days.
            Step::BeforeDeadline => {
                "$1 >= d.ack_deadline - CAST(d.remind_before_min AS BIGINT) * 60000 AND $1 <= d.ack_deadline"
            }
            Step::Overdue => "$1 > d.ack_deadline AND $1 <= d.ack_deadline + $2",
        }
    }
}

/// Work done by one scan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScanSummary {
    /// Reminder steps taken, one per school.
    pub before_deadline: u64,
    pub overdue: u64,
    /// Notifications created for the schools' leaders.
    pub notified: u64,
}

/// One step taken for one school.
#[derive(Debug, Clone, FromRow)]
struct Taken {
    directive_id: i64,
    school_id: i64,
    version: i64,
}

/// Takes every reminder step due at `now` (Unix ms) for published, not withdrawn
/// directives with a deadline, for each receiving school that has not acknowledged the
/// current version, and notifies those schools' leaders, all in one transaction.
pub async fn scan(db: &Db, now: i64) -> DbResult<ScanSummary> {
    let mut tx = db.begin().await?;
    // The first statement writes, so that SQLite takes its write lock before reading
    // and a concurrent scan waits for this one instead of reading a stale snapshot.
    let before = take_step(&mut tx, Step::BeforeDeadline, now).await?;
    let overdue = take_step(&mut tx, Step::Overdue, now).await?;
    let mut summary =
        ScanSummary { before_deadline: before.len() as u64, overdue: overdue.len() as u64, notified: 0 };
    if before.is_empty() && overdue.is_empty() {
        tx.commit().await?;
        return Ok(summary);
    }

    let mut schools: Vec<i64> = before.iter().chain(&overdue).map(|taken| taken.school_id).collect();
    schools.sort_unstable();
    schools.dedup();
    let leaders = users::school_leaders(&mut tx, &schools).await?;
    let mut directive_ids: Vec<i64> = before.iter().chain(&overdue).map(|taken| taken.directive_id).collect();
    directive_ids.sort_unstable();
    directive_ids.dedup();
    let directives = directive_lines(&mut tx, &directive_ids).await?;

    for (step, taken) in [(Step::BeforeDeadline, &before), (Step::Overdue, &overdue)] {
        let mut by_directive: BTreeMap<(i64, i64), Vec<i64>> = BTreeMap::new();
        for row in taken {
            by_directive.entry((row.directive_id, row.version)).or_default().push(row.school_id);
        }
        for ((directive_id, version), school_ids) in by_directive {
            let Some(directive) = directives.get(&directive_id) else { continue };
            let mut users: Vec<i64> =
                school_ids.iter().filter_map(|school| leaders.get(school)).flatten().copied().collect();
            users.sort_unstable();
            users.dedup();
            let note = NewNotification {
                kind: NotificationKind::Reminder.as_str(),
                message_id: step.message_id(),
                params: serde_json::json!({
                    "number": directive.number_symbol,
                    "title": directive.title,
                    "deadline_ms": directive.ack_deadline,
                }),
                link: format!("/directives/{directive_id}/view"),
            };
            notifications::notify(&mut tx, &users, &note).await?;
            summary.notified += users.len() as u64;
            audit::record(
                &mut *tx,
                &AuditEntry {
                    user_id: None,
                    province: Some(&directive.province_code),
                    action: "directive.remind",
                    entity: "directive",
                    entity_id: directive_id.to_string(),
                    details: serde_json::json!({
                        "reminder_step": step.as_str(),
                        "reminder_version": version,
                        "reminded_schools": school_ids.len(),
                        "reminded_people": users.len(),
                    }),
                },
            )
            .await?;
            info!(
                directive.id = directive_id,
                directive.version = version,
                reminder.step = step.as_str(),
                schools = school_ids.len(),
                notified = users.len(),
                "directive reminders sent"
            );
        }
    }
    tx.commit().await?;
    Ok(summary)
}

/// Inserts the due rows of one step in one statement and returns those inserted.
/// Rows another scan inserted first are skipped by the key, and the `NOT EXISTS`
/// spares the write for steps taken long ago. Rows go in key order so that two
/// PostgreSQL scans take their locks in the same order. A deadlock, should one happen
/// anyway, fails one scan, and the queue retries it.
async fn take_step(conn: &mut AnyConnection, step: Step, now: i64) -> DbResult<Vec<Taken>> {
    let sql = format!(
        "INSERT INTO directive_reminders (directive_id, school_id, version, step, sent_at) \
         SELECT r.directive_id, r.school_id, d.version, '{step}', $1 \
         FROM directives d JOIN directive_recipients r ON r.directive_id = d.id \
         WHERE d.status = 'published' AND d.withdrawn_at IS NULL AND d.ack_deadline IS NOT NULL \
         AND {due} AND r.acknowledged_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM directive_reminders m WHERE m.directive_id = r.directive_id \
           AND m.school_id = r.school_id AND m.version = d.version AND m.step = '{step}') \
         ORDER BY r.directive_id, r.school_id \
         ON CONFLICT DO NOTHING RETURNING directive_id, school_id, version",
        step = step.as_str(),
        due = step.due_sql(),
    );
    let mut query = sqlx::query_as::<_, Taken>(sqlx::AssertSqlSafe(sql)).bind(now);
    if step == Step::Overdue {
        query = query.bind(OVERDUE_CATCH_UP_MS);
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

/// The fields of a directive that a reminder line shows.
#[derive(Debug, Clone, FromRow)]
struct DirectiveLine {
    id: i64,
    province_code: String,
    number_symbol: String,
    title: String,
    ack_deadline: Option<i64>,
}

async fn directive_lines(conn: &mut AnyConnection, ids: &[i64]) -> DbResult<BTreeMap<i64, DirectiveLine>> {
    let mut lines = BTreeMap::new();
    for chunk in ids.chunks(CHUNK) {
        let mut query =
            SqlBuilder::new("SELECT id, province_code, number_symbol, title, ack_deadline FROM directives WHERE id IN (");
        let mut list = query.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        query.push(")");
        let rows: Vec<DirectiveLine> = query.build_query_as().fetch_all(&mut *conn).await?;
        lines.extend(rows.into_iter().map(|line| (line.id, line)));
    }
    Ok(lines)
}

/// Counts the reminder steps taken for a directive, by step, for tests and tracking.
pub async fn count(db: &Db, directive_id: i64, step: Step) -> DbResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM directive_reminders WHERE directive_id = $1 AND step = $2")
        .bind(directive_id)
        .bind(step.as_str())
        .fetch_one(&db.pool)
        .await?)
}
