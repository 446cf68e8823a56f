//! A school's submission for a report request: drafts, submission, resubmission, the
//! signed scan and the history of events.
//!
//! A submission is one row per request and school, changed in place; every change
//! also writes a `report_events` row, and a submission keeps a snapshot of the values
//! sent. Submitting counts the values in the roll-ups in the same transaction, so the
//! aggregates always match the counted submissions.
//!
//! Concurrency: every change starts with a write on the submission's row (creating it
//! when missing), so SQLite takes its write lock at once and PostgreSQL locks the row.
//! Two submits of the same school run one after the other; the second replaces what
//! the first counted and nothing is counted twice.

use caunoi_core::org::{Role, SchoolLevel};
use caunoi_core::report::aggregate::numeric_items;
use caunoi_core::report::{Completeness, Problem, SubmissionStatus, TemplateDefinition, Values, validate};
use serde::Serialize;
use sqlx::{AnyConnection, FromRow};

use crate::notifications::{self, NewNotification, NotificationKind};
use crate::{Db, DbError, DbResult, users};

/// How the current values arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Form,
    Xlsx,
    Api,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Form => "form",
            Source::Xlsx => "xlsx",
            Source::Api => "api",
        }
    }
}

#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Submission {
    pub id: i64,
    pub request_id: i64,
    pub school_id: i64,
    pub status: String,
    pub values_json: String,
    pub counted: i64,
    pub source: String,
    pub scan_attachment_id: Option<i64>,
    pub first_submitted_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub submitted_by: Option<i64>,
    pub revision: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

pub(crate) const COLUMNS: &str = "id, request_id, school_id, status, values_json, counted, source, scan_attachment_id, \
    first_submitted_at, submitted_at, submitted_by, revision, created_at, updated_at";

impl Submission {
    pub fn values(&self) -> Values {
        serde_json::from_str(&self.values_json).unwrap_or_default()
    }

    pub fn status(&self) -> SubmissionStatus {
        SubmissionStatus::parse(&self.status).unwrap_or(SubmissionStatus::Draft)
    }

    pub fn completeness(&self, deadline_at: i64) -> Completeness {
        Completeness::of(Some(self.status()), self.first_submitted_at, deadline_at)
    }
}

/// A receiving school of a request with its grouping cell and its name.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Recipient {
    pub request_id: i64,
    pub school_id: i64,
    pub school_name: String,
    pub province_code: String,
    /// 0 when the school is in no cluster.
    pub cluster_id: i64,
    pub commune_code: String,
    pub level: String,
    pub district: String,
}

impl Recipient {
    pub fn level(&self) -> Option<SchoolLevel> {
        SchoolLevel::parse(&self.level)
    }

    pub fn cluster(&self) -> Option<i64> {
        (self.cluster_id != 0).then_some(self.cluster_id)
    }
}

/// Returns a receiving school of a request; [`DbError::NotFound`] when the school did
/// not receive it.
pub async fn recipient(db: &Db, request_id: i64, school_id: i64) -> DbResult<Recipient> {
    Ok(sqlx::query_as(
        "SELECT r.request_id, r.school_id, s.name AS school_name, s.province_code, r.cluster_id, r.commune_code, \
         r.level, r.district FROM report_recipients r JOIN schools s ON s.id = r.school_id \
         WHERE r.request_id = $1 AND r.school_id = $2",
    )
    .bind(request_id)
    .bind(school_id)
    .fetch_one(&db.pool)
    .await?)
}

/// Returns a school's submission, if it saved or sent anything yet.
pub async fn get(db: &Db, request_id: i64, school_id: i64) -> DbResult<Option<Submission>> {
    let sql = format!("SELECT {COLUMNS} FROM report_submissions WHERE request_id = $1 AND school_id = $2");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(request_id).bind(school_id).fetch_optional(&db.pool).await?)
}

pub async fn by_id(db: &Db, id: i64) -> DbResult<Submission> {
    let sql = format!("SELECT {COLUMNS} FROM report_submissions WHERE id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}

/// One step of a submission's history.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Event {
    pub id: i64,
    /// `save`, `submit`, `resubmit`, `upload`, `scan`, `forward`, `return` or `accept`.
    pub action: String,
    pub comment: String,
    pub user_id: i64,
    pub user_name: String,
    pub created_at: i64,
    /// Whether the event kept a snapshot of the values sent.
    pub has_values: i64,
}

/// The history of a submission, oldest first.
pub async fn events(db: &Db, submission_id: i64) -> DbResult<Vec<Event>> {
    Ok(sqlx::query_as(
        "SELECT e.id, e.action, e.comment, e.user_id, u.full_name AS user_name, e.created_at, \
         CASE WHEN e.values_json IS NULL THEN 0 ELSE 1 END AS has_values \
         FROM report_events e JOIN users u ON u.id = e.user_id WHERE e.submission_id = $1 ORDER BY e.id",
    )
    .bind(submission_id)
    .fetch_all(&db.pool)
    .await?)
}

/// What the school sends: values, and whether to submit or keep a draft.
#[derive(Debug, Clone)]
pub struct Save<'a> {
    pub request_id: i64,
    pub school_id: i64,
    pub values: &'a Values,
    pub source: Source,
    pub submit: bool,
    pub user_id: i64,
    pub now: i64,
}

