//! Cluster activity plans: items on the screens and through the API, month checks,
//! the done share, the province overview against a hand count, the export, and the
//! walls between clusters and provinces.

use axum::http::StatusCode;
use caunoi_core::activity::ActivityKind;
use caunoi_core::activity::plan::{PlanItemStatus, PlanMonth, Semester};
use caunoi_core::school_year::SchoolYear;
use caunoi_db::activities::plans::{self, ItemInput};
use caunoi_db::{now_ms, users};
use serde_json::json;

use crate::harness::{TestApp, TestResponse};

const HOUR: i64 = 3_600_000;

fn year(app: &TestApp) -> SchoolYear {
    SchoolYear::parse(&app.world.year).expect("year")
}

/// Returns October of the test world's school year, as `YYYY-MM`.
fn october(app: &TestApp) -> String {
    format!("{}-10", year(app).start_year())
}

fn input(title: &str, month: PlanMonth, status: PlanItemStatus) -> ItemInput {
    ItemInput {
        title: title.into(),
        kind: ActivityKind::ThematicWorkshop,
        subjects: vec!["Toán".into()],
        month,
        status,
        note: String::new(),
    }
}

/// Starts the semester I plan of a cluster and adds items with the given statuses.
async fn plan_with(app: &TestApp, cluster: i64, statuses: &[PlanItemStatus]) -> (i64, Vec<i64>) {
    let author = users::id_by_username(&app.db, "dieuphoi_a").await.expect("user");
    let plan = plans::ensure(&app.db, "79", cluster, year(app), Semester::First, author).await.expect("plan");
    let month = PlanMonth { year: year(app).start_year(), month: 11 };
    let mut ids = Vec::new();
    for (index, status) in statuses.iter().enumerate() {
        let id = plans::add_item(&app.db, plan.id, &input(&format!("Hoạt động {index}"), month, *status)).await.expect("item");
        ids.push(id);
    }
    (plan.id, ids)
}

/// Inserts an activity of cluster A created from a plan item.
async fn activity_for(app: &TestApp, item: i64, status: &str, starts_at: i64, ends_at: i64) -> i64 {
    let author = users::id_by_username(&app.db, "dieuphoi_a").await.expect("user");
    sqlx::query_scalar(
        "INSERT INTO activities (province_code, organiser_kind, cluster_id, kind, status, title, search_text, starts_at, \
         ends_at, credit_minutes, openness, audience, checkin_code, plan_item_id, created_by, created_at, updated_at) \
         VALUES ('79', 'cluster', $1, 'thematic_workshop', $2, 'Sinh hoạt chuyên đề Toán', 'sinh hoat chuyen de toan', \
         $3, $4, 90, 'audience', '{}', 'K7M9AC', $5, $6, 0, 0) RETURNING id",
    )
    .bind(app.world.cluster_a)
    .bind(status)
    .bind(starts_at)
    .bind(ends_at)
    .bind(item)
    .bind(author)
    .fetch_one(&app.db.pool)
    .await
    .expect("activity")
}

async fn status_of(app: &TestApp, item: i64) -> String {
    plans::item(&app.db, item).await.expect("item").status
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

/// An API client with a bearer token, sending JSON bodies.
struct Api<'a> {
    app: &'a TestApp,
    token: String,
}

async fn api<'a>(app: &'a TestApp, username: &str) -> Api<'a> {
    let id = users::id_by_username(&app.db, username).await.expect("known user");
    let token = caunoi_db::security::create_api_token(&app.db, id, "test").await.expect("token");
    Api { app, token }
}

