//! Directives: drafts, publication to a resolved audience of schools, and what the
//! policy needs to know about each.

pub mod amend;
pub mod audience;
pub mod inbox;
pub mod list;
pub mod publish;
pub mod reminders;
pub mod tracking;

use caunoi_core::directive::{Audience, DirectiveKind, DirectiveStatus};
use caunoi_core::policy::DirectiveFacts;
use serde::Serialize;
use sqlx::FromRow;

use crate::audit::{self, AuditEntry};
use crate::sql::SqlBuilder;
use crate::{Db, DbError, DbResult, now_ms, search_text};

pub use audience::{AudienceScope, ResolvedSchool, resolve_audience};
pub use publish::{PublishSummary, publish};

/// The content a sender writes, the same for a new draft, an edit and an amendment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveInput {
    pub kind: DirectiveKind,
    pub number_symbol: String,
    pub issuing_body: String,
    pub signer: String,
    /// Issue date as printed, `YYYY-MM-DD`.
    pub issued_on: Option<chrono::NaiveDate>,
    pub title: String,
    pub summary: String,
    pub body: String,
    /// Unix ms UTC.
    pub ack_deadline: Option<i64>,
    /// Minutes before the deadline when the first reminder goes out.
    pub remind_before_min: i64,
    pub audience: Audience,
}

/// A directive as stored, with its current version.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Directive {
    pub id: i64,
    pub province_code: String,
    pub cluster_id: Option<i64>,
    pub status: String,
    pub version: i64,
    pub kind: String,
    pub number_symbol: String,
    pub issuing_body: String,
    pub signer: String,
    pub issued_on: Option<String>,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub ack_deadline: Option<i64>,
    pub remind_before_min: i64,
    /// JSON of [`Audience`]; read it with [`Directive::audience`].
    pub audience: String,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub withdrawn_at: Option<i64>,
    pub withdraw_reason: Option<String>,
    /// 1 for the demo's invented directives.
    pub is_generated: i64,
}

impl Directive {
    pub fn audience(&self) -> Audience {
        serde_json::from_str(&self.audience).unwrap_or_default()
    }

    pub fn status(&self) -> DirectiveStatus {
        DirectiveStatus::parse(&self.status).unwrap_or(DirectiveStatus::Draft)
    }

    pub fn kind(&self) -> Option<DirectiveKind> {
        DirectiveKind::parse(&self.kind)
    }
}

const COLUMNS: &str = "id, province_code, cluster_id, status, version, kind, number_symbol, issuing_body, \
     signer, issued_on, title, summary, body, ack_deadline, remind_before_min, audience, created_by, \
     created_at, updated_at, published_at, withdrawn_at, withdraw_reason, is_generated";

/// Folded text the full-text index searches: number, title, summary and the names of
/// the attached files.
pub fn directive_search_text(input: &DirectiveInput, file_names: &[String]) -> String {
    let mut parts = vec![input.number_symbol.as_str(), input.title.as_str(), input.summary.as_str()];
    parts.extend(file_names.iter().map(String::as_str));
    search_text(&parts)
}

fn audience_json(audience: &Audience) -> String {
    serde_json::to_string(audience).expect("an audience always serialises")
}

