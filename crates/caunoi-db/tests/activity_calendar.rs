//! Calendar feeds and development records at the storage level: tokens stored as
//! hashes, revocation, `last_used_at` written at most once an hour, which activities
//! a feed lists, and record totals. Runs on PostgreSQL when `TEST_DATABASE_URL` is set.

use caunoi_core::activity::{ActivityKind, Openness, Organiser};
use caunoi_core::directive::Audience;
use caunoi_core::org::{Ownership, Role, SchoolLevel, Scope};
use caunoi_core::school_year::SchoolYear;
use caunoi_db::activities::calendar::{self as feeds, LAST_USED_RESOLUTION_MS};
use caunoi_db::activities::record::{self, year_bounds};
use caunoi_db::activities::{self, ActivityInput};
use caunoi_db::clusters::{self, ClusterDraft};
use caunoi_db::schools::{self, NewSchool};
use caunoi_db::users::{self, NewUser};
use caunoi_db::{Db, now_ms, provinces, reference};

const DAY: i64 = 24 * 3_600_000;

async fn database(dir: &tempfile::TempDir, tag: &str) -> Db {
    let db = match std::env::var("TEST_DATABASE_URL").ok() {
        Some(admin_url) => {
            let name = format!("caunoi_calendar_{tag}_{}", std::process::id());
            let admin = Db::connect(&admin_url).await.unwrap();
            let create = format!("CREATE DATABASE {name}");
            sqlx::query(sqlx::AssertSqlSafe(create)).execute(&admin.pool).await.unwrap();
            admin.pool.close().await;
            let base = admin_url.rsplit_once('/').unwrap().0;
            Db::connect(&format!("{base}/{name}")).await.unwrap()
        }
        None => Db::connect(&format!("sqlite://{}", dir.path().join("c.sqlite").display())).await.unwrap(),
    };
    db.migrate().await.unwrap();
    reference::load(&db).await.unwrap();
    db
}

struct World {
    db: Db,
    year: SchoolYear,
    cluster: i64,
    school: i64,
    coordinator: i64,
    teacher: i64,
    colleague: i64,
}

