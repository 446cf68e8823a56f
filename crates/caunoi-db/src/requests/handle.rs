//! The steps of a request after it is raised: replies, changes of status, owner
//! assignment and escalation. Each step writes a thread row, updates the request,
//! notifies the other side and records an audit entry in one transaction.

use caunoi_core::policy::RequestLevel;
use caunoi_core::request_status::{self, RequestStatus, Side, TransitionError};
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use tracing::info;

use super::{FileToAttach, attach, recipients};
use crate::audit::{self, AuditEntry};
use crate::notifications::{self, NewNotification};
use crate::{Db, DbError, now_ms};

/// Reason a step on a request was rejected.
#[derive(Debug, thiserror::Error)]
pub enum HandleError {
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error("the request is already handled by the department")]
    AlreadyAtDepartment,
    #[error("the person does not handle requests at the request's level")]
    NotCandidate,
    #[error("the person already owns the request")]
    SameOwner,
    /// Someone else changed the request between the read and the write.
    #[error("the request changed while the step was saved")]
    Changed,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for HandleError {
    fn from(error: sqlx::Error) -> Self {
        HandleError::Db(DbError::from(error))
    }
}

type HandleResult<T> = Result<T, HandleError>;

/// The parts of a request a step reads and checks, loaded inside its transaction.
#[derive(Debug, FromRow)]
struct Current {
    province_code: String,
    school_id: i64,
    school_name: String,
    cluster_id: Option<i64>,
    handler_level: String,
    status: String,
    title: String,
    owner_id: Option<i64>,
    created_by: i64,
}

impl Current {
    fn status(&self) -> RequestStatus {
        RequestStatus::parse(&self.status).unwrap_or(RequestStatus::Open)
    }

    fn level(&self) -> RequestLevel {
        RequestLevel::parse(&self.handler_level).unwrap_or(RequestLevel::Department)
    }

    fn params(&self, id: i64) -> serde_json::Value {
        serde_json::json!({ "request": id, "title": self.title, "school": self.school_name })
    }
}

