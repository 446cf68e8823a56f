//! Report requests: a template version asked of an audience of schools for a period.

use caunoi_core::directive::Audience;
use caunoi_core::policy::ReportFacts;
use serde::Serialize;
use sqlx::FromRow;

use crate::audit::{self, AuditEntry};
use crate::directives::audience::{AudienceScope, push_from_where};
use crate::sql::SqlBuilder;
use crate::{Db, DbError, DbResult, now_ms};

#[derive(Debug, Clone, Serialize, FromRow)]
pub struct ReportRequest {
    pub id: i64,
    pub province_code: String,
    pub cluster_id: Option<i64>,
    pub template_version_id: i64,
    pub title: String,
    pub instructions: String,
    pub period_kind: String,
    pub period_label: String,
    pub period_start: String,
    pub period_end: String,
    pub school_year: String,
    pub audience: String,
    pub status: String,
    pub opens_at: i64,
    pub deadline_at: i64,
    pub remind_before_hours: i64,
    pub is_generated: i64,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub closed_at: Option<i64>,
}

pub(crate) const COLUMNS: &str = "id, province_code, cluster_id, template_version_id, title, instructions, \
    period_kind, period_label, period_start, period_end, school_year, audience, status, opens_at, deadline_at, \
    remind_before_hours, is_generated, created_by, created_at, updated_at, published_at, closed_at";

impl ReportRequest {
    pub fn audience(&self) -> Audience {
        serde_json::from_str(&self.audience).unwrap_or_default()
    }

    pub fn is_published(&self) -> bool {
        self.status != "draft"
    }

    /// Whether schools may still submit: published, not closed, and opened.
    pub fn accepts_submissions(&self, now: i64) -> bool {
        self.status == "published" && now >= self.opens_at
    }
}

/// What a sender fills in for a request. Dates are calendar dates `YYYY-MM-DD`,
/// instants Unix milliseconds.
#[derive(Debug, Clone)]
pub struct RequestInput {
    pub template_version_id: i64,
    pub title: String,
    pub instructions: String,
    pub period_kind: String,
    pub period_label: String,
    pub period_start: String,
    pub period_end: String,
    pub audience: Audience,
    pub opens_at: i64,
    pub deadline_at: i64,
    pub remind_before_hours: i64,
}

/// Creates a draft request of the department (`cluster: None`) or a cluster board.
pub async fn create_draft(db: &Db, province: &str, cluster: Option<i64>, school_year: &str, input: &RequestInput, user_id: i64) -> DbResult<i64> {
    let now = now_ms();
    let audience = serde_json::to_string(&input.audience).map_err(|e| DbError::Invalid(e.to_string()))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO report_requests (province_code, cluster_id, template_version_id, title, title_folded, \
         instructions, period_kind, period_label, period_start, period_end, school_year, audience, status, \
         opens_at, deadline_at, remind_before_hours, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'draft', $13, $14, $15, $16, $17, $17) RETURNING id",
    )
    .bind(province.to_owned())
    .bind(cluster)
    .bind(input.template_version_id)
    .bind(input.title.clone())
    .bind(caunoi_core::text::fold(&input.title))
    .bind(input.instructions.clone())
    .bind(input.period_kind.clone())
    .bind(input.period_label.clone())
    .bind(input.period_start.clone())
    .bind(input.period_end.clone())
    .bind(school_year.to_owned())
    .bind(audience)
    .bind(input.opens_at)
    .bind(input.deadline_at)
    .bind(input.remind_before_hours)
    .bind(user_id)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// Replaces the fields of a draft. Fails with [`DbError::Invalid`] once published.