/// Saves a new draft of the department (`cluster: None`) or a cluster board.
pub async fn create_draft(
    db: &Db,
    province: &str,
    cluster: Option<i64>,
    input: &DirectiveInput,
    user_id: i64,
) -> DbResult<i64> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO directives (province_code, cluster_id, status, version, kind, number_symbol, issuing_body, \
         signer, issued_on, title, summary, body, ack_deadline, remind_before_min, audience, search_text, \
         created_by, created_at, updated_at) \
         VALUES ($1, $2, 'draft', 0, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
    )
    .bind(province)
    .bind(cluster)
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
    .bind(audience_json(&input.audience))
    .bind(directive_search_text(input, &[]))
    .bind(user_id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;

    audit::record(
        &mut *tx,
        &AuditEntry {
            user_id: Some(user_id),
            province: Some(province),
            action: "directive.create",
            entity: "directive",
            entity_id: id.to_string(),
            details: serde_json::json!({ "cluster": cluster }),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(directive.id = id, "directive draft created");
    Ok(id)
}

/// Replaces the content of a draft. A published directive changes only by amendment.
pub async fn update_draft(db: &Db, id: i64, input: &DirectiveInput, file_names: &[String]) -> DbResult<()> {
    let result = sqlx::query(
        "UPDATE directives SET kind = $1, number_symbol = $2, issuing_body = $3, signer = $4, issued_on = $5, \
         title = $6, summary = $7, body = $8, ack_deadline = $9, remind_before_min = $10, audience = $11, \
         search_text = $12, updated_at = $13 WHERE id = $14 AND status = 'draft'",
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
    .bind(audience_json(&input.audience))
    .bind(directive_search_text(input, file_names))
    .bind(now_ms())
    .bind(id)
    .execute(&db.pool)
    .await?;
    if result.rows_affected() == 0 {
        return Err(DbError::Invalid(format!("directive {id} is not a draft")));
    }
    Ok(())
}

/// Lists the receiving schools of a directive with the cluster each had at
/// publication, as `(school, cluster)` pairs.
pub async fn recipient_schools(db: &Db, id: i64) -> DbResult<Vec<(i64, Option<i64>)>> {
    Ok(sqlx::query_as("SELECT school_id, cluster_id FROM directive_recipients WHERE directive_id = $1 ORDER BY school_id")
        .bind(id)
        .fetch_all(&db.pool)
        .await?)
}

/// Marks a directive as invented for the demo, so screens show the demo badge.
pub async fn mark_generated(db: &Db, id: i64) -> DbResult<()> {
    sqlx::query("UPDATE directives SET is_generated = 1 WHERE id = $1").bind(id).execute(&db.pool).await?;
    Ok(())
}

pub async fn get(db: &Db, id: i64) -> DbResult<Directive> {
    let mut query = SqlBuilder::new(format!("SELECT {COLUMNS} FROM directives WHERE id = "));
    query.push_bind(id);
    Ok(query.build_query_as().fetch_one(&db.pool).await?)
}

/// Loads what the policy needs about a directive, seen from `user_id`. Only the
/// receiving schools, clusters and communes where that person has a role are looked
/// up, so the cost does not grow with the audience.
pub async fn facts(db: &Db, id: i64, user_id: i64) -> DbResult<DirectiveFacts> {
    let (province, cluster, status, audience): (String, Option<i64>, String, String) =
        sqlx::query_as("SELECT province_code, cluster_id, status, audience FROM directives WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?;

    let actor_schools: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT r.school_id FROM directive_recipients r \
         JOIN role_grants g ON g.school_id = r.school_id \
         WHERE r.directive_id = $1 AND g.user_id = $2 ORDER BY r.school_id",
    )
    .bind(id)
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    let recipient_clusters: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT g.cluster_id FROM role_grants g \
         WHERE g.user_id = $2 AND g.cluster_id IS NOT NULL AND EXISTS \
         (SELECT 1 FROM directive_recipients r WHERE r.directive_id = $1 AND r.cluster_id = g.cluster_id)",
    )
    .bind(id)
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    let recipient_communes: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT g.commune_code FROM role_grants g \
         WHERE g.user_id = $2 AND g.commune_code IS NOT NULL AND EXISTS \
         (SELECT 1 FROM directive_recipients r WHERE r.directive_id = $1 AND r.commune_code = g.commune_code)",
    )
    .bind(id)
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;

    let forwarded: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM directive_forwards WHERE directive_id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?;

    let status = DirectiveStatus::parse(&status).unwrap_or(DirectiveStatus::Draft);
    let audience: Audience = serde_json::from_str(&audience).unwrap_or_default();
    Ok(DirectiveFacts {
        id,
        province,
        cluster,
        published: status != DirectiveStatus::Draft,
        withdrawn: status == DirectiveStatus::Withdrawn,
        recipient_clusters,
        recipient_communes,
        roles: audience.school_roles(),
        actor_schools,
        forwarded_to_actor: forwarded.is_some(),
    })
}
