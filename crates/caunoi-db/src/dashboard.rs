//! Figures of the monitoring dashboards: directive acknowledgement, report completeness,
//! open school requests with their age, and upcoming deadlines, per cluster and per
//! commune of a province, narrowed to the part a viewer may follow.
//!
//! Each figure is one grouped query over the recipient or request rows of the province,
//! so the cost does not grow with a query per school. Directive and report figures use
//! the cluster and commune each school had when the directive or request was published
//! (the cells stored on the recipient rows); open requests use the cluster the request
//! was raised in and the school's commune.

use std::collections::HashMap;

use caunoi_core::policy::StaffVisibility;
use caunoi_core::report::{Completeness, SubmissionStatus};
use caunoi_core::text::collate;
use serde::Serialize;
use sqlx::FromRow;

use crate::sql::SqlBuilder;
use crate::{Db, DbResult};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// Deadlines listed are those within this many days from now.
pub const DEADLINE_WINDOW_DAYS: i64 = 14;
/// Longest list of upcoming deadlines returned.
const MAX_DEADLINES: i64 = 50;

/// What a dashboard is about: a province, optionally one cluster, and the viewer's part.
#[derive(Debug, Clone)]
pub struct DashboardScope<'a> {
    pub province: &'a str,
    /// Narrows every figure to one cluster, for a cluster's dashboard.
    pub cluster: Option<i64>,
    /// School year whose clusters are listed even when they have no figures yet.
    pub school_year: &'a str,
    pub visibility: &'a StaffVisibility,
    /// Instant the ages, overdue counts and deadline window are computed at (Unix ms).
    pub now: i64,
}

/// Acknowledgement of published, not withdrawn directives: one count per recipient row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AckFigures {
    pub recipients: i64,
    pub acknowledged: i64,
    /// Recipients that have not acknowledged a directive whose deadline has passed.
    pub overdue: i64,
}

impl AckFigures {
    /// Returns acknowledged / recipients in percent, or `None` without recipients.
    pub fn rate(&self) -> Option<f64> {
        percent(self.acknowledged, self.recipients)
    }

    fn add(&mut self, other: &AckFigures) {
        self.recipients += other.recipients;
        self.acknowledged += other.acknowledged;
        self.overdue += other.overdue;
    }
}

/// Completeness of published report requests: one count per recipient school and
/// request, in the classes of [`Completeness`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CompletenessFigures {
    pub not_started: i64,
    pub draft: i64,
    pub on_time: i64,
    pub late: i64,
    pub returned: i64,
    pub accepted: i64,
}

impl CompletenessFigures {
    pub fn total(&self) -> i64 {
        self.not_started + self.draft + self.on_time + self.late + self.returned + self.accepted
    }

    /// Submissions that stand: on time, late or accepted.
    pub fn submitted(&self) -> i64 {
        self.on_time + self.late + self.accepted
    }

    /// Returns submitted / total in percent, or `None` without recipients.
    pub fn rate(&self) -> Option<f64> {
        percent(self.submitted(), self.total())
    }

    pub fn get(&self, class: Completeness) -> i64 {
        match class {
            Completeness::NotStarted => self.not_started,
            Completeness::Draft => self.draft,
            Completeness::OnTime => self.on_time,
            Completeness::Late => self.late,
            Completeness::Returned => self.returned,
            Completeness::Accepted => self.accepted,
        }
    }

    fn add_class(&mut self, class: Completeness, count: i64) {
        let slot = match class {
            Completeness::NotStarted => &mut self.not_started,
            Completeness::Draft => &mut self.draft,
            Completeness::OnTime => &mut self.on_time,
            Completeness::Late => &mut self.late,
            Completeness::Returned => &mut self.returned,
            Completeness::Accepted => &mut self.accepted,
        };
        *slot += count;
    }

    fn add(&mut self, other: &CompletenessFigures) {
        for class in Completeness::ALL {
            self.add_class(class, other.get(class));
        }
    }
}

/// School requests with status open or in progress, by age since they were raised.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RequestFigures {
    pub open: i64,
    /// Raised less than 3 days ago.
    pub under_3_days: i64,
    /// Raised 3 to 7 days ago, both bounds included.
    pub from_3_to_7_days: i64,
    /// Raised more than 7 days ago.
    pub over_7_days: i64,
    /// Instant the oldest open request was raised (Unix ms).
    pub oldest_created_at: Option<i64>,
}

