//! Generated staff, cluster boards and the demo accounts.

use std::collections::HashMap;

use caunoi_core::org::{Role, Scope, SchoolLevel};
use caunoi_core::school_year::SchoolYear;
use caunoi_db::clusters::{self, NewBoardMember};
use caunoi_db::schools::{self, SchoolFilter};
use caunoi_db::users::{self, GeneratedPerson, NewUser};
use caunoi_db::{Db, Page, security};

use caunoi_web::i18n::Locale;

use super::names::{Rng, full_name};
use super::{DEMO_PASSWORD, PROVINCE};

/// A demo login and what it shows.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: &'static str,
    pub description: String,
}

/// Lists every school of the demo province for the current school year.
pub(super) async fn all_schools(db: &Db, year: SchoolYear) -> anyhow::Result<Vec<schools::School>> {
    let filter = SchoolFilter { province: PROVINCE.into(), school_year: year.to_string(), ..SchoolFilter::default() };
    let mut all = Vec::new();
    let mut number = 1;
    loop {
        let (page, total) = schools::list(db, &filter, Page { number, size: Page::MAX_SIZE }).await?;
        all.extend(page);
        if all.len() as i64 >= total {
            return Ok(all);
        }
        number += 1;
    }
}

/// Generates a leader and teachers for every school, an education officer for every
/// commune and a specialist per cluster, then fills each cluster's board.
pub async fn generate_staff(db: &Db, year: SchoolYear) -> anyhow::Result<()> {
    let mut rng = Rng::new(79);
    let schools = all_schools(db, year).await?;
    let mut people = Vec::new();
    for school in &schools {
        let school_scope = Scope::School(school.id);
        people.push(GeneratedPerson {
            username: format!("ht{}", school.id),
            full_name: full_name(&mut rng),
            grants: vec![(Role::SchoolLeader, school_scope.clone())],
        });
        people.push(GeneratedPerson {
            username: format!("gvcc{}", school.id),
            full_name: full_name(&mut rng),
            grants: vec![(Role::CoreTeacher, school_scope.clone()), (Role::Teacher, school_scope.clone())],
        });
        for n in 1..=2 {
            people.push(GeneratedPerson {
                username: format!("gv{}_{n}", school.id),
                full_name: full_name(&mut rng),
                grants: vec![(Role::Teacher, school_scope.clone())],
            });
        }
    }
    let communes = caunoi_db::communes::all_in_province(db, PROVINCE).await?;
    for commune in &communes {
        people.push(GeneratedPerson {
            username: format!("cbx{}", commune.code),
            full_name: full_name(&mut rng),
            grants: vec![(Role::CommuneOfficer, Scope::Commune(commune.code.clone()))],
        });
    }
    let cluster_list = clusters::list(db, PROVINCE, &year.to_string()).await?;
    for cluster in &cluster_list {
        people.push(GeneratedPerson {
            username: format!("cv{}", cluster.position),
            full_name: full_name(&mut rng),
            grants: vec![
                (Role::DepartmentSpecialist, Scope::Province(PROVINCE.into())),
                (Role::ClusterCoordinator, Scope::Cluster(cluster.id)),
            ],
        });
    }
    let ids = users::insert_generated(db, PROVINCE, &people).await?;
    fill_boards(db, year, &schools, &ids).await
}

/// Gives each cluster a board: its specialist as coordinator, a head per school level
/// (a school leader), one commune officer and one core teacher.
async fn fill_boards(
    db: &Db,
    year: SchoolYear,
    schools: &[schools::School],
    ids: &HashMap<String, i64>,
) -> anyhow::Result<()> {
    let layout: HashMap<String, i64> = clusters::layout(db, PROVINCE, &year.to_string()).await?.into_iter().collect();
    for cluster in clusters::list(db, PROVINCE, &year.to_string()).await? {
        let mut members = Vec::new();
        if let Some(id) = ids.get(&format!("cv{}", cluster.position)) {
            members.push((*id, "coordinator", None, "department"));
        }
        let in_cluster: Vec<&schools::School> = schools.iter().filter(|s| s.cluster_id == Some(cluster.id)).collect();
        for level in [SchoolLevel::Preschool, SchoolLevel::Primary, SchoolLevel::LowerSecondary, SchoolLevel::UpperSecondary] {
            if let Some(school) = in_cluster.iter().find(|s| s.level == level.as_str())
                && let Some(id) = ids.get(&format!("ht{}", school.id))
            {
                members.push((*id, "level_head", Some(level.as_str().to_owned()), "school"));
            }
        }
        if let Some(commune) = layout.iter().filter(|(_, c)| **c == cluster.id).map(|(code, _)| code).min()
            && let Some(id) = ids.get(&format!("cbx{commune}"))
        {
            members.push((*id, "member", None, "commune"));
        }
        if let Some(school) = in_cluster.iter().find(|s| s.level == SchoolLevel::UpperSecondary.as_str())
            && let Some(id) = ids.get(&format!("gvcc{}", school.id))
        {
            members.push((*id, "member", None, "school"));
        }
        for (user_id, board_role, level, affiliation) in members {
            let member = NewBoardMember {
                cluster_id: cluster.id,
                user_id,
                board_role: board_role.into(),
                level,
                affiliation: affiliation.into(),
            };
            clusters::add_board_member(db, &member).await?;
            if board_role != "coordinator" {
                users::grant(db, user_id, Role::BoardMember, &Scope::Cluster(cluster.id), PROVINCE).await?;
            }
        }
    }
    Ok(())
}

