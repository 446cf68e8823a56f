//! Professional clusters per school year, their communes, overrides, boards and the
//! drafts of new layouts.

use caunoi_core::org::{Role, Scope};
use caunoi_core::policy::ClusterFacts;
use caunoi_core::school_year::SchoolYear;
use caunoi_core::text::normalize;
use serde::{Deserialize, Serialize};
use sqlx::FromRow;

use crate::audit::{self, AuditEntry};
use crate::{Db, DbError, DbResult, now_ms};

#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Cluster {
    pub id: i64,
    pub province_code: String,
    pub school_year: String,
    pub name: String,
    pub position: i64,
    pub commune_count: i64,
    pub school_count: i64,
}

const SELECT: &str = "SELECT k.id, k.province_code, k.school_year, k.name, k.position, \
    (SELECT COUNT(*) FROM cluster_communes cc WHERE cc.cluster_id = k.id) AS commune_count, \
    (SELECT COUNT(*) FROM schools s \
       LEFT JOIN cluster_school_overrides o ON o.school_id = s.id AND o.school_year = k.school_year \
       LEFT JOIN cluster_communes cc ON cc.commune_code = s.commune_code AND cc.school_year = k.school_year \
       WHERE COALESCE(o.cluster_id, cc.cluster_id) = k.id) AS school_count \
    FROM clusters k";

/// Lists the school years that have clusters in a province, newest first.
pub async fn years(db: &Db, province: &str) -> DbResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT school_year FROM clusters WHERE province_code = $1 ORDER BY school_year DESC",
    )
    .bind(province)
    .fetch_all(&db.pool)
    .await?)
}

/// Returns the school year pages show by default: the one containing today when it has
/// clusters, else the latest year that has some, else today's.
pub async fn current_year(db: &Db, province: &str, today: chrono::NaiveDate) -> DbResult<String> {
    let todays = SchoolYear::containing(today).to_string();
    let years = years(db, province).await?;
    if years.contains(&todays) {
        return Ok(todays);
    }
    Ok(years.into_iter().find(|y| *y <= todays).unwrap_or(todays))
}

pub async fn list(db: &Db, province: &str, school_year: &str) -> DbResult<Vec<Cluster>> {
    let sql = format!("{SELECT} WHERE k.province_code = $1 AND k.school_year = $2 ORDER BY k.position, k.id");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(province).bind(school_year).fetch_all(&db.pool).await?)
}

pub async fn get(db: &Db, id: i64) -> DbResult<Cluster> {
    let sql = format!("{SELECT} WHERE k.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}

pub async fn facts(db: &Db, id: i64) -> DbResult<ClusterFacts> {
    let province: String = sqlx::query_scalar("SELECT province_code FROM clusters WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    Ok(ClusterFacts { id, province })
}

/// Returns the cluster of every commune of a province in one school year.
pub async fn layout(db: &Db, province: &str, school_year: &str) -> DbResult<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT cc.commune_code, cc.cluster_id FROM cluster_communes cc JOIN clusters k ON k.id = cc.cluster_id \
         WHERE k.province_code = $1 AND cc.school_year = $2 ORDER BY cc.commune_code",
    )
    .bind(province)
    .bind(school_year)
    .fetch_all(&db.pool)
    .await?)
}

/// One cluster of a layout to save: its name and its communes' codes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClusterDraft {
    pub name: String,
    pub communes: Vec<String>,
}