impl Api<'_> {
    async fn send(&self, method: &str, path: &str, body: Option<&serde_json::Value>) -> TestResponse {
        use axum::body::Body;
        use axum::http::{Request, header};
        let builder = Request::builder().method(method).uri(path).header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        let request = match body {
            Some(body) => builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
            None => builder.body(Body::empty()),
        };
        self.app.send(request.expect("request")).await
    }

    async fn get(&self, path: &str) -> TestResponse {
        self.send("GET", path, None).await
    }

    async fn post_json(&self, path: &str, body: &serde_json::Value) -> TestResponse {
        self.send("POST", path, Some(body)).await
    }

    async fn put_json(&self, path: &str, body: &serde_json::Value) -> TestResponse {
        self.send("PUT", path, Some(body)).await
    }

    async fn delete(&self, path: &str) -> TestResponse {
        self.send("DELETE", path, None).await
    }
}

#[tokio::test]
async fn items_added_edited_removed() {
    let app = TestApp::spawn().await;
    let coordinator = app.login("dieuphoi_a").await;
    let page = format!("/clusters/{}/activity-plans?semester=1", app.world.cluster_a);
    let add = format!("/clusters/{}/activity-plans/items", app.world.cluster_a);
    let month = october(&app);

    let empty = coordinator.get(&page).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.body);
    assert!(empty.body.contains("Cụm chưa có hoạt động nào"), "{}", empty.body);

    let added = coordinator
        .post_form(
            &add,
            &[
                ("semester", "1"),
                ("title", "Sinh hoạt chuyên đề: Dạy học phát triển năng lực môn Tiếng Anh"),
                ("kind", "thematic_workshop"),
                ("subjects", "Tiếng Anh, Ngữ văn"),
                ("month", &month),
                ("note", "Trường THPT Trưng Vương đăng cai"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let shown = coordinator.get(&page).await;
    assert!(shown.body.contains("Dạy học phát triển năng lực môn Tiếng Anh"), "{}", shown.body);
    assert!(shown.body.contains("Tiếng Anh, Ngữ văn"));
    assert!(shown.body.contains(&format!("Tháng 10/{}", year(&app).start_year())));
    let plan = plans::find(&app.db, app.world.cluster_a, year(&app), Semester::First).await.unwrap().expect("plan started");
    let items = plans::items(&app.db, plan.id).await.unwrap();
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item.status, "planned");
    assert_eq!(item.subjects(), ["Tiếng Anh", "Ngữ văn"]);
    assert!(shown.body.contains(&format!("/activities/new?plan_item={}", item.id)), "link to create the activity");

    let edit = format!("/activity-plan-items/{}/edit", item.id);
    let form = coordinator.get(&edit).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("Trường THPT Trưng Vương đăng cai"));
    let november = format!("{}-11", year(&app).start_year());
    let saved = coordinator
        .post_form(
            &edit,
            &[("title", "Nghiên cứu bài học môn Toán"), ("kind", "lesson_study"), ("subjects", "Toán"), ("month", &november), ("status", "planned")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let changed = plans::item(&app.db, item.id).await.unwrap();
    assert_eq!(changed.title, "Nghiên cứu bài học môn Toán");
    assert_eq!(changed.kind, "lesson_study");
    assert_eq!(changed.planned_month, november);

    let removed = coordinator.post_form(&format!("/activity-plan-items/{}/delete", item.id), &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(plans::items(&app.db, plan.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn invalid_items_named_and_kept() {
    let app = TestApp::spawn().await;
    let coordinator = app.login("dieuphoi_a").await;
    let add = format!("/clusters/{}/activity-plans/items", app.world.cluster_a);
    let start = year(&app).start_year();
    let march = format!("{}-03", start + 1);
    let october = october(&app);
    let long_title = "Ă".repeat(201);

    // Each case: the fields sent, then the text the message must contain.
    let cases: Vec<(Vec<(&str, &str)>, String)> = vec![
        (
            vec![("title", "Hội thảo Toán"), ("kind", "seminar"), ("month", &march)],
            format!("Tháng 03/{} không thuộc học kỳ I năm học {}", start + 1, year(&app)),
        ),
        (vec![("title", "Hội thảo Toán"), ("kind", "seminar"), ("month", "tháng mười")], "«tháng mười» không phải là một tháng".into()),
        (vec![("title", "Hội thảo Toán"), ("kind", "seminar"), ("month", "")], "Hãy chọn tháng dự kiến".into()),
        (vec![("title", ""), ("kind", "seminar"), ("month", &october)], "Hãy nhập tên hoạt động".into()),
        (vec![("title", &long_title), ("kind", "seminar"), ("month", &october)], "dài 201 ký tự".into()),
        (vec![("title", "Hội thảo Toán"), ("kind", "hoi_thao"), ("month", &october)], "Loại hoạt động «hoi_thao» không có".into()),
        (vec![("title", "Hội thảo Toán"), ("kind", "seminar"), ("month", &october), ("status", "xong")], "Trạng thái «xong» không hợp lệ".into()),
    ];
    for (fields, expected) in cases {
        let mut sent = vec![("semester", "1"), ("note", "Ghi chú đã gõ")];
        sent.extend(fields.iter().copied());
        let response = coordinator.post_form(&add, &sent).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(response.body.contains(&expected), "{fields:?}: expected «{expected}» in {}", response.body);
        assert!(response.body.contains("Ghi chú đã gõ"), "{fields:?}: the note typed is kept");
        let title = fields.iter().find(|(name, _)| *name == "title").map(|(_, value)| *value).unwrap_or_default();
        assert!(response.body.contains(title), "{fields:?}: the title typed is kept");
    }
    assert!(plans::find(&app.db, app.world.cluster_a, year(&app), Semester::First).await.unwrap().is_none(), "nothing saved");

    // January belongs to both semesters; May only to semester II.
    let january = format!("{}-01", start + 1);
    let may = format!("{}-05", start + 1);
    let ok = coordinator.post_form(&add, &[("semester", "2"), ("title", "Dự giờ"), ("kind", "classroom_observation"), ("month", &january)]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let may_in_first = coordinator.post_form(&add, &[("semester", "1"), ("title", "Dự giờ"), ("kind", "classroom_observation"), ("month", &may)]).await;
    assert_eq!(may_in_first.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(may_in_first.body.contains(&format!("Tháng 05/{}", start + 1)), "{}", may_in_first.body);
}

#[tokio::test]
async fn edit_keeps_typed_values_on_error() {
    let app = TestApp::spawn().await;
    let (_, ids) = plan_with(&app, app.world.cluster_a, &[PlanItemStatus::Planned]).await;
    let coordinator = app.login("bandieuphoi_a").await;

    let april = format!("{}-04", year(&app).start_year() + 1);
    let response = coordinator
        .post_form(
            &format!("/activity-plan-items/{}/edit", ids[0]),
            &[("title", "Tên mới chưa lưu"), ("kind", "seminar"), ("month", &april), ("status", "planned")],
        )
        .await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("không thuộc học kỳ I"), "{}", response.body);
    assert!(response.body.contains("Tên mới chưa lưu"));
    assert_eq!(plans::item(&app.db, ids[0]).await.unwrap().title, "Hoạt động 0", "the saved item is unchanged");
}

#[tokio::test]
async fn done_share_leaves_out_cancelled() {
    let app = TestApp::spawn().await;
    use PlanItemStatus::{Cancelled, Done, Planned};
    plan_with(&app, app.world.cluster_a, &[Planned, Done, Done, Planned, Planned, Cancelled, Cancelled]).await;

    let page = app.login("giaovien_a1").await.get(&format!("/clusters/{}/activity-plans?semester=1", app.world.cluster_a)).await;

    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Dự kiến: 3 · Đã thực hiện: 2 · Đã hủy: 2"), "{}", page.body);
    // 2 done of the 5 not cancelled.
    assert!(page.body.contains("Tỉ lệ đã thực hiện: 40,0 %"), "{}", page.body);
    assert!(!page.body.contains("plan-form"), "a teacher reads without forms");
}

#[tokio::test]
async fn overview_matches_hand_count() {
    let app = TestApp::spawn().await;
    use PlanItemStatus::{Cancelled, Done, Planned};
    plan_with(&app, app.world.cluster_a, &[Planned, Planned, Done]).await;
    plan_with(&app, app.world.cluster_b, &[Cancelled, Done, Done, Done]).await;
    // A semester II plan must not count in semester I.
    let author = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    let second = plans::ensure(&app.db, "79", app.world.cluster_a, year(&app), Semester::Second, author).await.unwrap();
    let february = PlanMonth { year: year(&app).start_year() + 1, month: 2 };
    plans::add_item(&app.db, second.id, &input("Học kỳ II", february, Done)).await.unwrap();

    let response = api(&app, "chuyenvien").await.get("/api/v1/provinces/79/activity-plans?semester=1").await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let body = response.json();
    assert_eq!(body["semester"], 1);
    let clusters = body["clusters"].as_array().expect("clusters");
    assert_eq!(clusters.len(), 2);
    assert_eq!(clusters[0]["cluster_id"], app.world.cluster_a);
    assert_eq!(clusters[0]["counts"], json!({"planned": 2, "done": 1, "cancelled": 0, "done_percent": 100.0 / 3.0}));
    assert_eq!(clusters[1]["cluster_id"], app.world.cluster_b);
    assert_eq!(clusters[1]["counts"], json!({"planned": 0, "done": 3, "cancelled": 1, "done_percent": 100.0}));
    assert_eq!(body["total"], json!({"planned": 2, "done": 4, "cancelled": 1, "done_percent": 4.0 * 100.0 / 6.0}));

    let page = app.login("chuyenvien").await.get("/p/79/activity-plans?semester=1").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("33,3 %"), "{}", page.body);
    assert!(page.body.contains("100,0 %"), "{}", page.body);
    assert!(page.body.contains("Dự kiến: 2 · Đã thực hiện: 4 · Đã hủy: 1"), "{}", page.body);
    let a = page.body.find("Cụm A").expect("cluster A");
    let b = page.body.find("Cụm B").expect("cluster B");
    assert!(a < b, "clusters in the province's order");
    assert!(page.body.contains(&format!("/clusters/{}/activity-plans?year={}&#38;semester=1", app.world.cluster_b, year(&app))), "{}", page.body);

    let second_semester = api(&app, "chuyenvien").await.get("/api/v1/provinces/79/activity-plans?semester=2").await.json();
    assert_eq!(second_semester["total"]["done"], 1);
}

#[tokio::test]
async fn ended_activity_marks_item_done() {
    let app = TestApp::spawn().await;
    use PlanItemStatus::Planned;
    let (_, ids) = plan_with(&app, app.world.cluster_a, &[Planned, Planned]).await;
    let now = now_ms();
    activity_for(&app, ids[0], "published", now - 3 * HOUR, now - HOUR).await;
    activity_for(&app, ids[1], "published", now + 24 * HOUR, now + 26 * HOUR).await;
    let coordinator = app.login("dieuphoi_a").await;

    let page = coordinator.get(&format!("/clusters/{}/activity-plans?semester=1", app.world.cluster_a)).await;
    assert!(page.body.contains(&format!("/activity-plan-items/{}/done", ids[0])), "{}", page.body);
    assert!(!page.body.contains(&format!("/activity-plan-items/{}/done", ids[1])), "not before the activity ends");
    assert!(page.body.contains("Sinh hoạt chuyên đề Toán ("), "the linked activity and its date are shown");

    let done = coordinator.post_form(&format!("/activity-plan-items/{}/done", ids[0]), &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(status_of(&app, ids[0]).await, "done");

    let early = coordinator.post_form(&format!("/activity-plan-items/{}/done", ids[1]), &[]).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(early.body.contains("chưa diễn ra xong"), "{}", early.body);
    assert_eq!(status_of(&app, ids[1]).await, "planned");
}

#[tokio::test]
async fn cancelled_activity_suggests_cancelling_item() {
    let app = TestApp::spawn().await;
    let (_, ids) = plan_with(&app, app.world.cluster_a, &[PlanItemStatus::Planned]).await;
    let now = now_ms();
    activity_for(&app, ids[0], "cancelled", now + 24 * HOUR, now + 26 * HOUR).await;
    let coordinator = app.login("dieuphoi_a").await;

    let page = coordinator.get(&format!("/clusters/{}/activity-plans?semester=1", app.world.cluster_a)).await;

    assert!(page.body.contains("Hoạt động này đã bị hủy. Có hủy mục này trong kế hoạch không?"), "{}", page.body);
    assert!(page.body.contains(&format!("/activity-plan-items/{}/cancel", ids[0])));
    assert_eq!(status_of(&app, ids[0]).await, "planned", "not cancelled silently");

    let cancelled = coordinator.post_form(&format!("/activity-plan-items/{}/cancel", ids[0]), &[]).await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, ids[0]).await, "cancelled");
}

#[tokio::test]
async fn copy_takes_unfinished_items_once() {
    let app = TestApp::spawn().await;
    use PlanItemStatus::{Cancelled, Done, Planned};
    plan_with(&app, app.world.cluster_a, &[Planned, Done, Cancelled, Planned]).await;
    let coordinator = app.login("dieuphoi_a").await;
    let copy = format!("/clusters/{}/activity-plans/copy", app.world.cluster_a);

    let first = coordinator.post_form(&copy, &[("semester", "2")]).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let location = first.location().expect("redirect").to_owned();
    assert!(location.ends_with("copied=2"), "{location}");
    let shown = coordinator.get(&location).await;
    assert!(shown.body.contains("Đã chép 2 hoạt động"), "{}", shown.body);

    let second = plans::find(&app.db, app.world.cluster_a, year(&app), Semester::Second).await.unwrap().expect("plan");
    let items = plans::items(&app.db, second.id).await.unwrap();
    let titles: Vec<&str> = items.iter().map(|item| item.title.as_str()).collect();
    assert_eq!(titles, ["Hoạt động 0", "Hoạt động 3"]);
    assert!(items.iter().all(|item| item.status == "planned" && item.planned_month == format!("{}-01", year(&app).start_year() + 1)));

    let again = coordinator.post_form(&copy, &[("semester", "2")]).await;
    assert!(again.location().expect("redirect").ends_with("copied=0"));
    assert_eq!(plans::items(&app.db, second.id).await.unwrap().len(), 2, "copying twice adds nothing");

    let nothing_before = coordinator.post_form(&copy, &[("semester", "1")]).await;
    assert!(nothing_before.location().expect("redirect").ends_with("copied=missing"), "no plan of the previous school year");
}

#[tokio::test]
async fn export_has_vietnamese_headers_and_safe_text() {
    use calamine::{Data, Reader, Xlsx};
    let app = TestApp::spawn().await;
    let author = users::id_by_username(&app.db, "dieuphoi_a").await.unwrap();
    let plan = plans::ensure(&app.db, "79", app.world.cluster_a, year(&app), Semester::First, author).await.unwrap();
    let month = PlanMonth { year: year(&app).start_year(), month: 12 };
    plans::add_item(&app.db, plan.id, &input("=HYPERLINK(\"http://127.0.0.1\")", month, PlanItemStatus::Planned)).await.unwrap();

    let (status, bytes) =
        get_bytes(&app, "giaovien_a1", &format!("/clusters/{}/activity-plans.xlsx?semester=1", app.world.cluster_a)).await;

    assert_eq!(status, StatusCode::OK);
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
    let name = book.sheet_names()[0].clone();
    let sheet = book.worksheet_range(&name).expect("sheet");
    let rows: Vec<Vec<Data>> = sheet.rows().map(|row| row.to_vec()).collect();
    let header: Vec<String> = rows[0].iter().map(|cell| cell.to_string()).collect();
    assert_eq!(header, ["Tháng", "Hoạt động", "Loại hoạt động", "Môn học", "Trạng thái", "Hoạt động đã tổ chức", "Bắt đầu", "Ghi chú"]);
    assert_eq!(rows[1][0], Data::String(format!("12/{}", year(&app).start_year())));
    assert_eq!(rows[1][1], Data::String("=HYPERLINK(\"http://127.0.0.1\")".into()), "kept as text");
    assert_eq!(rows[1][2], Data::String("Sinh hoạt chuyên đề".into()));
    assert_eq!(rows[1][4], Data::String("Dự kiến".into()));
    assert_eq!(book.worksheet_formula(&name).expect("formulas").used_cells().count(), 0);
}

#[tokio::test]
async fn api_items_crud_and_rejections() {
    let app = TestApp::spawn().await;
    let api = api(&app, "dieuphoi_a").await;
    let cluster = app.world.cluster_a;

    let started = api.post_json(&format!("/api/v1/clusters/{cluster}/activity-plans"), &json!({"semester": 1})).await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    let plan = started.json()["id"].as_i64().expect("plan id");
    let again = api.post_json(&format!("/api/v1/clusters/{cluster}/activity-plans"), &json!({"semester": 1})).await;
    assert_eq!(again.json()["id"], plan, "starting twice returns the same plan");

    let items = format!("/api/v1/activity-plans/{plan}/items");
    let body = json!({"title": "Nghiên cứu bài học môn Ngữ văn", "kind": "lesson_study", "subjects": ["Ngữ văn"], "month": october(&app)});
    let created = api.post_json(&items, &body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let item = created.json();
    assert_eq!(item["status"], "planned");
    assert_eq!(item["subjects"], json!(["Ngữ văn"]));
    let id = item["id"].as_i64().unwrap();

    let march = format!("{}-03", year(&app).start_year() + 1);
    let bad = api.post_json(&items, &json!({"title": "", "kind": "lesson_study", "month": march})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = &bad.json()["error"];
    assert_eq!(error["code"], "unprocessable_entity");
    assert!(error["fields"]["month"].as_str().unwrap().contains("không thuộc học kỳ I"), "{error}");
    assert!(error["fields"]["title"].as_str().is_some());

    let replaced = api
        .put_json(&format!("{items}/{id}"), &json!({"title": "Nghiên cứu bài học", "kind": "lesson_study", "month": october(&app), "status": "done"}))
        .await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.body);
    assert_eq!(replaced.json()["status"], "done");

    let detail = api.get(&format!("/api/v1/activity-plans/{plan}")).await;
    assert_eq!(detail.status, StatusCode::OK);
    assert_eq!(detail.json()["counts"]["done"], 1);
    assert_eq!(detail.json()["items"][0]["title"], "Nghiên cứu bài học");

    let list = api.get(&format!("/api/v1/clusters/{cluster}/activity-plans")).await.json();
    assert_eq!(list[0]["id"], plan);
    assert_eq!(list[0]["counts"]["done_percent"], 100.0);

    let deleted = api.delete(&format!("{items}/{id}")).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert!(plans::items(&app.db, plan).await.unwrap().is_empty());

    let bad_semester = api.get("/api/v1/provinces/79/activity-plans?semester=3").await;
    assert_eq!(bad_semester.status, StatusCode::BAD_REQUEST);
    assert!(bad_semester.json()["error"]["message"].as_str().unwrap().contains("«3»"));
}

#[tokio::test]
async fn other_cluster_board_cannot_edit() {
    let app = TestApp::spawn().await;
    let (plan_b, items_b) = plan_with(&app, app.world.cluster_b, &[PlanItemStatus::Planned]).await;
    let item_b = items_b[0];
    let coordinator_a = app.login("dieuphoi_a").await;
    let month = october(&app);
    let fields = [("semester", "1"), ("title", "Hội thảo"), ("kind", "seminar"), ("month", month.as_str())];

    // Reading another cluster's plan is open to the province; editing is not.
    let page = coordinator_a.get(&format!("/clusters/{}/activity-plans", app.world.cluster_b)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("plan-form"), "no forms on another cluster's plan");
    let add = coordinator_a.post_form(&format!("/clusters/{}/activity-plans/items", app.world.cluster_b), &fields).await;
    assert_eq!(add.status, StatusCode::NOT_FOUND);
    for action in ["edit", "delete", "done", "cancel"] {
        let response = coordinator_a.post_form(&format!("/activity-plan-items/{item_b}/{action}"), &fields).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{action}");
    }
    assert_eq!(coordinator_a.get(&format!("/activity-plan-items/{item_b}/edit")).await.status, StatusCode::NOT_FOUND);
    let copy = coordinator_a.post_form(&format!("/clusters/{}/activity-plans/copy", app.world.cluster_b), &[("semester", "2")]).await;
    assert_eq!(copy.status, StatusCode::NOT_FOUND);

    // A teacher and a school leader read but do not edit.
    for username in ["giaovien_a1", "hieutruong_b1"] {
        let client = app.login(username).await;
        let add = client.post_form(&format!("/clusters/{}/activity-plans/items", app.world.cluster_b), &fields).await;
        assert_eq!(add.status, StatusCode::NOT_FOUND, "{username}");
    }

    let api = api(&app, "dieuphoi_a").await;
    let body = json!({"title": "Hội thảo", "kind": "seminar", "month": month});
    assert_eq!(api.post_json(&format!("/api/v1/activity-plans/{plan_b}/items"), &body).await.status, StatusCode::NOT_FOUND);
    assert_eq!(api.put_json(&format!("/api/v1/activity-plans/{plan_b}/items/{item_b}"), &body).await.status, StatusCode::NOT_FOUND);
    assert_eq!(api.delete(&format!("/api/v1/activity-plans/{plan_b}/items/{item_b}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api.post_json(&format!("/api/v1/clusters/{}/activity-plans", app.world.cluster_b), &json!({"semester": 1})).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(api.get(&format!("/api/v1/activity-plans/{plan_b}")).await.status, StatusCode::OK);
    // An item of plan B named under a plan of cluster A is not found either.
    let (plan_a, _) = plan_with(&app, app.world.cluster_a, &[]).await;
    assert_eq!(api.delete(&format!("/api/v1/activity-plans/{plan_a}/items/{item_b}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(status_of(&app, item_b).await, "planned");
}

#[tokio::test]
async fn other_province_sees_not_found() {
    let app = TestApp::spawn().await;
    let (plan, items) = plan_with(&app, app.world.cluster_a, &[PlanItemStatus::Planned]).await;

    for username in ["chuyenvien_hn", "hieutruong_hn"] {
        let client = app.login(username).await;
        for path in [
            format!("/clusters/{}/activity-plans", app.world.cluster_a),
            format!("/clusters/{}/activity-plans.xlsx", app.world.cluster_a),
            format!("/activity-plan-items/{}/edit", items[0]),
            "/p/79/activity-plans".to_owned(),
        ] {
            assert_eq!(client.get(&path).await.status, StatusCode::NOT_FOUND, "{username} GET {path}");
        }
        let api = app.api_as(username).await;
        for path in [
            format!("/api/v1/clusters/{}/activity-plans", app.world.cluster_a),
            format!("/api/v1/activity-plans/{plan}"),
            "/api/v1/provinces/79/activity-plans".to_owned(),
        ] {
            assert_eq!(api.get(&path).await.status, StatusCode::NOT_FOUND, "{username} GET {path}");
        }
    }
    let own = api(&app, "chuyenvien_hn").await.get("/api/v1/provinces/01/activity-plans").await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
}