async fn load(conn: &mut AnyConnection, id: i64) -> HandleResult<Current> {
    Ok(sqlx::query_as(
        "SELECT r.province_code, r.school_id, s.name AS school_name, r.cluster_id, r.handler_level, r.status, \
         r.title, r.owner_id, r.created_by FROM requests r JOIN schools s ON s.id = r.school_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?)
}

/// A thread row to insert.
struct Step<'a> {
    request_id: i64,
    author_id: i64,
    kind: &'a str,
    body: &'a str,
    status_from: Option<RequestStatus>,
    status_to: Option<RequestStatus>,
    at: i64,
}

async fn insert_step(conn: &mut AnyConnection, step: &Step<'_>) -> HandleResult<i64> {
    // A step that leaves the status alone stores neither end.
    let (from, to) = match (step.status_from, step.status_to) {
        (Some(from), Some(to)) if from != to => (Some(from.as_str()), Some(to.as_str())),
        _ => (None, None),
    };
    Ok(sqlx::query_scalar(
        "INSERT INTO request_messages (request_id, author_id, kind, body, status_from, status_to, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(step.request_id)
    .bind(step.author_id)
    .bind(step.kind)
    .bind(step.body)
    .bind(from)
    .bind(to)
    .bind(step.at)
    .fetch_one(&mut *conn)
    .await?)
}

/// Fails with [`HandleError::Changed`] when a guarded update matched no row.
fn require_updated(result: sqlx::any::AnyQueryResult) -> HandleResult<()> {
    if result.rows_affected() == 0 { Err(HandleError::Changed) } else { Ok(()) }
}

/// Lists the other side of a step: the school when a handler acted, else the owner,
/// or the whole handling group when the request has no owner.
async fn other_side(conn: &mut AnyConnection, current: &Current, side: Side, actor: i64) -> HandleResult<Vec<i64>> {
    let ids = match (side, current.owner_id) {
        (Side::Handler, _) => recipients::school_side(conn, current.school_id, current.created_by).await?,
        (Side::School, Some(owner)) => vec![owner],
        (Side::School, None) => {
            recipients::handlers(conn, &current.province_code, current.cluster_id, current.level()).await?
        }
    };
    Ok(recipients::without(ids, actor))
}

async fn record(
    tx: &mut Transaction<'_, Any>,
    current: &Current,
    actor: i64,
    action: &str,
    id: i64,
    details: serde_json::Value,
) -> HandleResult<()> {
    let entry = AuditEntry {
        user_id: Some(actor),
        province: Some(&current.province_code),
        action,
        entity: "request",
        entity_id: id.to_string(),
        details,
    };
    audit::record(&mut **tx, &entry).await?;
    Ok(())
}

/// A reply to add to a request's thread.
#[derive(Debug, Clone)]
pub struct NewReply<'a> {
    pub author: i64,
    pub side: Side,
    pub body: &'a str,
    /// Handlers only: the reply answers the request, which becomes `answered`.
    pub marks_answer: bool,
    pub files: &'a [FileToAttach],
}

/// Adds a reply and its files to a request's thread. A handler's first reply sets the
/// time of the first answer.
pub async fn reply(db: &Db, id: i64, new: &NewReply<'_>) -> HandleResult<()> {
    let NewReply { author, side, body, marks_answer, files } = *new;
    let mut tx = db.begin().await?;
    let current = load(&mut tx, id).await?;
    let from = current.status();
    let to = request_status::after_reply(from, side, marks_answer)?;
    let now = now_ms();

    let step = Step { request_id: id, author_id: author, kind: "reply", body, status_from: Some(from), status_to: Some(to), at: now };
    let message_id = insert_step(&mut tx, &step).await?;
    attach(&mut tx, &current.province_code, id, Some(message_id), files, author).await?;
    let sql = match side {
        Side::Handler => {
            "UPDATE requests SET status = $1, updated_at = $2, first_answered_at = COALESCE(first_answered_at, $2) \
             WHERE id = $3 AND status = $4"
        }
        Side::School => "UPDATE requests SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
    };
    let result =
        sqlx::query(sql).bind(to.as_str()).bind(now).bind(id).bind(from.as_str()).execute(&mut *tx).await?;
    require_updated(result)?;

    let note = NewNotification {
        kind: "request_reply",
        message_id: match side {
            Side::Handler => "notification-request-reply",
            Side::School => "notification-request-school-reply",
        },
        params: current.params(id),
        link: format!("/requests/{id}"),
    };
    let recipients = other_side(&mut tx, &current, side, author).await?;
    notifications::notify(&mut tx, &recipients, &note).await?;
    let details = serde_json::json!({
        "status_from": from.as_str(),
        "status_to": to.as_str(),
        "school_side": side == Side::School,
        "files": files.len(),
    });
    record(&mut tx, &current, author, "requests.reply", id, details).await?;
    crate::reports::live::touch(&mut tx, &current.province_code, now).await?;
    tx.commit().await?;

    info!(request.id = id, request.status = to.as_str(), "reply added to request {id}");
    Ok(())
}

/// Changes a request's status, with an optional note, as one side may: see
/// [`request_status::targets`].
pub async fn set_status(db: &Db, id: i64, author: i64, side: Side, to: RequestStatus, note: &str) -> HandleResult<()> {
    let mut tx = db.begin().await?;
    let current = load(&mut tx, id).await?;
    let from = current.status();
    request_status::check_transition(from, to, side)?;
    let now = now_ms();

    let step = Step { request_id: id, author_id: author, kind: "status", body: note, status_from: Some(from), status_to: Some(to), at: now };
    insert_step(&mut tx, &step).await?;
    let closed_at = (to == RequestStatus::Closed).then_some(now);
    let result = sqlx::query("UPDATE requests SET status = $1, updated_at = $2, closed_at = $3 WHERE id = $4 AND status = $5")
        .bind(to.as_str())
        .bind(now)
        .bind(closed_at)
        .bind(id)
        .bind(from.as_str())
        .execute(&mut *tx)
        .await?;
    require_updated(result)?;

    let mut params = current.params(id);
    params["status"] = serde_json::Value::from(to.as_str());
    let note = NewNotification {
        kind: "request_status",
        message_id: "notification-request-status",
        params,
        link: format!("/requests/{id}"),
    };
    let recipients = other_side(&mut tx, &current, side, author).await?;
    notifications::notify(&mut tx, &recipients, &note).await?;
    let details = serde_json::json!({ "status_from": from.as_str(), "status_to": to.as_str(), "school_side": side == Side::School });
    record(&mut tx, &current, author, "requests.status", id, details).await?;
    crate::reports::live::touch(&mut tx, &current.province_code, now).await?;
    tx.commit().await?;

    info!(request.id = id, request.status = to.as_str(), "request {id} is now {}", to.as_str());
    Ok(())
}

/// A person who may own a request at its current level.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Candidate {
    pub user_id: i64,
    pub full_name: String,
}

/// Lists who may own a request: the board of its cluster while the cluster handles it,
/// else the department's specialists and administrators, by given name.
pub async fn owner_candidates(db: &Db, id: i64) -> Result<Vec<Candidate>, DbError> {
    let mut conn = db.pool.acquire().await?;
    candidates(&mut conn, id).await.map_err(|error| match error {
        HandleError::Db(error) => error,
        other => DbError::Invalid(other.to_string()),
    })
}

