//! Reminders to schools that have not submitted a report: once when the deadline nears
//! (`remind_before_hours` before it) and once when it has passed.
//!
//! As for directives (`crate::directives::reminders`), the primary key of
//! `report_reminders` (request, school, step) makes each step happen once: a scan
//! inserts the due rows with `ON CONFLICT DO NOTHING` and notifies only for the rows it
//! inserted, in the same transaction, so two instances scanning at once never repeat
//! a step.

use std::collections::BTreeMap;

use sqlx::{AnyConnection, FromRow};
use tracing::info;

use crate::notifications::{self, NewNotification, NotificationKind};
use crate::{Db, DbResult, users};

/// Time after a deadline during which a school can still get its overdue reminder.
pub const OVERDUE_CATCH_UP_MS: i64 = 7 * 24 * 3_600_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    BeforeDeadline,
    Overdue,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::BeforeDeadline => "before",
            Step::Overdue => "overdue",
        }
    }

    fn message_id(self) -> &'static str {
        match self {
            Step::BeforeDeadline => "rsub-notify-reminder-before",
            Step::Overdue => "rsub-notify-reminder-overdue",
        }
    }

    /// The condition on `$1` (now) under which the step is due for a request `q`.
    fn due_sql(self) -> &'static str {
        match self {
            Step::BeforeDeadline => {
                "$1 >= q.deadline_at - CAST(q.remind_before_hours AS BIGINT) * 3600000 AND $1 <= q.deadline_at"
            }
            // A report is on time up to the end of the deadline minute.
            Step::Overdue => "$1 >= q.deadline_at + 60000 AND $1 <= q.deadline_at + 60000 + $2",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScanSummary {
    pub before_deadline: u64,
    pub overdue: u64,
    pub notified: u64,
}

#[derive(Debug, Clone, FromRow)]
struct Taken {
    request_id: i64,
    school_id: i64,
}

/// Takes every reminder step due at `now` for published requests that are open, for
/// each receiving school without a sent report (none, a draft, or returned), and
/// notifies those schools' leaders, in one transaction.
pub async fn scan(db: &Db, now: i64) -> DbResult<ScanSummary> {
    let mut tx = db.begin().await?;
    let before = take_step(&mut tx, Step::BeforeDeadline, now).await?;
    let overdue = take_step(&mut tx, Step::Overdue, now).await?;
    let mut summary = ScanSummary { before_deadline: before.len() as u64, overdue: overdue.len() as u64, notified: 0 };
    if before.is_empty() && overdue.is_empty() {
        tx.commit().await?;
        return Ok(summary);
    }
    let mut schools: Vec<i64> = before.iter().chain(&overdue).map(|t| t.school_id).collect();
    schools.sort_unstable();
    schools.dedup();
    let leaders = users::school_leaders(&mut tx, &schools).await?;

    for (step, taken) in [(Step::BeforeDeadline, &before), (Step::Overdue, &overdue)] {
        let mut by_request: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for row in taken {
            by_request.entry(row.request_id).or_default().push(row.school_id);
        }
        for (request_id, school_ids) in by_request {
            let (title, deadline_at): (String, i64) =
                sqlx::query_as("SELECT title, deadline_at FROM report_requests WHERE id = $1")
                    .bind(request_id)
                    .fetch_one(&mut *tx)
                    .await?;
            // One notification per leader, linking to their own school's form.
            let targets: Vec<(i64, String)> = school_ids
                .iter()
                .flat_map(|school| {
                    let link = format!("/reports/{request_id}/schools/{school}");
                    leaders.get(school).into_iter().flatten().map(move |user| (*user, link.clone()))
                })
                .collect();
            let note = NewNotification {
                kind: NotificationKind::Reminder.as_str(),
                message_id: step.message_id(),
                params: serde_json::json!({ "title": title, "deadline_ms": deadline_at }),
                link: String::new(),
            };
            notifications::notify_each(&mut tx, &targets, &note).await?;
            summary.notified += targets.len() as u64;
            info!(report_request.id = request_id, reminder.step = step.as_str(), schools = school_ids.len(), "report reminders sent");
        }
    }
    tx.commit().await?;
    Ok(summary)
}

async fn take_step(conn: &mut AnyConnection, step: Step, now: i64) -> DbResult<Vec<Taken>> {
    let sql = format!(
        "INSERT INTO report_reminders (request_id, school_id, step, sent_at) \
         SELECT r.request_id, r.school_id, '{step}', $1 \
         FROM report_requests q JOIN report_recipients r ON r.request_id = q.id \
         WHERE q.status = 'published' AND $1 >= q.opens_at AND {due} \
         AND NOT EXISTS (SELECT 1 FROM report_submissions s WHERE s.request_id = r.request_id \
           AND s.school_id = r.school_id AND s.status IN ('submitted', 'forwarded', 'accepted')) \
         AND NOT EXISTS (SELECT 1 FROM report_reminders m WHERE m.request_id = r.request_id \
           AND m.school_id = r.school_id AND m.step = '{step}') \
         ORDER BY r.request_id, r.school_id \
         ON CONFLICT DO NOTHING RETURNING request_id, school_id",
        step = step.as_str(),
        due = step.due_sql(),
    );
    let mut query = sqlx::query_as::<_, Taken>(sqlx::AssertSqlSafe(sql)).bind(now);
    if step == Step::Overdue {
        query = query.bind(OVERDUE_CATCH_UP_MS);
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

/// Counts the reminder steps taken for a request, by step.
pub async fn count(db: &Db, request_id: i64, step: Step) -> DbResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM report_reminders WHERE request_id = $1 AND step = $2")
        .bind(request_id)
        .bind(step.as_str())
        .fetch_one(&db.pool)
        .await?)
}