/// Why a save or submit was refused.
#[derive(Debug)]
pub enum SaveError {
    /// The request is a draft, closed, or not open yet.
    NotOpen,
    /// The submission was forwarded or accepted: the school can no longer change it.
    Locked(SubmissionStatus),
    /// A draft cannot replace a submitted report; the school resubmits instead.
    AlreadySubmitted,
    /// The values break the template's rules; nothing was saved.
    Invalid(Vec<Problem>),
    Db(DbError),
}

impl From<DbError> for SaveError {
    fn from(error: DbError) -> Self {
        SaveError::Db(error)
    }
}

impl From<sqlx::Error> for SaveError {
    fn from(error: sqlx::Error) -> Self {
        SaveError::Db(error.into())
    }
}

/// What a change needs to know about the request.
#[derive(Debug, Clone, FromRow)]
pub(crate) struct RequestLine {
    pub province_code: String,
    pub cluster_id: Option<i64>,
    pub title: String,
    pub status: String,
    pub opens_at: i64,
    pub deadline_at: i64,
    pub definition: String,
}

impl RequestLine {
    pub fn definition(&self) -> DbResult<TemplateDefinition> {
        serde_json::from_str(&self.definition).map_err(|e| DbError::Invalid(format!("stored definition: {e}")))
    }

    pub fn open(&self, now: i64) -> bool {
        self.status == "published" && now >= self.opens_at
    }
}

pub(crate) async fn request_line(conn: &mut AnyConnection, request_id: i64) -> DbResult<RequestLine> {
    Ok(sqlx::query_as(
        "SELECT q.province_code, q.cluster_id, q.title, q.status, q.opens_at, q.deadline_at, v.definition \
         FROM report_requests q JOIN report_template_versions v ON v.id = q.template_version_id WHERE q.id = $1",
    )
    .bind(request_id)
    .fetch_one(&mut *conn)
    .await?)
}

/// Locks the submission row of a school, creating an empty draft row when missing, and
/// returns it. The first statement writes, so the caller's transaction holds the
/// write lock (SQLite) or the row lock (PostgreSQL) from here on.
pub(crate) async fn lock_row(conn: &mut AnyConnection, request_id: i64, school_id: i64, now: i64) -> DbResult<(Submission, bool)> {
    let created = sqlx::query(
        "INSERT INTO report_submissions (request_id, school_id, status, values_json, source, created_at, updated_at) \
         SELECT $1, $2, 'draft', '{}', 'form', $3, $3 WHERE EXISTS \
         (SELECT 1 FROM report_recipients r WHERE r.request_id = $1 AND r.school_id = $2) \
         ON CONFLICT (request_id, school_id) DO NOTHING",
    )
    .bind(request_id)
    .bind(school_id)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        > 0;
    let sql = format!(
        "UPDATE report_submissions SET updated_at = updated_at WHERE request_id = $1 AND school_id = $2 RETURNING {COLUMNS}"
    );
    let row: Submission =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(request_id).bind(school_id).fetch_one(&mut *conn).await?;
    Ok((row, created))
}

