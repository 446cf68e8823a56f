//! Roll-ups of report requests: incremental roll-ups equal a full recompute after a
//! random sequence of submissions and reviews; figures by grouping are hand-checked,
//! weighted, row by row for tables, never count a school twice, and follow the
//! reader's visibility. Runs on PostgreSQL when `TEST_DATABASE_URL` is set.

use std::collections::BTreeMap;

use caunoi_core::directive::Audience;
use caunoi_core::org::{Ownership, SchoolLevel};
use caunoi_core::policy::StaffVisibility;
use caunoi_core::report::aggregate::numeric_items;
use caunoi_core::report::definition::{Column, ColumnKind, Field, FieldKind, Indicator, RowDef, Section, TableRows, TableSpec, TemplateDefinition};
use caunoi_core::report::values::{TableRow, Value, Values};
use caunoi_core::school_year::SchoolYear;
use caunoi_db::clusters::{self, ClusterDraft};
use caunoi_db::reports::figures::{self, Grouping, Narrowing};
use caunoi_db::reports::requests::{self, RequestInput};
use caunoi_db::reports::templates::{self, NewTemplate};
use caunoi_db::reports::{recompute, rollups};
use caunoi_db::schools::{self, NewSchool};
use caunoi_db::users::{self, NewUser};
use caunoi_db::{Db, provinces, reference};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

async fn database(dir: &tempfile::TempDir, tag: &str) -> Db {
    let url = std::env::var("TEST_DATABASE_URL").ok();
    let db = match url {
        Some(admin_url) => {
            let name = format!("caunoi_rollups_{tag}_{}", std::process::id());
            let admin = Db::connect(&admin_url).await.unwrap();
            let create = format!("CREATE DATABASE {name}");
            sqlx::query(sqlx::AssertSqlSafe(create)).execute(&admin.pool).await.unwrap();
            admin.pool.close().await;
            let base = admin_url.rsplit_once('/').unwrap().0;
            Db::connect(&format!("{base}/{name}")).await.unwrap()
        }
        None => Db::connect(&format!("sqlite://{}", dir.path().join("r.sqlite").display())).await.unwrap(),
    };
    db.migrate().await.unwrap();
    reference::load(&db).await.unwrap();
    db
}

/// Communes of Ho Chi Minh City used below.
const C1: &str = "26743";
const C2: &str = "26740";
const C3: &str = "26737";

struct World {
    db: Db,
    request: i64,
    cluster_a: i64,
    cluster_b: i64,
    /// By name: a1 (C1, upper secondary), a2 (C2, primary), b1 (C3, lower secondary),
    /// m1 (C1, multi-level), x1 (C3 but overridden into cluster A), d1 and d2 (both in
    /// C2, from two former districts).
    schools: BTreeMap<&'static str, i64>,
}

fn definition() -> TemplateDefinition {
    let field = |key: &str, label: &str, kind: FieldKind| Field {
        key: key.into(),
        label: label.into(),
        help: String::new(),
        required: false,
        levels: Vec::new(),
        kind,
    };
    let column = |key: &str, label: &str| Column { key: key.into(), label: label.into(), kind: ColumnKind::Integer, min: None, max: None, required: false };
    let rows = vec![
        RowDef { key: "g6".into(), label: "Lớp 6".into(), levels: Vec::new() },
        RowDef { key: "g7".into(), label: "Lớp 7".into(), levels: Vec::new() },
    ];
    TemplateDefinition {
        sections: vec![Section {
            key: "s".into(),
            title: "Thống kê".into(),
            help: String::new(),
            levels: Vec::new(),
            fields: vec![
                field("students", "Số học sinh", FieldKind::Integer { min: Some(0), max: None, unit: String::new() }),
                field("pass_rate", "Tỉ lệ lên lớp", FieldKind::Percent { weight: Some("students".into()) }),
                field("library", "Có thư viện", FieldKind::YesNo),
                field(
                    "grades",
                    "Theo khối lớp",
                    FieldKind::Table(TableSpec { rows: TableRows::Fixed { rows }, columns: vec![column("students", "Học sinh"), column("girls", "Nữ")] }),
                ),
            ],
        }],
        rules: Vec::new(),
        indicators: vec![Indicator {
            key: "girls_g6".into(),
            label: "Tỉ lệ nữ lớp 6".into(),
            numerator: "grades/g6/girls".into(),
            denominator: "grades/g6/students".into(),
        }],
    }
}

