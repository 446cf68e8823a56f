//! Answers to frequent questions, which the department publishes for every school of
//! its province, from a request or on their own.

use serde::Serialize;
use sqlx::FromRow;
use tracing::info;

use crate::audit::{self, AuditEntry};
use crate::sql::SqlBuilder;
use crate::{Db, DbResult, Page, like_contains, now_ms};

#[derive(Debug, Clone, Serialize, FromRow)]
pub struct PublishedAnswer {
    pub id: i64,
    pub province_code: String,
    /// The request the answer came from, if any.
    pub request_id: Option<i64>,
    pub category: String,
    pub question: String,
    pub answer: String,
    pub published_by: i64,
    pub published_by_name: String,
    pub published_at: i64,
}

/// An answer to publish, already parsed and normalised by the caller.
#[derive(Debug, Clone)]
pub struct NewAnswer {
    pub province: String,
    pub request_id: Option<i64>,
    pub category: super::RequestCategory,
    /// The category's Vietnamese label, indexed for search.
    pub category_label: String,
    pub question: String,
    pub answer: String,
    pub published_by: i64,
}

/// Publishes an answer for every school of a province.
pub async fn publish_answer(db: &Db, new: &NewAnswer) -> DbResult<i64> {
    let search_text = crate::search_text(&[&new.question, &new.answer, &new.category_label]);
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO published_answers (province_code, request_id, category, question, answer, search_text, \
         published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&new.province)
    .bind(new.request_id)
    .bind(new.category.as_str())
    .bind(&new.question)
    .bind(&new.answer)
    .bind(search_text)
    .bind(new.published_by)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    let entry = AuditEntry {
        user_id: Some(new.published_by),
        province: Some(&new.province),
        action: "requests.publish_answer",
        entity: "published_answer",
        entity_id: id.to_string(),
        details: serde_json::json!({ "request_id": new.request_id, "category": new.category.as_str() }),
    };
    audit::record(&mut *tx, &entry).await?;
    tx.commit().await?;

    info!(answer.id = id, request.id = new.request_id, "answer {id} published");
    Ok(id)
}

/// Filter of a list of published answers.
#[derive(Debug, Clone, Default)]
pub struct AnswerFilter {
    pub province: String,
    pub category: Option<String>,
    /// Words that must all occur in the question, answer or category, ignoring tone
    /// marks and case.
    pub text: Option<String>,
}

const SELECT_ANSWER: &str = "SELECT a.id, a.province_code, a.request_id, a.category, a.question, a.answer, \
    a.published_by, u.full_name AS published_by_name, a.published_at \
    FROM published_answers a JOIN users u ON u.id = a.published_by";

fn push_filter(query: &mut SqlBuilder, filter: &AnswerFilter) {
    query.push(" WHERE a.province_code = ").push_bind(filter.province.clone());
    if let Some(category) = &filter.category {
        query.push(" AND a.category = ").push_bind(category.clone());
    }
    // NOTE: published answers have no full-text index. A province is expected to publish
    // a few hundred at most (an estimate), so a LIKE scan over the folded text suffices.
    if let Some(text) = filter.text.as_deref() {
        for word in crate::search_terms(text) {
            query.push(" AND a.search_text LIKE ").push_bind(like_contains(&word)).push(" ESCAPE '\\'");
        }
    }
}

/// Lists one page of a province's published answers, newest first, with the total.
pub async fn list_answers(db: &Db, filter: &AnswerFilter, page: Page) -> DbResult<(Vec<PublishedAnswer>, i64)> {
    let mut count = SqlBuilder::new("SELECT COUNT(*) FROM published_answers a");
    push_filter(&mut count, filter);
    let total: i64 = count.build_query_scalar().fetch_one(&db.pool).await?;

    let mut query = SqlBuilder::new(SELECT_ANSWER);
    push_filter(&mut query, filter);
    query.push(" ORDER BY a.published_at DESC, a.id DESC");
    page.push_limit(&mut query);
    let items = query.build_query_as().fetch_all(&db.pool).await?;
    Ok((items, total))
}

pub async fn get_answer(db: &Db, id: i64) -> DbResult<PublishedAnswer> {
    let sql = format!("{SELECT_ANSWER} WHERE a.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}
