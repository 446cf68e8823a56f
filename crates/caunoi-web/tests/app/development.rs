//! Professional-development records: a person's attended activities and hours for a
//! school year, a school's totals per person, the `.xlsx` exports, and who may read
//! them.

use axum::http::StatusCode;
use caunoi_core::activity::{ActivityKind, Openness, Organiser};
use caunoi_core::directive::Audience;
use caunoi_core::school_year::SchoolYear;
use caunoi_db::activities::record::year_bounds;
use caunoi_db::activities::{self, ActivityInput};
use caunoi_db::users;

use crate::harness::TestApp;

const DAY: i64 = 24 * 3_600_000;

fn current_year() -> SchoolYear {
    SchoolYear::containing(caunoi_web::i18n::today())
}

/// Creates and publishes an activity of cluster A starting `starts_at`.
async fn activity(app: &TestApp, title: &str, kind: ActivityKind, starts_at: i64) -> i64 {
    let coordinator = users::id_by_username(&app.db, "dieuphoi_a").await.expect("user");
    let input = ActivityInput {
        kind,
        title: title.into(),
        description: String::new(),
        subjects: Vec::new(),
        levels: Vec::new(),
        grades: Vec::new(),
        presenters: String::new(),
        place_school_id: Some(app.world.school_a1),
        place_address: String::new(),
        meeting_url: String::new(),
        starts_at,
        ends_at: starts_at + 3 * 3_600_000,
        capacity: None,
        registration_deadline: None,
        credit_minutes: 180,
        openness: Openness::Audience,
        audience: Audience { clusters: vec![app.world.cluster_a], ..Audience::default() },
        plan_item_id: None,
    };
    let id = activities::create(&app.db, "79", Organiser::Cluster(app.world.cluster_a), &input, "ABCDEF", coordinator)
        .await
        .expect("create");
    activities::publish(&app.db, id, &app.world.year).await.expect("publish");
    id
}

/// Records attendance with plain SQL: marking it is another module's work.
async fn attend(app: &TestApp, activity: i64, username: &str, minutes: i64) {
    let user = users::id_by_username(&app.db, username).await.expect("user");
    sqlx::query(
        "INSERT INTO activity_attendance (activity_id, user_id, method, credited_minutes, checked_at) \
         VALUES ($1, $2, 'code', $3, 0)",
    )
    .bind(activity)
    .bind(user)
    .bind(minutes)
    .execute(&app.db.pool)
    .await
    .expect("attendance");
}

/// Two activities attended this school year (90 and 120 minutes), one cancelled and
/// one of the year before, which the record leaves out.
async fn history(app: &TestApp) {
    let (from, _) = year_bounds(current_year());
    let seminar = activity(app, "Hội thảo đổi mới phương pháp", ActivityKind::Seminar, from + 10 * DAY).await;
    let workshop = activity(app, "=Chuyên đề STEM", ActivityKind::ThematicWorkshop, from + 40 * DAY).await;
    let cancelled = activity(app, "Dự giờ bị hủy", ActivityKind::ClassroomObservation, from + 50 * DAY).await;
    let last_year = activity(app, "Chuyên đề năm trước", ActivityKind::ThematicWorkshop, from - 30 * DAY).await;
    attend(app, seminar, "giaovien_a1", 90).await;
    attend(app, workshop, "giaovien_a1", 120).await;
    attend(app, cancelled, "giaovien_a1", 60).await;
    activities::cancel(&app.db, cancelled, "Trùng lịch").await.expect("cancel");
    attend(app, last_year, "giaovien_a1", 45).await;
    attend(app, workshop, "cotcan_a1", 120).await;
}

async fn get_bytes(app: &TestApp, username: &str, path: &str) -> (StatusCode, Vec<u8>) {
    use axum::body::Body;
    use axum::http::{Request, header};
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let id = users::id_by_username(&app.db, username).await.unwrap();
    let token = caunoi_db::security::create_api_token(&app.db, id, "test").await.unwrap();
    let request = Request::get(path).header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty()).unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    (status, response.into_body().collect().await.unwrap().to_bytes().to_vec())
}

