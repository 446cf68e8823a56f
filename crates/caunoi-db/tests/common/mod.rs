//! The small world the database tests of activities, lesson study and surveys share:
//! a fresh database (SQLite in a temp file, or PostgreSQL when `TEST_DATABASE_URL` is
//! set), one cluster of Ho Chi Minh City with one school, its coordinator and teachers.

#![allow(dead_code)]

use caunoi_core::org::{Ownership, Role, SchoolLevel, Scope};
use caunoi_core::school_year::SchoolYear;
use caunoi_db::clusters::{self, ClusterDraft};
use caunoi_db::schools::{self, NewSchool};
use caunoi_db::users::{self, NewUser};
use caunoi_db::{Db, provinces, reference};

/// Opens a migrated database with the reference data. On PostgreSQL its name is
/// `caunoi_<suite>_<tag>_<process id>`, dropped first if a run left it behind.
pub async fn database(dir: &tempfile::TempDir, suite: &str, tag: &str) -> Db {
    let db = match std::env::var("TEST_DATABASE_URL").ok() {
        Some(admin_url) => {
            let name = format!("caunoi_{suite}_{tag}_{}", std::process::id());
            let admin = Db::connect(&admin_url).await.unwrap();
            let drop = format!("DROP DATABASE IF EXISTS {name}");
            sqlx::query(sqlx::AssertSqlSafe(drop)).execute(&admin.pool).await.unwrap();
            let create = format!("CREATE DATABASE {name}");
            sqlx::query(sqlx::AssertSqlSafe(create)).execute(&admin.pool).await.unwrap();
            admin.pool.close().await;
            let base = admin_url.rsplit_once('/').unwrap().0;
            Db::connect(&format!("{base}/{name}")).await.unwrap()
        }
        None => Db::connect(&format!("sqlite://{}", dir.path().join(format!("{suite}.sqlite")).display())).await.unwrap(),
    };
    db.migrate().await.unwrap();
    reference::load(&db).await.unwrap();
    db
}

/// Creates a person holding one role in province 79; returns their id.
pub async fn person(db: &Db, username: &str, role: Role, scope: Scope) -> i64 {
    let user = NewUser {
        username: username.into(),
        full_name: format!("Người {username}"),
        email: None,
        password_hash: None,
        must_change_password: false,
        deployment_admin: false,
        is_generated: false,
    };
    let id = users::create(db, &user).await.unwrap();
    users::grant(db, id, role, &scope, "79").await.unwrap();
    id
}

/// One cluster with one lower-secondary school, its coordinator and teachers.
pub struct School {
    pub year: SchoolYear,
    pub cluster: i64,
    pub school: i64,
    pub organiser: i64,
    /// Teachers of the school, `gv0`, `gv1` and so on, in creation order.
    pub teachers: Vec<i64>,
}

/// Builds [`School`] with `teachers` teachers on a database from [`database`].
pub async fn school(db: &Db, teachers: usize) -> School {
    provinces::add_department(db, "79").await.unwrap();
    let year = SchoolYear::containing(chrono::Utc::now().date_naive());
    let ids = clusters::save_layout(db, "79", year, &[ClusterDraft { name: "Cụm A".into(), communes: vec!["26743".into()] }], None)
        .await
        .unwrap();
    let new_school = NewSchool {
        province_code: "79".into(),
        commune_code: Some("26743".into()),
        name: "Trường THCS Bến Thành".into(),
        level: SchoolLevel::LowerSecondary,
        ownership: Ownership::Public,
        moet_code: None,
        former_district: None,
        import_key: "t:1".into(),
        is_generated: false,
    };
    schools::insert_many(db, &[new_school]).await.unwrap();
    let school: i64 = sqlx::query_scalar("SELECT id FROM schools WHERE import_key = 't:1'").fetch_one(&db.pool).await.unwrap();
    let organiser = person(db, "dieuphoi", Role::ClusterCoordinator, Scope::Cluster(ids[0])).await;
    let mut ids_of_teachers = Vec::new();
    for index in 0..teachers {
        ids_of_teachers.push(person(db, &format!("gv{index}"), Role::Teacher, Scope::School(school)).await);
    }
    School { year, cluster: ids[0], school, organiser, teachers: ids_of_teachers }
}
