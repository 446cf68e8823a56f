//! Cluster activity plans against a real database: SQLite in a temp file, or
//! PostgreSQL when `TEST_DATABASE_URL` is set.

use caunoi_core::activity::plan::{PlanItemStatus, PlanMonth, Semester};
use caunoi_core::activity::{ActivityKind, Openness, Organiser};
use caunoi_core::directive::Audience;
use caunoi_core::org::{Role, Scope};
use caunoi_core::school_year::SchoolYear;
use caunoi_db::activities::plans::{self, ItemInput, StatusCounts};
use caunoi_db::activities::{self, ActivityInput};
use caunoi_db::clusters::{self, ClusterDraft};
use caunoi_db::users::{self, NewUser};
use caunoi_db::{Db, now_ms, provinces, reference};

const HOUR: i64 = 3_600_000;

struct World {
    db: Db,
    year: SchoolYear,
    clusters: Vec<i64>,
    author: i64,
}

async fn database(dir: &tempfile::TempDir, tag: &str) -> Db {
    let db = match std::env::var("TEST_DATABASE_URL").ok() {
        Some(admin_url) => {
            let name = format!("caunoi_plans_{tag}_{}", std::process::id());
            let admin = Db::connect(&admin_url).await.unwrap();
            let drop = format!("DROP DATABASE IF EXISTS {name}");
            sqlx::query(sqlx::AssertSqlSafe(drop)).execute(&admin.pool).await.unwrap();
            let create = format!("CREATE DATABASE {name}");
            sqlx::query(sqlx::AssertSqlSafe(create)).execute(&admin.pool).await.unwrap();
            admin.pool.close().await;
            let base = admin_url.rsplit_once('/').unwrap().0;
            Db::connect(&format!("{base}/{name}")).await.unwrap()
        }
        None => Db::connect(&format!("sqlite://{}", dir.path().join("p.sqlite").display())).await.unwrap(),
    };
    db.migrate().await.unwrap();
    reference::load(&db).await.unwrap();
    db
}

/// Ho Chi Minh City with clusters "Cụm A" and "Cụm B" in `year`, and a coordinator.
async fn world(dir: &tempfile::TempDir, tag: &str) -> World {
    let db = database(dir, tag).await;
    provinces::add_department(&db, "79").await.unwrap();
    let year = SchoolYear::starting(2026).unwrap();
    let layout = [
        ClusterDraft { name: "Cụm A".into(), communes: vec!["26743".into()] },
        ClusterDraft { name: "Cụm B".into(), communes: vec!["26737".into()] },
    ];
    let clusters = clusters::save_layout(&db, "79", year, &layout, None).await.unwrap();
    let user = NewUser {
        username: "dieuphoi".into(),
        full_name: "Lê Văn Điều".into(),
        email: None,
        password_hash: None,
        must_change_password: false,
        deployment_admin: false,
        is_generated: false,
    };
    let author = users::create(&db, &user).await.unwrap();
    users::grant(&db, author, Role::ClusterCoordinator, &Scope::Cluster(clusters[0]), "79").await.unwrap();
    World { db, year, clusters, author }
}

fn item(title: &str, month: u32, status: PlanItemStatus) -> ItemInput {
    let year = if month >= 8 { 2026 } else { 2027 };
    ItemInput {
        title: title.into(),
        kind: ActivityKind::LessonStudy,
        subjects: vec![" Toán ".into(), String::new()],
        month: PlanMonth { year, month },
        status,
        note: String::new(),
    }
}

#[tokio::test]
async fn ensure_returns_one_plan() {
    let dir = tempfile::tempdir().unwrap();
    let w = world(&dir, "ensure").await;

    let first = plans::ensure(&w.db, "79", w.clusters[0], w.year, Semester::First, w.author).await.unwrap();
    let again = plans::ensure(&w.db, "79", w.clusters[0], w.year, Semester::First, w.author).await.unwrap();
    let second = plans::ensure(&w.db, "79", w.clusters[0], w.year, Semester::Second, w.author).await.unwrap();

    assert_eq!(first.id, again.id);
    assert_ne!(first.id, second.id);
    assert_eq!(second.semester(), Semester::Second);
    assert_eq!(plans::for_cluster(&w.db, w.clusters[0]).await.unwrap().len(), 2);
}

