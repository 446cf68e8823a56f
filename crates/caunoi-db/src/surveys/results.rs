//! The surveys of a province or cluster as cells for grouped results: each survey's
//! activity, presenters, subjects, cluster and date, its respondents, and its pooled
//! ratings. The grouping and the small-group rule are in
//! `caunoi_core::survey::suppression`; ratings are loaded only for publishable surveys.

use std::collections::HashMap;

use caunoi_core::survey::suppression::{Tally, is_publishable};
use sqlx::FromRow;

use crate::{Db, DbResult};

/// One survey with what grouping needs.
#[derive(Debug, Clone)]
pub struct SurveyCell {
    pub survey_id: i64,
    pub activity_id: i64,
    pub title: String,
    /// Presenters' names, one per element.
    pub presenters: Vec<String>,
    /// Subject names.
    pub subjects: Vec<String>,
    /// The organising cluster; `None` for the department's and schools' activities.
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    pub starts_at: i64,
    pub respondents: i64,
    pub closed: bool,
    /// Pooled ratings of every rating question; empty unless publishable.
    pub tally: Tally,
}

#[derive(Debug, FromRow)]
struct CellRow {
    survey_id: i64,
    activity_id: i64,
    title: String,
    presenters: String,
    subjects: String,
    cluster_id: Option<i64>,
    cluster_name: Option<String>,
    starts_at: i64,
    closes_at: i64,
    respondents: i64,
}

/// Lists the surveys of published activities of a province, or of one cluster's
/// activities when `cluster` is given, oldest activity first.
pub async fn cells(db: &Db, province: &str, cluster: Option<i64>, now: i64) -> DbResult<Vec<SurveyCell>> {
    let rows: Vec<CellRow> = sqlx::query_as(
        "SELECT s.id AS survey_id, a.id AS activity_id, a.title, a.presenters, a.subjects, a.cluster_id, \
         c.name AS cluster_name, a.starts_at, s.closes_at, \
         (SELECT COUNT(*) FROM survey_respondents r WHERE r.survey_id = s.id) AS respondents \
         FROM surveys s JOIN activities a ON a.id = s.activity_id LEFT JOIN clusters c ON c.id = a.cluster_id \
         WHERE a.province_code = $1 AND a.status = 'published' AND ($2 < 0 OR a.cluster_id = $2) \
         ORDER BY a.starts_at, s.id",
    )
    .bind(province.to_owned())
    .bind(cluster.unwrap_or(-1))
    .fetch_all(&db.pool)
    .await?;

    let publishable: Vec<i64> =
        rows.iter().filter(|row| is_publishable(row.respondents, row.closes_at <= now)).map(|row| row.survey_id).collect();
    let tallies = tallies(db, &publishable).await?;

    Ok(rows
        .into_iter()
        .map(|row| SurveyCell {
            tally: tallies.get(&row.survey_id).copied().unwrap_or_default(),
            survey_id: row.survey_id,
            activity_id: row.activity_id,
            title: row.title,
            presenters: row.presenters.lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_owned).collect(),
            subjects: serde_json::from_str(&row.subjects).unwrap_or_default(),
            cluster_id: row.cluster_id,
            cluster_name: row.cluster_name,
            starts_at: row.starts_at,
            respondents: row.respondents,
            closed: row.closes_at <= now,
        })
        .collect())
}

/// Pools the ratings of each survey in `survey_ids`, in chunks of ids.
async fn tallies(db: &Db, survey_ids: &[i64]) -> DbResult<HashMap<i64, Tally>> {
    let mut tallies: HashMap<i64, Tally> = HashMap::new();
    for chunk in survey_ids.chunks(500) {
        let mut query = crate::sql::SqlBuilder::new(
            "SELECT survey_id, rating, COUNT(*) FROM survey_answers WHERE rating IS NOT NULL AND survey_id IN (",
        );
        let mut ids = query.separated(", ");
        for id in chunk {
            ids.push_bind(*id);
        }
        query.push(") GROUP BY survey_id, rating");
        let counts: Vec<(i64, i64, i64)> = query.build_query_as().fetch_all(&db.pool).await?;
        for (survey_id, rating, count) in counts {
            tallies.entry(survey_id).or_default().add_point(rating, count);
        }
    }
    Ok(tallies)
}
