//! Lists of requests for a school, a cluster board or the department: oldest first, so
//! the longest wait heads the list, with filters and counts per category.

use caunoi_core::policy::RequestLevel;
use caunoi_core::request_status::RequestStatus;
use serde::Serialize;
use sqlx::FromRow;

use crate::sql::SqlBuilder;
use crate::{Db, DbResult, Page, SearchTable, like_contains};

/// Filter of a request list. The scope (province, and a cluster or a school) comes
/// from the caller's permission, and the rest from the filters on the page.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    pub province: String,
    /// Requests sent to this cluster's board, at either level.
    pub cluster_id: Option<i64>,
    pub school_id: Option<i64>,
    /// Any of these statuses; every status when empty.
    pub statuses: Vec<RequestStatus>,
    pub category: Option<String>,
    pub level: Option<RequestLevel>,
    /// Folded words matched inside the school's name.
    pub school_query: Option<String>,
    /// Words searched in the title, body, category and school, ignoring tone marks.
    pub text: Option<String>,
}

/// One row of a request list.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct RequestItem {
    pub id: i64,
    pub school_id: i64,
    pub school_name: String,
    pub school_is_generated: i64,
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    pub category: String,
    pub title: String,
    pub status: String,
    pub handler_level: String,
    pub owner_name: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub first_answer_due: i64,
    pub first_answered_at: Option<i64>,
    pub message_count: i64,
}

impl RequestItem {
    pub fn is_overdue(&self, now: i64) -> bool {
        super::is_overdue(self.first_answered_at, &self.status, self.first_answer_due, now)
    }
}

const FROM: &str = " FROM requests r JOIN schools s ON s.id = r.school_id LEFT JOIN clusters k ON k.id = r.cluster_id \
    LEFT JOIN users o ON o.id = r.owner_id";

/// Appends the conditions of a filter; `with_category` is false for the counts per
/// category, which show every category of the other filters.
fn push_filter(db: &Db, query: &mut SqlBuilder, filter: &RequestFilter, with_category: bool) {
    query.push(" WHERE r.province_code = ").push_bind(filter.province.clone());
    if let Some(cluster) = filter.cluster_id {
        query.push(" AND r.cluster_id = ").push_bind(cluster);
    }
    if let Some(school) = filter.school_id {
        query.push(" AND r.school_id = ").push_bind(school);
    }
    if !filter.statuses.is_empty() {
        query.push(" AND r.status IN (");
        let mut list = query.separated(", ");
        for status in &filter.statuses {
            list.push_bind(status.as_str());
        }
        query.push(")");
    }
    if let (true, Some(category)) = (with_category, &filter.category) {
        query.push(" AND r.category = ").push_bind(category.clone());
    }
    if let Some(level) = filter.level {
        query.push(" AND r.handler_level = ").push_bind(level.as_str());
    }
    if let Some(words) = filter.school_query.as_deref() {
        for word in crate::search_terms(words) {
            query.push(" AND s.name_folded LIKE ").push_bind(like_contains(&word)).push(" ESCAPE '\\'");
        }
    }
    if let Some(text) = filter.text.as_deref() {
        db.dialect.push_text_match(query, SearchTable::Requests, "r", text);
    }
}

/// Lists one page of requests, oldest first, with the total count.
pub async fn list(db: &Db, filter: &RequestFilter, page: Page) -> DbResult<(Vec<RequestItem>, i64)> {
    let mut count = SqlBuilder::new("SELECT COUNT(*)");
    count.push(FROM);
    push_filter(db, &mut count, filter, true);
    let total: i64 = count.build_query_scalar().fetch_one(&db.pool).await?;

    let mut query = SqlBuilder::new(
        "SELECT r.id, r.school_id, s.name AS school_name, s.is_generated AS school_is_generated, r.cluster_id, \
         k.name AS cluster_name, r.category, r.title, r.status, r.handler_level, o.full_name AS owner_name, \
         r.created_at, r.updated_at, r.first_answer_due, r.first_answered_at, \
         (SELECT COUNT(*) FROM request_messages m WHERE m.request_id = r.id) AS message_count",
    );
    query.push(FROM);
    push_filter(db, &mut query, filter, true);
    query.push(" ORDER BY r.created_at, r.id");
    page.push_limit(&mut query);
    let items = query.build_query_as().fetch_all(&db.pool).await?;
    Ok((items, total))
}

/// Counts the requests of a filter per category, ignoring its category.
pub async fn count_by_category(db: &Db, filter: &RequestFilter) -> DbResult<Vec<(String, i64)>> {
    let mut query = SqlBuilder::new("SELECT r.category, COUNT(*)");
    query.push(FROM);
    push_filter(db, &mut query, filter, false);
    query.push(" GROUP BY r.category ORDER BY r.category");
    Ok(query.build_query_as().fetch_all(&db.pool).await?)
}
