//! How complete a request is: counts of schools per standing (not started, draft, on
//! time, late, returned, accepted) overall, per cluster and per commune, and the list
//! of schools with their standing.
//!
//! The counts come from one grouped query over the recipients left-joined to their
//! submissions; punctuality is decided in SQL on the first submission, so the query
//! returns a few rows per grouping cell whatever the number of schools.

use caunoi_core::policy::StaffVisibility;
use caunoi_core::report::{Completeness, SubmissionStatus};
use serde::Serialize;
use sqlx::FromRow;

use crate::sql::SqlBuilder;
use crate::{Db, DbResult, Page};

/// Number of schools per standing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub not_started: i64,
    pub draft: i64,
    pub on_time: i64,
    pub late: i64,
    pub returned: i64,
    pub accepted: i64,
}

impl Counts {
    pub fn get(&self, completeness: Completeness) -> i64 {
        match completeness {
            Completeness::NotStarted => self.not_started,
            Completeness::Draft => self.draft,
            Completeness::OnTime => self.on_time,
            Completeness::Late => self.late,
            Completeness::Returned => self.returned,
            Completeness::Accepted => self.accepted,
        }
    }

    fn add(&mut self, completeness: Completeness, count: i64) {
        let slot = match completeness {
            Completeness::NotStarted => &mut self.not_started,
            Completeness::Draft => &mut self.draft,
            Completeness::OnTime => &mut self.on_time,
            Completeness::Late => &mut self.late,
            Completeness::Returned => &mut self.returned,
            Completeness::Accepted => &mut self.accepted,
        };
        *slot += count;
    }

    pub fn total(&self) -> i64 {
        self.not_started + self.draft + self.on_time + self.late + self.returned + self.accepted
    }

    /// Schools whose report was sent and not returned: on time, late or accepted.
    pub fn submitted(&self) -> i64 {
        self.on_time + self.late + self.accepted
    }
}

/// The counts of one cluster or commune. `key` is the cluster id (`0` for schools in
/// no cluster) or the commune code (empty for none).
#[derive(Debug, Clone, Serialize)]
pub struct GroupCounts {
    pub key: String,
    pub name: String,
    pub counts: Counts,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Overview {
    pub overall: Counts,
    pub clusters: Vec<GroupCounts>,
    pub communes: Vec<GroupCounts>,
}

/// The first instant that is late for a deadline: the minute after it.
pub fn late_from(deadline_at: i64) -> i64 {
    deadline_at.div_euclid(60_000) * 60_000 + 60_000
}

/// Limits recipients `r` to what a visibility allows. Nothing when it is empty.
pub(crate) fn push_visibility(query: &mut SqlBuilder, visibility: &StaffVisibility) {
    if visibility.whole_province {
        return;
    }
    query.push(" AND (1 = 0");
    for cluster in &visibility.clusters {
        query.push(" OR r.cluster_id = ").push_bind(*cluster);
    }
    for commune in &visibility.communes {
        query.push(" OR r.commune_code = ").push_bind(commune.clone());
    }
    for school in &visibility.schools {
        query.push(" OR r.school_id = ").push_bind(*school);
    }
    query.push(")");
}

/// Whether a visibility covers one school of a request.
pub fn visible(visibility: &StaffVisibility, cluster_id: i64, commune_code: &str, school_id: i64) -> bool {
    visibility.whole_province
        || visibility.clusters.contains(&cluster_id)
        || visibility.communes.iter().any(|c| c == commune_code)
        || visibility.schools.contains(&school_id)
}

#[derive(Debug, FromRow)]
struct CellRow {
    cluster_id: i64,
    cluster_name: Option<String>,
    commune_code: String,
    commune_name: Option<String>,
    status: Option<String>,
    late: i64,
    schools: i64,
}

fn classify(status: Option<&str>, late: bool) -> Completeness {
    let status = status.and_then(SubmissionStatus::parse);
    // Completeness::of decides on the first submission; give it an instant on the
    // right side of the deadline.
    Completeness::of(status, Some(if late { 60_000 } else { 0 }), 0)
}

/// Counts a request's schools, narrowed to a visibility.
pub async fn overview(db: &Db, request_id: i64, deadline_at: i64, visibility: &StaffVisibility) -> DbResult<Overview> {
    let mut query = SqlBuilder::new(
        "SELECT r.cluster_id, c.name AS cluster_name, r.commune_code, m.name AS commune_name, s.status, \
         CASE WHEN s.first_submitted_at IS NOT NULL AND s.first_submitted_at >= ",
    );
    query
        .push_bind(late_from(deadline_at))
        .push(
            " THEN 1 ELSE 0 END AS late, COUNT(*) AS schools FROM report_recipients r \
             LEFT JOIN report_submissions s ON s.request_id = r.request_id AND s.school_id = r.school_id \
             LEFT JOIN clusters c ON c.id = r.cluster_id LEFT JOIN communes m ON m.code = r.commune_code \
             WHERE r.request_id = ",
        )
        .push_bind(request_id);
    push_visibility(&mut query, visibility);
    query.push(" GROUP BY r.cluster_id, c.name, r.commune_code, m.name, s.status, late");
    let rows: Vec<CellRow> = query.build_query_as().fetch_all(&db.pool).await?;

    let mut overview = Overview::default();
    let mut clusters: std::collections::BTreeMap<i64, GroupCounts> = Default::default();
    let mut communes: std::collections::BTreeMap<String, GroupCounts> = Default::default();
    for row in rows {
        let standing = classify(row.status.as_deref(), row.late == 1);
        overview.overall.add(standing, row.schools);
        clusters
            .entry(row.cluster_id)
            .or_insert_with(|| GroupCounts {
                key: row.cluster_id.to_string(),
                name: row.cluster_name.clone().unwrap_or_default(),
                counts: Counts::default(),
            })
            .counts
            .add(standing, row.schools);
        communes
            .entry(row.commune_code.clone())
            .or_insert_with(|| GroupCounts {
                key: row.commune_code.clone(),
                name: row.commune_name.clone().unwrap_or_default(),
                counts: Counts::default(),
            })
            .counts
            .add(standing, row.schools);
    }
    overview.clusters = clusters.into_values().collect();
    // Vietnamese order with numbers by value: Cụm 2 before Cụm 10; schools without a cluster last.
    overview.clusters.sort_by_cached_key(|group| (group.key == "0", caunoi_core::text::collate::sort_key(&group.name)));
    overview.communes = communes.into_values().collect();
    overview.communes.sort_by(|a, b| caunoi_core::text::fold(&a.name).cmp(&caunoi_core::text::fold(&b.name)));
    Ok(overview)
}

/// Filters of the school list.
#[derive(Debug, Clone, Default)]
pub struct SchoolFilter {
    pub standing: Option<Completeness>,
    pub cluster: Option<i64>,
    pub commune: Option<String>,
    /// Words of the school's name, matched without tone marks.
    pub text: Option<String>,
}

/// One school of a request with its standing.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct SchoolStanding {
    pub school_id: i64,
    pub school_name: String,
    pub level: String,
    pub cluster_id: i64,
    pub cluster_name: Option<String>,
    pub commune_code: String,
    pub commune_name: Option<String>,
    pub status: Option<String>,
    pub first_submitted_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub revision: Option<i64>,
    pub has_scan: i64,
}

