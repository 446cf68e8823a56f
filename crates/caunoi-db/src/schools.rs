//! Schools, their effective cluster in a school year, and their staff.

use caunoi_core::policy::SchoolFacts;
use serde::Serialize;
use sqlx::FromRow;

use crate::sql::SqlBuilder;

use crate::{Db, DbResult, Page};

#[derive(Debug, Clone, Serialize, FromRow)]
pub struct School {
    pub id: i64,
    pub province_code: String,
    pub commune_code: Option<String>,
    pub commune_name: Option<String>,
    pub name: String,
    pub level: String,
    pub ownership: String,
    pub moet_code: Option<String>,
    pub former_district: Option<String>,
    /// 1 for demo schools generated from population figures.
    pub is_generated: i64,
    /// Cluster in the school year the query asked for.
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct SchoolFilter {
    pub province: String,
    pub school_year: String,
    pub cluster_id: Option<i64>,
    pub commune: Option<String>,
    pub level: Option<String>,
    /// Folded search text matched against the school's name.
    pub query: Option<String>,
}

fn select(query: &mut SqlBuilder, school_year: &str) {
    query
        .push(
            "SELECT s.id, s.province_code, s.commune_code, c.name AS commune_name, s.name, s.level, \
             s.ownership, s.moet_code, s.former_district, s.is_generated, \
             COALESCE(o.cluster_id, cc.cluster_id) AS cluster_id, k.name AS cluster_name",
        )
        .push(from_clause())
        .push_bind(school_year.to_owned())
        .push(" LEFT JOIN cluster_communes cc ON cc.commune_code = s.commune_code AND cc.school_year = ")
        .push_bind(school_year.to_owned())
        .push(" LEFT JOIN clusters k ON k.id = COALESCE(o.cluster_id, cc.cluster_id)");
}

fn from_clause() -> &'static str {
    " FROM schools s LEFT JOIN communes c ON c.code = s.commune_code \
      LEFT JOIN cluster_school_overrides o ON o.school_id = s.id AND o.school_year = "
}

fn filter(query: &mut SqlBuilder, criteria: &SchoolFilter) {
    query.push(" WHERE s.province_code = ").push_bind(criteria.province.clone());
    if let Some(cluster) = criteria.cluster_id {
        query.push(" AND COALESCE(o.cluster_id, cc.cluster_id) = ").push_bind(cluster);
    }
    if let Some(commune) = &criteria.commune {
        query.push(" AND s.commune_code = ").push_bind(commune.clone());
    }
    if let Some(level) = &criteria.level {
        query.push(" AND s.level = ").push_bind(level.clone());
    }
    if let Some(text) = criteria.query.as_deref().filter(|t| !t.is_empty()) {
        query.push(" AND s.name_folded LIKE ").push_bind(crate::like_contains(text)).push(" ESCAPE '\\'");
    }
}

/// Lists schools by name, one page at a time, with the total count.
pub async fn list(db: &Db, criteria: &SchoolFilter, page: Page) -> DbResult<(Vec<School>, i64)> {
    let mut count = SqlBuilder::new("SELECT COUNT(*)");
    count
        .push(from_clause())
        .push_bind(criteria.school_year.clone())
        .push(" LEFT JOIN cluster_communes cc ON cc.commune_code = s.commune_code AND cc.school_year = ")
        .push_bind(criteria.school_year.clone());
    filter(&mut count, criteria);
    let total: i64 = count.build_query_scalar().fetch_one(&db.pool).await?;

    let mut query = SqlBuilder::new("");
    select(&mut query, &criteria.school_year);
    filter(&mut query, criteria);
    query.push(" ORDER BY s.name_folded, s.id");
    page.push_limit(&mut query);
    let items = query.build_query_as().fetch_all(&db.pool).await?;
    Ok((items, total))
}

pub async fn get(db: &Db, id: i64, school_year: &str) -> DbResult<School> {
    let mut query = SqlBuilder::new("");
    select(&mut query, school_year);
    query.push(" WHERE s.id = ").push_bind(id);
    Ok(query.build_query_as().fetch_one(&db.pool).await?)
}

/// Loads what the policy needs to know about a school: its province, commune and the
/// clusters it belongs to in any school year (its commune's, unless overridden).
pub async fn facts(db: &Db, id: i64) -> DbResult<SchoolFacts> {
    let (province, commune): (String, Option<String>) =
        sqlx::query_as("SELECT province_code, commune_code FROM schools WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?;
    let clusters: Vec<i64> = sqlx::query_scalar(
        "SELECT cc.cluster_id FROM cluster_communes cc WHERE cc.commune_code = $1 \
           AND NOT EXISTS (SELECT 1 FROM cluster_school_overrides o \
                           WHERE o.school_id = $2 AND o.school_year = cc.school_year) \
         UNION SELECT o.cluster_id FROM cluster_school_overrides o WHERE o.school_id = $2",
    )
    .bind(commune.clone())
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok(SchoolFacts { id, province, commune, clusters })
}

/// A person working at a school, with the roles they hold there.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct StaffMember {
    pub user_id: i64,
    pub username: String,
    pub full_name: String,
    /// Comma-separated role identifiers held on this school.
    pub roles: String,
}

