//! Commune-level units of a province.

use serde::Serialize;
use sqlx::FromRow;

use crate::sql::SqlBuilder;

use crate::{Db, DbResult, Page};

#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Commune {
    pub code: String,
    pub province_code: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub lat: f64,
    pub lon: f64,
    pub area_km2: Option<f64>,
    pub population: Option<i64>,
    pub school_count: i64,
}

#[derive(Debug, Clone, Default)]
pub struct CommuneFilter {
    pub province: String,
    /// Folded search text matched against the unit's name.
    pub query: Option<String>,
}

fn select(query: &mut SqlBuilder) {
    query.push(
        "SELECT c.code, c.province_code, c.name, c.short_name, c.kind, c.lat, c.lon, c.area_km2, c.population, \
         (SELECT COUNT(*) FROM schools s WHERE s.commune_code = c.code) AS school_count FROM communes c",
    );
}

fn filter(query: &mut SqlBuilder, filter: &CommuneFilter) {
    query.push(" WHERE c.province_code = ").push_bind(filter.province.clone());
    if let Some(text) = filter.query.as_deref().filter(|t| !t.is_empty()) {
        query.push(" AND c.name_folded LIKE ").push_bind(crate::like_contains(text)).push(" ESCAPE '\\'");
    }
}

/// Lists a province's units by name, one page at a time, with the total count.
pub async fn list(db: &Db, criteria: &CommuneFilter, page: Page) -> DbResult<(Vec<Commune>, i64)> {
    let mut count = SqlBuilder::new("SELECT COUNT(*) FROM communes c");
    filter(&mut count, criteria);
    let total: i64 = count.build_query_scalar().fetch_one(&db.pool).await?;

    let mut query = SqlBuilder::new("");
    select(&mut query);
    filter(&mut query, criteria);
    query.push(" ORDER BY c.name_folded, c.code");
    page.push_limit(&mut query);
    let items = query.build_query_as().fetch_all(&db.pool).await?;
    Ok((items, total))
}

/// Lists every unit of a province, for maps and cluster proposals.
pub async fn all_in_province(db: &Db, province: &str) -> DbResult<Vec<Commune>> {
    let mut query = SqlBuilder::new("");
    select(&mut query);
    filter(&mut query, &CommuneFilter { province: province.to_owned(), query: None });
    query.push(" ORDER BY c.code");
    Ok(query.build_query_as().fetch_all(&db.pool).await?)
}

pub async fn get(db: &Db, code: &str) -> DbResult<Commune> {
    let mut query = SqlBuilder::new("");
    select(&mut query);
    query.push(" WHERE c.code = ").push_bind(code.to_owned());
    Ok(query.build_query_as().fetch_one(&db.pool).await?)
}

/// A unit of before 1 July 2025 merged, wholly or in part, into today's unit.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct FormerUnit {
    pub old_commune_code: String,
    pub old_commune_name: String,
    pub old_district_name: String,
    pub old_province_name: String,
    /// The conversion table's note as published: `Nhập toàn bộ`, `Nhập một phần`,
    /// `Giữ nguyên`, or empty.
    pub note: String,
}

/// Lists the former units merged into a unit, from the official conversion table, in
/// order of their old codes.
pub async fn former_units(db: &Db, code: &str) -> DbResult<Vec<FormerUnit>> {
    Ok(sqlx::query_as(
        "SELECT old_commune_code, old_commune_name, old_district_name, old_province_name, note \
         FROM commune_conversions WHERE new_commune_code = $1 ORDER BY old_commune_code",
    )
    .bind(code)
    .fetch_all(&db.pool)
    .await?)
}

/// The cluster a unit belonged to in one school year.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct YearCluster {
    pub school_year: String,
    pub cluster_id: i64,
    pub cluster_name: String,
}

/// Lists a unit's cluster in every school year that placed it in one, newest first.
pub async fn clusters_by_year(db: &Db, code: &str) -> DbResult<Vec<YearCluster>> {
    Ok(sqlx::query_as(
        "SELECT cc.school_year, k.id AS cluster_id, k.name AS cluster_name FROM cluster_communes cc \
         JOIN clusters k ON k.id = cc.cluster_id WHERE cc.commune_code = $1 ORDER BY cc.school_year DESC",
    )
    .bind(code)
    .fetch_all(&db.pool)
    .await?)
}
