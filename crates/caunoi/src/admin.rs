//! `caunoi admin …`: users, passwords, tokens and departments from the command line.

use anyhow::{Context, bail};
use caunoi_core::org::{Role, Scope, province_code};
use caunoi_db::{Db, provinces, schools, security, users};

use crate::cli::AdminCommand;
use crate::serve::open;

pub async fn run(command: AdminCommand) -> anyhow::Result<()> {
    match command {
        AdminCommand::CreateUser { username, full_name, email, password, role, province, cluster, commune, school, database } => {
            let db = open(&database).await?;
            db.migrate().await?;
            let scope = match role.as_deref() {
                Some(role) => Some(resolve_scope(&db, role, province, cluster, commune, school).await?),
                None => None,
            };
            let (password, generated) = password_or_random(password);
            let hash = hash(&password).await?;
            let user = users::NewUser {
                username: username.clone(),
                full_name,
                email,
                password_hash: Some(hash),
                must_change_password: generated,
                deployment_admin: false,
                is_generated: false,
            };
            let id = users::create(&db, &user).await.with_context(|| format!("cannot create user {username:?}: is the name taken?"))?;
            let mut province_code = None;
            if let Some((role, scope, province)) = scope {
                users::grant(&db, id, role, &scope, &province).await?;
                province_code = Some(province);
            }
            let entry = caunoi_db::audit::AuditEntry {
                user_id: None,
                province: province_code.as_deref(),
                action: "users.create",
                entity: "user",
                entity_id: id.to_string(),
                details: serde_json::json!({ "source": "cli", "role": role }),
            };
            caunoi_db::audit::record(&db.pool, &entry).await?;
            println!("Created user {} (id {id}).", users::normalize_username(&username));
            if generated {
                println!("One-time password: {password}");
            }
        }
        AdminCommand::Token { user, label, database } => {
            let db = open(&database).await?;
            let id = users::id_by_username(&db, &user).await.with_context(|| format!("user {user:?} not found"))?;
            let token = security::create_api_token(&db, id, &label).await?;
            println!("API token for {user} (send it as 'Authorization: Bearer TOKEN'):");
            println!("{token}");
        }
        AdminCommand::SetPassword { user, password, database } => {
            let db = open(&database).await?;
            let id = users::id_by_username(&db, &user).await.with_context(|| format!("user {user:?} not found"))?;
            let (password, generated) = password_or_random(password);
            users::set_password(&db, id, &hash(&password).await?, generated).await?;
            println!("Password of {user} changed.");
            if generated {
                println!("One-time password: {password}");
            }
        }
        AdminCommand::AddDepartment { province, database } => {
            let db = open(&database).await?;
            let code = province_code(&province).with_context(|| format!("invalid province code {province:?}: use the official code, such as 79"))?;
            let department = provinces::add_department(&db, &code).await.with_context(|| format!("cannot add the department of province {code}: is it hosted already?"))?;
            println!("Added {} (province {}).", department.name, department.province_code);
        }
        AdminCommand::RecomputeReports { request, database } => {
            let db = open(&database).await?;
            db.migrate().await?;
            let started = std::time::Instant::now();
            match request {
                Some(id) => {
                    caunoi_db::reports::requests::get(&db, id).await.with_context(|| format!("report request {id} not found"))?;
                    let rows = caunoi_db::reports::recompute::request(&db, id).await?;
                    println!("Recomputed report request {id}: {rows} roll-up rows in {:.2} s.", started.elapsed().as_secs_f64());
                }
                None => {
                    let (requests, rows) = caunoi_db::reports::recompute::all(&db).await?;
                    println!("Recomputed {requests} report requests: {rows} roll-up rows in {:.2} s.", started.elapsed().as_secs_f64());
                }
            }
        }
    }
    Ok(())
}

fn password_or_random(password: Option<String>) -> (String, bool) {
    match password {
        Some(password) if !password.is_empty() => (password, false),
        _ => (security::random_secret("").chars().take(16).collect(), true),
    }
}

async fn hash(password: &str) -> anyhow::Result<String> {
    let password = password.to_owned();
    Ok(tokio::task::spawn_blocking(move || security::hash_password(&password)).await?)
}

/// Turns the role flags into a grant, checking that the scope exists.
async fn resolve_scope(
    db: &Db,
    role: &str,
    province: Option<String>,
    cluster: Option<i64>,
    commune: Option<String>,
    school: Option<i64>,
) -> anyhow::Result<(Role, Scope, String)> {
    let Some(role) = Role::parse(role) else {
        bail!("unknown role {role:?}: use one of department_admin, department_specialist, cluster_coordinator, board_member, commune_officer, school_leader, core_teacher, teacher");
    };
    use caunoi_core::org::ScopeKind;
    match role.scope_kind() {
        ScopeKind::Province | ScopeKind::Deployment => {
            let raw = province.context("this role needs --province CODE")?;
            let code = province_code(&raw).with_context(|| format!("invalid province code {raw:?}"))?;
            provinces::get(db, &code).await.with_context(|| format!("province {code} not found"))?;
            Ok((role, Scope::Province(code.clone()), code))
        }
        ScopeKind::Cluster => {
            let id = cluster.context("this role needs --cluster ID")?;
            let facts = caunoi_db::clusters::facts(db, id).await.with_context(|| format!("cluster {id} not found"))?;
            Ok((role, Scope::Cluster(id), facts.province))
        }
        ScopeKind::Commune => {
            let raw = commune.context("this role needs --commune CODE")?;
            let code = caunoi_core::org::commune_code(&raw).with_context(|| format!("invalid commune code {raw:?}"))?;
            let unit = caunoi_db::communes::get(db, &code).await.with_context(|| format!("commune {code} not found"))?;
            Ok((role, Scope::Commune(code), unit.province_code))
        }
        ScopeKind::School => {
            let id = school.context("this role needs --school ID")?;
            let facts = schools::facts(db, id).await.with_context(|| format!("school {id} not found"))?;
            Ok((role, Scope::School(id), facts.province))
        }
    }
}
