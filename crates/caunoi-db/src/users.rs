//! People, their roles and the actor the policy decides for.

use caunoi_core::org::{Role, Scope};
use caunoi_core::policy::{Actor, Grant, PersonFacts, StaffVisibility};
use caunoi_core::text::{collate::person_sort_key, fold, normalize};
use serde::Serialize;
use std::collections::BTreeMap;

use sqlx::{AnyConnection, FromRow};

use crate::sql::SqlBuilder;

use crate::{Db, DbError, DbResult, Page, now_ms, schools};

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub password_hash: Option<String>,
    pub must_change_password: bool,
    pub deployment_admin: bool,
    pub is_generated: bool,
}

/// Creates a user. Usernames are stored folded (lower-case ASCII) so logins ignore case.
pub async fn create(db: &Db, user: &NewUser) -> DbResult<i64> {
    let full_name = normalize(&user.full_name);
    let now = now_ms();
    let id = sqlx::query_scalar(
        "INSERT INTO users (username, full_name, name_folded, sort_key, email, password_hash, \
         must_change_password, deployment_admin, is_generated, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(normalize_username(&user.username))
    .bind(&full_name)
    .bind(fold(&full_name))
    .bind(person_sort_key(&full_name))
    .bind(user.email.clone())
    .bind(user.password_hash.clone())
    .bind(i64::from(user.must_change_password))
    .bind(i64::from(user.deployment_admin))
    .bind(i64::from(user.is_generated))
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// Folds a username to the stored form: lower-case ASCII letters and digits without
/// tone marks, keeping `_`, `.` and `-`, so that logins ignore case and marks.
pub fn normalize_username(raw: &str) -> String {
    let mut username = String::with_capacity(raw.len());
    for c in raw.trim().chars() {
        if matches!(c, '_' | '.' | '-') {
            username.push(c);
        } else {
            username.extend(fold(c.encode_utf8(&mut [0; 4])).chars().filter(char::is_ascii_alphanumeric));
        }
    }
    username
}

/// Grants a role on a scope; granting the same role twice changes nothing.
pub async fn grant(db: &Db, user_id: i64, role: Role, scope: &Scope, province: &str) -> DbResult<()> {
    let (cluster, commune, school) = match scope {
        Scope::Cluster(id) => (Some(*id), None, None),
        Scope::Commune(code) => (None, Some(code.clone()), None),
        Scope::School(id) => (None, None, Some(*id)),
        Scope::Province(_) | Scope::Deployment => (None, None, None),
    };
    if role.scope_kind() != scope_kind(scope) {
        return Err(DbError::Invalid(format!("role {} cannot be granted on {}", role.as_str(), scope.key())));
    }
    sqlx::query(
        "INSERT INTO role_grants (user_id, role, province_code, cluster_id, commune_code, school_id, scope_key, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id, role, scope_key) DO NOTHING",
    )
    .bind(user_id)
    .bind(role.as_str())
    .bind(province)
    .bind(cluster)
    .bind(commune)
    .bind(school)
    .bind(scope.key())
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

fn scope_kind(scope: &Scope) -> caunoi_core::org::ScopeKind {
    use caunoi_core::org::ScopeKind;
    match scope {
        Scope::Deployment => ScopeKind::Deployment,
        Scope::Province(_) => ScopeKind::Province,
        Scope::Cluster(_) => ScopeKind::Cluster,
        Scope::Commune(_) => ScopeKind::Commune,
        Scope::School(_) => ScopeKind::School,
    }
}

/// The account fields a login checks.
#[derive(Debug, Clone, FromRow)]
pub struct Credentials {
    pub id: i64,
    pub username: String,
    pub password_hash: Option<String>,
    pub is_active: i64,
    pub must_change_password: i64,
}

pub async fn credentials(db: &Db, username: &str) -> DbResult<Option<Credentials>> {
    Ok(sqlx::query_as(
        "SELECT id, username, password_hash, is_active, must_change_password FROM users WHERE username = $1",
    )
    .bind(normalize_username(username))
    .fetch_optional(&db.pool)
    .await?)
}

pub async fn set_password(db: &Db, user_id: i64, hash: &str, must_change: bool) -> DbResult<()> {
    let result = sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(hash)
    .bind(i64::from(must_change))
    .bind(now_ms())
    .bind(user_id)
    .execute(&db.pool)
    .await?;
    if result.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

pub async fn id_by_username(db: &Db, username: &str) -> DbResult<i64> {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(normalize_username(username))
        .fetch_optional(&db.pool)
        .await?
        .ok_or(DbError::NotFound)
}

#[derive(Debug, Clone, FromRow)]
struct GrantRow {
    role: String,
    province_code: String,
    cluster_id: Option<i64>,
    commune_code: Option<String>,
    school_id: Option<i64>,
}

impl GrantRow {
    fn into_grant(self) -> Option<Grant> {
        let role = Role::parse(&self.role)?;
        let scope = match (self.cluster_id, self.commune_code, self.school_id) {
            (Some(id), _, _) => Scope::Cluster(id),
            (_, Some(code), _) => Scope::Commune(code),
            (_, _, Some(id)) => Scope::School(id),
            _ => Scope::Province(self.province_code.clone()),
        };
        Some(Grant { role, scope, province: Some(self.province_code) })
    }
}

async fn grants(db: &Db, user_id: i64) -> DbResult<Vec<Grant>> {
    let rows: Vec<GrantRow> = sqlx::query_as(
        "SELECT role, province_code, cluster_id, commune_code, school_id FROM role_grants \
         WHERE user_id = $1 ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().filter_map(GrantRow::into_grant).collect())
}

/// Loads the actor of an active user: the deployment flag and every grant.
pub async fn actor(db: &Db, user_id: i64) -> DbResult<Actor> {
    let deployment_admin: i64 = sqlx::query_scalar("SELECT deployment_admin FROM users WHERE id = $1 AND is_active = 1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(DbError::NotFound)?;
    Ok(Actor { user_id, deployment_admin: deployment_admin == 1, grants: grants(db, user_id).await? })
}

/// Loads where a person works, for [`caunoi_core::policy::Action::ViewPerson`].
pub async fn facts(db: &Db, user_id: i64) -> DbResult<PersonFacts> {
    let grants = grants(db, user_id).await?;
    let mut provinces: Vec<String> = grants.iter().filter_map(|g| g.province.clone()).collect();
    provinces.sort();
    provinces.dedup();
    let mut schools = Vec::new();
    let mut clusters = Vec::new();
    let mut communes = Vec::new();
    for grant in &grants {
        match &grant.scope {
            Scope::School(id) => schools.push(schools::facts(db, *id).await?),
            Scope::Cluster(id) => clusters.push(*id),
            Scope::Commune(code) => communes.push(code.clone()),
            Scope::Province(_) | Scope::Deployment => {}
        }
    }
    Ok(PersonFacts { user_id, provinces, schools, clusters, communes })
}

/// A person as lists and profiles show them.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Person {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    /// The person's first school, when they hold a role on one.
    pub school_id: Option<i64>,
    pub school_name: Option<String>,
    /// Comma-separated role identifiers.
    pub roles: String,
    pub is_generated: i64,
}

/// A role held, as profiles show it.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct GrantView {
    pub role: String,
    pub province_code: String,
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    pub commune_code: Option<String>,
    pub commune_name: Option<String>,
    pub school_id: Option<i64>,
    pub school_name: Option<String>,
}

pub async fn grant_views(db: &Db, user_id: i64) -> DbResult<Vec<GrantView>> {
    Ok(sqlx::query_as(
        "SELECT g.role, g.province_code, g.cluster_id, k.name AS cluster_name, g.commune_code, \
         c.name AS commune_name, g.school_id, s.name AS school_name FROM role_grants g \
         LEFT JOIN clusters k ON k.id = g.cluster_id LEFT JOIN communes c ON c.code = g.commune_code \
         LEFT JOIN schools s ON s.id = g.school_id WHERE g.user_id = $1 ORDER BY g.id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?)
}

#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    pub province: String,
    pub role: Option<Role>,
    pub school_id: Option<i64>,
    /// Folded search text matched against the full name or username.
    pub query: Option<String>,
    pub visibility: StaffVisibility,
}

const PERSON_COLUMNS: &str = "SELECT u.id, u.username, u.full_name, u.email, \
    (SELECT MIN(g.school_id) FROM role_grants g WHERE g.user_id = u.id AND g.school_id IS NOT NULL) AS school_id, \
    (SELECT s.name FROM schools s WHERE s.id = (SELECT MIN(g.school_id) FROM role_grants g \
        WHERE g.user_id = u.id AND g.school_id IS NOT NULL)) AS school_name, \
    COALESCE((SELECT MIN(g.role) FROM role_grants g WHERE g.user_id = u.id), '') AS roles, \
    u.is_generated FROM users u";

fn people_filter(query: &mut SqlBuilder, filter: &PeopleFilter) {
    query
        .push(" WHERE EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.province_code = ")
        .push_bind(filter.province.clone());
    if let Some(role) = filter.role {
        query.push(" AND g.role = ").push_bind(role.as_str());
    }
    if let Some(school) = filter.school_id {
        query.push(" AND g.school_id = ").push_bind(school);
    }
    query.push(")");
    if let Some(text) = filter.query.as_deref().filter(|t| !t.is_empty()) {
        let pattern = crate::like_contains(text);
        query.push(" AND (u.name_folded LIKE ").push_bind(pattern.clone()).push(" ESCAPE '\\'");
        query.push(" OR u.username LIKE ").push_bind(pattern).push(" ESCAPE '\\')");
    }
    push_visibility(query, &filter.visibility);
}

/// Restricts a people query to the part of the province the actor may see: grants on
/// visible schools, on schools of visible communes or clusters, or on those scopes.
fn push_visibility(query: &mut SqlBuilder, visibility: &StaffVisibility) {
    if visibility.whole_province {
        return;
    }
    query.push(" AND EXISTS (SELECT 1 FROM role_grants v LEFT JOIN schools vs ON vs.id = v.school_id WHERE v.user_id = u.id AND (1 = 0");
    for school in &visibility.schools {
        query.push(" OR v.school_id = ").push_bind(*school);
    }
    for commune in &visibility.communes {
        query.push(" OR v.commune_code = ").push_bind(commune.clone());
        query.push(" OR vs.commune_code = ").push_bind(commune.clone());
    }
    for cluster in &visibility.clusters {
        query.push(" OR v.cluster_id = ").push_bind(*cluster);
        query
            .push(" OR vs.commune_code IN (SELECT commune_code FROM cluster_communes WHERE cluster_id = ")
            .push_bind(*cluster)
            .push(")");
        query
            .push(" OR vs.id IN (SELECT school_id FROM cluster_school_overrides WHERE cluster_id = ")
            .push_bind(*cluster)
            .push(")");
    }
    query.push("))");
}

/// Lists people holding a role in a province, in Vietnamese name order.
pub async fn list(db: &Db, filter: &PeopleFilter, page: Page) -> DbResult<(Vec<Person>, i64)> {
    let mut count = SqlBuilder::new("SELECT COUNT(*) FROM users u");
    people_filter(&mut count, filter);
    let total: i64 = count.build_query_scalar().fetch_one(&db.pool).await?;

    let mut query = SqlBuilder::new(PERSON_COLUMNS);
    people_filter(&mut query, filter);
    query.push(" ORDER BY u.sort_key, u.id");
    page.push_limit(&mut query);
    let mut people: Vec<Person> = query.build_query_as().fetch_all(&db.pool).await?;
    for person in &mut people {
        person.roles = role_list(db, person.id).await?;
    }
    Ok((people, total))
}

async fn role_list(db: &Db, user_id: i64) -> DbResult<String> {
    let roles: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT role FROM role_grants WHERE user_id = $1 ORDER BY role")
            .bind(user_id)
            .fetch_all(&db.pool)
            .await?;
    Ok(roles.join(","))
}

pub async fn get(db: &Db, user_id: i64) -> DbResult<Person> {
    let mut query = SqlBuilder::new(PERSON_COLUMNS);
    query.push(" WHERE u.id = ").push_bind(user_id);
    let mut person: Person = query.build_query_as().fetch_one(&db.pool).await?;
    person.roles = role_list(db, user_id).await?;
    Ok(person)
}

/// Returns whether any user exists, to know if first-start set-up is due.
pub async fn any_exists(db: &Db) -> DbResult<bool> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&db.pool).await?;
    Ok(count > 0)
}

/// A generated person for demo data: no password, so they cannot log in.
#[derive(Debug, Clone)]
pub struct GeneratedPerson {
    pub username: String,
    pub full_name: String,
    pub grants: Vec<(Role, Scope)>,
}

/// Inserts generated people and their grants in batches. Returns the ids by username.
pub async fn insert_generated(
    db: &Db,
    province: &str,
    people: &[GeneratedPerson],
) -> DbResult<std::collections::HashMap<String, i64>> {
    let now = now_ms();
    let mut ids = std::collections::HashMap::with_capacity(people.len());
    let mut tx = db.begin().await?;
    for chunk in people.chunks(200) {
        let mut query = SqlBuilder::new(
            "INSERT INTO users (username, full_name, name_folded, sort_key, is_generated, created_at, updated_at) ",
        );
        query.push_values(chunk, |mut row, person| {
            let full_name = normalize(&person.full_name);
            row.push_bind(normalize_username(&person.username))
                .push_bind(full_name.clone())
                .push_bind(fold(&full_name))
                .push_bind(person_sort_key(&full_name))
                .push_bind(1_i64)
                .push_bind(now)
                .push_bind(now);
        });
        query.push(" ON CONFLICT (username) DO NOTHING");
        query.build().execute(&mut *tx).await?;

        let mut lookup = SqlBuilder::new("SELECT id, username FROM users WHERE username IN (");
        let mut separated = lookup.separated(", ");
        for person in chunk {
            separated.push_bind(normalize_username(&person.username));
        }
        lookup.push(")");
        let rows: Vec<(i64, String)> = lookup.build_query_as().fetch_all(&mut *tx).await?;
        ids.extend(rows.into_iter().map(|(id, username)| (username, id)));

        let grants: Vec<(i64, Role, &Scope)> = chunk
            .iter()
            .filter_map(|p| ids.get(&normalize_username(&p.username)).map(|id| (*id, p)))
            .flat_map(|(id, p)| p.grants.iter().map(move |(role, scope)| (id, *role, scope)))
            .collect();
        for grant_chunk in grants.chunks(100) {
            let mut query = SqlBuilder::new(
                "INSERT INTO role_grants (user_id, role, province_code, cluster_id, commune_code, school_id, \
                 scope_key, created_at) ",
            );
            query.push_values(grant_chunk, |mut row, (user_id, role, scope)| {
                let (cluster, commune, school) = match scope {
                    Scope::Cluster(id) => (Some(*id), None, None),
                    Scope::Commune(code) => (None, Some(code.clone()), None),
                    Scope::School(id) => (None, None, Some(*id)),
                    Scope::Province(_) | Scope::Deployment => (None, None, None),
                };
                row.push_bind(*user_id)
                    .push_bind(role.as_str())
                    .push_bind(province.to_owned())
                    .push_bind(cluster)
                    .push_bind(commune)
                    .push_bind(school)
                    .push_bind(scope.key())
                    .push_bind(now);
            });
            query.push(" ON CONFLICT (user_id, role, scope_key) DO NOTHING");
            query.build().execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    Ok(ids)
}

/// How to reach a person. Only the person and department staff may see it.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Contact {
    pub email: Option<String>,
    pub phone: Option<String>,
}

pub async fn contact(db: &Db, user_id: i64) -> DbResult<Contact> {
    Ok(sqlx::query_as("SELECT email, phone FROM users WHERE id = $1").bind(user_id).fetch_one(&db.pool).await?)
}

/// Returns which of the given users are generated demo people, for the badge on lists.
pub async fn generated_among(db: &Db, user_ids: &[i64]) -> DbResult<Vec<i64>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = crate::sql::SqlBuilder::new("SELECT id FROM users WHERE is_generated = 1 AND id IN (");
    let mut ids = query.separated(", ");
    for id in user_ids {
        ids.push_bind(*id);
    }
    query.push(")");
    Ok(query.build_query_scalar().fetch_all(&db.pool).await?)
}

#[cfg(test)]
mod tests {
    use super::normalize_username;

    #[test]
    fn username_keeps_separators() {
        assert_eq!(normalize_username(" Hieutruong_A1 "), "hieutruong_a1");
        assert_eq!(normalize_username("nguyen.van-an"), "nguyen.van-an");
    }

    #[test]
    fn username_drops_marks_and_spaces() {
        assert_eq!(normalize_username("Đặng Thị Ánh"), "dangthianh");
    }
}

/// Active leaders of each of `schools`, by school, inside the caller's transaction.
pub(crate) async fn school_leaders(conn: &mut AnyConnection, schools: &[i64]) -> DbResult<BTreeMap<i64, Vec<i64>>> {
    let mut leaders: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for chunk in schools.chunks(1000) {
        let mut query = SqlBuilder::new(
            "SELECT DISTINCT g.school_id, g.user_id FROM role_grants g JOIN users u ON u.id = g.user_id \
             WHERE u.is_active = 1 AND g.role = ",
        );
        query.push_bind(Role::SchoolLeader.as_str()).push(" AND g.school_id IN (");
        let mut list = query.separated(", ");
        for school in chunk {
            list.push_bind(*school);
        }
        query.push(") ORDER BY g.school_id, g.user_id");
        let rows: Vec<(i64, i64)> = query.build_query_as().fetch_all(&mut *conn).await?;
        for (school, user) in rows {
            leaders.entry(school).or_default().push(user);
        }
    }
    Ok(leaders)
}