impl RequestFigures {
    fn add(&mut self, other: &RequestFigures) {
        self.open += other.open;
        self.under_3_days += other.under_3_days;
        self.from_3_to_7_days += other.from_3_to_7_days;
        self.over_7_days += other.over_7_days;
        self.oldest_created_at = match (self.oldest_created_at, other.oldest_created_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
}

/// The three figures of one group of schools.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub acknowledgement: AckFigures,
    pub completeness: CompletenessFigures,
    pub requests: RequestFigures,
}

impl Figures {
    fn add(&mut self, other: &Figures) {
        self.acknowledgement.add(&other.acknowledgement);
        self.completeness.add(&other.completeness);
        self.requests.add(&other.requests);
    }
}

/// Figures of one cluster; `cluster_id` is `None` for schools that were in no cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterFigures {
    pub cluster_id: Option<i64>,
    pub name: Option<String>,
    pub figures: Figures,
}

/// Figures of one commune-level unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommuneFigures {
    pub code: String,
    pub name: String,
    pub figures: Figures,
}

/// A deadline in the window, with how many of the viewer's schools still owe it.
#[derive(Debug, Clone, PartialEq, Serialize, FromRow)]
pub struct Deadline {
    /// `directive` (acknowledgement deadline) or `report` (submission deadline).
    pub kind: String,
    pub id: i64,
    pub title: String,
    pub deadline_at: i64,
    pub recipients: i64,
    /// Schools that have not acknowledged, or have not submitted (not started, draft or
    /// returned).
    pub owing: i64,
}

/// Every figure of a dashboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dashboard {
    pub total: Figures,
    /// In the order of the cluster list, schools without a cluster last.
    pub clusters: Vec<ClusterFigures>,
    /// In Vietnamese alphabetical order of the names; only units with figures.
    pub communes: Vec<CommuneFigures>,
    /// Soonest first.
    pub deadlines: Vec<Deadline>,
}

/// Loads the figures of a dashboard in six queries.
pub async fn load(db: &Db, scope: &DashboardScope<'_>) -> DbResult<Dashboard> {
    let mut cells: HashMap<(Option<i64>, Option<String>), Figures> = HashMap::new();

    for row in acknowledgement_rows(db, scope).await? {
        let figures = cells.entry((row.cluster_id, row.commune_code)).or_default();
        figures.acknowledgement.add(&AckFigures {
            recipients: row.recipients,
            acknowledged: row.acknowledged,
            overdue: row.overdue,
        });
    }
    for row in completeness_rows(db, scope).await? {
        let cluster = (row.cluster_id != 0).then_some(row.cluster_id);
        let commune = (!row.commune_code.is_empty()).then_some(row.commune_code);
        let class = completeness_class(row.status.as_deref(), row.late != 0);
        cells.entry((cluster, commune)).or_default().completeness.add_class(class, row.schools);
    }
    for row in request_rows(db, scope).await? {
        let figures = cells.entry((row.cluster_id, row.commune_code)).or_default();
        figures.requests.add(&RequestFigures {
            open: row.open,
            under_3_days: row.under_3_days,
            from_3_to_7_days: row.from_3_to_7_days,
            over_7_days: row.over_7_days,
            oldest_created_at: row.oldest_created_at,
        });
    }

    let mut dashboard = Dashboard::default();
    let mut by_cluster: HashMap<Option<i64>, Figures> = HashMap::new();
    let mut by_commune: HashMap<String, Figures> = HashMap::new();
    for ((cluster, commune), figures) in &cells {
        dashboard.total.add(figures);
        by_cluster.entry(*cluster).or_default().add(figures);
        if let Some(code) = commune {
            by_commune.entry(code.clone()).or_default().add(figures);
        }
    }

    dashboard.clusters = cluster_list(db, scope, by_cluster).await?;
    dashboard.communes = commune_list(db, scope.province, by_commune).await?;
    dashboard.deadlines = deadlines(db, scope).await?;
    Ok(dashboard)
}