/// Saves a province's cluster layout for a school year in one transaction. A year that
/// already has clusters is refused, so last year's layout and its boards stay intact.
pub async fn save_layout(
    db: &Db,
    province: &str,
    school_year: SchoolYear,
    drafts: &[ClusterDraft],
    user_id: Option<i64>,
) -> DbResult<Vec<i64>> {
    let year = school_year.to_string();
    let mut tx = db.begin().await?;
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM clusters WHERE province_code = $1 AND school_year = $2")
        .bind(province)
        .bind(&year)
        .fetch_one(&mut *tx)
        .await?;
    if existing > 0 {
        return Err(DbError::Conflict("clusters_year_exists".into()));
    }
    let now = now_ms();
    let mut ids = Vec::with_capacity(drafts.len());
    for (position, draft) in drafts.iter().enumerate() {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO clusters (province_code, school_year, name, position, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(province)
        .bind(&year)
        .bind(normalize(&draft.name))
        .bind(position as i64 + 1)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        for commune in &draft.communes {
            sqlx::query("INSERT INTO cluster_communes (cluster_id, school_year, commune_code) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(&year)
                .bind(commune)
                .execute(&mut *tx)
                .await?;
        }
        ids.push(id);
    }
    let entry = AuditEntry {
        user_id,
        province: Some(province),
        action: "clusters.save_layout",
        entity: "school_year",
        entity_id: year.clone(),
        details: serde_json::json!({ "clusters": ids.len() }),
    };
    audit::record(&mut *tx, &entry).await?;
    tx.commit().await?;
    Ok(ids)
}

pub async fn rename(db: &Db, id: i64, name: &str, user_id: Option<i64>) -> DbResult<()> {
    let facts = facts(db, id).await?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE clusters SET name = $1 WHERE id = $2").bind(normalize(name)).bind(id).execute(&mut *tx).await?;
    let entry = AuditEntry {
        user_id,
        province: Some(&facts.province),
        action: "clusters.rename",
        entity: "cluster",
        entity_id: id.to_string(),
        details: serde_json::json!({}),
    };
    audit::record(&mut *tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Places one school in another cluster than its commune's for the cluster's year.
pub async fn set_override(db: &Db, cluster_id: i64, school_id: i64, reason: &str, user_id: Option<i64>) -> DbResult<()> {
    let cluster = get(db, cluster_id).await?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO cluster_school_overrides (cluster_id, school_year, school_id, reason) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (school_year, school_id) DO UPDATE SET cluster_id = excluded.cluster_id, reason = excluded.reason",
    )
    .bind(cluster_id)
    .bind(&cluster.school_year)
    .bind(school_id)
    .bind(normalize(reason))
    .execute(&mut *tx)
    .await?;
    let entry = AuditEntry {
        user_id,
        province: Some(&cluster.province_code),
        action: "clusters.override_school",
        entity: "school",
        entity_id: school_id.to_string(),
        details: serde_json::json!({ "cluster_id": cluster_id, "school_year": cluster.school_year }),
    };
    audit::record(&mut *tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, FromRow)]
pub struct BoardMember {
    pub user_id: i64,
    pub username: String,
    pub full_name: String,
    pub board_role: String,
    pub level: Option<String>,
    pub affiliation: String,
}

/// Lists a cluster's coordinating board: the coordinator, level heads, then members.
pub async fn board(db: &Db, cluster_id: i64) -> DbResult<Vec<BoardMember>> {
    Ok(sqlx::query_as(
        "SELECT b.user_id, u.username, u.full_name, b.board_role, b.level, b.affiliation \
         FROM cluster_board_members b JOIN users u ON u.id = b.user_id WHERE b.cluster_id = $1 \
         ORDER BY CASE b.board_role WHEN 'coordinator' THEN 0 WHEN 'level_head' THEN 1 ELSE 2 END, \
         b.level, u.sort_key",
    )
    .bind(cluster_id)
    .fetch_all(&db.pool)
    .await?)
}

#[derive(Debug, Clone)]
pub struct NewBoardMember {
    pub cluster_id: i64,
    pub user_id: i64,
    pub board_role: String,
    pub level: Option<String>,
    pub affiliation: String,
}

/// Adds a person to a cluster's board and grants the matching role on the cluster
/// (`cluster_coordinator` for the coordinator, `board_member` otherwise), so that the
/// policy lets board members see the cluster's schools.
pub async fn add_board_member(db: &Db, member: &NewBoardMember) -> DbResult<()> {
    let province: String = sqlx::query_scalar("SELECT province_code FROM clusters WHERE id = $1")
        .bind(member.cluster_id)
        .fetch_one(&db.pool)
        .await?;
    let role = if member.board_role == "coordinator" { Role::ClusterCoordinator } else { Role::BoardMember };
    let scope = Scope::Cluster(member.cluster_id);
    let now = now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO cluster_board_members (cluster_id, user_id, board_role, level, affiliation, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (cluster_id, user_id) DO UPDATE SET \
         board_role = excluded.board_role, level = excluded.level, affiliation = excluded.affiliation",
    )
    .bind(member.cluster_id)
    .bind(member.user_id)
    .bind(member.board_role.clone())
    .bind(member.level.clone())
    .bind(member.affiliation.clone())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    // A changed board role replaces the previous one, so a former coordinator loses the
    // coordinator's rights.
    sqlx::query(
        "DELETE FROM role_grants WHERE user_id = $1 AND scope_key = $2 \
         AND role IN ('cluster_coordinator', 'board_member') AND role <> $3",
    )
    .bind(member.user_id)
    .bind(scope.key())
    .bind(role.as_str())
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO role_grants (user_id, role, province_code, cluster_id, scope_key, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, role, scope_key) DO NOTHING",
    )
    .bind(member.user_id)
    .bind(role.as_str())
    .bind(province)
    .bind(member.cluster_id)
    .bind(scope.key())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

// Proposals -------------------------------------------------------------------------

/// A draft layout: cluster names and, for every commune, the index of its cluster.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProposalLayout {
    pub names: Vec<String>,
    /// (commune code, cluster index) for every commune of the province.
    pub assignment: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoredProposal {
    pub id: i64,
    pub province_code: String,
    pub school_year: String,
    pub k: i64,
    pub layout: ProposalLayout,
    pub saved_at: Option<i64>,
}

pub async fn create_proposal(
    db: &Db,
    province: &str,
    school_year: SchoolYear,
    layout: &ProposalLayout,
    user_id: i64,
) -> DbResult<i64> {
    let json = serde_json::to_string(layout).map_err(|e| DbError::Invalid(e.to_string()))?;
    Ok(sqlx::query_scalar(
        "INSERT INTO cluster_proposals (province_code, school_year, k, layout, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(province)
    .bind(school_year.to_string())
    .bind(layout.names.len() as i64)
    .bind(json)
    .bind(user_id)
    .bind(now_ms())
    .fetch_one(&db.pool)
    .await?)
}

pub async fn proposal(db: &Db, id: i64) -> DbResult<StoredProposal> {
    let (id, province_code, school_year, k, layout, saved_at): (i64, String, String, i64, String, Option<i64>) =
        sqlx::query_as(
            "SELECT id, province_code, school_year, k, layout, saved_at FROM cluster_proposals WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    let layout = serde_json::from_str(&layout).map_err(|e| DbError::Invalid(e.to_string()))?;
    Ok(StoredProposal { id, province_code, school_year, k, layout, saved_at })
}

pub async fn update_proposal(db: &Db, id: i64, layout: &ProposalLayout) -> DbResult<()> {
    let json = serde_json::to_string(layout).map_err(|e| DbError::Invalid(e.to_string()))?;
    let result = sqlx::query("UPDATE cluster_proposals SET layout = $1 WHERE id = $2 AND saved_at IS NULL")
        .bind(json)
        .bind(id)
        .execute(&db.pool)
        .await?;
    if result.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// Saves a proposal as the layout of its school year and marks it saved.
pub async fn save_proposal(db: &Db, id: i64, user_id: i64) -> DbResult<Vec<i64>> {
    let stored = proposal(db, id).await?;
    if stored.saved_at.is_some() {
        return Err(DbError::Conflict("cluster_proposals_saved".into()));
    }
    let year = SchoolYear::parse(&stored.school_year)
        .ok_or_else(|| DbError::Invalid(format!("stored school year {:?}", stored.school_year)))?;
    let drafts: Vec<ClusterDraft> = stored
        .layout
        .names
        .iter()
        .enumerate()
        .map(|(index, name)| ClusterDraft {
            name: name.clone(),
            communes: stored
                .layout
                .assignment
                .iter()
                .filter(|(_, cluster)| *cluster == index)
                .map(|(code, _)| code.clone())
                .collect(),
        })
        .collect();
    let ids = save_layout(db, &stored.province_code, year, &drafts, Some(user_id)).await?;
    sqlx::query("UPDATE cluster_proposals SET saved_at = $1 WHERE id = $2").bind(now_ms()).bind(id).execute(&db.pool).await?;
    Ok(ids)
}

/// Lists the school years that have clusters in a province with their cluster count,
/// newest first.
pub async fn year_counts(db: &Db, province: &str) -> DbResult<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT school_year, COUNT(*) FROM clusters WHERE province_code = $1 \
         GROUP BY school_year ORDER BY school_year DESC",
    )
    .bind(province)
    .fetch_all(&db.pool)
    .await?)
}

/// One cluster proposal in a province's list of proposals.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct ProposalSummary {
    pub id: i64,
    pub school_year: String,
    pub k: i64,
    pub created_by_name: String,
    pub created_at: i64,
    pub saved_at: Option<i64>,
}

/// Lists a province's cluster proposals, newest first.
pub async fn proposals(db: &Db, province: &str) -> DbResult<Vec<ProposalSummary>> {
    Ok(sqlx::query_as(
        "SELECT p.id, p.school_year, CAST(p.k AS BIGINT) AS k, u.full_name AS created_by_name, p.created_at, \
         p.saved_at FROM cluster_proposals p JOIN users u ON u.id = p.created_by \
         WHERE p.province_code = $1 ORDER BY p.created_at DESC, p.id DESC",
    )
    .bind(province)
    .fetch_all(&db.pool)
    .await?)
}

/// Counts a province's generated demo schools, so that proposal pages weighted by them
/// can say so.
pub async fn generated_school_count(db: &Db, province: &str) -> DbResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM schools WHERE province_code = $1 AND is_generated = 1")
        .bind(province)
        .fetch_one(&db.pool)
        .await?)
}

/// A commune-level unit of a cluster.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct MemberCommune {
    pub code: String,
    pub name: String,
}

/// Lists the communes of a cluster in its school year, by name.
pub async fn member_communes(db: &Db, cluster_id: i64) -> DbResult<Vec<MemberCommune>> {
    Ok(sqlx::query_as(
        "SELECT c.code, c.name FROM cluster_communes cc JOIN communes c ON c.code = cc.commune_code \
         WHERE cc.cluster_id = $1 ORDER BY c.name_folded, c.code",
    )
    .bind(cluster_id)
    .fetch_all(&db.pool)
    .await?)
}