#[tokio::test]
async fn item_crud_keeps_order_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let w = world(&dir, "crud").await;
    let plan = plans::ensure(&w.db, "79", w.clusters[0], w.year, Semester::First, w.author).await.unwrap();

    let december = plans::add_item(&w.db, plan.id, &item("Dự giờ tháng 12", 12, PlanItemStatus::Planned)).await.unwrap();
    let october = plans::add_item(&w.db, plan.id, &item("Nghiên cứu bài học", 10, PlanItemStatus::Planned)).await.unwrap();
    let items = plans::items(&w.db, plan.id).await.unwrap();
    assert_eq!(items.iter().map(|i| i.id).collect::<Vec<_>>(), [october, december], "by planned month");
    assert_eq!(items[0].subjects(), ["Toán"], "trimmed, blanks dropped");
    assert_eq!(items[0].planned_month, "2026-10");

    plans::update_item(&w.db, october, &item("Nghiên cứu bài học môn Toán", 1, PlanItemStatus::Done)).await.unwrap();
    let changed = plans::item(&w.db, october).await.unwrap();
    assert_eq!(changed.title, "Nghiên cứu bài học môn Toán");
    assert_eq!(changed.planned_month, "2027-01");
    assert_eq!(changed.status(), PlanItemStatus::Done);

    plans::set_status(&w.db, december, PlanItemStatus::Cancelled).await.unwrap();
    assert_eq!(plans::item(&w.db, december).await.unwrap().status, "cancelled");

    plans::remove_item(&w.db, december).await.unwrap();
    assert!(matches!(plans::item(&w.db, december).await, Err(caunoi_db::DbError::NotFound)));
    assert!(matches!(plans::remove_item(&w.db, december).await, Err(caunoi_db::DbError::NotFound)));
}

#[tokio::test]
async fn linked_activity_shown_and_unlinked_on_removal() {
    let dir = tempfile::tempdir().unwrap();
    let w = world(&dir, "link").await;
    let plan = plans::ensure(&w.db, "79", w.clusters[0], w.year, Semester::First, w.author).await.unwrap();
    let item_id = plans::add_item(&w.db, plan.id, &item("Sinh hoạt chuyên đề", 11, PlanItemStatus::Planned)).await.unwrap();
    let starts_at = now_ms() - 3 * HOUR;
    let input = ActivityInput {
        kind: ActivityKind::ThematicWorkshop,
        title: "Sinh hoạt chuyên đề Tiếng Anh".into(),
        description: String::new(),
        subjects: vec![],
        levels: vec![],
        grades: vec![],
        presenters: String::new(),
        place_school_id: None,
        place_address: "Số 3 Nguyễn Bỉnh Khiêm".into(),
        meeting_url: String::new(),
        starts_at,
        ends_at: starts_at + 2 * HOUR,
        capacity: None,
        registration_deadline: None,
        credit_minutes: 120,
        openness: Openness::Province,
        audience: Audience::default(),
        plan_item_id: Some(item_id),
    };
    let activity = activities::create(&w.db, "79", Organiser::Cluster(w.clusters[0]), &input, "K7M9AC", w.author).await.unwrap();

    let draft = plans::item(&w.db, item_id).await.unwrap();
    assert_eq!(draft.activity_id, Some(activity));
    assert!(!draft.activity_ended(now_ms()), "a draft has not taken place");

    activities::publish(&w.db, activity, &w.year.to_string()).await.unwrap();
    let published = plans::item(&w.db, item_id).await.unwrap();
    assert_eq!(published.activity_title.as_deref(), Some("Sinh hoạt chuyên đề Tiếng Anh"));
    assert_eq!(published.activity_starts_at, Some(starts_at));
    assert!(published.activity_ended(now_ms()));

    plans::remove_item(&w.db, item_id).await.unwrap();
    assert_eq!(activities::get(&w.db, activity).await.unwrap().plan_item_id, None, "the activity stays, unlinked");
}