/// Maps a submission status and lateness to its completeness class through
/// [`Completeness::of`]. The query has already compared the first submission with the
/// deadline, so a stand-in instant on the right side of a zero deadline carries it.
fn completeness_class(status: Option<&str>, late: bool) -> Completeness {
    let status = status.and_then(SubmissionStatus::parse);
    let stand_in = if late { 60_000 } else { 0 };
    Completeness::of(status, Some(stand_in), 0)
}

fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// Appends the cluster filter and the viewer's part for rows aliased `r` with
/// `cluster_id` and `school_id`; `commune` is the column holding the school's commune.
fn push_visibility(query: &mut SqlBuilder, scope: &DashboardScope<'_>, commune: &str) {
    if let Some(cluster) = scope.cluster {
        query.push(" AND r.cluster_id = ").push_bind(cluster);
    }
    let visibility = scope.visibility;
    if visibility.whole_province {
        return;
    }
    // An empty visibility selects nothing; handlers refuse it before querying.
    query.push(" AND (1 = 0");
    if !visibility.clusters.is_empty() {
        query.push(" OR r.cluster_id IN (");
        let mut list = query.separated(", ");
        for cluster in &visibility.clusters {
            list.push_bind(*cluster);
        }
        query.push(")");
    }
    if !visibility.communes.is_empty() {
        query.push(format_args!(" OR {commune} IN ("));
        let mut list = query.separated(", ");
        for code in &visibility.communes {
            list.push_bind(code.clone());
        }
        query.push(")");
    }
    if !visibility.schools.is_empty() {
        query.push(" OR r.school_id IN (");
        let mut list = query.separated(", ");
        for school in &visibility.schools {
            list.push_bind(*school);
        }
        query.push(")");
    }
    query.push(")");
}

#[derive(Debug, FromRow)]
struct AckRow {
    cluster_id: Option<i64>,
    commune_code: Option<String>,
    recipients: i64,
    acknowledged: i64,
    overdue: i64,
}

async fn acknowledgement_rows(db: &Db, scope: &DashboardScope<'_>) -> DbResult<Vec<AckRow>> {
    let mut query = SqlBuilder::new(
        "SELECT r.cluster_id, r.commune_code, COUNT(*) AS recipients, \
         COALESCE(SUM(CASE WHEN r.acknowledged_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS acknowledged, \
         COALESCE(SUM(CASE WHEN r.acknowledged_at IS NULL AND d.ack_deadline < ",
    );
    query.push_bind(scope.now);
    query.push(
        " THEN 1 ELSE 0 END), 0) AS overdue \
         FROM directives d JOIN directive_recipients r ON r.directive_id = d.id \
         WHERE d.province_code = ",
    );
    query.push_bind(scope.province.to_owned()).push(" AND d.status = 'published'");
    push_visibility(&mut query, scope, "r.commune_code");
    query.push(" GROUP BY r.cluster_id, r.commune_code");
    Ok(query.build_query_as().fetch_all(&db.pool).await?)
}

#[derive(Debug, FromRow)]
struct CompletenessRow {
    cluster_id: i64,
    commune_code: String,
    status: Option<String>,
    late: i64,
    schools: i64,
}

/// The late flag repeats `caunoi_core::report::deadline::on_time`: a first submission
/// is late from the minute after the deadline's minute on.
const LATE_FLAG: &str = "CASE WHEN s.first_submitted_at >= (q.deadline_at / 60000) * 60000 + 60000 THEN 1 ELSE 0 END";

async fn completeness_rows(db: &Db, scope: &DashboardScope<'_>) -> DbResult<Vec<CompletenessRow>> {
    let mut query = SqlBuilder::new(format!(
        "SELECT r.cluster_id, r.commune_code, s.status, {LATE_FLAG} AS late, COUNT(*) AS schools \
         FROM report_requests q JOIN report_recipients r ON r.request_id = q.id \
         LEFT JOIN report_submissions s ON s.request_id = r.request_id AND s.school_id = r.school_id \
         WHERE q.province_code = "
    ));
    query.push_bind(scope.province.to_owned()).push(" AND q.status = 'published'");
    push_visibility(&mut query, scope, "r.commune_code");
    query.push(format_args!(" GROUP BY r.cluster_id, r.commune_code, s.status, {LATE_FLAG}"));
    Ok(query.build_query_as().fetch_all(&db.pool).await?)
}