fn values(students: i64, pass_rate: f64, library: bool, grades: [(i64, i64); 2]) -> Values {
    let mut values = Values::default();
    values.0.insert("students".into(), Value::Integer(students));
    values.0.insert("pass_rate".into(), Value::Decimal(pass_rate));
    values.0.insert("library".into(), Value::Bool(library));
    let row = |key: &str, (students, girls): (i64, i64)| TableRow {
        key: key.into(),
        cells: [("students".to_owned(), Value::Integer(students)), ("girls".to_owned(), Value::Integer(girls))].into(),
    };
    values.0.insert("grades".into(), Value::Table(vec![row("g6", grades[0]), row("g7", grades[1])]));
    values
}

fn school(commune: &str, level: SchoolLevel, key: &str, former_district: Option<&str>) -> NewSchool {
    NewSchool {
        province_code: "79".into(),
        commune_code: Some(commune.into()),
        name: format!("Trường {key}"),
        level,
        ownership: Ownership::Public,
        moet_code: None,
        former_district: former_district.map(str::to_owned),
        import_key: key.into(),
        is_generated: false,
    }
}

async fn world(tag: &str, dir: &tempfile::TempDir) -> World {
    let db = database(dir, tag).await;
    provinces::add_department(&db, "79").await.unwrap();
    let year = SchoolYear::containing(chrono::Local::now().date_naive());
    let ids = clusters::save_layout(
        &db,
        "79",
        year,
        &[
            ClusterDraft { name: "Cụm A".into(), communes: vec![C1.into(), C2.into()] },
            ClusterDraft { name: "Cụm B".into(), communes: vec![C3.into()] },
        ],
        None,
    )
    .await
    .unwrap();
    let new = [
        ("a1", C1, SchoolLevel::UpperSecondary, Some("Quận 1")),
        ("a2", C2, SchoolLevel::Primary, Some("Quận 1")),
        ("b1", C3, SchoolLevel::LowerSecondary, Some("Quận 1")),
        ("m1", C1, SchoolLevel::MultiLevel, Some("Quận 1")),
        ("x1", C3, SchoolLevel::Primary, Some("Quận 1")),
        ("d1", C2, SchoolLevel::LowerSecondary, Some("Quận 3")),
        ("d2", C2, SchoolLevel::LowerSecondary, Some("Quận 5")),
    ];
    let list: Vec<NewSchool> = new.iter().map(|(key, commune, level, district)| school(commune, *level, key, *district)).collect();
    schools::insert_many(&db, &list).await.unwrap();
    let mut schools = BTreeMap::new();
    for (key, ..) in new {
        let id: i64 = sqlx::query_scalar("SELECT id FROM schools WHERE import_key = $1").bind(key).fetch_one(&db.pool).await.unwrap();
        schools.insert(key, id);
    }
    clusters::set_override(&db, ids[0], schools["x1"], "gần cụm A", None).await.unwrap();
    let user = users::create(
        &db,
        &NewUser {
            username: "chuyenvien".into(),
            full_name: "Chuyên viên".into(),
            email: None,
            password_hash: None,
            must_change_password: false,
            deployment_admin: false,
            is_generated: false,
        },
    )
    .await
    .unwrap();
    let definition = definition();
    let (_, version) = templates::create(
        &db,
        &NewTemplate { province: "79", cluster: None, name: "Thống kê học kì I", description: "", definition: &definition, created_by: user },
    )
    .await
    .unwrap();
    let input = RequestInput {
        template_version_id: version,
        title: "Thống kê học kì I".into(),
        instructions: String::new(),
        period_kind: "semester".into(),
        period_label: "Học kì I".into(),
        period_start: "2025-09-05".into(),
        period_end: "2026-01-15".into(),
        audience: Audience { everyone: true, ..Audience::default() },
        opens_at: 0,
        deadline_at: i64::MAX / 2,
        remind_before_hours: 48,
    };
    let request = requests::create_draft(&db, "79", None, &year.to_string(), &input, user).await.unwrap();
    assert_eq!(requests::publish(&db, request, user).await.unwrap(), 7);
    World { db, request, cluster_a: ids[0], cluster_b: ids[1], schools }
}

