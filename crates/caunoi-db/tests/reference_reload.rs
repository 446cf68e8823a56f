//! Loading the reference data twice leaves exactly one copy of every row.

use caunoi_db::{Db, reference};

async fn database(dir: &tempfile::TempDir) -> Db {
    // On PostgreSQL the test uses a database of its own, created here.
    let url = std::env::var("TEST_DATABASE_URL").ok().map(|admin| (admin, format!("caunoi_reference_{}", std::process::id())));
    match url {
        Some((admin_url, name)) => {
            let admin = Db::connect(&admin_url).await.unwrap();
            let create = format!("CREATE DATABASE {name}");
            sqlx::query(sqlx::AssertSqlSafe(create)).execute(&admin.pool).await.unwrap();
            admin.pool.close().await;
            let base = admin_url.rsplit_once('/').unwrap().0;
            Db::connect(&format!("{base}/{name}")).await.unwrap()
        }
        None => Db::connect(&format!("sqlite://{}", dir.path().join("r.sqlite").display())).await.unwrap(),
    }
}

async fn count(db: &Db, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(&db.pool).await.unwrap()
}

#[tokio::test]
async fn reload_adds_no_duplicates() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = database(&dir).await;
    db.migrate().await.unwrap();

    let first = reference::load(&db).await.unwrap();
    let second = reference::load(&db).await.unwrap();

    assert_eq!(first, second);
    assert_eq!(count(&db, "provinces").await, 34);
    assert_eq!(count(&db, "communes").await, 3321);
    assert_eq!(count(&db, "commune_conversions").await, first.conversions as i64);
    assert_eq!(count(&db, "moet_school_codes").await, first.moet_school_codes as i64);
    assert!(reference::is_loaded(&db).await.unwrap());
}