pub async fn update_draft(db: &Db, id: i64, input: &RequestInput) -> DbResult<()> {
    let audience = serde_json::to_string(&input.audience).map_err(|e| DbError::Invalid(e.to_string()))?;
    let changed = sqlx::query(
        "UPDATE report_requests SET template_version_id = $1, title = $2, title_folded = $3, instructions = $4, \
         period_kind = $5, period_label = $6, period_start = $7, period_end = $8, audience = $9, opens_at = $10, \
         deadline_at = $11, remind_before_hours = $12, updated_at = $13 WHERE id = $14 AND status = 'draft'",
    )
    .bind(input.template_version_id)
    .bind(input.title.clone())
    .bind(caunoi_core::text::fold(&input.title))
    .bind(input.instructions.clone())
    .bind(input.period_kind.clone())
    .bind(input.period_label.clone())
    .bind(input.period_start.clone())
    .bind(input.period_end.clone())
    .bind(audience)
    .bind(input.opens_at)
    .bind(input.deadline_at)
    .bind(input.remind_before_hours)
    .bind(now_ms())
    .bind(id)
    .execute(&db.pool)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(DbError::Invalid(format!("report request {id} is not a draft")));
    }
    Ok(())
}

/// A school's district before the 2025 reform, named as the conversion table names it,
/// so that every school of one former district falls in one group: the district of
/// the school's own records when the conversion table contains that name, else the first
/// district the school's commune came from (a misspelt or older name in the school
/// list), else the school's records.
const FORMER_DISTRICT: &str = "COALESCE(\
     (SELECT MIN(x.old_district_name) FROM commune_conversions x WHERE x.old_district_name = s.former_district), \
     (SELECT MIN(x.old_district_name) FROM commune_conversions x WHERE x.new_commune_code = s.commune_code), \
     s.former_district, '')";

/// Publishes a draft: resolves the audience into recipients with their grouping cell,
/// freezes the template version, notifies the receiving schools' leaders and raises the
/// province's live revision, in one transaction. Returns the number of schools.
/// Fails with [`DbError::Invalid`] when the request is not a draft or reaches no school.
pub async fn publish(db: &Db, id: i64, user_id: i64) -> DbResult<u64> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let (province, cluster, school_year, audience, version_id, title): (String, Option<i64>, String, String, i64, String) =
        sqlx::query_as(
            "UPDATE report_requests SET status = 'published', published_at = $1, updated_at = $1 \
             WHERE id = $2 AND status = 'draft' \
             RETURNING province_code, cluster_id, school_year, audience, template_version_id, title",
        )
        .bind(now)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| DbError::Invalid(format!("report request {id} is not a draft")))?;
    let audience: Audience = serde_json::from_str(&audience).unwrap_or_default();
    let scope = AudienceScope { province: &province, school_year: &school_year, cluster };
    let mut insert =
        SqlBuilder::new("INSERT INTO report_recipients (request_id, school_id, cluster_id, commune_code, level, district) SELECT ");
    insert.push_bind(id).push(format!(
        ", s.id, COALESCE(o.cluster_id, cc.cluster_id, 0), COALESCE(s.commune_code, ''), s.level, {FORMER_DISTRICT}",
    ));
    push_from_where(&mut insert, &scope, &audience);
    let recipients = insert.build().execute(&mut *tx).await?.rows_affected();
    if recipients == 0 {
        return Err(DbError::Invalid(format!("the audience of report request {id} selects no school")));
    }
    sqlx::query("UPDATE report_template_versions SET frozen_at = $1 WHERE id = $2 AND frozen_at IS NULL")
        .bind(now)
        .bind(version_id)
        .execute(&mut *tx)
        .await?;

    let params = serde_json::json!({ "title": title }).to_string();
    let notified: Vec<i64> = sqlx::query_scalar(
        "INSERT INTO notifications (user_id, kind, message_id, params, link, created_at) \
         SELECT DISTINCT g.user_id, 'report', 'notify-report-requested', $1, $2, $3 FROM role_grants g \
         JOIN report_recipients r ON r.school_id = g.school_id WHERE r.request_id = $4 AND g.role = 'school_leader' \
         RETURNING id",
    )
    .bind(params)
    .bind(format!("/reports/{id}"))
    .bind(now)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    crate::notifications::queue_emails(&mut tx, &notified).await?;
    super::live::touch(&mut tx, &province, now).await?;
    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(user_id),
            province: Some(&province),
            action: "report_request.publish",
            entity: "report_request",
            entity_id: id.to_string(),
            details: serde_json::json!({ "recipients": recipients, "notified": notified.len() }),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(report_request.id = id, recipients, "report request published");
    Ok(recipients)
}