#[tokio::test]
async fn record_lists_attended_activities_with_total() {
    let app = TestApp::spawn().await;
    history(&app).await;
    let year = current_year();

    let page = app.login("giaovien_a1").await.get(&format!("/me/development?year={year}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Hội thảo đổi mới phương pháp"));
    assert!(page.body.contains("Sinh hoạt chuyên đề"), "the kind is named");
    assert!(page.body.contains("Cụm A"), "the organiser is named");
    assert!(!page.body.contains("Dự giờ bị hủy"), "a cancelled activity is left out");
    assert!(!page.body.contains("Chuyên đề năm trước"), "another school year is left out");
    assert!(page.body.contains("Tổng số giờ: 3,50"), "{}", page.body);

    let api = app.api_as("giaovien_a1").await.get("/api/v1/me/development").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let body = api.json();
    assert_eq!(body["year"], year.to_string());
    assert_eq!(body["total_minutes"], 210);
    assert_eq!(body["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(body["items"][0]["kind"], "seminar");
    assert_eq!(body["items"][0]["organiser_kind"], "cluster");

    let previous = format!("{}-{}", year.start_year() - 1, year.start_year());
    let before = app.api_as("giaovien_a1").await.get(&format!("/api/v1/me/development?year={previous}")).await.json();
    assert_eq!(before["total_minutes"], 45);
}

#[tokio::test]
async fn record_export_opens_with_calamine() {
    use calamine::{Data, Reader, Xlsx};
    let app = TestApp::spawn().await;
    history(&app).await;

    let (status, bytes) = get_bytes(&app, "giaovien_a1", "/me/development.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
    let name = book.sheet_names()[0].clone();
    let sheet = book.worksheet_range(&name).expect("sheet");
    let rows: Vec<Vec<Data>> = sheet.rows().map(|row| row.to_vec()).collect();
    let header: Vec<String> = rows[2].iter().map(|cell| cell.to_string()).collect();
    assert_eq!(header, ["Ngày", "Loại hoạt động", "Tên hoạt động", "Đơn vị tổ chức", "Số giờ"]);
    let first_date = rows[3][0].to_string();
    assert_eq!(first_date.len(), 10, "dd/mm/yyyy: {first_date}");
    assert_eq!(&first_date[2..3], "/");
    assert_eq!(rows[4][2], Data::String("=Chuyên đề STEM".into()), "kept as text");
    assert_eq!(book.worksheet_formula(&name).expect("formulas").used_cells().count(), 0);
    let total = rows.last().expect("total row");
    assert_eq!(total[0], Data::String("Tổng cộng".into()));
    assert_eq!(total[4], Data::Float(3.5));
}

#[tokio::test]
async fn school_totals_sorted_by_given_name() {
    let app = TestApp::spawn().await;
    history(&app).await;
    let path = format!("/schools/{}/development", app.world.school_a1);

    let page = app.login("hieutruong_a1").await.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // Given names: Cốt (Đặng Văn Cốt), Giáo (Bùi Thị Giáo), Hiệu (Võ Thị Hiệu).
    // The table comes after the navigation bar, which shows the leader's own name.
    let table = &page.body[page.body.find("<tbody>").expect("a table")..];
    let positions: Vec<usize> =
        ["Đặng Văn Cốt", "Bùi Thị Giáo", "Võ Thị Hiệu"].iter().map(|name| table.find(name).expect(name)).collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "{positions:?}");
    assert!(page.body.contains("Tổng số giờ: 5,50"), "{}", page.body);

    let api = app.api_as("chuyenvien").await.get(&format!("/api/v1/schools/{}/development", app.world.school_a1)).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let items = api.json()["items"].as_array().cloned().expect("items");
    let names: Vec<&str> = items.iter().filter_map(|item| item["full_name"].as_str()).collect();
    assert_eq!(names, ["Đặng Văn Cốt", "Bùi Thị Giáo", "Võ Thị Hiệu"]);
    assert_eq!(items[1]["minutes"], 210);
    assert_eq!(items[1]["activities"], 2);
    assert_eq!(items[2]["minutes"], 0);

    let teacher = users::id_by_username(&app.db, "giaovien_a1").await.unwrap();
    let detail = app.login("hieutruong_a1").await.get(&format!("{path}/{teacher}")).await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(detail.body.contains("Bùi Thị Giáo"), "{}", detail.body);
    assert!(detail.body.contains("Hội thảo đổi mới phương pháp"), "{}", detail.body);

    let (status, bytes) = get_bytes(&app, "hieutruong_a1", &format!("{path}.xlsx")).await;
    assert_eq!(status, StatusCode::OK);
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
    use calamine::Reader;
    let name = book.sheet_names()[0].clone();
    let sheet = book.worksheet_range(&name).expect("sheet");
    assert_eq!(sheet.rows().nth(4).expect("row")[1], calamine::Data::String("Bùi Thị Giáo".into()));
}

#[tokio::test]
async fn records_refused_outside_scope() {
    let app = TestApp::spawn().await;
    history(&app).await;
    let school = app.world.school_a1;
    let colleague = users::id_by_username(&app.db, "cotcan_a1").await.unwrap();
    let elsewhere = users::id_by_username(&app.db, "hieutruong_a2").await.unwrap();
    let paths = [
        format!("/schools/{school}/development"),
        format!("/schools/{school}/development.xlsx"),
        format!("/schools/{school}/development/{colleague}"),
        format!("/schools/{school}/development/{colleague}/record.xlsx"),
    ];
    for person in ["giaovien_a1", "cotcan_a1", "hieutruong_a2", "dieuphoi_a", "canboxa_a", "chuyenvien_hn", "hieutruong_hn"] {
        let client = app.login(person).await;
        for path in &paths {
            assert_eq!(client.get(path).await.status, StatusCode::NOT_FOUND, "{person} {path}");
        }
        let api = app.api_as(person).await.get(&format!("/api/v1/schools/{school}/development")).await;
        assert_eq!(api.status, StatusCode::NOT_FOUND, "{person}");
    }
    for person in ["hieutruong_a1", "chuyenvien", "quantri79"] {
        assert_eq!(app.login(person).await.get(&paths[0]).await.status, StatusCode::OK, "{person}");
    }
    // A leader opens the records of their own school's people only.
    let leader = app.login("hieutruong_a1").await;
    assert_eq!(leader.get(&format!("/schools/{school}/development/{elsewhere}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn invalid_school_year_is_explained() {
    let app = TestApp::spawn().await;
    let teacher = app.login("giaovien_a1").await;

    let page = teacher.get("/me/development?year=2026-2028").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains("2026-2028"), "{}", page.body);
    assert!(page.body.contains("2026-2027"), "the message shows the expected form: {}", page.body);

    let api = app.api_as("giaovien_a1").await.get("/api/v1/me/development?year=abc").await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    assert!(api.json()["error"]["message"].as_str().unwrap_or_default().contains("abc"), "{}", api.body);
}