async fn person(db: &Db, username: &str, full_name: &str, role: Role, scope: Scope) -> i64 {
    let user = NewUser {
        username: username.into(),
        full_name: full_name.into(),
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

async fn world(tag: &str, dir: &tempfile::TempDir) -> World {
    let db = database(dir, tag).await;
    provinces::add_department(&db, "79").await.unwrap();
    let year = SchoolYear::containing(chrono::Utc::now().date_naive());
    let ids = clusters::save_layout(&db, "79", year, &[ClusterDraft { name: "Cụm 1".into(), communes: vec!["26743".into()] }], None)
        .await
        .unwrap();
    let school = NewSchool {
        province_code: "79".into(),
        commune_code: Some("26743".into()),
        name: "Trường THCS Văn Lang".into(),
        level: SchoolLevel::LowerSecondary,
        ownership: Ownership::Public,
        moet_code: None,
        former_district: None,
        import_key: "t:1".into(),
        is_generated: false,
    };
    schools::insert_many(&db, &[school]).await.unwrap();
    let school: i64 = sqlx::query_scalar("SELECT id FROM schools").fetch_one(&db.pool).await.unwrap();
    let coordinator = person(&db, "dieuphoi", "Lê Văn Điều", Role::ClusterCoordinator, Scope::Cluster(ids[0])).await;
    let teacher = person(&db, "giaovien", "Bùi Thị Giáo", Role::Teacher, Scope::School(school)).await;
    let colleague = person(&db, "dongnghiep", "Trần Văn An", Role::Teacher, Scope::School(school)).await;
    World { db, year, cluster: ids[0], school, coordinator, teacher, colleague }
}

async fn activity(world: &World, title: &str, starts_at: i64) -> i64 {
    let input = ActivityInput {
        kind: ActivityKind::LessonStudy,
        title: title.into(),
        description: String::new(),
        subjects: Vec::new(),
        levels: Vec::new(),
        grades: Vec::new(),
        presenters: String::new(),
        place_school_id: Some(world.school),
        place_address: String::new(),
        meeting_url: String::new(),
        starts_at,
        ends_at: starts_at + 2 * 3_600_000,
        capacity: None,
        registration_deadline: None,
        credit_minutes: 120,
        openness: Openness::Audience,
        audience: Audience { clusters: vec![world.cluster], ..Audience::default() },
        plan_item_id: None,
    };
    let id = activities::create(&world.db, "79", Organiser::Cluster(world.cluster), &input, "ABCDEF", world.coordinator)
        .await
        .unwrap();
    activities::publish(&world.db, id, &world.year.to_string()).await.unwrap();
    id
}

async fn register(world: &World, activity: i64, user: i64, status: &str) {
    sqlx::query(
        "INSERT INTO activity_registrations (activity_id, user_id, school_id, status, queued_at, updated_at) \
         VALUES ($1, $2, $3, $4, 0, 0)",
    )
    .bind(activity)
    .bind(user)
    .bind(world.school)
    .bind(status)
    .execute(&world.db.pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn feed_tokens_are_hashed_and_revocable() {
    let dir = tempfile::tempdir().unwrap();
    let world = world("tokens", &dir).await;

    let (id, token) = feeds::create_feed(&world.db, world.teacher).await.unwrap();
    let stored: String = sqlx::query_scalar("SELECT token_hash FROM calendar_feeds WHERE id = $1").bind(id).fetch_one(&world.db.pool).await.unwrap();
    assert_ne!(stored, token);
    assert_eq!(stored.len(), 64, "hex SHA-256");
    assert_eq!(feeds::owner_of_token(&world.db, &token).await.unwrap(), Some((id, world.teacher)));

    assert!(!feeds::revoke_feed(&world.db, world.colleague, id).await.unwrap(), "only the owner revokes");
    assert!(feeds::revoke_feed(&world.db, world.teacher, id).await.unwrap());
    assert_eq!(feeds::owner_of_token(&world.db, &token).await.unwrap(), None);
    assert!(!feeds::revoke_feed(&world.db, world.teacher, id).await.unwrap(), "revoking twice changes nothing");
}

#[tokio::test]
async fn last_use_is_written_at_most_hourly() {
    let dir = tempfile::tempdir().unwrap();
    let world = world("last_used", &dir).await;
    let (id, token) = feeds::create_feed(&world.db, world.teacher).await.unwrap();
    let last_used = || async {
        sqlx::query_scalar::<_, Option<i64>>("SELECT last_used_at FROM calendar_feeds WHERE id = $1")
            .bind(id)
            .fetch_one(&world.db.pool)
            .await
            .unwrap()
    };

    feeds::owner_of_token(&world.db, &token).await.unwrap();
    let first = last_used().await.expect("set on first use");
    feeds::owner_of_token(&world.db, &token).await.unwrap();
    assert_eq!(last_used().await, Some(first), "unchanged within the hour");

    let an_hour_ago = now_ms() - LAST_USED_RESOLUTION_MS - 1;
    sqlx::query("UPDATE calendar_feeds SET last_used_at = $1 WHERE id = $2").bind(an_hour_ago).bind(id).execute(&world.db.pool).await.unwrap();
    feeds::owner_of_token(&world.db, &token).await.unwrap();
    assert!(last_used().await.unwrap() > an_hour_ago, "written again after an hour");
}

#[tokio::test]
async fn feed_lists_own_activities_only() {
    let dir = tempfile::tempdir().unwrap();
    let world = world("listing", &dir).await;
    let now = now_ms();
    let mine = activity(&world, "Của tôi", now + DAY).await;
    let waiting = activity(&world, "Đang chờ", now + 2 * DAY).await;
    let theirs = activity(&world, "Của đồng nghiệp", now + 3 * DAY).await;
    let old = activity(&world, "Quá cũ", now - 90 * DAY).await;
    let dropped = activity(&world, "Đã hủy đăng ký", now + 4 * DAY).await;
    register(&world, mine, world.teacher, "registered").await;
    register(&world, waiting, world.teacher, "waitlisted").await;
    register(&world, theirs, world.colleague, "registered").await;
    register(&world, old, world.teacher, "registered").await;
    register(&world, dropped, world.teacher, "cancelled").await;
    activities::cancel(&world.db, mine, "Hoãn").await.unwrap();

    let listed = feeds::feed_activities(&world.db, world.teacher, now - feeds::FEED_HISTORY_MS).await.unwrap();
    let titles: Vec<&str> = listed.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Của tôi", "Đang chờ"]);
    assert_eq!(listed[0].status, "cancelled", "a cancelled activity stays, marked");
    assert_eq!(listed[1].registration.as_deref(), Some("waitlisted"));

    let organised = feeds::feed_activities(&world.db, world.coordinator, now - feeds::FEED_HISTORY_MS).await.unwrap();
    assert_eq!(organised.len(), 4, "the coordinator's cluster organises every recent one");
}

#[tokio::test]
async fn record_totals_follow_the_school_year() {
    let dir = tempfile::tempdir().unwrap();
    let world = world("record", &dir).await;
    let (from, until) = year_bounds(world.year);
    let inside = activity(&world, "Trong năm", from + DAY).await;
    let edge = activity(&world, "Cuối năm", until - 3 * 3_600_000).await;
    let outside = activity(&world, "Năm sau", until).await;
    for (id, minutes) in [(inside, 90), (edge, 45), (outside, 60)] {
        sqlx::query(
            "INSERT INTO activity_attendance (activity_id, user_id, method, credited_minutes, checked_at) VALUES ($1, $2, 'organiser', $3, 0)",
        )
        .bind(id)
        .bind(world.teacher)
        .bind(minutes)
        .execute(&world.db.pool)
        .await
        .unwrap();
    }

    let entries = record::person_record(&world.db, world.teacher, world.year).await.unwrap();
    assert_eq!(entries.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(), ["Trong năm", "Cuối năm"]);
    assert_eq!(record::total_minutes(&entries), 135);
    assert_eq!(entries[0].organiser_name, "Cụm 1");

    let totals = record::school_totals(&world.db, world.school, world.year).await.unwrap();
    let rows: Vec<(&str, i64, i64)> = totals.iter().map(|t| (t.full_name.as_str(), t.activities, t.minutes)).collect();
    // Sorted by given name: An before Giáo.
    assert_eq!(rows, [("Trần Văn An", 0, 0), ("Bùi Thị Giáo", 2, 135)]);
}
