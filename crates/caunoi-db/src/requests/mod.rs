//! Requests schools raise (kiến nghị, phản ánh): a question or problem goes to the
//! school's cluster board, which answers it or escalates it to the department. Every
//! step is a row of the request's thread, so the school sees the whole history.

mod answers;
mod handle;
mod list;
mod recipients;

use caunoi_core::policy::{RequestFacts, RequestLevel};
use caunoi_core::request_status::{self, RequestStatus};
use serde::Serialize;
use sqlx::FromRow;
use tracing::info;

use crate::attachments::{self, NewAttachment, OwnerKind, StoredFile};
use crate::audit::{self, AuditEntry};
use crate::notifications::{self, NewNotification};
use crate::{Db, DbError, DbResult, clusters, now_ms, schools};

pub use answers::{AnswerFilter, NewAnswer, PublishedAnswer, get_answer, list_answers, publish_answer};
pub use handle::{Candidate, HandleError, NewReply, assign, escalate, owner_candidates, reply, set_status};
pub use list::{RequestFilter, RequestItem, count_by_category, list};

/// Subject area of a request. The list is fixed so that the department can count
/// requests per category across the province.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestCategory {
    /// Programme and curriculum (chương trình giáo dục).
    Curriculum,
    /// Teaching methods and lesson plans.
    TeachingMethods,
    /// Testing, assessment and examinations.
    Assessment,
    /// Staffing, teachers and their training.
    Personnel,
    /// Buildings, equipment and textbooks.
    Facilities,
    /// IT, digital learning resources and data systems.
    Digital,
    /// Administrative procedures and reporting.
    Administration,
    Other,
}

impl RequestCategory {
    pub const ALL: [RequestCategory; 8] = [
        RequestCategory::Curriculum,
        RequestCategory::TeachingMethods,
        RequestCategory::Assessment,
        RequestCategory::Personnel,
        RequestCategory::Facilities,
        RequestCategory::Digital,
        RequestCategory::Administration,
        RequestCategory::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestCategory::Curriculum => "curriculum",
            RequestCategory::TeachingMethods => "teaching_methods",
            RequestCategory::Assessment => "assessment",
            RequestCategory::Personnel => "personnel",
            RequestCategory::Facilities => "facilities",
            RequestCategory::Digital => "digital",
            RequestCategory::Administration => "administration",
            RequestCategory::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<RequestCategory> {
        RequestCategory::ALL.into_iter().find(|category| category.as_str() == s)
    }
}

/// One request with the names its page shows.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Request {
    pub id: i64,
    pub province_code: String,
    pub school_id: i64,
    pub school_name: String,
    pub school_is_generated: i64,
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    pub directive_id: Option<i64>,
    pub directive_number: Option<String>,
    pub directive_title: Option<String>,
    pub category: String,
    pub title: String,
    pub body: String,
    pub status: String,
    /// 'cluster' or 'department'.
    pub handler_level: String,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub created_by: i64,
    pub created_by_name: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub first_answer_due: i64,
    pub first_answered_at: Option<i64>,
    pub closed_at: Option<i64>,
}

impl Request {
    pub fn status(&self) -> RequestStatus {
        RequestStatus::parse(&self.status).unwrap_or(RequestStatus::Open)
    }

    pub fn level(&self) -> RequestLevel {
        RequestLevel::parse(&self.handler_level).unwrap_or(RequestLevel::Department)
    }

    /// Whether the first answer is late: none yet, the request not closed, and the due
    /// time past.
    pub fn is_overdue(&self, now: i64) -> bool {
        is_overdue(self.first_answered_at, &self.status, self.first_answer_due, now)
    }
}

pub(crate) fn is_overdue(first_answered_at: Option<i64>, status: &str, due: i64, now: i64) -> bool {
    first_answered_at.is_none() && status != RequestStatus::Closed.as_str() && due < now
}