impl World {
    /// Writes a school's submission with `status` and counts it (or not) as the
    /// submission functions do.
    async fn set(&self, school: &str, status: &str, values: Option<&Values>) {
        let school_id = self.schools[school];
        let level: String =
            sqlx::query_scalar("SELECT level FROM schools WHERE id = $1").bind(school_id).fetch_one(&self.db.pool).await.unwrap();
        let level = SchoolLevel::parse(&level);
        let mut tx = self.db.begin().await.unwrap();
        let existing: Option<(i64, String)> =
            sqlx::query_as("SELECT id, values_json FROM report_submissions WHERE request_id = $1 AND school_id = $2")
                .bind(self.request)
                .bind(school_id)
                .fetch_optional(&mut *tx)
                .await
                .unwrap();
        let json = match (values, &existing) {
            (Some(values), _) => serde_json::to_string(values).unwrap(),
            (None, Some((_, json))) => json.clone(),
            (None, None) => "{}".into(),
        };
        let id = match existing {
            Some((id, _)) => {
                sqlx::query("UPDATE report_submissions SET status = $1, values_json = $2 WHERE id = $3")
                    .bind(status)
                    .bind(json.clone())
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                id
            }
            None => sqlx::query_scalar(
                "INSERT INTO report_submissions (request_id, school_id, status, values_json, source, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'form', 0, 0) RETURNING id",
            )
            .bind(self.request)
            .bind(school_id)
            .bind(status)
            .bind(json.clone())
            .fetch_one(&mut *tx)
            .await
            .unwrap(),
        };
        let counted = matches!(status, "submitted" | "forwarded" | "accepted");
        let stored: Values = serde_json::from_str(&json).unwrap();
        let items = numeric_items(&definition(), level, &stored);
        rollups::replace(&mut tx, id, counted.then_some(items.as_slice())).await.unwrap();
        tx.commit().await.unwrap();
    }

    async fn snapshot(&self) -> BTreeMap<(String, i64, String, String, String), (f64, f64, f64, i64)> {
        let rows: Vec<(String, i64, String, String, String, f64, f64, f64, i64)> = sqlx::query_as(
            "SELECT item, cluster_id, commune_code, level, district, total, weighted, weight, schools FROM report_rollups \
             WHERE request_id = $1",
        )
        .bind(self.request)
        .fetch_all(&self.db.pool)
        .await
        .unwrap();
        rows.into_iter()
            // Incremental roll-ups keep emptied rows; a recompute has none.
            .filter(|row| row.8 != 0 || row.5.abs() > 1e-9 || row.7.abs() > 1e-9)
            .map(|(item, cluster, commune, level, district, total, weighted, weight, schools)| {
                ((item, cluster, commune, level, district), (total, weighted, weight, schools))
            })
            .collect()
    }
}

type Coarse = BTreeMap<(String, i64, String), (f64, f64, f64, i64)>;

impl World {
    async fn coarse_snapshot(&self) -> Coarse {
        let rows: Vec<(String, i64, String, f64, f64, f64, i64)> = sqlx::query_as(
            "SELECT item, cluster_id, level, total, weighted, weight, schools FROM report_cluster_rollups WHERE request_id = $1",
        )
        .bind(self.request)
        .fetch_all(&self.db.pool)
        .await
        .unwrap();
        rows.into_iter()
            .filter(|row| row.6 != 0 || row.3.abs() > 1e-9 || row.5.abs() > 1e-9)
            .map(|(item, cluster, level, total, weighted, weight, schools)| ((item, cluster, level), (total, weighted, weight, schools)))
            .collect()
    }
}

