//! Professional-development activities through the screens: the organiser's form and
//! its messages, publication, registration with a waiting list, nominations,
//! check-in with a code, cancellation, and the walls between schools, clusters and
//! provinces.

use axum::http::StatusCode;
use caunoi_db::activities;
use caunoi_db::users;
use chrono::{Duration, Utc};

use crate::harness::{Client, TestApp};

/// Returns the date and time inputs of the instant `ahead` from now, in Vietnam.
fn vietnam_inputs(ahead: Duration) -> (String, String) {
    let local = (Utc::now() + ahead).with_timezone(&caunoi_web::i18n::vietnam_offset());
    (local.format("%Y-%m-%d").to_string(), local.format("%H:%M").to_string())
}

/// Returns the fields of a valid form of cluster A's board, with `changes` applied.
fn fields(app: &TestApp, changes: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let (start_date, start_time) = vietnam_inputs(Duration::days(3));
    let (end_date, end_time) = vietnam_inputs(Duration::days(3) + Duration::hours(2));
    let mut fields: Vec<(&'static str, String)> = vec![
        ("organiser", format!("cluster:{}", app.world.cluster_a)),
        ("title", "Sinh hoạt chuyên đề dạy học đọc hiểu".into()),
        ("kind", "thematic_workshop".into()),
        ("subjects", "Ngữ văn".into()),
        ("levels", "upper_secondary".into()),
        ("grades", "10, 11".into()),
        ("description", "Trao đổi về dạy học đọc hiểu văn bản.".into()),
        ("presenters", "Cô Nguyễn Thị Lan".into()),
        ("place_school", format!("#{}", app.world.school_a1)),
        ("place_address", String::new()),
        ("meeting_url", "https://meet.google.com/abc-defg-hij".into()),
        ("start_date", start_date),
        ("start_time", start_time),
        ("end_date", end_date),
        ("end_time", end_time),
        ("capacity", "2".into()),
        ("credit_hours", "2".into()),
        ("openness", "audience".into()),
        ("clusters", app.world.cluster_a.to_string()),
    ];
    for (name, value) in changes {
        match fields.iter_mut().find(|(field, _)| field == name) {
            Some(field) => field.1 = (*value).to_owned(),
            None => fields.push((name, (*value).to_owned())),
        }
    }
    fields
}

async fn post(client: &Client<'_>, path: &str, fields: &[(&'static str, String)]) -> crate::harness::TestResponse {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.post_form(path, &borrowed).await
}