/// Records one event of a submission.
pub(crate) async fn add_event(
    conn: &mut AnyConnection,
    submission_id: i64,
    action: &str,
    comment: &str,
    values_json: Option<&str>,
    user_id: i64,
    now: i64,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO report_events (submission_id, action, comment, values_json, user_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(submission_id)
    .bind(action.to_owned())
    .bind(comment.to_owned())
    .bind(values_json.map(str::to_owned))
    .bind(user_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Saves a draft or submits, in one transaction. A submission is validated for the
/// school's level first and refused with every problem; a draft is stored as given.
/// Submitting after the deadline is allowed and counts as late, judged on the first
/// submission.
pub async fn save(db: &Db, save: &Save<'_>) -> Result<Submission, SaveError> {
    let mut tx = db.begin().await?;
    let (current, _) = lock_row(&mut tx, save.request_id, save.school_id, save.now).await?;
    let request = request_line(&mut tx, save.request_id).await?;
    if !request.open(save.now) {
        return Err(SaveError::NotOpen);
    }
    let status = current.status();
    if !status.school_may_edit() {
        return Err(SaveError::Locked(status));
    }
    let level: String = sqlx::query_scalar("SELECT level FROM report_recipients WHERE request_id = $1 AND school_id = $2")
        .bind(save.request_id)
        .bind(save.school_id)
        .fetch_one(&mut *tx)
        .await?;
    let level = SchoolLevel::parse(&level);
    let values_json = serde_json::to_string(save.values).map_err(|e| DbError::Invalid(e.to_string()))?;

    // A draft may be incomplete or break a rule, but never have the wrong shape.
    let definition = request.definition()?;
    let problems: Vec<Problem> = validate(&definition, level, save.values)
        .into_iter()
        .filter(|problem| save.submit || problem.code.blocks_draft())
        .collect();
    if !problems.is_empty() {
        return Err(SaveError::Invalid(problems));
    }
    let saved: Submission = if save.submit {
        let sql = format!(
            "UPDATE report_submissions SET status = 'submitted', values_json = $1, source = $2, \
             first_submitted_at = COALESCE(first_submitted_at, $3), submitted_at = $3, submitted_by = $4, \
             revision = revision + 1, updated_at = $3 WHERE id = $5 RETURNING {COLUMNS}"
        );
        let saved: Submission = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(values_json.clone())
            .bind(save.source.as_str())
            .bind(save.now)
            .bind(save.user_id)
            .bind(current.id)
            .fetch_one(&mut *tx)
            .await?;
        let action = if current.revision > 0 { "resubmit" } else { "submit" };
        add_event(&mut tx, current.id, action, save.source.as_str(), Some(&values_json), save.user_id, save.now).await?;
        let items = numeric_items(&definition, level, save.values);
        super::rollups::replace(&mut tx, current.id, Some(&items)).await?;
        super::live::touch(&mut tx, &request.province_code, save.now).await?;
        let reviewers = reviewers(&mut tx, &request, save.request_id, save.school_id).await?;
        let school: String = sqlx::query_scalar("SELECT name FROM schools WHERE id = $1")
            .bind(save.school_id)
            .fetch_one(&mut *tx)
            .await?;
        let late = !caunoi_core::report::deadline::on_time(request.deadline_at, saved.first_submitted_at.unwrap_or(save.now));
        let note = NewNotification {
            kind: NotificationKind::Report.as_str(),
            message_id: if late { "rsub-notify-submitted-late" } else { "rsub-notify-submitted" },
            params: serde_json::json!({ "title": request.title, "school": school }),
            link: format!("/reports/{}/schools/{}", save.request_id, save.school_id),
        };
        notifications::notify(&mut tx, &reviewers, &note).await?;
        saved
    } else {
        if status == SubmissionStatus::Submitted {
            return Err(SaveError::AlreadySubmitted);
        }
        // A returned report stays returned until it is submitted again.
        let sql = format!(
            "UPDATE report_submissions SET values_json = $1, source = $2, updated_at = $3 WHERE id = $4 RETURNING {COLUMNS}"
        );
        let saved: Submission = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(values_json)
            .bind(save.source.as_str())
            .bind(save.now)
            .bind(current.id)
            .fetch_one(&mut *tx)
            .await?;
        add_event(&mut tx, current.id, "save", save.source.as_str(), None, save.user_id, save.now).await?;
        saved
    };
    tx.commit().await?;
    tracing::info!(
        report_request.id = save.request_id,
        school.id = save.school_id,
        submission.id = saved.id,
        submitted = save.submit,
        "report submission saved"
    );
    Ok(saved)
}

/// The people who review a school's submission: the board of the school's cluster for
/// a department request (the department itself when the school is in no cluster), the
/// requesting cluster's board for a cluster request.
async fn reviewers(conn: &mut AnyConnection, request: &RequestLine, request_id: i64, school_id: i64) -> DbResult<Vec<i64>> {
    let board = [Role::ClusterCoordinator.as_str(), Role::BoardMember.as_str()];
    let cluster = match request.cluster_id {
        Some(cluster) => Some(cluster),
        None => {
            let cell: i64 = sqlx::query_scalar("SELECT cluster_id FROM report_recipients WHERE request_id = $1 AND school_id = $2")
                .bind(request_id)
                .bind(school_id)
                .fetch_one(&mut *conn)
                .await?;
            (cell != 0).then_some(cell)
        }
    };
    let users: Vec<i64> = match cluster {
        Some(cluster) => sqlx::query_scalar(
            "SELECT DISTINCT g.user_id FROM role_grants g JOIN users u ON u.id = g.user_id \
             WHERE u.is_active = 1 AND g.cluster_id = $1 AND g.role IN ($2, $3) ORDER BY g.user_id",
        )
        .bind(cluster)
        .bind(board[0])
        .bind(board[1])
        .fetch_all(&mut *conn)
        .await?,
        None => department(conn, &request.province_code).await?,
    };
    Ok(users)
}

/// Active department staff of a province.
pub(crate) async fn department(conn: &mut AnyConnection, province: &str) -> DbResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT g.user_id FROM role_grants g JOIN users u ON u.id = g.user_id \
         WHERE u.is_active = 1 AND g.province_code = $1 AND g.role IN ($2, $3) ORDER BY g.user_id",
    )
    .bind(province.to_owned())
    .bind(Role::DepartmentAdmin.as_str())
    .bind(Role::DepartmentSpecialist.as_str())
    .fetch_all(&mut *conn)
    .await?)
}