#[tokio::test]
async fn overview_counts_every_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let w = world(&dir, "overview").await;
    let plan_a = plans::ensure(&w.db, "79", w.clusters[0], w.year, Semester::First, w.author).await.unwrap();
    for (title, status) in [("a", PlanItemStatus::Planned), ("b", PlanItemStatus::Done), ("c", PlanItemStatus::Done), ("d", PlanItemStatus::Cancelled)] {
        plans::add_item(&w.db, plan_a.id, &item(title, 9, status)).await.unwrap();
    }

    let rows = plans::overview(&w.db, "79", w.year, Semester::First).await.unwrap();

    assert_eq!(rows.len(), 2, "a cluster without a plan is listed too");
    assert_eq!(rows[0].cluster_id, w.clusters[0]);
    assert_eq!(rows[0].plan_id, Some(plan_a.id));
    assert_eq!(rows[0].counts(), StatusCounts { planned: 1, done: 2, cancelled: 1 });
    let share = rows[0].counts().done_percent().unwrap();
    assert!((share - 200.0 / 3.0).abs() < 1e-9, "{share}");
    assert_eq!(rows[1].cluster_id, w.clusters[1]);
    assert_eq!(rows[1].plan_id, None);
    assert_eq!(rows[1].counts(), StatusCounts::default());
    assert_eq!(rows[1].counts().done_percent(), None);
    let by_plan = plans::counts_by_plan(&w.db, w.clusters[0]).await.unwrap();
    assert_eq!(by_plan, [(plan_a.id, StatusCounts { planned: 1, done: 2, cancelled: 1 })]);
    assert!(plans::overview(&w.db, "79", w.year, Semester::Second).await.unwrap().iter().all(|row| row.plan_id.is_none()));
}

#[tokio::test]
async fn previous_plan_across_school_years() {
    let dir = tempfile::tempdir().unwrap();
    let w = world(&dir, "previous").await;
    // The next year's layout draws the clusters again, with new ids.
    let next_year = w.year.next();
    let layout = [ClusterDraft { name: "Cụm A".into(), communes: vec!["26743".into()] }];
    let next = clusters::save_layout(&w.db, "79", next_year, &layout, None).await.unwrap();
    let second = plans::ensure(&w.db, "79", w.clusters[0], w.year, Semester::Second, w.author).await.unwrap();
    plans::add_item(&w.db, second.id, &item("Chưa làm", 3, PlanItemStatus::Planned)).await.unwrap();
    plans::add_item(&w.db, second.id, &item("Đã làm", 3, PlanItemStatus::Done)).await.unwrap();
    let first_next = plans::ensure(&w.db, "79", next[0], next_year, Semester::First, w.author).await.unwrap();

    let previous = plans::previous(&w.db, &first_next).await.unwrap().expect("previous plan");
    assert_eq!(previous.id, second.id, "found through the cluster's name");

    let september = PlanMonth { year: 2027, month: 9 };
    assert_eq!(plans::copy_unfinished(&w.db, previous.id, first_next.id, september).await.unwrap(), 1);
    assert_eq!(plans::copy_unfinished(&w.db, previous.id, first_next.id, september).await.unwrap(), 0);
    let copied = plans::items(&w.db, first_next.id).await.unwrap();
    assert_eq!(copied.len(), 1);
    assert_eq!(copied[0].title, "Chưa làm");
    assert_eq!(copied[0].planned_month, "2027-09");

    let first = plans::ensure(&w.db, "79", w.clusters[1], w.year, Semester::First, w.author).await.unwrap();
    assert!(plans::previous(&w.db, &first).await.unwrap().is_none(), "no plan of 2025-2026");
}