/// Creates and publishes an activity of cluster A's board; returns its id.
async fn published(app: &TestApp, changes: &[(&'static str, &str)]) -> i64 {
    let board = app.login("dieuphoi_a").await;
    let created = post(&board, "/activities/new", &fields(app, changes)).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id: i64 = created.location().expect("location").trim_start_matches("/activities/").parse().expect("id");
    let publish = board.post_form(&format!("/activities/{id}/publish"), &[]).await;
    assert_eq!(publish.status, StatusCode::SEE_OTHER, "{}", publish.body);
    id
}

async fn status_of(app: &TestApp, activity: i64, username: &str) -> Option<String> {
    let user = users::id_by_username(&app.db, username).await.expect("user");
    activities::registrations::of_user(&app.db, activity, user).await.expect("registration").map(|r| r.status)
}

#[tokio::test]
async fn activities_board_creates_and_teachers_see() {
    let app = TestApp::spawn().await;
    let id = published(&app, &[]).await;

    let teacher = app.login("giaovien_a1").await;
    let list = teacher.get("/activities").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Sinh hoạt chuyên đề dạy học đọc hiểu"), "{}", list.body);
    let page = teacher.get(&format!("/activities/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Vào phòng họp Google Meet"), "{}", page.body);
    assert!(page.body.contains("Còn 2 trên 2 chỗ"), "{}", page.body);
    assert!(page.body.contains("2 giờ"), "{}", page.body);

    let department = app.login("chuyenvien").await;
    let province = department.get("/activities?tab=province&q=doc+hieu").await;
    assert!(province.body.contains(&format!("/activities/{id}")), "{}", province.body);
}

#[tokio::test]
async fn activities_form_rejects_each_bad_field() {
    let app = TestApp::spawn().await;
    let board = app.login("dieuphoi_a").await;
    let cases: Vec<(&'static str, &str, &str)> = vec![
        ("title", "   ", "Chưa nhập tên hoạt động"),
        ("kind", "hop-mat", "Loại hoạt động “hop-mat” không có"),
        ("grades", "6, 13", "Khối lớp “13” không hợp lệ"),
        ("levels", "dai-hoc", "Giá trị “dai-hoc” không có trong danh sách"),
        ("place_school", "Trường Không Có", "Không tìm thấy đúng một trường “Trường Không Có”"),
        ("meeting_url", "http://zoom.us/j/1", "Đường dẫn “http://zoom.us/j/1” không hợp lệ"),
        ("start_date", "31/02/2027", "Ngày “31/02/2027” không hợp lệ"),
        ("start_time", "25:00", "Giờ “25:00” không hợp lệ"),
        ("end_time", "", "Chưa nhập giờ kết thúc"),
        ("start_date", "01/01/2020", "đã qua"),
        ("capacity", "-3", "Số chỗ “-3” không hợp lệ"),
        ("credit_hours", "abc", "Số giờ “abc” không hợp lệ"),
        ("deadline_date", "2099-01-01", "sau giờ bắt đầu"),
        ("openness", "ai-cung-duoc", "Giá trị “ai-cung-duoc” không có trong danh sách"),
        ("communes", "Xã Không Có", "Xã Không Có"),
        ("organiser", "cluster:abc", "Đơn vị tổ chức “cluster:abc”"),
    ];
    for (field, value, expected) in cases {
        let mut changes: Vec<(&'static str, &str)> = vec![(field, value), ("title", "Giữ nguyên tiêu đề đã gõ")];
        if field == "title" {
            changes.pop();
        }
        if field == "start_date" && value == "01/01/2020" {
            changes.push(("end_date", "01/01/2020"));
        }
        let response = post(&board, "/activities/new", &fields(&app, &changes)).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}");
        assert!(response.body.contains(expected), "{field}={value}: expected “{expected}” in {}", response.body);
        if field != "title" {
            assert!(response.body.contains("Giữ nguyên tiêu đề đã gõ"), "{field}={value}: typed title lost");
        }
    }
    let missing_place = post(&board, "/activities/new", &fields(&app, &[("place_school", ""), ("meeting_url", "")])).await;
    assert_eq!(missing_place.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing_place.body.contains("Chưa có địa điểm"), "{}", missing_place.body);
    let saved: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(saved, 0);
}

#[tokio::test]
async fn activities_waiting_list_promotes_and_notifies() {
    let app = TestApp::spawn().await;
    let id = published(&app, &[("capacity", "1")]).await;
    let teacher = app.login("giaovien_a1").await;
    let core = app.login("cotcan_a1").await;

    let first = teacher.post_form(&format!("/activities/{id}/register"), &[]).await;
    assert_eq!(first.location(), Some(format!("/activities/{id}?done=registered").as_str()));
    let second = core.post_form(&format!("/activities/{id}/register"), &[]).await;
    assert_eq!(second.location(), Some(format!("/activities/{id}?done=waitlisted").as_str()));
    let page = core.get(&format!("/activities/{id}")).await;
    assert!(page.body.contains("thứ 1 trong danh sách chờ"), "{}", page.body);
    let again = core.post_form(&format!("/activities/{id}/register"), &[]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("Bạn đã ở trong danh sách chờ"), "{}", again.body);

    let left = teacher.post_form(&format!("/activities/{id}/leave"), &[]).await;
    assert_eq!(left.status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, id, "cotcan_a1").await.as_deref(), Some("registered"));
    let notifications = core.get("/notifications").await;
    assert!(notifications.body.contains("Đã có chỗ cho bạn"), "{}", notifications.body);

    let board = app.login("dieuphoi_a").await;
    let registrations = board.get(&format!("/activities/{id}/registrations")).await;
    assert_eq!(registrations.status, StatusCode::OK);
    assert!(registrations.body.contains("Đặng Văn Cốt"), "{}", registrations.body);
    let export = board.get(&format!("/activities/{id}/registrations.xlsx")).await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    assert_eq!(app.login("cotcan_a1").await.get(&format!("/activities/{id}/registrations.xlsx")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn activities_leaders_nominate_own_teachers_only() {
    let app = TestApp::spawn().await;
    let id = published(&app, &[]).await;
    let teacher = users::id_by_username(&app.db, "giaovien_a1").await.unwrap().to_string();
    let school_a1 = app.world.school_a1.to_string();

    let leader = app.login("hieutruong_a1").await;
    let page = leader.get(&format!("/activities/{id}")).await;
    assert!(page.body.contains("Bùi Thị Giáo"), "the nomination form lists the school's teachers: {}", page.body);
    let nominated = leader.post_form(&format!("/activities/{id}/nominate"), &[("school", &school_a1), ("teachers", &teacher)]).await;
    assert_eq!(nominated.status, StatusCode::SEE_OTHER, "{}", nominated.body);
    assert_eq!(status_of(&app, id, "giaovien_a1").await.as_deref(), Some("registered"));
    let notified = app.login("giaovien_a1").await.get("/notifications").await;
    assert!(notified.body.contains("Bạn được cử tham gia"), "{}", notified.body);

    let empty = leader.post_form(&format!("/activities/{id}/nominate"), &[("school", &school_a1)]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Chưa chọn giáo viên nào"), "{}", empty.body);

    for outsider in ["hieutruong_a2", "hieutruong_b1", "hieutruong_hn", "giaovien_a1"] {
        let client = app.login(outsider).await;
        let refused = client.post_form(&format!("/activities/{id}/nominate"), &[("school", &school_a1), ("teachers", &teacher)]).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{outsider}");
    }
}

#[tokio::test]
async fn activities_other_scopes_get_404() {
    let app = TestApp::spawn().await;
    let id = published(&app, &[]).await;
    let department = app.login("chuyenvien").await;
    let other = post(&department, "/activities/new", &fields(&app, &[("organiser", &format!("cluster:{}", app.world.cluster_b)), ("clusters", &app.world.cluster_b.to_string()), ("place_school", "")])).await;
    assert_eq!(other.status, StatusCode::SEE_OTHER, "{}", other.body);
    let cluster_b: i64 = other.location().unwrap().trim_start_matches("/activities/").parse().unwrap();

    let board = app.login("dieuphoi_a").await;
    for path in [format!("/activities/{cluster_b}"), format!("/activities/{cluster_b}/edit"), format!("/activities/{cluster_b}/registrations"), format!("/activities/{cluster_b}/attendance")] {
        assert_eq!(board.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(board.post_form(&format!("/activities/{cluster_b}/publish"), &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(board.post_form(&format!("/activities/{cluster_b}/cancel"), &[("reason", "x")]).await.status, StatusCode::NOT_FOUND);
    let wrong_organiser = post(&board, "/activities/new", &fields(&app, &[("organiser", &format!("cluster:{}", app.world.cluster_b))])).await;
    assert_eq!(wrong_organiser.status, StatusCode::NOT_FOUND);

    let hanoi = app.login("hieutruong_hn").await;
    for path in [format!("/activities/{id}"), format!("/activities/{id}/registrations"), format!("/activities/{id}/attendance")] {
        assert_eq!(hanoi.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(hanoi.post_form(&format!("/activities/{id}/register"), &[]).await.status, StatusCode::NOT_FOUND);

    let teacher_b = app.login("hieutruong_b1").await;
    assert_eq!(teacher_b.get(&format!("/activities/{id}")).await.status, StatusCode::NOT_FOUND);
    let teacher = app.login("giaovien_a1").await;
    assert_eq!(teacher.get(&format!("/activities/{cluster_b}")).await.status, StatusCode::NOT_FOUND, "a draft of another cluster");
    assert_eq!(teacher.get(&format!("/activities/{id}/registrations")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn activities_check_in_by_code() {
    let app = TestApp::spawn().await;
    let (start_date, start_time) = vietnam_inputs(Duration::minutes(10));
    let (end_date, end_time) = vietnam_inputs(Duration::minutes(100));
    let id = published(&app, &[("start_date", &start_date), ("start_time", &start_time), ("end_date", &end_date), ("end_time", &end_time), ("credit_hours", "1,5")]).await;
    let code = activities::get(&app.db, id).await.unwrap().checkin_code;

    let teacher = app.login("giaovien_a1").await;
    teacher.post_form(&format!("/activities/{id}/register"), &[]).await;
    let wrong = teacher.post_form("/checkin", &[("code", "AAAAAA")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Mã “AAAAAA” không đúng"), "{}", wrong.body);
    let typed = format!("{} {}", &code[..3].to_lowercase(), &code[3..]);
    let right = teacher.post_form("/checkin", &[("code", &typed)]).await;
    assert_eq!(right.location(), Some(format!("/activities/{id}?done=checked_in").as_str()), "{}", right.body);
    let twice = teacher.post_form(&format!("/activities/{id}/checkin"), &[("code", &code)]).await;
    assert_eq!(twice.status, StatusCode::SEE_OTHER, "a second check-in changes nothing");
    let leave = teacher.post_form(&format!("/activities/{id}/leave"), &[]).await;
    assert_eq!(leave.status, StatusCode::UNPROCESSABLE_ENTITY, "no leaving after checking in");
    assert!(leave.body.contains("đã điểm danh có mặt nên không thể hủy đăng ký"), "{}", leave.body);
    let page = teacher.get(&format!("/activities/{id}")).await;
    assert!(!page.body.contains(&format!("/activities/{id}/leave")), "the leave button is gone");
    assert!(page.body.contains(&format!("/activities/{id}/calendar.ics")), "the .ics link is on the page");

    let attendees = activities::attendance::list(&app.db, id).await.unwrap();
    assert_eq!(attendees.len(), 1);
    assert_eq!(attendees[0].credited_minutes, 90);

    let outsider = app.login("hieutruong_hn").await;
    let foreign = outsider.post_form("/checkin", &[("code", &code)]).await;
    assert_eq!(foreign.status, StatusCode::UNPROCESSABLE_ENTITY, "a code of an activity the person may not join matches nothing");

    let board = app.login("dieuphoi_a").await;
    let sheet = board.get(&format!("/activities/{id}/attendance")).await;
    assert!(sheet.body.contains(&code[..3]), "the sheet shows the code");
    assert!(sheet.body.contains("1 người có mặt"), "{}", sheet.body);
}

#[tokio::test]
async fn activities_cancelled_refuses_registration() {
    let app = TestApp::spawn().await;
    let id = published(&app, &[]).await;
    let teacher = app.login("giaovien_a1").await;
    teacher.post_form(&format!("/activities/{id}/register"), &[]).await;

    let board = app.login("dieuphoi_a").await;
    let no_reason = board.post_form(&format!("/activities/{id}/cancel"), &[("reason", " ")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains("Chưa ghi lý do hủy"), "{}", no_reason.body);
    let cancelled = board.post_form(&format!("/activities/{id}/cancel"), &[("reason", "Trùng lịch kiểm tra học kì")]).await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);

    let core = app.login("cotcan_a1").await;
    let refused = core.post_form(&format!("/activities/{id}/register"), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("không nhận đăng ký"), "{}", refused.body);
    let notified = teacher.get("/notifications").await;
    assert!(notified.body.contains("đã bị hủy"), "{}", notified.body);
}

/// An API client with a bearer token that sends JSON bodies.
struct JsonClient<'a> {
    app: &'a TestApp,
    token: String,
}

async fn json_client<'a>(app: &'a TestApp, username: &str) -> JsonClient<'a> {
    let id = users::id_by_username(&app.db, username).await.expect("known user");
    let token = caunoi_db::security::create_api_token(&app.db, id, "test").await.expect("token");
    JsonClient { app, token }
}

impl JsonClient<'_> {
    async fn send(&self, method: &str, path: &str, body: Option<&serde_json::Value>) -> crate::harness::TestResponse {
        use axum::body::Body;
        use axum::http::{Request, header};
        let builder = Request::builder().method(method).uri(path).header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        let request = match body {
            Some(body) => builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
            None => builder.body(Body::empty()),
        };
        self.app.send(request.expect("request")).await
    }

    async fn get(&self, path: &str) -> crate::harness::TestResponse {
        self.send("GET", path, None).await
    }

    async fn post_json(&self, path: &str, body: &serde_json::Value) -> crate::harness::TestResponse {
        self.send("POST", path, Some(body)).await
    }
}

#[tokio::test]
async fn activities_moved_notifies_registrants() {
    let app = TestApp::spawn().await;
    let id = published(&app, &[]).await;
    let teacher = app.login("giaovien_a1").await;
    teacher.post_form(&format!("/activities/{id}/register"), &[]).await;
    let board = app.login("dieuphoi_a").await;

    // The stored start and end, so that only the title changes.
    let stored = activities::get(&app.db, id).await.unwrap();
    let local = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).unwrap().with_timezone(&caunoi_web::i18n::vietnam_offset());
    let (start, end) = (local(stored.starts_at), local(stored.ends_at));
    let (start_date, start_time) = (start.format("%Y-%m-%d").to_string(), start.format("%H:%M").to_string());
    let (end_date, end_time) = (end.format("%Y-%m-%d").to_string(), end.format("%H:%M").to_string());
    let same_time = [("title", "Tiêu đề mới, cùng giờ"), ("start_date", start_date.as_str()), ("start_time", start_time.as_str()), ("end_date", end_date.as_str()), ("end_time", end_time.as_str())];
    let retitled = post(&board, &format!("/activities/{id}/edit"), &fields(&app, &same_time)).await;
    assert_eq!(retitled.status, StatusCode::SEE_OTHER, "{}", retitled.body);
    assert_eq!(retitled.location(), Some(format!("/activities/{id}?done=saved").as_str()));
    let (later_date, later_time) = vietnam_inputs(Duration::days(3) + Duration::minutes(30));
    let moved = post(&board, &format!("/activities/{id}/edit"), &fields(&app, &[("start_date", &later_date), ("start_time", &later_time)])).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);

    let inbox = teacher.get("/notifications").await;
    assert_eq!(inbox.body.matches("đã đổi thời gian hoặc địa điểm").count(), 1, "only the move notifies: {}", inbox.body);
}

#[tokio::test]
async fn activities_default_tab_by_role() {
    let app = TestApp::spawn().await;
    let id = published(&app, &[]).await;
    let link = format!("/activities/{id}");

    let board = app.login("dieuphoi_a").await;
    let organised = board.get("/activities").await;
    assert!(organised.body.contains(&link), "a board lands on what it organises: {}", organised.body);
    assert!(organised.body.contains("href=\"/activities?tab=upcoming\""), "the upcoming tab stays reachable");
    let department = app.login("chuyenvien").await;
    assert!(department.get("/activities").await.body.contains(&link), "the department lands on the province");
    let teacher = app.login("giaovien_a1").await;
    assert!(teacher.get("/activities").await.body.contains(&link), "a teacher lands on what reaches their school");
}

#[tokio::test]
async fn activities_early_code_tells_opening() {
    let app = TestApp::spawn().await;
    let id = published(&app, &[]).await;
    let activity = activities::get(&app.db, id).await.unwrap();
    let teacher = app.login("giaovien_a1").await;

    let early = teacher.post_form("/checkin", &[("code", &activity.checkin_code)]).await;

    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    let opens = caunoi_web::i18n::datetime(activity.starts_at - 30 * 60_000);
    assert!(early.body.contains(&format!("Điểm danh mở lúc {opens}")), "{}", early.body);
    let failures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM checkin_failures").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(failures, 0, "a right code typed early is not a guess");
}

#[tokio::test]
async fn activities_check_in_throttles_guesses() {
    let app = TestApp::spawn().await;
    let (start_date, start_time) = vietnam_inputs(Duration::minutes(10));
    let (end_date, end_time) = vietnam_inputs(Duration::minutes(100));
    let id = published(&app, &[("start_date", &start_date), ("start_time", &start_time), ("end_date", &end_date), ("end_time", &end_time)]).await;
    let code = activities::get(&app.db, id).await.unwrap().checkin_code;
    let teacher = app.login("giaovien_a1").await;
    teacher.post_form(&format!("/activities/{id}/register"), &[]).await;

    for guess in 0..10 {
        let wrong = teacher.post_form("/checkin", &[("code", &format!("AAAA{:02}", guess))]).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "guess {guess}");
        assert!(wrong.body.contains("không đúng"), "guess {guess}: {}", wrong.body);
    }
    let blocked = teacher.post_form("/checkin", &[("code", &code)]).await;
    assert_eq!(blocked.status, StatusCode::UNPROCESSABLE_ENTITY, "even the right code waits");
    assert!(blocked.body.contains("nhập sai mã điểm danh quá nhiều lần"), "{}", blocked.body);
    let on_page = teacher.post_form(&format!("/activities/{id}/checkin"), &[("code", &code)]).await;
    assert!(on_page.body.contains("thử lại sau 15 phút"), "{}", on_page.body);
    assert!(activities::attendance::list(&app.db, id).await.unwrap().is_empty());

    // Another person is not held back by the first one's guesses.
    let leader = app.login("hieutruong_a1").await;
    let right = leader.post_form("/checkin", &[("code", &code)]).await;
    assert_eq!(right.status, StatusCode::SEE_OTHER, "{}", right.body);
}

#[tokio::test]
async fn activities_api_registers_and_checks_in() {
    let app = TestApp::spawn().await;
    let board = json_client(&app, "dieuphoi_a").await;
    let starts_at = (Utc::now() + Duration::minutes(20)).with_timezone(&caunoi_web::i18n::vietnam_offset()).to_rfc3339();
    let ends_at = (Utc::now() + Duration::minutes(80)).with_timezone(&caunoi_web::i18n::vietnam_offset()).to_rfc3339();
    let body = serde_json::json!({
        "organiser": format!("cluster:{}", app.world.cluster_a),
        "title": "Dự giờ tiết Toán",
        "kind": "classroom_observation",
        "subjects": ["Toán"],
        "place_address": "Phòng họp tầng 2",
        "starts_at": starts_at,
        "ends_at": ends_at,
        "capacity": 1,
        "audience": { "clusters": [app.world.cluster_a] }
    });
    let created = board.post_json("/api/v1/activities", &body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_i64().expect("id");
    assert_eq!(created.json()["credit_minutes"], 60);

    let bad = board.post_json("/api/v1/activities", &serde_json::json!({ "organiser": format!("cluster:{}", app.world.cluster_a), "title": "X", "kind": "seminar", "place_address": "A", "starts_at": starts_at, "ends_at": ends_at, "meeting_url": "ftp://x" })).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("ftp://x"), "{}", bad.body);

    let published = board.post_json(&format!("/api/v1/activities/{id}/publish"), &serde_json::json!({})).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    let code = published.json()["checkin_code"].as_str().expect("the organiser sees the code").to_owned();

    let teacher = json_client(&app, "giaovien_a1").await;
    let placed = teacher.post_json(&format!("/api/v1/activities/{id}/registrations"), &serde_json::json!({})).await;
    assert_eq!(placed.status, StatusCode::CREATED, "{}", placed.body);
    assert_eq!(placed.json()["status"], "registered");
    let core = json_client(&app, "cotcan_a1").await;
    let waiting = core.post_json(&format!("/api/v1/activities/{id}/registrations"), &serde_json::json!({})).await;
    assert_eq!(waiting.json()["status"], "waitlisted");
    let seen = teacher.get(&format!("/api/v1/activities/{id}")).await;
    assert!(seen.json()["checkin_code"].is_null(), "a participant does not see the code");

    let wrong = teacher.post_json(&format!("/api/v1/activities/{id}/checkin"), &serde_json::json!({ "code": "AAAAAA" })).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    let checked = teacher.post_json(&format!("/api/v1/activities/{id}/checkin"), &serde_json::json!({ "code": code })).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert_eq!(checked.json()["outcome"], "recorded");
    let again = teacher.post_json(&format!("/api/v1/activities/{id}/checkin"), &serde_json::json!({ "code": code })).await;
    assert_eq!(again.json()["outcome"], "already_present");

    let sheet = board.get(&format!("/api/v1/activities/{id}/attendance")).await;
    assert_eq!(sheet.json().as_array().map(Vec::len), Some(1));
    let outsider = json_client(&app, "hieutruong_hn").await;
    assert_eq!(outsider.get(&format!("/api/v1/activities/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(teacher.get(&format!("/api/v1/activities/{id}/registrations")).await.status, StatusCode::NOT_FOUND);
    let listed = teacher.get("/api/v1/activities?tab=registered").await;
    assert_eq!(listed.json()["total"], 1, "{}", listed.body);
}

#[tokio::test]
async fn activities_form_prefills_from_plan_item() {
    let app = TestApp::spawn().await;
    let specialist = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    let plan: i64 = sqlx::query_scalar(
        "INSERT INTO activity_plans (province_code, cluster_id, school_year, semester, created_by, created_at, updated_at) \
         VALUES ('79', $1, $2, 1, $3, 0, 0) RETURNING id",
    )
    .bind(app.world.cluster_a)
    .bind(app.world.year.clone())
    .bind(specialist)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let item: i64 = sqlx::query_scalar(
        "INSERT INTO activity_plan_items (plan_id, title, kind, subjects, planned_month, status, created_at, updated_at) \
         VALUES ($1, 'Nghiên cứu bài học môn Toán', 'lesson_study', '[\"Toán\"]', '2026-11', 'planned', 0, 0) RETURNING id",
    )
    .bind(plan)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();

    let board = app.login("dieuphoi_a").await;
    let blank = board.get("/activities/new").await;
    assert_eq!(blank.status, StatusCode::OK);
    assert!(blank.body.contains("<option value=\"Ngữ văn\">"), "subject suggestions from the curriculum");
    let prefilled = board.get(&format!("/activities/new?plan_item={item}")).await;
    assert_eq!(prefilled.status, StatusCode::OK);
    assert!(prefilled.body.contains("Nghiên cứu bài học môn Toán"), "{}", prefilled.body);
    assert!(prefilled.body.contains("2026-11-01"), "the planned month becomes the start date");
    assert!(prefilled.body.contains(&format!("name=\"plan_item\" value=\"{item}\"")), "the item is carried to the saved activity");

    for outsider in ["hieutruong_b1", "giaovien_a1", "chuyenvien_hn"] {
        let client = app.login(outsider).await;
        assert_eq!(client.get(&format!("/activities/new?plan_item={item}")).await.status, StatusCode::NOT_FOUND, "{outsider}");
    }
    assert_eq!(app.login("giaovien_a1").await.get("/activities/new").await.status, StatusCode::NOT_FOUND, "a teacher organises nothing");
}

#[tokio::test]
async fn activities_organiser_marks_walk_ins() {
    let app = TestApp::spawn().await;
    let id = published(&app, &[]).await;
    let teacher = users::id_by_username(&app.db, "giaovien_a1").await.unwrap().to_string();
    app.login("giaovien_a1").await.post_form(&format!("/activities/{id}/register"), &[]).await;

    let board = app.login("dieuphoi_a").await;
    let sheet = board.get(&format!("/activities/{id}/attendance")).await;
    assert!(sheet.body.contains("Bùi Thị Giáo"), "{}", sheet.body);
    let saved = board.post_form(&format!("/activities/{id}/attendance"), &[("shown", &teacher), ("present", &teacher), ("walk_in", "cotcan_a1")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let attendees = activities::attendance::list(&app.db, id).await.unwrap();
    assert_eq!(attendees.len(), 2);
    assert!(attendees.iter().all(|a| a.credited_minutes == 120));
    assert!(attendees.iter().any(|a| a.username == "cotcan_a1" && !a.registered), "the walk-in has no seat");

    let outside = board.post_form(&format!("/activities/{id}/attendance"), &[("walk_in", "hieutruong_b1")]).await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(outside.body.contains("Không thêm được “hieutruong_b1”"), "{}", outside.body);
    assert!(outside.body.contains("value=\"hieutruong_b1\""), "the typed name is kept");

    let absent = board.post_form(&format!("/activities/{id}/attendance"), &[("shown", &teacher)]).await;
    assert_eq!(absent.status, StatusCode::SEE_OTHER);
    assert_eq!(activities::attendance::list(&app.db, id).await.unwrap().len(), 1, "the teacher is marked absent");
}

#[tokio::test]
async fn activities_raised_capacity_promotes() {
    let app = TestApp::spawn().await;
    let id = published(&app, &[("capacity", "1")]).await;
    app.login("giaovien_a1").await.post_form(&format!("/activities/{id}/register"), &[]).await;
    app.login("cotcan_a1").await.post_form(&format!("/activities/{id}/register"), &[]).await;
    assert_eq!(status_of(&app, id, "cotcan_a1").await.as_deref(), Some("waitlisted"));

    let board = app.login("dieuphoi_a").await;
    let form = board.get(&format!("/activities/{id}/edit")).await;
    assert_eq!(form.status, StatusCode::OK);
    let activity = activities::get(&app.db, id).await.unwrap();
    let (start_date, start_time) = {
        let local = chrono::DateTime::from_timestamp_millis(activity.starts_at).unwrap().with_timezone(&caunoi_web::i18n::vietnam_offset());
        (local.format("%Y-%m-%d").to_string(), local.format("%H:%M").to_string())
    };
    let end = chrono::DateTime::from_timestamp_millis(activity.ends_at).unwrap().with_timezone(&caunoi_web::i18n::vietnam_offset());
    let (end_date, end_time) = (end.format("%Y-%m-%d").to_string(), end.format("%H:%M").to_string());
    let changes = [
        ("capacity", "2"),
        ("start_date", start_date.as_str()),
        ("start_time", start_time.as_str()),
        ("end_date", end_date.as_str()),
        ("end_time", end_time.as_str()),
    ];
    let edited = fields(&app, &changes);
    let saved = post(&board, &format!("/activities/{id}/edit"), &edited).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(status_of(&app, id, "cotcan_a1").await.as_deref(), Some("registered"));
    assert_eq!(activities::get(&app.db, id).await.unwrap().sequence, 1, "calendars see the change");
}