const SELECT_REQUEST: &str = "SELECT r.id, r.province_code, r.school_id, s.name AS school_name, \
    s.is_generated AS school_is_generated, r.cluster_id, k.name AS cluster_name, r.directive_id, \
    d.number_symbol AS directive_number, d.title AS directive_title, r.category, r.title, r.body, r.status, \
    r.handler_level, r.owner_id, o.full_name AS owner_name, r.created_by, c.full_name AS created_by_name, \
    r.created_at, r.updated_at, r.first_answer_due, r.first_answered_at, r.closed_at \
    FROM requests r JOIN schools s ON s.id = r.school_id \
    LEFT JOIN clusters k ON k.id = r.cluster_id \
    LEFT JOIN directives d ON d.id = r.directive_id \
    LEFT JOIN users o ON o.id = r.owner_id \
    JOIN users c ON c.id = r.created_by";

/// Marks a request as invented for the demo.
pub async fn mark_generated(db: &Db, id: i64) -> DbResult<()> {
    sqlx::query("UPDATE requests SET is_generated = 1 WHERE id = $1").bind(id).execute(&db.pool).await?;
    Ok(())
}

pub async fn get(db: &Db, id: i64) -> DbResult<Request> {
    let sql = format!("{SELECT_REQUEST} WHERE r.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}

/// Loads what the policy needs to know about a request: its school, the cluster whose
/// board it went to, and who handles it now.
pub async fn facts(db: &Db, id: i64) -> DbResult<RequestFacts> {
    let (school_id, cluster, level): (i64, Option<i64>, String) =
        sqlx::query_as("SELECT school_id, cluster_id, handler_level FROM requests WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?;
    let school = schools::facts(db, school_id).await?;
    let level = RequestLevel::parse(&level).ok_or_else(|| DbError::Invalid(format!("stored handler level {level:?}")))?;
    Ok(RequestFacts { id, school, cluster, level })
}

/// One step of a request's thread.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Message {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    /// 1 when the author has a role at the request's school.
    pub from_school: i64,
    /// 'reply', 'status', 'escalate' or 'assign'. For 'assign', `body` is the new
    /// owner's name at the time of the assignment.
    pub kind: String,
    pub body: String,
    pub status_from: Option<String>,
    pub status_to: Option<String>,
    pub created_at: i64,
}

/// Lists a request's thread, oldest first.
pub async fn messages(db: &Db, request_id: i64) -> DbResult<Vec<Message>> {
    Ok(sqlx::query_as(
        "SELECT m.id, m.author_id, u.full_name AS author_name, \
         CASE WHEN EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = m.author_id AND g.school_id = r.school_id) \
              THEN 1 ELSE 0 END AS from_school, \
         m.kind, m.body, m.status_from, m.status_to, m.created_at \
         FROM request_messages m JOIN requests r ON r.id = m.request_id JOIN users u ON u.id = m.author_id \
         WHERE m.request_id = $1 ORDER BY m.created_at, m.id",
    )
    .bind(request_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A file already checked and stored, to attach to a request or one of its replies.
#[derive(Debug, Clone)]
pub struct FileToAttach {
    /// The uploader's file name, NFC.
    pub file_name: String,
    pub file: StoredFile,
}

/// Inserts the attachment rows of files given with a request (`part: None`) or with
/// one of its messages (`part: Some(message id)`).
pub(crate) async fn attach(
    conn: &mut sqlx::AnyConnection,
    province: &str,
    request_id: i64,
    part: Option<i64>,
    files: &[FileToAttach],
    uploaded_by: i64,
) -> DbResult<()> {
    for file in files {
        let new = NewAttachment {
            province_code: province.to_owned(),
            owner_kind: OwnerKind::Request,
            owner_id: request_id,
            owner_part: part,
            file_name: file.file_name.clone(),
            file: file.file.clone(),
            uploaded_by,
        };
        attachments::insert(&mut *conn, &new).await?;
    }
    Ok(())
}

/// A request to raise, already parsed and normalised by the caller.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub school_id: i64,
    pub category: RequestCategory,
    /// The category's Vietnamese label, indexed with the text so a search for
    /// "cơ sở vật chất" finds the requests of that category.
    pub category_label: String,
    pub title: String,
    pub body: String,
    /// A directive the school received and asks about; the caller checks that the
    /// school may see it.
    pub directive_id: Option<i64>,
    pub created_by: i64,
    /// Today in Vietnam: picks the school year whose cluster receives the request.
    pub today: chrono::NaiveDate,
    /// Working days until the first answer is due, usually
    /// [`request_status::FIRST_ANSWER_WORKING_DAYS`].
    pub answer_within_days: u32,
}

/// Raises a request for a school, with its files. It goes to the board of the school's
/// cluster in the current school year, or to the department when the school has no
/// cluster. The board (or the department's specialists) are notified in the same
/// transaction.
pub async fn raise(db: &Db, new: &NewRequest, files: &[FileToAttach]) -> DbResult<i64> {
    let facts = schools::facts(db, new.school_id).await?;
    let year = clusters::current_year(db, &facts.province, new.today).await?;
    let school = schools::get(db, new.school_id, &year).await?;
    let level = if school.cluster_id.is_some() { RequestLevel::Cluster } else { RequestLevel::Department };
    let now = now_ms();
    let due = request_status::first_answer_due(now, new.answer_within_days);
    let search_text = crate::search_text(&[&new.title, &new.body, &new.category_label, &school.name]);

    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO requests (province_code, school_id, cluster_id, directive_id, category, title, body, status, \
         handler_level, created_by, created_at, updated_at, first_answer_due, search_text) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13) RETURNING id",
    )
    .bind(&facts.province)
    .bind(new.school_id)
    .bind(school.cluster_id)
    .bind(new.directive_id)
    .bind(new.category.as_str())
    .bind(&new.title)
    .bind(&new.body)
    .bind(RequestStatus::Open.as_str())
    .bind(level.as_str())
    .bind(new.created_by)
    .bind(now)
    .bind(due)
    .bind(search_text)
    .fetch_one(&mut *tx)
    .await?;
    attach(&mut tx, &facts.province, id, None, files, new.created_by).await?;

    let handlers = recipients::handlers(&mut tx, &facts.province, school.cluster_id, level).await?;
    let note = NewNotification {
        kind: "request_new",
        message_id: "notification-request-new",
        params: serde_json::json!({ "request": id, "title": new.title, "school": school.name }),
        link: format!("/requests/{id}"),
    };
    notifications::notify(&mut tx, &recipients::without(handlers, new.created_by), &note).await?;

    let entry = AuditEntry {
        user_id: Some(new.created_by),
        province: Some(&facts.province),
        action: "requests.raise",
        entity: "request",
        entity_id: id.to_string(),
        details: serde_json::json!({
            "school_id": new.school_id,
            "cluster_id": school.cluster_id,
            "directive_id": new.directive_id,
            "category": new.category.as_str(),
            "handler_level": level.as_str(),
            "files": files.len(),
        }),
    };
    audit::record(&mut *tx, &entry).await?;
    crate::reports::live::touch(&mut tx, &facts.province, now).await?;
    tx.commit().await?;

    info!(request.id = id, school.id = new.school_id, cluster.id = school.cluster_id, "request {id} raised");
    Ok(id)
}

/// A directive a request may be attached to.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct DirectiveRef {
    pub id: i64,
    pub number_symbol: String,
    pub title: String,
}

/// Returns a directive the school received (published to it, possibly withdrawn since),
/// or `None` when the school never received it.
pub async fn received_directive(db: &Db, directive_id: i64, school_id: i64) -> DbResult<Option<DirectiveRef>> {
    Ok(sqlx::query_as(
        "SELECT d.id, d.number_symbol, d.title FROM directives d \
         JOIN directive_recipients x ON x.directive_id = d.id AND x.school_id = $2 \
         WHERE d.id = $1 AND d.status <> 'draft'",
    )
    .bind(directive_id)
    .bind(school_id)
    .fetch_optional(&db.pool)
    .await?)
}