/// Active leaders of a school.
pub(crate) async fn school_leaders(conn: &mut AnyConnection, school_id: i64) -> DbResult<Vec<i64>> {
    Ok(users::school_leaders(conn, &[school_id]).await?.remove(&school_id).unwrap_or_default())
}

/// Attaches the signed scan to a school's submission: inserts the attachment row for
/// the stored file (its owner id is set to the submission) and creates an empty draft
/// when the school has not saved anything yet. Returns the submission id. Allowed
/// while the request is open and the school may still edit.
pub async fn attach_scan(
    db: &Db,
    request_id: i64,
    school_id: i64,
    new: &crate::attachments::NewAttachment,
    user_id: i64,
    now: i64,
) -> Result<i64, SaveError> {
    let mut tx = db.begin().await?;
    let (current, _) = lock_row(&mut tx, request_id, school_id, now).await?;
    let request = request_line(&mut tx, request_id).await?;
    if !request.open(now) {
        return Err(SaveError::NotOpen);
    }
    if !current.status().school_may_edit() {
        return Err(SaveError::Locked(current.status()));
    }
    let mut new = new.clone();
    new.owner_id = current.id;
    let attachment = crate::attachments::insert(&mut *tx, &new).await?;
    sqlx::query("UPDATE report_submissions SET scan_attachment_id = $1, updated_at = $2 WHERE id = $3")
        .bind(attachment)
        .bind(now)
        .bind(current.id)
        .execute(&mut *tx)
        .await?;
    add_event(&mut tx, current.id, "scan", &new.file_name, None, user_id, now).await?;
    tx.commit().await?;
    Ok(current.id)
}

/// The request and school a submission belongs to, for authorising its files.
pub async fn owner_of(db: &Db, submission_id: i64) -> DbResult<(i64, i64)> {
    Ok(sqlx::query_as("SELECT request_id, school_id FROM report_submissions WHERE id = $1")
        .bind(submission_id)
        .fetch_one(&db.pool)
        .await?)
}

/// A report request as a school's list shows it.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct SchoolReport {
    pub request_id: i64,
    pub title: String,
    pub period_label: String,
    pub request_status: String,
    pub opens_at: i64,
    pub deadline_at: i64,
    pub status: Option<String>,
    pub first_submitted_at: Option<i64>,
    pub submitted_at: Option<i64>,
}

impl SchoolReport {
    pub fn completeness(&self) -> Completeness {
        Completeness::of(self.status.as_deref().and_then(SubmissionStatus::parse), self.first_submitted_at, self.deadline_at)
    }
}

/// The published requests a school received, nearest deadline first, open ones first.
pub async fn for_school(db: &Db, school_id: i64) -> DbResult<Vec<SchoolReport>> {
    Ok(sqlx::query_as(
        "SELECT q.id AS request_id, q.title, q.period_label, q.status AS request_status, q.opens_at, q.deadline_at, \
         s.status, s.first_submitted_at, s.submitted_at FROM report_recipients r \
         JOIN report_requests q ON q.id = r.request_id \
         LEFT JOIN report_submissions s ON s.request_id = r.request_id AND s.school_id = r.school_id \
         WHERE r.school_id = $1 AND q.status <> 'draft' \
         ORDER BY CASE WHEN q.status = 'published' THEN 0 ELSE 1 END, q.deadline_at DESC, q.id DESC",
    )
    .bind(school_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The name of a school, for the headings of its report pages.
pub async fn school_name(db: &Db, school_id: i64) -> DbResult<String> {
    Ok(sqlx::query_scalar("SELECT name FROM schools WHERE id = $1").bind(school_id).fetch_one(&db.pool).await?)
}