/// Sums cell roll-ups over communes and former districts.
fn coarsen(cells: &BTreeMap<(String, i64, String, String, String), (f64, f64, f64, i64)>) -> Coarse {
    let mut coarse = Coarse::new();
    for ((item, cluster, _, level, _), (total, weighted, weight, schools)) in cells {
        let sum = coarse.entry((item.clone(), *cluster, level.clone())).or_default();
        *sum = (sum.0 + total, sum.1 + weighted, sum.2 + weight, sum.3 + schools);
    }
    coarse
}

fn assert_coarse_matches(cells: &BTreeMap<(String, i64, String, String, String), (f64, f64, f64, i64)>, coarse: &Coarse) {
    let expected = coarsen(cells);
    assert_eq!(expected.keys().collect::<Vec<_>>(), coarse.keys().collect::<Vec<_>>());
    for (key, sum) in &expected {
        let got = coarse[key];
        assert!(close(sum.0, got.0) && close(sum.1, got.1) && close(sum.2, got.2) && sum.3 == got.3, "{key:?}");
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

#[tokio::test]
async fn incremental_rollups_equal_a_recompute() {
    let dir = tempfile::TempDir::new().unwrap();
    let world = world("equal", &dir).await;
    let names: Vec<&str> = world.schools.keys().copied().collect();
    let mut rng = StdRng::seed_from_u64(2025);
    for _ in 0..120 {
        let school = names[rng.random_range(0..names.len())];
        let random_values = |rng: &mut StdRng| {
            values(
                rng.random_range(0..2000),
                rng.random_range(0..=1000) as f64 / 10.0,
                rng.random_bool(0.5),
                [(rng.random_range(0..500), rng.random_range(0..250)), (rng.random_range(0..500), rng.random_range(0..250))],
            )
        };
        match rng.random_range(0..5) {
            0 => world.set(school, "draft", Some(&random_values(&mut rng))).await,
            1 => world.set(school, "submitted", Some(&random_values(&mut rng))).await,
            2 => world.set(school, "returned", None).await,
            3 => world.set(school, "forwarded", None).await,
            _ => world.set(school, "accepted", None).await,
        }
    }
    let incremental = world.snapshot().await;
    assert!(!incremental.is_empty(), "the random run counted something");
    assert_coarse_matches(&incremental, &world.coarse_snapshot().await);
    recompute::request(&world.db, world.request).await.unwrap();
    let full = world.snapshot().await;
    assert_coarse_matches(&full, &world.coarse_snapshot().await);
    assert_eq!(incremental.keys().collect::<Vec<_>>(), full.keys().collect::<Vec<_>>());
    for (key, (total, weighted, weight, schools)) in &incremental {
        let other = full[key];
        assert!(
            close(*total, other.0) && close(*weighted, other.1) && close(*weight, other.2) && *schools == other.3,
            "{key:?}: incremental {:?} vs recompute {other:?}",
            (total, weighted, weight, schools)
        );
    }
    // Every request at once gives the same.
    let (requests, _) = recompute::all(&world.db).await.unwrap();
    assert_eq!(requests, 1);
    assert_eq!(world.snapshot().await.len(), full.len());
}

fn items(list: &[&str]) -> Vec<String> {
    list.iter().map(|item| (*item).to_owned()).collect()
}

#[tokio::test]
async fn figures_are_weighted_row_by_row_and_never_counted_twice() {
    let dir = tempfile::TempDir::new().unwrap();
    let w = world("figures", &dir).await;
    // Seven schools; d2 only drafts, so six are counted.
    w.set("a1", "submitted", Some(&values(100, 90.0, true, [(40, 20), (60, 25)]))).await;
    w.set("a2", "submitted", Some(&values(300, 50.0, false, [(10, 5), (0, 0)]))).await;
    w.set("b1", "accepted", Some(&values(200, 80.0, true, [(100, 40), (100, 55)]))).await;
    w.set("m1", "forwarded", Some(&values(50, 100.0, true, [(20, 10), (30, 10)]))).await;
    w.set("x1", "submitted", Some(&values(150, 60.0, false, [(0, 0), (0, 0)]))).await;
    w.set("d1", "submitted", Some(&values(200, 70.0, true, [(50, 30), (50, 20)]))).await;
    w.set("d2", "draft", Some(&values(999, 10.0, true, [(999, 999), (999, 999)]))).await;

    let all = Narrowing::whole_province();
    let wanted = items(&["students", "pass_rate", "library", "grades/g6/girls", "grades/g6/students", "grades/g7/girls"]);
    let total = figures::total(&w.db, w.request, &all, Some(&wanted)).await.unwrap();
    assert_eq!((total.recipients, total.counted), (7, 6));
    // Hand-computed: 100 + 300 + 200 + 50 + 150 + 200.
    assert_eq!(total.summary("students").total, 1000.0);
    assert_eq!(total.summary("students").schools, 6);
    // Weighted: (100×90 + 300×50 + 200×80 + 50×100 + 150×60 + 200×70) / 1000 = 68;
    // the naive mean of the six rates is 75.
    let weighted = total.summary("pass_rate").weighted_mean().unwrap();
    assert!(close(weighted, 68.0), "{weighted}");
    assert!(close(total.summary("pass_rate").total / 6.0, 75.0));
    // Tables aggregate row by row.
    assert_eq!(total.summary("grades/g6/girls").total, 105.0);
    assert_eq!(total.summary("grades/g7/girls").total, 110.0);
    assert_eq!(total.summary("library").total, 4.0);
    let definition = definition();
    let defs = figures::items(&definition, "Tổng");
    let ratio = defs.iter().find(|item| item.key == "indicator:girls_g6").unwrap();
    assert!(close(ratio.headline(&total).unwrap(), 100.0 * 105.0 / 220.0));
    let share = defs.iter().find(|item| item.key == "library").unwrap();
    assert!(close(share.headline(&total).unwrap(), 100.0 * 4.0 / 6.0));
    assert_eq!(defs.iter().find(|item| item.key == "grades/g6/girls").unwrap().label(), "Theo khối lớp › Lớp 6 › Nữ");

    // Every grouping partitions the schools: the groups add up to the province.
    for grouping in Grouping::ALL {
        let rows = figures::by_group(&w.db, w.request, grouping, &all, Some(&wanted)).await.unwrap();
        let students: f64 = rows.iter().map(|row| row.summary("students").total).sum();
        let schools: i64 = rows.iter().map(|row| row.summary("students").schools).sum();
        let recipients: i64 = rows.iter().map(|row| row.recipients).sum();
        let counted: i64 = rows.iter().map(|row| row.counted).sum();
        assert_eq!((students, schools, recipients, counted), (1000.0, 6, 7, 6), "{grouping:?}");
    }
    let by_cluster = figures::by_group(&w.db, w.request, Grouping::Cluster, &all, Some(&wanted)).await.unwrap();
    let cluster = |id: i64| by_cluster.iter().find(|row| row.key == id.to_string()).cloned().unwrap();
    // The overridden school x1 counts in cluster A, not in the cluster of its commune.
    assert_eq!(cluster(w.cluster_a).summary("students").total, 800.0);
    assert_eq!(cluster(w.cluster_b).summary("students").total, 200.0);
    assert_eq!((cluster(w.cluster_a).recipients, cluster(w.cluster_b).recipients), (6, 1));
    // The multi-level school is one school in one level group.
    let by_level = figures::by_group(&w.db, w.request, Grouping::Level, &all, Some(&wanted)).await.unwrap();
    let multi = by_level.iter().find(|row| row.key == "multi_level").unwrap();
    assert_eq!((multi.recipients, multi.summary("students").total), (1, 50.0));
    // Commune C2 holds schools of three former districts; each counts once either way.
    let by_commune = figures::by_group(&w.db, w.request, Grouping::Commune, &all, Some(&wanted)).await.unwrap();
    let c2 = by_commune.iter().find(|row| row.key == C2).unwrap();
    assert_eq!((c2.recipients, c2.counted, c2.summary("students").total), (3, 2, 500.0));
    let by_district = figures::by_group(&w.db, w.request, Grouping::District, &all, Some(&wanted)).await.unwrap();
    let keys: Vec<&str> = by_district.iter().map(|row| row.key.as_str()).collect();
    assert_eq!(keys, ["Quận 1", "Quận 3", "Quận 5"]);
    assert_eq!(by_district[1].summary("students").total, 200.0);
    assert_eq!(by_district[2].summary("students").total, 0.0);
    let names = figures::group_names(&w.db, Grouping::Cluster, &[w.cluster_a.to_string()]).await.unwrap();
    assert_eq!(names[&w.cluster_a.to_string()], "Cụm A");

    // A cluster board sees its cluster only; narrowing to a commune drills down.
    let board = Narrowing {
        visibility: StaffVisibility { clusters: vec![w.cluster_b], ..StaffVisibility::default() },
        ..Narrowing::default()
    };
    let seen = figures::by_group(&w.db, w.request, Grouping::Cluster, &board, Some(&wanted)).await.unwrap();
    assert_eq!(seen.iter().map(|row| row.key.clone()).collect::<Vec<_>>(), [w.cluster_b.to_string()]);
    let mut drill = board.clone();
    drill.cluster = Some(w.cluster_a);
    assert_eq!(figures::total(&w.db, w.request, &drill, Some(&wanted)).await.unwrap().recipients, 0);
    let officer = Narrowing {
        visibility: StaffVisibility { communes: vec![C2.into()], ..StaffVisibility::default() },
        ..Narrowing::default()
    };
    let schools = figures::schools(&w.db, w.request, &officer, Some(&wanted)).await.unwrap();
    assert_eq!(schools.len(), 3);
    let d1 = schools.iter().find(|row| row.school_id == w.schools["d1"]).unwrap();
    assert_eq!(d1.items["students"], (200.0, None));
    assert_eq!(d1.items["pass_rate"], (70.0, Some(200.0)));
    assert!(schools.iter().find(|row| row.school_id == w.schools["d2"]).unwrap().items.is_empty(), "a draft has no counted values");
    let nobody = Narrowing::default();
    assert_eq!(figures::total(&w.db, w.request, &nobody, None).await.unwrap().recipients, 0);

    // A returned submission leaves the figures; its resubmission replaces them.
    w.set("a2", "returned", None).await;
    let total = figures::total(&w.db, w.request, &all, Some(&wanted)).await.unwrap();
    assert_eq!((total.counted, total.summary("students").total), (5, 700.0));
    w.set("a2", "submitted", Some(&values(310, 50.0, false, [(12, 6), (0, 0)]))).await;
    let total = figures::total(&w.db, w.request, &all, Some(&wanted)).await.unwrap();
    assert_eq!((total.counted, total.summary("students").total), (6, 1010.0));
    assert_eq!(total.summary("grades/g6/girls").total, 106.0);
    // Accepting the same values changes nothing.
    w.set("a2", "accepted", None).await;
    let again = figures::total(&w.db, w.request, &all, Some(&wanted)).await.unwrap();
    assert_eq!(again, total);

    let periods = figures::requests_of_template(&w.db, {
        let template: i64 = sqlx::query_scalar(
            "SELECT v.template_id FROM report_requests q JOIN report_template_versions v ON v.id = q.template_version_id WHERE q.id = $1",
        )
        .bind(w.request)
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
        template
    })
    .await
    .unwrap();
    assert_eq!(periods.len(), 1);
    assert_eq!(periods[0].id, w.request);
}

fn labels() -> caunoi_db::reports::export::Labels {
    let mut labels = caunoi_db::reports::export::Labels {
        raw_sheet: "Dữ liệu: các trường [gốc]".into(),
        school: "Trường".into(),
        cluster: "Cụm".into(),
        commune: "Xã, phường".into(),
        level: "Cấp học".into(),
        district: "Quận, huyện cũ".into(),
        status: "Trạng thái".into(),
        submitted_at: "Nộp lúc".into(),
        recipients: "Số trường nhận".into(),
        counted: "Số trường đã nộp".into(),
        yes: "Có".into(),
        no: "Không".into(),
        none: "(không có)".into(),
        total_row: "Tổng".into(),
        province: "TP. Hồ Chí Minh".into(),
        ..Default::default()
    };
    labels.statuses.insert("submitted".into(), "Đã nộp".into());
    for grouping in Grouping::ALL {
        // Long titles with forbidden characters still give valid, unique sheet names.
        labels.groupings.insert(grouping.as_str(), format!("Tổng hợp theo đơn vị / nhóm: {}", grouping.as_str()));
    }
    labels
}

#[tokio::test]
async fn exports_parse_back() {
    use calamine::{Data, Reader, Xlsx};
    let dir = tempfile::TempDir::new().unwrap();
    let w = world("export", &dir).await;
    let mut text = values(100, 90.0, true, [(40, 20), (60, 25)]);
    text.0.insert("students".into(), Value::Integer(100));
    w.set("a1", "submitted", Some(&text)).await;
    w.set("b1", "submitted", Some(&values(200, 80.0, false, [(100, 40), (100, 55)]))).await;
    sqlx::query("UPDATE report_submissions SET submitted_at = $1")
        // 10/01/2026 08:05 in Vietnam time.
        .bind(1_768_007_100_000_i64)
        .execute(&w.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE schools SET name = '=HYPERLINK(\"x\")' WHERE id = $1").bind(w.schools["b1"]).execute(&w.db.pool).await.unwrap();

    let all = Narrowing::whole_province();
    let bytes = caunoi_db::reports::export::raw(&w.db, w.request, &definition(), &all, &labels()).await.unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    assert_eq!(names, ["Dữ liệu  các trường  gốc".split_whitespace().collect::<Vec<_>>().join(" ")]);
    let sheet = book.worksheet_range(&names[0]).unwrap();
    let header: Vec<String> = sheet.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(&header[..7], ["Trường", "Cụm", "Xã, phường", "Cấp học", "Quận, huyện cũ", "Trạng thái", "Nộp lúc"]);
    assert!(header.contains(&"Theo khối lớp › Lớp 6 › Nữ".to_owned()), "{header:?}");
    assert_eq!(sheet.rows().count(), 8, "one row per receiving school");
    let formula_row = sheet.rows().find(|row| row[0] == Data::String("=HYPERLINK(\"x\")".into())).expect("text kept as text");
    assert_eq!(formula_row[5], Data::String("Đã nộp".into()));
    assert_eq!(formula_row[6], Data::String("10/01/2026 08:05".into()));
    let girls6 = header.iter().position(|h| h == "Theo khối lớp › Lớp 6 › Nữ").unwrap();
    assert_eq!(formula_row[girls6], Data::Float(40.0));
    assert!(book.worksheet_formula(&names[0]).unwrap().used_cells().count() == 0, "no formulas");

    let bytes = caunoi_db::reports::export::aggregated(&w.db, w.request, &definition(), &all, &labels()).await.unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 5);
    for name in &names {
        assert!(name.chars().count() <= 31 && !name.contains(['[', ']', ':', '*', '?', '/', '\\']), "{name}");
    }
    let unique: std::collections::BTreeSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(unique.len(), 5);
    let province = book.worksheet_range(&names[0]).unwrap();
    let header: Vec<String> = province.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let row: Vec<Data> = province.rows().nth(1).unwrap().to_vec();
    let column = |label: &str| header.iter().position(|h| h == label).unwrap_or_else(|| panic!("{label} in {header:?}"));
    assert_eq!(row[0], Data::String("TP. Hồ Chí Minh".into()));
    assert_eq!(row[1], Data::Float(7.0));
    assert_eq!(row[2], Data::Float(2.0));
    assert_eq!(row[column("Số học sinh")], Data::Float(300.0));
    // (100 × 90 + 200 × 80) / 300, not the naive 85.
    let Data::Float(rate) = row[column("Tỉ lệ lên lớp")] else { panic!() };
    assert!(close(rate, 25_000.0 / 300.0));
    assert_eq!(row[column("Theo khối lớp › Lớp 7 › Nữ")], Data::Float(80.0));
    let clusters = book.worksheet_range(&names[1]).unwrap();
    assert_eq!(clusters.rows().count(), 3, "header and the two clusters");
}