#[derive(Debug, FromRow)]
struct RequestRow {
    cluster_id: Option<i64>,
    commune_code: Option<String>,
    open: i64,
    under_3_days: i64,
    from_3_to_7_days: i64,
    over_7_days: i64,
    oldest_created_at: Option<i64>,
}

async fn request_rows(db: &Db, scope: &DashboardScope<'_>) -> DbResult<Vec<RequestRow>> {
    let three_days_ago = scope.now - 3 * DAY_MS;
    let seven_days_ago = scope.now - 7 * DAY_MS;
    let mut query = SqlBuilder::new("SELECT r.cluster_id, sc.commune_code, COUNT(*) AS open, COALESCE(SUM(CASE WHEN r.created_at > ");
    query.push_bind(three_days_ago);
    query.push(" THEN 1 ELSE 0 END), 0) AS under_3_days, COALESCE(SUM(CASE WHEN r.created_at <= ");
    query.push_bind(three_days_ago).push(" AND r.created_at >= ").push_bind(seven_days_ago);
    query.push(" THEN 1 ELSE 0 END), 0) AS from_3_to_7_days, COALESCE(SUM(CASE WHEN r.created_at < ");
    query.push_bind(seven_days_ago);
    query.push(
        " THEN 1 ELSE 0 END), 0) AS over_7_days, MIN(r.created_at) AS oldest_created_at \
         FROM requests r JOIN schools sc ON sc.id = r.school_id WHERE r.province_code = ",
    );
    query.push_bind(scope.province.to_owned()).push(" AND r.status IN ('open', 'in_progress')");
    push_visibility(&mut query, scope, "sc.commune_code");
    query.push(" GROUP BY r.cluster_id, sc.commune_code");
    Ok(query.build_query_as().fetch_all(&db.pool).await?)
}

#[derive(Debug, FromRow)]
struct ClusterName {
    id: i64,
    name: String,
}

/// Orders the clusters with figures, adding the year's clusters the viewer follows so an
/// empty cluster still shows, and names them.
async fn cluster_list(
    db: &Db,
    scope: &DashboardScope<'_>,
    mut by_cluster: HashMap<Option<i64>, Figures>,
) -> DbResult<Vec<ClusterFigures>> {
    let mut query = SqlBuilder::new(
        "SELECT id, name FROM clusters WHERE province_code = ",
    );
    query.push_bind(scope.province.to_owned()).push(" AND (school_year = ").push_bind(scope.school_year.to_owned());
    let with_figures: Vec<i64> = by_cluster.keys().flatten().copied().collect();
    if !with_figures.is_empty() {
        query.push(" OR id IN (");
        let mut list = query.separated(", ");
        for id in &with_figures {
            list.push_bind(*id);
        }
        query.push(")");
    }
    // Newest year first, each in layout order.
    query.push(") ORDER BY school_year DESC, position, id");
    let names: Vec<ClusterName> = query.build_query_as().fetch_all(&db.pool).await?;

    let follows = |id: i64| {
        scope.cluster.is_none_or(|only| only == id)
            && (scope.visibility.whole_province || scope.visibility.clusters.contains(&id))
    };
    let mut list = Vec::new();
    for cluster in names {
        let figures = by_cluster.remove(&Some(cluster.id));
        if figures.is_none() && !follows(cluster.id) {
            continue;
        }
        list.push(ClusterFigures {
            cluster_id: Some(cluster.id),
            name: Some(cluster.name),
            figures: figures.unwrap_or_default(),
        });
    }
    if let Some(figures) = by_cluster.remove(&None) {
        list.push(ClusterFigures { cluster_id: None, name: None, figures });
    }
    Ok(list)
}

