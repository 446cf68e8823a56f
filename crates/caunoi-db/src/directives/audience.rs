//! Resolving an audience into the schools it selects, for the sender's preview and
//! for publication: one query shape serves both, so the preview is what gets sent.

use caunoi_core::directive::Audience;
use serde::Serialize;
use sqlx::FromRow;

use crate::sql::SqlBuilder;
use crate::{Db, DbResult};

/// A school of a resolved audience, with the cluster and commune it belongs to in the
/// school year of publication.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct ResolvedSchool {
    pub id: i64,
    pub name: String,
    pub level: String,
    pub ownership: String,
    pub is_generated: i64,
    pub commune_code: Option<String>,
    pub commune_name: Option<String>,
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
}

/// The frame an audience is resolved in: the sender's province and school year, and
/// for a cluster board its own cluster, outside which nothing is selected.
#[derive(Debug, Clone)]
pub struct AudienceScope<'a> {
    pub province: &'a str,
    pub school_year: &'a str,
    pub cluster: Option<i64>,
}

/// Lists the schools an audience selects, by cluster, commune and name.
pub async fn resolve_audience(db: &Db, scope: &AudienceScope<'_>, audience: &Audience) -> DbResult<Vec<ResolvedSchool>> {
    let mut query = SqlBuilder::new(
        "SELECT s.id, s.name, s.level, s.ownership, s.is_generated, s.commune_code, c.name AS commune_name, \
         COALESCE(o.cluster_id, cc.cluster_id) AS cluster_id, k.name AS cluster_name",
    );
    push_from_where(&mut query, scope, audience);
    query.push(" ORDER BY k.position, k.id, c.name_folded, s.name_folded, s.id");
    Ok(query.build_query_as().fetch_all(&db.pool).await?)
}

/// Appends the `FROM … WHERE …` of the schools an audience selects, with `s` the school,
/// `c` its commune and `COALESCE(o.cluster_id, cc.cluster_id)` its cluster.
pub(crate) fn push_from_where(query: &mut SqlBuilder, scope: &AudienceScope<'_>, audience: &Audience) {
    query
        .push(
            " FROM schools s LEFT JOIN communes c ON c.code = s.commune_code \
             LEFT JOIN cluster_school_overrides o ON o.school_id = s.id AND o.school_year = ",
        )
        .push_bind(scope.school_year.to_owned())
        .push(" LEFT JOIN cluster_communes cc ON cc.commune_code = s.commune_code AND cc.school_year = ")
        .push_bind(scope.school_year.to_owned())
        .push(" LEFT JOIN clusters k ON k.id = COALESCE(o.cluster_id, cc.cluster_id)")
        .push(" WHERE s.province_code = ")
        .push_bind(scope.province.to_owned());
    if let Some(cluster) = scope.cluster {
        query.push(" AND COALESCE(o.cluster_id, cc.cluster_id) = ").push_bind(cluster);
    }
    query.push(" AND (");
    if audience.filters_apply() {
        query.push("(1 = 1");
        if !audience.clusters.is_empty() {
            query.push(" AND COALESCE(o.cluster_id, cc.cluster_id) IN (");
            push_list(query, audience.clusters.iter().copied());
            query.push(")");
        }
        if !audience.communes.is_empty() {
            query.push(" AND s.commune_code IN (");
            push_list(query, audience.communes.iter().cloned());
            query.push(")");
        }
        if !audience.levels.is_empty() {
            query.push(" AND s.level IN (");
            push_list(query, audience.levels.iter().map(|level| level.as_str()));
            query.push(")");
        }
        if !audience.ownerships.is_empty() {
            query.push(" AND s.ownership IN (");
            push_list(query, audience.ownerships.iter().map(|ownership| ownership.as_str()));
            query.push(")");
        }
        query.push(")");
    } else {
        query.push("1 = 0");
    }
    if !audience.schools.is_empty() {
        query.push(" OR s.id IN (");
        push_list(query, audience.schools.iter().copied());
        query.push(")");
    }
    query.push(")");
}

fn push_list<T>(query: &mut SqlBuilder, values: impl Iterator<Item = T>)
where
    T: sqlx::Encode<'static, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    let mut list = query.separated(", ");
    for value in values {
        list.push_bind(value);
    }
}
