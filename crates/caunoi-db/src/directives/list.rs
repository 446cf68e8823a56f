//! The sender's side in lists: directives with full-text search, their recipient
//! counts, and the schools a form names by code, id or name.

use caunoi_core::directive::{DirectiveKind, DirectiveStatus};
use serde::Serialize;
use sqlx::FromRow;

use crate::sql::SqlBuilder;
use crate::{Db, DbResult, Page, SearchTable};

/// Which directives a sender's list shows.
#[derive(Debug, Clone, Default)]
pub struct DirectiveFilter {
    pub province: String,
    /// `None`: every directive of the province, the department's view. Otherwise only
    /// those sent by these clusters' boards; an empty list selects nothing.
    pub clusters: Option<Vec<i64>>,
    pub status: Option<DirectiveStatus>,
    pub kind: Option<DirectiveKind>,
    /// Search box text, matched word by word against number, title, summary and
    /// attachment names, ignoring tone marks.
    pub query: Option<String>,
}

/// One directive in the sender's list, with its recipient counts.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct DirectiveSummary {
    pub id: i64,
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    pub status: String,
    pub version: i64,
    pub kind: String,
    pub number_symbol: String,
    pub issuing_body: String,
    pub issued_on: Option<String>,
    pub title: String,
    pub ack_deadline: Option<i64>,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub withdrawn_at: Option<i64>,
    /// Number of receiving schools; 0 for drafts.
    pub recipients: i64,
    /// Receiving schools that acknowledged the current version.
    pub acknowledged: i64,
}

/// Appends the conditions of `filter` except its status, so that the status tabs can
/// count each status under the same search.
fn push_scope(query: &mut SqlBuilder, db: &Db, filter: &DirectiveFilter) {
    query.push(" WHERE d.province_code = ").push_bind(filter.province.clone());
    match &filter.clusters {
        None => {}
        Some(clusters) if clusters.is_empty() => {
            query.push(" AND 1 = 0");
        }
        Some(clusters) => {
            query.push(" AND d.cluster_id IN (");
            let mut list = query.separated(", ");
            for cluster in clusters {
                list.push_bind(*cluster);
            }
            query.push(")");
        }
    }
    if let Some(kind) = filter.kind {
        query.push(" AND d.kind = ").push_bind(kind.as_str());
    }
    if let Some(text) = filter.query.as_deref() {
        db.dialect.push_text_match(query, SearchTable::Directives, "d", text);
    }
}

/// Lists one page of directives, drafts by last change and the others by publication,
/// newest first, with the total count.
pub async fn list(db: &Db, filter: &DirectiveFilter, page: Page) -> DbResult<(Vec<DirectiveSummary>, i64)> {
    let mut count = SqlBuilder::new("SELECT COUNT(*) FROM directives d");
    push_scope(&mut count, db, filter);
    if let Some(status) = filter.status {
        count.push(" AND d.status = ").push_bind(status.as_str());
    }
    let total: i64 = count.build_query_scalar().fetch_one(&db.pool).await?;

    let mut query = SqlBuilder::new(
        "SELECT d.id, d.cluster_id, k.name AS cluster_name, d.status, CAST(d.version AS BIGINT) AS version, d.kind, \
         d.number_symbol, d.issuing_body, d.issued_on, d.title, d.ack_deadline, d.updated_at, d.published_at, \
         d.withdrawn_at, \
         (SELECT COUNT(*) FROM directive_recipients r WHERE r.directive_id = d.id) AS recipients, \
         (SELECT COUNT(*) FROM directive_recipients r WHERE r.directive_id = d.id \
            AND r.acknowledged_at IS NOT NULL) AS acknowledged \
         FROM directives d LEFT JOIN clusters k ON k.id = d.cluster_id",
    );
    push_scope(&mut query, db, filter);
    if let Some(status) = filter.status {
        query.push(" AND d.status = ").push_bind(status.as_str());
    }
    query.push(" ORDER BY COALESCE(d.published_at, d.updated_at) DESC, d.id DESC");
    page.push_limit(&mut query);
    let items = query.build_query_as().fetch_all(&db.pool).await?;
    Ok((items, total))
}

/// Counts the directives of each status that the filter, status aside, selects.
pub async fn count_by_status(db: &Db, filter: &DirectiveFilter) -> DbResult<Vec<(String, i64)>> {
    let mut query = SqlBuilder::new("SELECT d.status, COUNT(*) FROM directives d");
    push_scope(&mut query, db, filter);
    query.push(" GROUP BY d.status");
    Ok(query.build_query_as().fetch_all(&db.pool).await?)
}

/// A school as a directive form names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct NamedSchool {
    pub id: i64,
    pub name: String,
    pub name_folded: String,
    pub moet_code: Option<String>,
}

/// Finds a province's schools by id, MOET code or folded name, for the named schools
/// of an audience. Returns every school matching any of the keys; the caller decides
/// what each key meant.
pub async fn find_schools(
    db: &Db,
    province: &str,
    ids: &[i64],
    moet_codes: &[String],
    folded_names: &[String],
) -> DbResult<Vec<NamedSchool>> {
    if ids.is_empty() && moet_codes.is_empty() && folded_names.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = SqlBuilder::new("SELECT s.id, s.name, s.name_folded, s.moet_code FROM schools s WHERE s.province_code = ");
    query.push_bind(province.to_owned()).push(" AND (1 = 0");
    if !ids.is_empty() {
        query.push(" OR s.id IN (");
        let mut list = query.separated(", ");
        for id in ids {
            list.push_bind(*id);
        }
        query.push(")");
    }
    if !moet_codes.is_empty() {
        query.push(" OR s.moet_code IN (");
        let mut list = query.separated(", ");
        for code in moet_codes {
            list.push_bind(code.clone());
        }
        query.push(")");
    }
    if !folded_names.is_empty() {
        query.push(" OR s.name_folded IN (");
        let mut list = query.separated(", ");
        for name in folded_names {
            list.push_bind(name.clone());
        }
        query.push(")");
    }
    query.push(") ORDER BY s.name_folded, s.id");
    Ok(query.build_query_as().fetch_all(&db.pool).await?)
}

/// Lists the names of a directive's attached files, which its search text includes.
pub async fn attachment_names(db: &Db, directive_id: i64) -> DbResult<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT file_name FROM attachments WHERE owner_kind = 'directive' AND owner_id = $1 ORDER BY id")
        .bind(directive_id)
        .fetch_all(&db.pool)
        .await?)
}

/// How many schools received a directive, read its current version and acknowledged it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, FromRow)]
pub struct RecipientCounts {
    pub recipients: i64,
    pub read: i64,
    pub acknowledged: i64,
}

/// Counts the receiving schools of a directive by their state.
pub async fn recipient_counts(db: &Db, directive_id: i64) -> DbResult<RecipientCounts> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*) AS recipients, \
         COALESCE(SUM(CASE WHEN read_at IS NOT NULL OR acknowledged_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS read, \
         COALESCE(SUM(CASE WHEN acknowledged_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS acknowledged \
         FROM directive_recipients WHERE directive_id = $1",
    )
    .bind(directive_id)
    .fetch_one(&db.pool)
    .await?)
}
