//! Tracking a published directive: each receiving school's status, and the counts per
//! status overall, per cluster and per commune, limited to the part of the audience
//! the viewer may follow ([`caunoi_core::policy::directive_tracking`]).
//!
//! Every query reads `directive_recipients` through its key `(directive_id, school_id)`
//! and groups in SQL, so a directive sent to every school of a province (about 3,500 in
//! Ho Chi Minh City) costs a few thousand index rows per query.

use caunoi_core::directive::ReceiptStatus;
use caunoi_core::policy::StaffVisibility;
use caunoi_core::text::collate;
use serde::Serialize;
use sqlx::FromRow;

use crate::sql::SqlBuilder;
use crate::{Db, DbResult, Page, like_contains};

/// The directive and instant a tracking query is about, and what the viewer may see.
#[derive(Debug, Clone, Copy)]
pub struct TrackingScope<'a> {
    pub directive_id: i64,
    /// The current version's acknowledgement deadline (Unix ms). Past it, every school
    /// that has not acknowledged is overdue.
    pub ack_deadline: Option<i64>,
    /// The instant the statuses are computed at (Unix ms).
    pub now: i64,
    pub visibility: &'a StaffVisibility,
}

impl TrackingScope<'_> {
    fn overdue(&self) -> bool {
        self.ack_deadline.is_some_and(|deadline| self.now > deadline)
    }
}

/// Conditions narrowing the school list, each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrackingFilter {
    pub status: Option<ReceiptStatus>,
    pub cluster: Option<i64>,
    pub commune: Option<String>,
    /// School level, such as `lower_secondary`.
    pub level: Option<String>,
    /// Folded text (see `caunoi_core::text::fold`) matched inside school names.
    pub school_name: Option<String>,
}

/// The number of schools in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub not_opened: i64,
    pub read: i64,
    pub acknowledged: i64,
    pub overdue: i64,
}

impl StatusCounts {
    pub fn total(&self) -> i64 {
        self.not_opened + self.read + self.acknowledged + self.overdue
    }

    pub fn get(&self, status: ReceiptStatus) -> i64 {
        match status {
            ReceiptStatus::NotOpened => self.not_opened,
            ReceiptStatus::Read => self.read,
            ReceiptStatus::Acknowledged => self.acknowledged,
            ReceiptStatus::Overdue => self.overdue,
        }
    }

    fn add(&mut self, other: &StatusCounts) {
        self.not_opened += other.not_opened;
        self.read += other.read;
        self.acknowledged += other.acknowledged;
        self.overdue += other.overdue;
    }
}

/// Counts of one cluster or one commune. `key` is `None` for the schools that were in
/// no cluster (or no known commune) when the directive was published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupCounts<K> {
    pub key: Option<K>,
    pub name: Option<String>,
    pub counts: StatusCounts,
}

/// The counts of the tracking page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TrackingCounts {
    pub overall: StatusCounts,
    /// In the order of the province's cluster list; schools without a cluster last.
    pub clusters: Vec<GroupCounts<i64>>,
    /// In Vietnamese alphabetical order of the commune names.
    pub communes: Vec<GroupCounts<String>>,
}

/// One receiving school's status, as the tracking list shows it.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct SchoolStatus {
    pub school_id: i64,
    pub school_name: String,
    pub level: String,
    pub is_generated: i64,
    /// Cluster and commune when the directive was published.
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    pub commune_code: Option<String>,
    pub commune_name: Option<String>,
    pub read_at: Option<i64>,
    pub read_by_name: Option<String>,
    pub acknowledged_at: Option<i64>,
    pub acknowledged_by_name: Option<String>,
    pub ack_note: Option<String>,
}

impl SchoolStatus {
    pub fn status(&self, scope: &TrackingScope<'_>) -> ReceiptStatus {
        ReceiptStatus::of(self.read_at, self.acknowledged_at, scope.ack_deadline, scope.now)
    }
}