pub async fn get(db: &Db, id: i64) -> DbResult<ReportRequest> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM report_requests WHERE id = $1")))
        .bind(id)
        .fetch_one(&db.pool)
        .await?)
}

/// Loads what the policy needs about a request, seen from `user_id`; like directive
/// facts, only the recipients where that person has a role are looked up.
pub async fn facts(db: &Db, id: i64, user_id: i64) -> DbResult<ReportFacts> {
    let (province, cluster, status): (String, Option<i64>, String) =
        sqlx::query_as("SELECT province_code, cluster_id, status FROM report_requests WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?;
    let actor_schools: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT r.school_id FROM report_recipients r JOIN role_grants g ON g.school_id = r.school_id \
         WHERE r.request_id = $1 AND g.user_id = $2 ORDER BY r.school_id",
    )
    .bind(id)
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    let recipient_clusters: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT g.cluster_id FROM role_grants g WHERE g.user_id = $2 AND g.cluster_id IS NOT NULL AND EXISTS \
         (SELECT 1 FROM report_recipients r WHERE r.request_id = $1 AND r.cluster_id = g.cluster_id)",
    )
    .bind(id)
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    let recipient_communes: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT g.commune_code FROM role_grants g WHERE g.user_id = $2 AND g.commune_code IS NOT NULL AND EXISTS \
         (SELECT 1 FROM report_recipients r WHERE r.request_id = $1 AND r.commune_code = g.commune_code)",
    )
    .bind(id)
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(ReportFacts { id, province, cluster, published: status != "draft", recipient_clusters, recipient_communes, actor_schools })
}

/// A request in a list, with its template and the number of receiving schools.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct RequestSummary {
    pub id: i64,
    pub province_code: String,
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    pub template_id: i64,
    pub template_name: String,
    pub template_version: i64,
    pub title: String,
    pub period_kind: String,
    pub period_label: String,
    pub status: String,
    pub opens_at: i64,
    pub deadline_at: i64,
    pub published_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub updated_at: i64,
    pub recipients: i64,
}

/// Which requests a list shows.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    pub province: String,
    /// Requests of this cluster's board, and published department requests reaching
    /// its schools. `None`: every request of the province.
    pub cluster: Option<i64>,
    /// `draft`, `published` or `closed`.
    pub status: Option<String>,
    /// `school_year`, `semester`, `month` or `range`.
    pub period_kind: Option<String>,
    /// Words matched as parts of the folded title.
    pub query: Option<String>,
}

fn push_filter(query: &mut SqlBuilder, filter: &RequestFilter, with_status: bool) {
    query.push(" FROM report_requests r JOIN report_template_versions v ON v.id = r.template_version_id \
        JOIN report_templates t ON t.id = v.template_id LEFT JOIN clusters k ON k.id = r.cluster_id WHERE r.province_code = ");
    query.push_bind(filter.province.clone());
    if let Some(cluster) = filter.cluster {
        query.push(" AND (r.cluster_id = ").push_bind(cluster);
        query.push(" OR (r.cluster_id IS NULL AND r.status <> 'draft' AND EXISTS (SELECT 1 FROM report_recipients x \
            WHERE x.request_id = r.id AND x.cluster_id = ");
        query.push_bind(cluster).push(")))");
    }
    if with_status && let Some(status) = &filter.status {
        query.push(" AND r.status = ").push_bind(status.clone());
    }
    if let Some(kind) = &filter.period_kind {
        query.push(" AND r.period_kind = ").push_bind(kind.clone());
    }
    for word in super::templates::search_words(filter.query.as_deref().unwrap_or_default()) {
        query.push(" AND r.title_folded LIKE ").push_bind(format!("%{word}%"));
    }
}

