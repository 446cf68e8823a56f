//! Who hears about a request's steps: its handlers on one side, the school on the other.

use caunoi_core::policy::RequestLevel;
use sqlx::AnyConnection;

use crate::DbResult;

/// Lists the active coordinators and board members of a cluster.
pub(super) async fn cluster_board(conn: &mut AnyConnection, cluster_id: i64) -> DbResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT g.user_id FROM role_grants g JOIN users u ON u.id = g.user_id \
         WHERE g.cluster_id = $1 AND g.role IN ('cluster_coordinator', 'board_member') AND u.is_active = 1 \
         ORDER BY g.user_id",
    )
    .bind(cluster_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// Lists the active people holding one of `roles` on a whole province.
pub(super) async fn department(conn: &mut AnyConnection, province: &str, roles: &[&str]) -> DbResult<Vec<i64>> {
    let mut query = crate::sql::SqlBuilder::new(
        "SELECT DISTINCT g.user_id FROM role_grants g JOIN users u ON u.id = g.user_id \
         WHERE g.province_code = ",
    );
    query.push_bind(province.to_owned()).push(
        " AND g.cluster_id IS NULL AND g.commune_code IS NULL AND g.school_id IS NULL AND u.is_active = 1 AND g.role IN (",
    );
    let mut list = query.separated(", ");
    for role in roles {
        list.push_bind((*role).to_owned());
    }
    query.push(") ORDER BY g.user_id");
    Ok(query.build_query_scalar().fetch_all(&mut *conn).await?)
}

/// Lists who handles a request at `level`: the cluster's board, or the department's
/// specialists.
pub(super) async fn handlers(
    conn: &mut AnyConnection,
    province: &str,
    cluster_id: Option<i64>,
    level: RequestLevel,
) -> DbResult<Vec<i64>> {
    match (level, cluster_id) {
        (RequestLevel::Cluster, Some(cluster)) => cluster_board(conn, cluster).await,
        _ => department(conn, province, &["department_specialist"]).await,
    }
}

/// Lists the school's side of a request: the school's active leaders and the person who
/// raised it.
pub(super) async fn school_side(conn: &mut AnyConnection, school_id: i64, created_by: i64) -> DbResult<Vec<i64>> {
    let mut ids: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT g.user_id FROM role_grants g JOIN users u ON u.id = g.user_id \
         WHERE g.school_id = $1 AND g.role = 'school_leader' AND u.is_active = 1 ORDER BY g.user_id",
    )
    .bind(school_id)
    .fetch_all(&mut *conn)
    .await?;
    if !ids.contains(&created_by) {
        ids.push(created_by);
    }
    Ok(ids)
}

/// Removes the person who acted, who needs no notification of their own step.
pub(super) fn without(mut ids: Vec<i64>, actor: i64) -> Vec<i64> {
    ids.retain(|id| *id != actor);
    ids.dedup();
    ids
}
