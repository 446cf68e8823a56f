//! Lists of activities: for one person (upcoming ones they may join, their
//! registrations, those their department, board or school organises) and for the
//! department (every activity of the province, with filters). One statement per page
//! and one for its total, whatever the number of rows.

use serde::Serialize;
use sqlx::FromRow;

use crate::sql::SqlBuilder;
use crate::{Db, DbResult, Page, like_contains, search_terms};

/// The set of activities a list shows.
#[derive(Debug, Clone)]
pub enum ListScope {
    /// Published activities not yet over that reach the person: through the schools of
    /// their audience, or by openness to the person's provinces or to everyone.
    Upcoming { user_id: i64, provinces: Vec<String> },
    /// Activities where the person has a seat or waits, and those they attended.
    Registered { user_id: i64 },
    /// Activities organised by the person's side, drafts included.
    Organised(Organisers),
    /// Every activity of a province, drafts of other organisers excluded unless
    /// `with_drafts`: the department's view.
    Province { province: String, with_drafts: bool },
}

/// The organisers a person acts for.
#[derive(Debug, Clone, Default)]
pub struct Organisers {
    /// Provinces whose department the person works in.
    pub departments: Vec<String>,
    /// Clusters whose board the person sits on.
    pub clusters: Vec<i64>,
    /// Schools the person leads.
    pub schools: Vec<i64>,
}

impl Organisers {
    pub fn is_empty(&self) -> bool {
        self.departments.is_empty() && self.clusters.is_empty() && self.schools.is_empty()
    }
}

/// Filters typed on the page, applied inside the scope.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    /// Activities organised by this cluster's board.
    pub cluster_id: Option<i64>,
    pub kind: Option<String>,
    /// A subject name, matched exactly inside the JSON list.
    pub subject: Option<String>,
    /// A school level code, matched inside the JSON list.
    pub level: Option<String>,
    /// Start instants in `[from, to)`: a month in Vietnam time.
    pub starts_from: Option<i64>,
    pub starts_before: Option<i64>,
    /// Words searched in the title, description and presenters, ignoring tone marks.
    pub text: Option<String>,
}

/// One row of an activity list.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct ActivityItem {
    pub id: i64,
    pub province_code: String,
    pub organiser_kind: String,
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    pub school_id: Option<i64>,
    pub school_name: Option<String>,
    pub kind: String,
    pub status: String,
    pub title: String,
    pub subjects: String,
    pub place_address: String,
    pub place_school_name: Option<String>,
    pub meeting_url: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: Option<i64>,
    pub registered_count: i64,
    pub credit_minutes: i64,
    /// The viewer's registration status, if any.
    pub my_status: Option<String>,
}

impl ActivityItem {
    pub fn subjects(&self) -> Vec<String> {
        serde_json::from_str(&self.subjects).unwrap_or_default()
    }
}

const FROM: &str = " FROM activities a LEFT JOIN clusters k ON k.id = a.cluster_id \
     LEFT JOIN schools s ON s.id = a.school_id LEFT JOIN schools p ON p.id = a.place_school_id";

fn push_scope(query: &mut SqlBuilder, scope: &ListScope, now: i64) {
    match scope {
        ListScope::Upcoming { user_id, provinces } => {
            query.push(" WHERE a.status = 'published' AND a.ends_at >= ").push_bind(now);
            // Reached through a school of the audience: leaders always, other roles
            // when the audience names none or theirs (the JSON contains `"roles":[...]`).
            query.push(
                " AND (EXISTS (SELECT 1 FROM activity_recipients r JOIN role_grants g ON g.school_id = r.school_id \
                 WHERE r.activity_id = a.id AND g.user_id = ",
            );
            query.push_bind(*user_id).push(
                " AND (g.role = 'school_leader' OR a.audience LIKE '%\"roles\":[]%' \
                 OR a.audience LIKE '%\"' || g.role || '\"%'))",
            );
            query.push(" OR a.openness = 'everyone'");
            if !provinces.is_empty() {
                query.push(" OR (a.openness = 'province' AND a.province_code IN (");
                let mut list = query.separated(", ");
                for province in provinces {
                    list.push_bind(province.clone());
                }
                query.push("))");
            }
            query.push(")");
        }
        ListScope::Registered { user_id } => {
            query.push(" WHERE a.status <> 'draft' AND (EXISTS (SELECT 1 FROM activity_registrations m WHERE m.activity_id = a.id AND m.user_id = ");
            query.push_bind(*user_id).push(" AND m.status <> 'cancelled')");
            query.push(" OR EXISTS (SELECT 1 FROM activity_attendance t WHERE t.activity_id = a.id AND t.user_id = ");
            query.push_bind(*user_id).push("))");
        }
        ListScope::Organised(organisers) => {
            query.push(" WHERE (1 = 0");
            if !organisers.departments.is_empty() {
                query.push(" OR (a.organiser_kind = 'department' AND a.province_code IN (");
                let mut list = query.separated(", ");
                for province in &organisers.departments {
                    list.push_bind(province.clone());
                }
                query.push("))");
            }
            if !organisers.clusters.is_empty() {
                query.push(" OR (a.organiser_kind = 'cluster' AND a.cluster_id IN (");
                let mut list = query.separated(", ");
                for id in &organisers.clusters {
                    list.push_bind(*id);
                }
                query.push("))");
            }
            if !organisers.schools.is_empty() {
                query.push(" OR (a.organiser_kind = 'school' AND a.school_id IN (");
                let mut list = query.separated(", ");
                for id in &organisers.schools {
                    list.push_bind(*id);
                }
                query.push("))");
            }
            query.push(")");
        }
        ListScope::Province { province, with_drafts } => {
            query.push(" WHERE a.province_code = ").push_bind(province.clone());
            if !with_drafts {
                query.push(" AND a.status <> 'draft'");
            }
        }
    }
}