fn demo_password() -> String {
    std::env::var("CAUNOI_ADMIN_PASSWORD").ok().filter(|p| !p.is_empty()).unwrap_or_else(|| DEMO_PASSWORD.into())
}

/// Creates one login per role, all on cluster 1 except `hieutruong2`, who leads a
/// school of cluster 2 and shows what another cluster cannot see. `hieutruongthcs`
/// leads a lower-secondary school of cluster 1, the level most directives target.
pub async fn create_demo_accounts(db: &Db, year: SchoolYear) -> anyhow::Result<Vec<DemoAccount>> {
    let password = demo_password();
    let hash = {
        let password = password.clone();
        tokio::task::spawn_blocking(move || security::hash_password(&password)).await?
    };
    let clusters = clusters::list(db, PROVINCE, &year.to_string()).await?;
    let (first, second) = (&clusters[0], &clusters[1]);
    let schools = all_schools(db, year).await?;
    let school_in = |cluster: i64, level: SchoolLevel| {
        schools
            .iter()
            .find(|s| s.cluster_id == Some(cluster) && s.level == level.as_str() && s.is_generated == 0)
            .or_else(|| schools.iter().find(|s| s.cluster_id == Some(cluster) && s.level == level.as_str()))
            .or_else(|| schools.iter().find(|s| s.cluster_id == Some(cluster)))
            .map(|s| s.id)
            .expect("every demo cluster has schools")
    };
    let school = school_in(first.id, SchoolLevel::UpperSecondary);
    let other_school = school_in(second.id, SchoolLevel::UpperSecondary);
    let lower_secondary = school_in(first.id, SchoolLevel::LowerSecondary);
    let commune = clusters::layout(db, PROVINCE, &year.to_string())
        .await?
        .into_iter()
        .find(|(_, cluster)| *cluster == first.id)
        .map(|(code, _)| code)
        .expect("cluster 1 has communes");

    let province = Scope::Province(PROVINCE.into());
    let plan: Vec<(&str, &str, Vec<(Role, Scope)>)> = vec![
        ("admin", "Quản trị hệ thống", vec![(Role::DepartmentAdmin, province.clone())]),
        ("chuyenvien", "Nguyễn Thị Thu Hà", vec![(Role::DepartmentSpecialist, province.clone())]),
        ("dieuphoi", "Trần Văn Bình", vec![(Role::ClusterCoordinator, Scope::Cluster(first.id))]),
        ("bandieuphoi", "Lê Thị Ngọc Ánh", vec![(Role::BoardMember, Scope::Cluster(first.id))]),
        ("canboxa", "Phạm Minh Đức", vec![(Role::CommuneOfficer, Scope::Commune(commune))]),
        ("hieutruong", "Võ Thị Lan", vec![(Role::SchoolLeader, Scope::School(school))]),
        ("cotcan", "Đặng Quốc Huy", vec![(Role::CoreTeacher, Scope::School(school)), (Role::Teacher, Scope::School(school))]),
        ("giaovien", "Huỳnh Thị Mỹ Duyên", vec![(Role::Teacher, Scope::School(school))]),
        ("hieutruong2", "Bùi Văn Thắng", vec![(Role::SchoolLeader, Scope::School(other_school))]),
        ("hieutruongthcs", "Trương Thị Kim Oanh", vec![(Role::SchoolLeader, Scope::School(lower_secondary))]),
    ];
    for (username, full_name, grants) in &plan {
        let id = match users::id_by_username(db, username).await {
            Ok(id) => {
                users::set_password(db, id, &hash, false).await?;
                id
            }
            Err(_) => {
                let user = NewUser {
                    username: (*username).into(),
                    full_name: (*full_name).into(),
                    email: None,
                    password_hash: Some(hash.clone()),
                    must_change_password: false,
                    deployment_admin: *username == "admin",
                    is_generated: false,
                };
                users::create(db, &user).await?
            }
        };
        for (role, scope) in grants {
            users::grant(db, id, *role, scope, PROVINCE).await?;
        }
    }
    if let Ok(id) = users::id_by_username(db, "dieuphoi").await {
        let member = NewBoardMember { cluster_id: first.id, user_id: id, board_role: "coordinator".into(), level: None, affiliation: "department".into() };
        clusters::add_board_member(db, &member).await?;
    }
    demo_accounts(db).await
}

/// Describes the demo accounts, as printed at start-up.
pub async fn demo_accounts(db: &Db) -> anyhow::Result<Vec<DemoAccount>> {
    let mut accounts = Vec::new();
    for username in ["admin", "chuyenvien", "dieuphoi", "bandieuphoi", "canboxa", "hieutruong", "cotcan", "giaovien", "hieutruong2", "hieutruongthcs"] {
        let Ok(id) = users::id_by_username(db, username).await else { continue };
        let grants = users::grant_views(db, id).await?;
        let description = grants
            .iter()
            .map(|g| {
                let place = g.school_name.clone().or(g.cluster_name.clone()).or(g.commune_name.clone()).unwrap_or_else(|| "TP. Hồ Chí Minh".into());
                format!("{} — {place}", Locale::Vi.tp("role", &g.role))
            })
            .collect::<Vec<_>>()
            .join("; ");
        accounts.push(DemoAccount { username, description });
    }
    Ok(accounts)
}