/// Appends `WHERE` on the directive and the viewer's part of its audience.
fn push_scope(query: &mut SqlBuilder, scope: &TrackingScope<'_>) {
    query.push(" WHERE r.directive_id = ").push_bind(scope.directive_id);
    let visibility = scope.visibility;
    if visibility.whole_province {
        return;
    }
    // An empty visibility selects nothing, and handlers return 404 before querying.
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
        query.push(" OR r.commune_code IN (");
        let mut list = query.separated(", ");
        for commune in &visibility.communes {
            list.push_bind(commune.clone());
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

/// Appends the filter's conditions. The deadline is the same for every school, so the
/// status condition reduces to tests on the two instants.
fn push_filter(query: &mut SqlBuilder, scope: &TrackingScope<'_>, filter: &TrackingFilter) {
    if let Some(cluster) = filter.cluster {
        query.push(" AND r.cluster_id = ").push_bind(cluster);
    }
    if let Some(commune) = &filter.commune {
        query.push(" AND r.commune_code = ").push_bind(commune.clone());
    }
    if let Some(level) = &filter.level {
        query.push(" AND s.level = ").push_bind(level.clone());
    }
    if let Some(text) = filter.school_name.as_deref().filter(|text| !text.is_empty()) {
        query.push(" AND s.name_folded LIKE ").push_bind(like_contains(text)).push(" ESCAPE '\\'");
    }
    let overdue = scope.overdue();
    match filter.status {
        None => {}
        Some(ReceiptStatus::Acknowledged) => {
            query.push(" AND r.acknowledged_at IS NOT NULL");
        }
        Some(ReceiptStatus::Overdue) if overdue => {
            query.push(" AND r.acknowledged_at IS NULL");
        }
        Some(ReceiptStatus::Read) if !overdue => {
            query.push(" AND r.acknowledged_at IS NULL AND r.read_at IS NOT NULL");
        }
        Some(ReceiptStatus::NotOpened) if !overdue => {
            query.push(" AND r.acknowledged_at IS NULL AND r.read_at IS NULL");
        }
        Some(_) => {
            query.push(" AND 1 = 0");
        }
    }
}

#[derive(Debug, FromRow)]
struct GroupRow {
    cluster_id: Option<i64>,
    cluster_name: Option<String>,
    cluster_position: Option<i64>,
    commune_code: Option<String>,
    commune_name: Option<String>,
    total_count: i64,
    read_count: i64,
    acknowledged_count: i64,
}

impl GroupRow {
    fn counts(&self, overdue: bool) -> StatusCounts {
        let waiting = self.total_count - self.acknowledged_count;
        if overdue {
            StatusCounts { acknowledged: self.acknowledged_count, overdue: waiting, ..StatusCounts::default() }
        } else {
            StatusCounts {
                acknowledged: self.acknowledged_count,
                read: self.read_count,
                not_opened: waiting - self.read_count,
                overdue: 0,
            }
        }
    }
}

/// Counts the viewer's part of the audience per status, overall, per cluster and per
/// commune, in one grouped query. Filters do not apply: the counts describe the whole
/// part the viewer follows.
pub async fn counts(db: &Db, scope: &TrackingScope<'_>) -> DbResult<TrackingCounts> {
    let mut query = SqlBuilder::new(
        "SELECT r.cluster_id, k.name AS cluster_name, CAST(k.position AS BIGINT) AS cluster_position, \
         r.commune_code, c.name AS commune_name, COUNT(*) AS total_count, \
         COALESCE(SUM(CASE WHEN r.acknowledged_at IS NULL AND r.read_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS read_count, \
         COALESCE(SUM(CASE WHEN r.acknowledged_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS acknowledged_count \
         FROM directive_recipients r LEFT JOIN clusters k ON k.id = r.cluster_id \
         LEFT JOIN communes c ON c.code = r.commune_code",
    );
    push_scope(&mut query, scope);
    query.push(" GROUP BY r.cluster_id, k.name, k.position, r.commune_code, c.name");
    let rows: Vec<GroupRow> = query.build_query_as().fetch_all(&db.pool).await?;
    Ok(aggregate(&rows, scope.overdue()))
}

fn aggregate(rows: &[GroupRow], overdue: bool) -> TrackingCounts {
    let mut result = TrackingCounts::default();
    let mut cluster_order: Vec<(i64, i64)> = Vec::new();
    for row in rows {
        let counts = row.counts(overdue);
        result.overall.add(&counts);
        match result.clusters.iter_mut().find(|group| group.key == row.cluster_id) {
            Some(group) => group.counts.add(&counts),
            None => {
                result.clusters.push(GroupCounts { key: row.cluster_id, name: row.cluster_name.clone(), counts });
                cluster_order.push((row.cluster_position.unwrap_or(i64::MAX), row.cluster_id.unwrap_or(i64::MAX)));
            }
        }
        match result.communes.iter_mut().find(|group| group.key == row.commune_code) {
            Some(group) => group.counts.add(&counts),
            None => result.communes.push(GroupCounts {
                key: row.commune_code.clone(),
                name: row.commune_name.clone(),
                counts,
            }),
        }
    }
    let mut clusters: Vec<_> = cluster_order.into_iter().zip(result.clusters).collect();
    clusters.sort_by_key(|(order, _)| *order);
    result.clusters = clusters.into_iter().map(|(_, group)| group).collect();
    result.communes.sort_by_cached_key(|group| match &group.name {
        Some(name) => (0, collate::sort_key(name)),
        None => (1, group.key.clone().unwrap_or_default()),
    });
    result
}

const SCHOOL_COLUMNS: &str = "SELECT r.school_id, s.name AS school_name, s.level, s.is_generated, r.cluster_id, \
     k.name AS cluster_name, r.commune_code, c.name AS commune_name, r.read_at, ur.full_name AS read_by_name, \
     r.acknowledged_at, ua.full_name AS acknowledged_by_name, r.ack_note";

const SCHOOL_FROM: &str = " FROM directive_recipients r JOIN schools s ON s.id = r.school_id \
     LEFT JOIN clusters k ON k.id = r.cluster_id LEFT JOIN communes c ON c.code = r.commune_code \
     LEFT JOIN users ur ON ur.id = r.read_by LEFT JOIN users ua ON ua.id = r.acknowledged_by";

/// Lists the receiving schools the viewer follows that match the filter, by name, with
/// the number matching on all pages. `page: None` returns every row, for the export.
pub async fn school_statuses(
    db: &Db,
    scope: &TrackingScope<'_>,
    filter: &TrackingFilter,
    page: Option<Page>,
) -> DbResult<(Vec<SchoolStatus>, i64)> {
    let mut count = SqlBuilder::new("SELECT COUNT(*) FROM directive_recipients r JOIN schools s ON s.id = r.school_id");
    push_scope(&mut count, scope);
    push_filter(&mut count, scope, filter);
    let total: i64 = count.build_query_scalar().fetch_one(&db.pool).await?;

    let mut query = SqlBuilder::new(SCHOOL_COLUMNS);
    query.push(SCHOOL_FROM);
    push_scope(&mut query, scope);
    push_filter(&mut query, scope, filter);
    query.push(" ORDER BY s.name_folded, s.id");
    if let Some(page) = page {
        page.push_limit(&mut query);
    }
    let items = query.build_query_as().fetch_all(&db.pool).await?;
    Ok((items, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cluster: Option<i64>, position: Option<i64>, commune: &str, name: &str, total: i64, read: i64, ack: i64) -> GroupRow {
        GroupRow {
            cluster_id: cluster,
            cluster_name: cluster.map(|id| format!("Cụm {id}")),
            cluster_position: position,
            commune_code: Some(commune.to_owned()),
            commune_name: Some(name.to_owned()),
            total_count: total,
            read_count: read,
            acknowledged_count: ack,
        }
    }

    #[test]
    fn counts_split_by_deadline() {
        let rows = [row(Some(1), Some(1), "26743", "Phường Bến Thành", 5, 2, 1)];
        let before = aggregate(&rows, false).overall;
        let after = aggregate(&rows, true).overall;
        assert_eq!(before, StatusCounts { not_opened: 2, read: 2, acknowledged: 1, overdue: 0 });
        assert_eq!(after, StatusCounts { not_opened: 0, read: 0, acknowledged: 1, overdue: 4 });
        assert_eq!(after.total(), 5);
    }

    #[test]
    fn groups_merge_and_sort() {
        let rows = [
            row(Some(7), Some(2), "26740", "Phường Sài Gòn", 3, 1, 0),
            row(None, None, "26737", "Phường Tân Định", 1, 0, 0),
            row(Some(3), Some(1), "26743", "Phường Bến Thành", 2, 0, 2),
            row(Some(7), Some(2), "26743", "Phường Bến Thành", 4, 0, 1),
        ];
        let counts = aggregate(&rows, false);
        let clusters: Vec<_> = counts.clusters.iter().map(|g| (g.key, g.counts.total())).collect();
        assert_eq!(clusters, vec![(Some(3), 2), (Some(7), 7), (None, 1)]);
        let communes: Vec<_> = counts.communes.iter().map(|g| (g.name.clone().unwrap(), g.counts.total())).collect();
        assert_eq!(
            communes,
            vec![("Phường Bến Thành".to_owned(), 6), ("Phường Sài Gòn".to_owned(), 3), ("Phường Tân Định".to_owned(), 1)]
        );
        assert_eq!(counts.overall.total(), 10);
        assert_eq!(counts.overall.acknowledged, 3);
    }
}