/// Lists one page of requests, the latest deadline first, and the number matching.
pub async fn list(db: &Db, filter: &RequestFilter, page: crate::Page) -> DbResult<(Vec<RequestSummary>, i64)> {
    let mut count = SqlBuilder::new("SELECT COUNT(*)");
    push_filter(&mut count, filter, true);
    let total: i64 = count.build_query_scalar().fetch_one(&db.pool).await?;

    let mut query = SqlBuilder::new(
        "SELECT r.id, r.province_code, r.cluster_id, k.name AS cluster_name, t.id AS template_id, t.name AS template_name, \
         v.version AS template_version, r.title, r.period_kind, r.period_label, r.status, r.opens_at, r.deadline_at, \
         r.published_at, r.closed_at, r.updated_at, \
         (SELECT COUNT(*) FROM report_recipients x WHERE x.request_id = r.id) AS recipients",
    );
    push_filter(&mut query, filter, true);
    query.push(" ORDER BY r.deadline_at DESC, r.id DESC LIMIT ").push_bind(page.size).push(" OFFSET ").push_bind(page.offset());
    let items = query.build_query_as().fetch_all(&db.pool).await?;
    Ok((items, total))
}

/// The number of requests of each status matching the filter, its status aside.
pub async fn count_by_status(db: &Db, filter: &RequestFilter) -> DbResult<Vec<(String, i64)>> {
    let mut query = SqlBuilder::new("SELECT r.status, COUNT(*)");
    push_filter(&mut query, filter, false);
    query.push(" GROUP BY r.status");
    Ok(query.build_query_as().fetch_all(&db.pool).await?)
}

/// Deletes a draft. Fails with [`DbError::Invalid`] once published.
pub async fn delete_draft(db: &Db, id: i64, user_id: i64) -> DbResult<()> {
    let mut tx = db.begin().await?;
    let province: String = sqlx::query_scalar("DELETE FROM report_requests WHERE id = $1 AND status = 'draft' RETURNING province_code")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| DbError::Invalid(format!("report request {id} is not a draft")))?;
    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(user_id),
            province: Some(&province),
            action: "report_request.delete",
            entity: "report_request",
            entity_id: id.to_string(),
            details: serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Closes a published request: schools can no longer submit. Fails with
/// [`DbError::Invalid`] unless it is published.
pub async fn close(db: &Db, id: i64, user_id: i64) -> DbResult<()> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let province: String = sqlx::query_scalar(
        "UPDATE report_requests SET status = 'closed', closed_at = $1, updated_at = $1 WHERE id = $2 AND status = 'published' \
         RETURNING province_code",
    )
    .bind(now)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| DbError::Invalid(format!("report request {id} is not published")))?;
    super::live::touch(&mut tx, &province, now).await?;
    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(user_id),
            province: Some(&province),
            action: "report_request.close",
            entity: "report_request",
            entity_id: id.to_string(),
            details: serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(report_request.id = id, "report request closed");
    Ok(())
}

/// Moves the deadline of a published request later. Reminder steps already sent for
/// the old deadline are forgotten, so reminders follow the new one. Fails with
/// [`DbError::Invalid`] unless the request is published and `deadline_at` is later
/// than the current deadline.
pub async fn extend(db: &Db, id: i64, deadline_at: i64, user_id: i64) -> DbResult<()> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let (province, previous): (String, i64) = sqlx::query_as(
        "SELECT province_code, deadline_at FROM report_requests WHERE id = $1 AND status = 'published'",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| DbError::Invalid(format!("report request {id} is not published")))?;
    if deadline_at <= previous {
        return Err(DbError::Invalid(format!("the new deadline of report request {id} is not later than the current one")));
    }
    sqlx::query("UPDATE report_requests SET deadline_at = $1, updated_at = $2 WHERE id = $3")
        .bind(deadline_at)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM report_reminders WHERE request_id = $1").bind(id).execute(&mut *tx).await?;
    super::live::touch(&mut tx, &province, now).await?;
    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(user_id),
            province: Some(&province),
            action: "report_request.extend",
            entity: "report_request",
            entity_id: id.to_string(),
            details: serde_json::json!({ "previous_deadline": previous, "deadline": deadline_at }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The number of receiving schools per cluster of a published request, as
/// `(cluster id or 0, schools)`.
pub async fn recipients_by_cluster(db: &Db, id: i64) -> DbResult<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT cluster_id, COUNT(*) FROM report_recipients WHERE request_id = $1 GROUP BY cluster_id ORDER BY cluster_id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}