/// Lists a school's staff in Vietnamese order: given name first, then the rest.
pub async fn staff(db: &Db, school_id: i64) -> DbResult<Vec<StaffMember>> {
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT u.id, u.username, u.full_name, u.sort_key, g.role FROM role_grants g \
         JOIN users u ON u.id = g.user_id WHERE g.school_id = $1 ORDER BY u.sort_key, u.id, g.role",
    )
    .bind(school_id)
    .fetch_all(&db.pool)
    .await?;
    let mut staff: Vec<StaffMember> = Vec::new();
    for (user_id, username, full_name, _, role) in rows {
        match staff.last_mut() {
            Some(last) if last.user_id == user_id => {
                last.roles.push(',');
                last.roles.push_str(&role);
            }
            _ => staff.push(StaffMember { user_id, username, full_name, roles: role }),
        }
    }
    Ok(staff)
}

/// Counts a province's schools per level, for the province page.
pub async fn count_by_level(db: &Db, province: &str) -> DbResult<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT level, COUNT(*) FROM schools WHERE province_code = $1 GROUP BY level ORDER BY level",
    )
    .bind(province)
    .fetch_all(&db.pool)
    .await?)
}

/// Counts schools per commune of a province, the weights of a cluster proposal.
pub async fn count_by_commune(db: &Db, province: &str) -> DbResult<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT commune_code, COUNT(*) FROM schools WHERE province_code = $1 AND commune_code IS NOT NULL \
         GROUP BY commune_code",
    )
    .bind(province)
    .fetch_all(&db.pool)
    .await?)
}

/// A school to insert directly, for generated demo data.
#[derive(Debug, Clone)]
pub struct NewSchool {
    pub province_code: String,
    pub commune_code: Option<String>,
    pub name: String,
    pub level: caunoi_core::org::SchoolLevel,
    pub ownership: caunoi_core::org::Ownership,
    pub moet_code: Option<String>,
    pub former_district: Option<String>,
    pub import_key: String,
    pub is_generated: bool,
}

/// Inserts schools in batches, skipping those whose import key already exists.
pub async fn insert_many(db: &Db, schools: &[NewSchool]) -> DbResult<u64> {
    let now = crate::now_ms();
    let mut inserted = 0;
    let mut tx = db.begin().await?;
    for chunk in schools.chunks(200) {
        let mut query = SqlBuilder::new(
            "INSERT INTO schools (province_code, commune_code, name, name_folded, level, ownership, moet_code, \
             former_district, import_key, is_generated, created_at, updated_at) ",
        );
        query.push_values(chunk, |mut row, school| {
            let name = caunoi_core::text::normalize(&school.name);
            row.push_bind(school.province_code.clone())
                .push_bind(school.commune_code.clone())
                .push_bind(name.clone())
                .push_bind(caunoi_core::text::fold(&name))
                .push_bind(school.level.as_str())
                .push_bind(school.ownership.as_str())
                .push_bind(school.moet_code.clone())
                .push_bind(school.former_district.clone())
                .push_bind(school.import_key.clone())
                .push_bind(i64::from(school.is_generated))
                .push_bind(now)
                .push_bind(now);
        });
        query.push(" ON CONFLICT (province_code, import_key) DO NOTHING");
        inserted += query.build().execute(&mut *tx).await?.rows_affected();
    }
    tx.commit().await?;
    Ok(inserted)
}

/// A school's cluster in one school year.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct ClusterMembership {
    pub school_year: String,
    pub cluster_id: i64,
    pub cluster_name: String,
    /// 1 when the school was placed in this cluster by an override rather than by its commune.
    pub overridden: i64,
}

/// Lists a school's cluster in every school year that has one, newest first: the
/// year's override when there is one, else its commune's cluster.
pub async fn cluster_history(db: &Db, school_id: i64) -> DbResult<Vec<ClusterMembership>> {
    Ok(sqlx::query_as(
        "SELECT o.school_year AS school_year, o.cluster_id AS cluster_id, k.name AS cluster_name, \
                CAST(1 AS BIGINT) AS overridden \
         FROM cluster_school_overrides o JOIN clusters k ON k.id = o.cluster_id WHERE o.school_id = $1 \
         UNION ALL \
         SELECT cc.school_year AS school_year, cc.cluster_id AS cluster_id, k.name AS cluster_name, \
                CAST(0 AS BIGINT) AS overridden \
         FROM schools s JOIN cluster_communes cc ON cc.commune_code = s.commune_code \
         JOIN clusters k ON k.id = cc.cluster_id WHERE s.id = $1 \
           AND NOT EXISTS (SELECT 1 FROM cluster_school_overrides x \
                           WHERE x.school_id = s.id AND x.school_year = cc.school_year) \
         ORDER BY school_year DESC",
    )
    .bind(school_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A school of a cluster, as the cluster's member list shows it.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct MemberSchool {
    pub id: i64,
    pub name: String,
    pub level: String,
    pub is_generated: i64,
}

/// Lists the schools of a cluster in the cluster's school year, by name: those of its
/// communes that no override moves elsewhere, and those an override moves into it.
pub async fn in_cluster(db: &Db, cluster_id: i64) -> DbResult<Vec<MemberSchool>> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.name, s.level, s.is_generated FROM schools s JOIN clusters k ON k.id = $1 \
         LEFT JOIN cluster_school_overrides o ON o.school_id = s.id AND o.school_year = k.school_year \
         LEFT JOIN cluster_communes cc ON cc.commune_code = s.commune_code AND cc.school_year = k.school_year \
         WHERE COALESCE(o.cluster_id, cc.cluster_id) = k.id ORDER BY s.name_folded, s.id",
    )
    .bind(cluster_id)
    .fetch_all(&db.pool)
    .await?)
}