async fn candidates(conn: &mut AnyConnection, id: i64) -> HandleResult<Vec<Candidate>> {
    let current = load(conn, id).await?;
    let ids = match (current.level(), current.cluster_id) {
        (RequestLevel::Cluster, Some(cluster)) => recipients::cluster_board(conn, cluster).await?,
        _ => recipients::department(conn, &current.province_code, &["department_specialist", "department_admin"]).await?,
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = crate::sql::SqlBuilder::new("SELECT id AS user_id, full_name FROM users WHERE id IN (");
    let mut list = query.separated(", ");
    for id in ids {
        list.push_bind(id);
    }
    query.push(") ORDER BY sort_key, id");
    Ok(query.build_query_as().fetch_all(&mut *conn).await?)
}

/// Makes a person of the handling board or department the owner of a request. An open
/// request is then in progress.
pub async fn assign(db: &Db, id: i64, author: i64, owner: i64) -> HandleResult<()> {
    let mut tx = db.begin().await?;
    let current = load(&mut tx, id).await?;
    let from = current.status();
    let to = request_status::after_assignment(from)?;
    if current.owner_id == Some(owner) {
        return Err(HandleError::SameOwner);
    }
    let Some(candidate) = candidates(&mut tx, id).await?.into_iter().find(|c| c.user_id == owner) else {
        return Err(HandleError::NotCandidate);
    };
    let now = now_ms();

    let step = Step {
        request_id: id,
        author_id: author,
        kind: "assign",
        body: &candidate.full_name,
        status_from: Some(from),
        status_to: Some(to),
        at: now,
    };
    insert_step(&mut tx, &step).await?;
    let result = sqlx::query(
        "UPDATE requests SET owner_id = $1, status = $2, updated_at = $3 WHERE id = $4 AND status = $5 \
         AND handler_level = $6",
    )
    .bind(owner)
    .bind(to.as_str())
    .bind(now)
    .bind(id)
    .bind(from.as_str())
    .bind(current.level().as_str())
    .execute(&mut *tx)
    .await?;
    require_updated(result)?;

    if owner != author {
        let note = NewNotification {
            kind: "request_status",
            message_id: "notification-request-assigned",
            params: current.params(id),
            link: format!("/requests/{id}"),
        };
        notifications::notify(&mut tx, &[owner], &note).await?;
    }
    if from != to {
        let mut params = current.params(id);
        params["status"] = serde_json::Value::from(to.as_str());
        let note = NewNotification {
            kind: "request_status",
            message_id: "notification-request-status",
            params,
            link: format!("/requests/{id}"),
        };
        let school = recipients::school_side(&mut tx, current.school_id, current.created_by).await?;
        notifications::notify(&mut tx, &recipients::without(school, author), &note).await?;
    }
    let details = serde_json::json!({ "owner_id": owner, "status_from": from.as_str(), "status_to": to.as_str() });
    record(&mut tx, &current, author, "requests.assign", id, details).await?;
    crate::reports::live::touch(&mut tx, &current.province_code, now).await?;
    tx.commit().await?;

    info!(request.id = id, owner.id = owner, "request {id} assigned");
    Ok(())
}

/// Passes a request from its cluster board to the department, with the board's note.
/// The department has not acted on it yet, so it is open again and has no owner.
pub async fn escalate(db: &Db, id: i64, author: i64, note: &str) -> HandleResult<()> {
    let mut tx = db.begin().await?;
    let current = load(&mut tx, id).await?;
    if current.level() == RequestLevel::Department {
        return Err(HandleError::AlreadyAtDepartment);
    }
    let from = current.status();
    let to = request_status::after_escalation(from)?;
    let now = now_ms();

    let step = Step { request_id: id, author_id: author, kind: "escalate", body: note, status_from: Some(from), status_to: Some(to), at: now };
    insert_step(&mut tx, &step).await?;
    let result = sqlx::query(
        "UPDATE requests SET handler_level = $1, owner_id = NULL, status = $2, updated_at = $3, closed_at = NULL \
         WHERE id = $4 AND status = $5 AND handler_level = $6",
    )
    .bind(RequestLevel::Department.as_str())
    .bind(to.as_str())
    .bind(now)
    .bind(id)
    .bind(from.as_str())
    .bind(RequestLevel::Cluster.as_str())
    .execute(&mut *tx)
    .await?;
    require_updated(result)?;

    let department = recipients::department(&mut tx, &current.province_code, &["department_specialist"]).await?;
    let to_department = NewNotification {
        kind: "request_new",
        message_id: "notification-request-escalated",
        params: current.params(id),
        link: format!("/requests/{id}"),
    };
    notifications::notify(&mut tx, &recipients::without(department, author), &to_department).await?;
    let school = recipients::school_side(&mut tx, current.school_id, current.created_by).await?;
    let to_school = NewNotification {
        kind: "request_status",
        message_id: "notification-request-escalated-school",
        params: current.params(id),
        link: format!("/requests/{id}"),
    };
    notifications::notify(&mut tx, &recipients::without(school, author), &to_school).await?;
    let details = serde_json::json!({ "cluster_id": current.cluster_id, "status_from": from.as_str(), "status_to": to.as_str() });
    record(&mut tx, &current, author, "requests.escalate", id, details).await?;
    crate::reports::live::touch(&mut tx, &current.province_code, now).await?;
    tx.commit().await?;

    info!(request.id = id, cluster.id = current.cluster_id, "request {id} escalated to the department");
    Ok(())
}