async fn commune_list(db: &Db, province: &str, by_commune: HashMap<String, Figures>) -> DbResult<Vec<CommuneFigures>> {
    let names: Vec<(String, String)> = sqlx::query_as("SELECT code, name FROM communes WHERE province_code = $1")
        .bind(province.to_owned())
        .fetch_all(&db.pool)
        .await?;
    let names: HashMap<String, String> = names.into_iter().collect();
    let mut list: Vec<CommuneFigures> = by_commune
        .into_iter()
        .map(|(code, figures)| {
            let name = names.get(&code).cloned().unwrap_or_else(|| code.clone());
            CommuneFigures { code, name, figures }
        })
        .collect();
    list.sort_by_cached_key(|commune| (collate::sort_key(&commune.name), commune.code.clone()));
    Ok(list)
}

/// Lists directive acknowledgement and report deadlines from now to the end of the
/// window, with the viewer's schools that still owe them.
async fn deadlines(db: &Db, scope: &DashboardScope<'_>) -> DbResult<Vec<Deadline>> {
    let until = scope.now + DEADLINE_WINDOW_DAYS * DAY_MS;

    let mut query = SqlBuilder::new(
        "SELECT 'directive' AS kind, d.id, d.title, d.ack_deadline AS deadline_at, COUNT(*) AS recipients, \
         COALESCE(SUM(CASE WHEN r.acknowledged_at IS NULL THEN 1 ELSE 0 END), 0) AS owing \
         FROM directives d JOIN directive_recipients r ON r.directive_id = d.id WHERE d.province_code = ",
    );
    query.push_bind(scope.province.to_owned());
    query.push(" AND d.status = 'published' AND d.ack_deadline >= ").push_bind(scope.now);
    query.push(" AND d.ack_deadline <= ").push_bind(until);
    push_visibility(&mut query, scope, "r.commune_code");
    query.push(" GROUP BY d.id, d.title, d.ack_deadline ORDER BY d.ack_deadline, d.id LIMIT ").push_bind(MAX_DEADLINES);
    let mut all: Vec<Deadline> = query.build_query_as().fetch_all(&db.pool).await?;

    let mut query = SqlBuilder::new(
        "SELECT 'report' AS kind, q.id, q.title, q.deadline_at, COUNT(*) AS recipients, \
         COALESCE(SUM(CASE WHEN s.status IS NULL OR s.status IN ('draft', 'returned') THEN 1 ELSE 0 END), 0) AS owing \
         FROM report_requests q JOIN report_recipients r ON r.request_id = q.id \
         LEFT JOIN report_submissions s ON s.request_id = r.request_id AND s.school_id = r.school_id \
         WHERE q.province_code = ",
    );
    query.push_bind(scope.province.to_owned());
    query.push(" AND q.status = 'published' AND q.deadline_at >= ").push_bind(scope.now);
    query.push(" AND q.deadline_at <= ").push_bind(until);
    push_visibility(&mut query, scope, "r.commune_code");
    query.push(" GROUP BY q.id, q.title, q.deadline_at ORDER BY q.deadline_at, q.id LIMIT ").push_bind(MAX_DEADLINES);
    let mut reports: Vec<Deadline> = query.build_query_as().fetch_all(&db.pool).await?;

    all.append(&mut reports);
    all.sort_by_key(|deadline| (deadline.deadline_at, deadline.id));
    all.truncate(MAX_DEADLINES as usize);
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completeness_class_follows_status_and_lateness() {
        assert_eq!(completeness_class(None, false), Completeness::NotStarted);
        assert_eq!(completeness_class(Some("draft"), false), Completeness::Draft);
        assert_eq!(completeness_class(Some("submitted"), false), Completeness::OnTime);
        assert_eq!(completeness_class(Some("forwarded"), true), Completeness::Late);
        assert_eq!(completeness_class(Some("returned"), true), Completeness::Returned);
        assert_eq!(completeness_class(Some("accepted"), true), Completeness::Accepted);
    }

    #[test]
    fn request_ages_merge() {
        let mut a = RequestFigures { open: 1, under_3_days: 1, oldest_created_at: Some(50), ..Default::default() };
        a.add(&RequestFigures { open: 2, over_7_days: 2, oldest_created_at: Some(10), ..Default::default() });
        assert_eq!(a.open, 3);
        assert_eq!(a.oldest_created_at, Some(10));
        assert_eq!(CompletenessFigures { on_time: 1, late: 1, not_started: 2, ..Default::default() }.rate(), Some(50.0));
    }
}