impl SchoolStanding {
    pub fn completeness(&self, deadline_at: i64) -> Completeness {
        Completeness::of(self.status.as_deref().and_then(SubmissionStatus::parse), self.first_submitted_at, deadline_at)
    }
}

fn push_filter(query: &mut SqlBuilder, request_id: i64, deadline_at: i64, visibility: &StaffVisibility, filter: &SchoolFilter) {
    query.push(" WHERE r.request_id = ").push_bind(request_id);
    push_visibility(query, visibility);
    if let Some(cluster) = filter.cluster {
        query.push(" AND r.cluster_id = ").push_bind(cluster);
    }
    if let Some(commune) = &filter.commune {
        query.push(" AND r.commune_code = ").push_bind(commune.clone());
    }
    if let Some(text) = &filter.text {
        for word in crate::search_terms(text) {
            query.push(" AND sc.name_folded LIKE ").push_bind(format!("%{word}%"));
        }
    }
    match filter.standing {
        None => {}
        Some(Completeness::NotStarted) => {
            query.push(" AND s.id IS NULL");
        }
        Some(Completeness::Draft) => {
            query.push(" AND s.status = 'draft'");
        }
        Some(Completeness::Returned) => {
            query.push(" AND s.status = 'returned'");
        }
        Some(Completeness::Accepted) => {
            query.push(" AND s.status = 'accepted'");
        }
        Some(Completeness::OnTime) => {
            query.push(" AND s.status IN ('submitted', 'forwarded') AND s.first_submitted_at < ").push_bind(late_from(deadline_at));
        }
        Some(Completeness::Late) => {
            query.push(" AND s.status IN ('submitted', 'forwarded') AND s.first_submitted_at >= ").push_bind(late_from(deadline_at));
        }
    }
}

const FROM: &str = " FROM report_recipients r JOIN schools sc ON sc.id = r.school_id \
    LEFT JOIN report_submissions s ON s.request_id = r.request_id AND s.school_id = r.school_id \
    LEFT JOIN clusters c ON c.id = r.cluster_id LEFT JOIN communes m ON m.code = r.commune_code";

/// Lists a request's schools with their standing, by cluster, commune and name; one
/// page and the number of matching schools. `page: None` lists them all (exports).
pub async fn schools(
    db: &Db,
    request_id: i64,
    deadline_at: i64,
    visibility: &StaffVisibility,
    filter: &SchoolFilter,
    page: Option<Page>,
) -> DbResult<(Vec<SchoolStanding>, i64)> {
    let mut count = SqlBuilder::new(format!("SELECT COUNT(*){FROM}"));
    push_filter(&mut count, request_id, deadline_at, visibility, filter);
    let total: i64 = count.build_query_scalar().fetch_one(&db.pool).await?;

    let mut query = SqlBuilder::new(format!(
        "SELECT r.school_id, sc.name AS school_name, r.level, r.cluster_id, c.name AS cluster_name, r.commune_code, \
         m.name AS commune_name, s.status, s.first_submitted_at, s.submitted_at, s.revision, \
         CASE WHEN s.scan_attachment_id IS NULL THEN 0 ELSE 1 END AS has_scan{FROM}"
    ));
    push_filter(&mut query, request_id, deadline_at, visibility, filter);
    query.push(" ORDER BY c.position, c.name, m.name_folded, sc.name_folded, r.school_id");
    if let Some(page) = page {
        query.push(" LIMIT ").push_bind(page.size).push(" OFFSET ").push_bind(page.offset());
    }
    let rows = query.build_query_as().fetch_all(&db.pool).await?;
    Ok((rows, total))
}