fn push_filter(query: &mut SqlBuilder, filter: &ActivityFilter) {
    if let Some(cluster) = filter.cluster_id {
        query.push(" AND a.cluster_id = ").push_bind(cluster);
    }
    if let Some(kind) = &filter.kind {
        query.push(" AND a.kind = ").push_bind(kind.clone());
    }
    if let Some(subject) = &filter.subject {
        let quoted = serde_json::to_string(subject).unwrap_or_default();
        query.push(" AND a.subjects LIKE ").push_bind(like_contains(&quoted)).push(" ESCAPE '\\'");
    }
    if let Some(level) = &filter.level {
        let quoted = serde_json::to_string(level).unwrap_or_default();
        query.push(" AND a.levels LIKE ").push_bind(like_contains(&quoted)).push(" ESCAPE '\\'");
    }
    if let Some(from) = filter.starts_from {
        query.push(" AND a.starts_at >= ").push_bind(from);
    }
    if let Some(before) = filter.starts_before {
        query.push(" AND a.starts_at < ").push_bind(before);
    }
    if let Some(text) = &filter.text {
        for word in search_terms(text) {
            query.push(" AND a.search_text LIKE ").push_bind(like_contains(&word)).push(" ESCAPE '\\'");
        }
    }
}

/// Lists one page of activities with the total count. Upcoming lists run from the
/// soonest; the others from the latest start. `viewer` fills `my_status`.
pub async fn list(
    db: &Db,
    scope: &ListScope,
    filter: &ActivityFilter,
    viewer: i64,
    now: i64,
    page: Page,
) -> DbResult<(Vec<ActivityItem>, i64)> {
    let mut count = SqlBuilder::new("SELECT COUNT(*)");
    count.push(FROM);
    push_scope(&mut count, scope, now);
    push_filter(&mut count, filter);
    let total: i64 = count.build_query_scalar().fetch_one(&db.pool).await?;

    let mut query = SqlBuilder::new(
        "SELECT a.id, a.province_code, a.organiser_kind, a.cluster_id, k.name AS cluster_name, a.school_id, \
         s.name AS school_name, a.kind, a.status, a.title, a.subjects, a.place_address, p.name AS place_school_name, \
         a.meeting_url, a.starts_at, a.ends_at, a.capacity, a.registered_count, a.credit_minutes, \
         (SELECT v.status FROM activity_registrations v WHERE v.activity_id = a.id AND v.user_id = ",
    );
    query.push_bind(viewer).push(") AS my_status");
    query.push(FROM);
    push_scope(&mut query, scope, now);
    push_filter(&mut query, filter);
    match scope {
        ListScope::Upcoming { .. } => query.push(" ORDER BY a.starts_at, a.id"),
        _ => query.push(" ORDER BY a.starts_at DESC, a.id DESC"),
    };
    query.push(" LIMIT ").push_bind(page.size).push(" OFFSET ").push_bind(page.offset());
    let items = query.build_query_as().fetch_all(&db.pool).await?;
    Ok((items, total))
}

/// Returns a school's name, for the organiser or the place of an activity.
pub async fn school_name(db: &Db, id: i64) -> DbResult<String> {
    Ok(sqlx::query_scalar("SELECT name FROM schools WHERE id = $1").bind(id).fetch_one(&db.pool).await?)
}

/// A planned activity, to prefill the form of the activity that carries it out.
#[derive(Debug, Clone, FromRow)]
pub struct PlannedItem {
    pub id: i64,
    pub province_code: String,
    pub cluster_id: i64,
    pub title: String,
    pub kind: String,
    /// JSON list of subjects.
    pub subjects: String,
    /// 'YYYY-MM'.
    pub planned_month: String,
}

/// Returns a plan item with its plan's cluster and province.
pub async fn planned_item(db: &Db, id: i64) -> DbResult<PlannedItem> {
    Ok(sqlx::query_as(
        "SELECT i.id, p.province_code, p.cluster_id, i.title, i.kind, i.subjects, i.planned_month \
         FROM activity_plan_items i JOIN activity_plans p ON p.id = i.plan_id WHERE i.id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await?)
}
